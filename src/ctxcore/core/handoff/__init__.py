"""Handing a context to another process, host or engine: the envelope and the W3C carriers."""
