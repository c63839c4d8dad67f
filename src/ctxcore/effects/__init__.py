"""The real implementations of the effect ports (``ctxcore.core.ports``): with the shell, the
only code that touches the world. Tests use the in-memory ones of ``ctxcore.testing``.

Every name loads on first access, as in ``ctxcore``'s face (which also serves these names,
as it always did).
"""

from __future__ import annotations

from ctxcore._lazy import lazy_face

TYPE_CHECKING = False

if TYPE_CHECKING:
    from ctxcore.effects.clock import *
    from ctxcore.effects.entropy import *
    from ctxcore.effects.environment import *
    from ctxcore.effects.filesystems import *
    from ctxcore.effects.local_fsspec import *
    from ctxcore.effects.logs import *
    from ctxcore.effects.signals import *
    from ctxcore.effects.stats import *
    from ctxcore.effects.tempdirs import *
    from ctxcore.effects.timeline import *

# fmt: off
_EXPORTS: dict[str, tuple[str, ...]] = {
    "ctxcore.effects.clock": ("SystemClock",),
    "ctxcore.effects.entropy": ("OsEntropy",),
    "ctxcore.effects.environment": (
        "process_environment", "process_environment_bytes", "set_variables",
    ),
    "ctxcore.effects.filesystems": ("FsspecFileSystems",),
    "ctxcore.effects.local_fsspec": ("FlyteLocalFileSystem",),
    "ctxcore.effects.logs": ("developer_logger", "user_space_logger"),
    "ctxcore.effects.signals": ("OsSignals",),
    "ctxcore.effects.stats": ("NullStats", "RecordingStats", "stats_client_for", "UdpStatsClient"),
    "ctxcore.effects.tempdirs": ("SystemTempDirs",),
    "ctxcore.effects.timeline": ("MemoryTimeline",),
}
"""The module that defines each implementation."""
# fmt: on

if not TYPE_CHECKING:
    __getattr__, __dir__, __all__ = lazy_face(__name__, _EXPORTS, globals())
