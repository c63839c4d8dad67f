"""Effect interfaces and their real implementations: the only code that touches the world."""
