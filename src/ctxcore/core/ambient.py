"""The ambient seam: how the core's static shortcuts reach the process without importing it.

How this works. The reference's API has shortcuts into the process: ``Config.auto()`` reads the
environment and config files, ``FlyteContext.current_context()`` the context stack,
``ImageConfig.auto()`` the interpreter, and so on. The core can do none of that and imports
nothing above itself, so each shortcut asks the *installed ambient*, an object with the
``Ambient`` port (``ctxcore.core.ports``), and returns its answer. The package face installs the
process's own (``ctxcore._ambient.ProcessAmbient``, which imports the shell only when asked)
when ``ctxcore`` is imported: in-process wiring that reads and creates nothing, like cattrs'
global converter. Tests and embedding SDKs install another with ``install_ambient`` or, for a
block, ``using_ambient`` (``ctxcore.testing.FakeAmbient`` touches nothing).

The ambient is one per process, not per thread or task: it stands for the process itself.
This module imports nothing at run time, so the face can install an ambient for free.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not from typing: importing ctxcore must stay free
if TYPE_CHECKING:
    from types import TracebackType

    from ctxcore.core.ports import Ambient

__all__ = [
    "current_ambient",
    "install_ambient",
    "using_ambient",
]

_installed: Ambient | None = None


def install_ambient(ambient: Ambient) -> Ambient | None:
    """Make ``ambient`` the process's ambient; returns the one it replaces."""
    global _installed
    previous, _installed = _installed, ambient
    return previous


def current_ambient() -> Ambient:
    """The installed ambient (the face installs the process's when ``ctxcore`` is imported)."""
    ambient = _installed
    if ambient is None:
        from ctxcore.core.errors import AmbientError

        raise AmbientError()
    return ambient


class using_ambient:  # lower case: used like a function, ``with using_ambient(fake):``
    """``with using_ambient(ambient):`` makes ``ambient`` the process's for the block, then puts
    back the one that was there."""

    __slots__ = ("_ambient", "_previous")

    def __init__(self, ambient: Ambient) -> None:
        self._ambient = ambient
        self._previous: Ambient | None = None

    def __enter__(self) -> Ambient:
        self._previous = install_ambient(self._ambient)
        return self._ambient

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        global _installed
        _installed = self._previous
