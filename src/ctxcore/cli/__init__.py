"""The ``ctxcore`` command line."""

from ctxcore.cli.main import main

__all__ = ["main"]
