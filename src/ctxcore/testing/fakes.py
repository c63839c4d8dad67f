"""In-memory fakes of ctxcore's effects, for tests: deterministic, value-equal, no I/O."""

from __future__ import annotations

import posixpath
import threading
from pathlib import PurePath, PurePosixPath
from typing import TYPE_CHECKING

import attrs

from ctxcore.core.context import FlyteContext
from ctxcore.core.execution import ExecutionState

if TYPE_CHECKING:
    from ctxcore.core.execution_parameters import ExecutionParameters


class MemoryFileAccess:
    """A ``FileAccess`` that touches nothing: fixed directories and "random" names drawn from a
    counter (``00...01``, ``00...02``, ...), so every run produces the same paths.

    Two instances are equal when their directories are; copies continue the counter from
    where the original was.
    """

    def __init__(
        self,
        local_sandbox_dir: str | PurePath = "/sandbox/local_flytekit",
        raw_output_prefix: str = "memory://raw/",
        *,
        start: int = 0,
    ) -> None:
        self._local_sandbox_dir = PurePosixPath(local_sandbox_dir)
        self._raw_output_prefix = (
            raw_output_prefix if raw_output_prefix.endswith("/") else raw_output_prefix + "/"
        )
        self._lock = threading.Lock()
        self._count = start

    @property
    def local_sandbox_dir(self) -> PurePosixPath:
        """The sandbox directory given at construction (never created)."""
        return self._local_sandbox_dir

    @property
    def raw_output_prefix(self) -> str:
        """The raw-output prefix given at construction, ending in ``/``."""
        return self._raw_output_prefix

    @property
    def count(self) -> int:
        """How many random names were handed out (plus ``start``)."""
        return self._count

    def get_random_string(self) -> str:
        """The next counter value as 32 hexadecimal digits."""
        with self._lock:
            self._count += 1
            return f"{self._count:032x}"

    def get_random_local_path(self, file_path_or_file_name: str | None = None) -> str:
        """``<sandbox>/<next name>[/<tail of the given path>]``, as the real provider does."""
        path = posixpath.join(str(self._local_sandbox_dir), self.get_random_string())
        if file_path_or_file_name:
            tail = posixpath.split(file_path_or_file_name)[1]
            if tail:
                path = posixpath.join(path, tail)
        return path

    def _key(self) -> tuple[PurePosixPath, str]:
        return (self._local_sandbox_dir, self._raw_output_prefix)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MemoryFileAccess):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return (
            f"MemoryFileAccess({str(self._local_sandbox_dir)!r}, {self._raw_output_prefix!r}, "
            f"start={self._count})"
        )

    def __copy__(self) -> MemoryFileAccess:
        return MemoryFileAccess(self._local_sandbox_dir, self._raw_output_prefix, start=self._count)

    def __deepcopy__(self, memo: dict[int, object]) -> MemoryFileAccess:
        return self.__copy__()


StatCall = tuple[str, str, float, dict[str, str] | None]
"""One recorded metric: ``(kind, stat, value, tags)``."""


@attrs.define
class RecordingStats:
    """A ``StatsClient`` that keeps every metric as ``(kind, stat, value, tags)``."""

    calls: list[StatCall] = attrs.field(factory=lambda: list[StatCall]())

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        """Record a counter increment."""
        self.calls.append(("incr", stat, count, tags))

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        """Record a gauge value."""
        self.calls.append(("gauge", stat, value, tags))

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        """Record a duration."""
        self.calls.append(("timing", stat, ms, tags))


@attrs.frozen
class StaticItem:
    """A ``SerializableToString`` that always renders as ``(key, value)``."""

    key: str
    value: str

    def serialize_to_string(self, ctx: FlyteContext, variable_name: str) -> tuple[str, str]:
        """``(key, value)``, whatever the context and variable."""
        return (self.key, self.value)


def memory_root(
    file_access: MemoryFileAccess | None = None,
    user_space_params: ExecutionParameters | None = None,
) -> FlyteContext:
    """A root context (level 1) on a ``MemoryFileAccess``: what
    ``FlyteContextManager.initialize(root=memory_root)`` uses so tests create no directories."""
    fa = file_access or MemoryFileAccess()
    sandbox = str(fa.local_sandbox_dir)
    state = ExecutionState(sandbox, user_space_params=user_space_params)
    return FlyteContext.Builder(file_access=fa, execution_state=state).build()
