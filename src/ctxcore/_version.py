"""``ctxcore.__version__``: the installed distribution's version.

``pyproject.toml`` is the one place the version is written; this reads it back from the
installed metadata, on first access only (``importlib.metadata`` costs milliseconds to import).
"""

from __future__ import annotations

from importlib.metadata import version

__version__: str = version("ctxcore")
