"""The real implementations of the effect ports (``ctxcore.core.ports``): with the shell, the
only code that touches the world."""
