"""Hypothesis strategies for contexts, their builders, stack origins and output metadata.

Each strategy generates only valid values, and each field can be pinned by passing a strategy
for it as a keyword argument (``contexts(execution_state=st.none(), level=st.just(1))``).
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

from hypothesis import strategies as st

from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.context import FlyteContext, StackOrigin
from ctxcore.core.execution.output_metadata import OutputMetadata, OutputMetadataTracker
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.ports import FileAccess
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.testing.memory import MemoryFileAccess, StaticItem
from ctxcore.testing.strategies._base import (
    SearchStrategy,
    datetimes,
    non_empty_text,
    opaque_values,
    pick,
    text,
)
from ctxcore.testing.strategies.compilation import compilation_states
from ctxcore.testing.strategies.execution import execution_states

__all__ = [
    "context_builders",
    "contexts",
    "file_accesses",
    "output_metadata",
    "output_metadata_trackers",
    "stack_origins",
    "tracked_objects",
]


def tracked_objects() -> SearchStrategy[object]:
    """Fresh objects to track: each draw is a new object (its own ``id``) that compares equal
    to its deep copies."""
    return st.lists(st.integers(), max_size=3)


def output_metadata(
    *,
    artifact: SearchStrategy[object] | None = None,
    dynamic_partitions: SearchStrategy[Mapping[str, str] | None] | None = None,
    time_partition: SearchStrategy[datetime.datetime | None] | None = None,
    additional_items: SearchStrategy[Sequence[StaticItem] | None] | None = None,
) -> SearchStrategy[OutputMetadata]:
    """``OutputMetadata`` with optional partitions, time partition and extra items."""
    return st.builds(
        OutputMetadata,
        artifact=pick(artifact, opaque_values()),
        dynamic_partitions=pick(
            dynamic_partitions, st.none() | st.dictionaries(text(8), text(8), max_size=3)
        ),
        time_partition=pick(time_partition, st.none() | datetimes()),
        additional_items=pick(
            additional_items,
            st.none() | st.lists(st.builds(StaticItem, text(8), text(8)), max_size=2),
        ),
    )


def output_metadata_trackers(
    *,
    entries: SearchStrategy[Sequence[tuple[object, OutputMetadata]]] | None = None,
) -> SearchStrategy[OutputMetadataTracker]:
    """A tracker built by ``add``-ing each ``(object, metadata)`` entry to an empty one."""

    def build(pairs: Sequence[tuple[object, OutputMetadata]]) -> OutputMetadataTracker:
        tracker = OutputMetadataTracker()
        for obj, md in pairs:
            tracker = tracker.add(obj, md)
        return tracker

    return st.builds(
        build,
        pick(entries, st.lists(st.tuples(tracked_objects(), output_metadata()), max_size=3)),
    )


def stack_origins() -> SearchStrategy[StackOrigin]:
    """``StackOrigin(function, line, file)``."""
    return st.builds(StackOrigin, text(), st.integers(1, 10**5), non_empty_text())


def file_accesses() -> SearchStrategy[FileAccess]:
    """``MemoryFileAccess`` with assorted directories and a counter start."""
    return st.builds(
        MemoryFileAccess,
        st.sampled_from(["/sandbox/local_flytekit", "/tmp/flyte/local_flytekit", "/w"]),
        st.sampled_from(["memory://raw/", "s3://bucket/raw/", "/tmp/raw/"]),
        start=st.integers(0, 1000),
    )


def context_builders(
    *,
    file_access: SearchStrategy[FileAccess] | None = None,
    level: SearchStrategy[int] | None = None,
    compilation_state: SearchStrategy[CompilationState | None] | None = None,
    execution_state: SearchStrategy[ExecutionState | None] | None = None,
    flyte_client: SearchStrategy[object | None] | None = None,
    serialization_settings: SearchStrategy[SerializationSettings | None] | None = None,
    in_a_condition: SearchStrategy[bool] | None = None,
    output_metadata_tracker: SearchStrategy[OutputMetadataTracker | None] | None = None,
    worker_queue: SearchStrategy[object | None] | None = None,
) -> SearchStrategy[FlyteContext.Builder]:
    """``FlyteContext.Builder`` on a ``MemoryFileAccess``."""
    return st.builds(
        FlyteContext.Builder,
        file_access=pick(file_access, file_accesses()),
        level=pick(level, st.integers(0, 20)),
        compilation_state=pick(compilation_state, st.none() | compilation_states()),
        execution_state=pick(execution_state, st.none() | execution_states()),
        flyte_client=pick(flyte_client, st.none() | opaque_values()),
        serialization_settings=pick(serialization_settings, st.none() | _serialization_settings()),
        in_a_condition=pick(in_a_condition, st.booleans()),
        output_metadata_tracker=pick(
            output_metadata_tracker, st.none() | output_metadata_trackers()
        ),
        worker_queue=pick(worker_queue, st.none() | opaque_values()),
    )


def contexts(
    *,
    file_access: SearchStrategy[FileAccess] | None = None,
    level: SearchStrategy[int] | None = None,
    flyte_client: SearchStrategy[object | None] | None = None,
    compilation_state: SearchStrategy[CompilationState | None] | None = None,
    execution_state: SearchStrategy[ExecutionState | None] | None = None,
    serialization_settings: SearchStrategy[SerializationSettings | None] | None = None,
    in_a_condition: SearchStrategy[bool] | None = None,
    origin_stackframe: SearchStrategy[StackOrigin | None] | None = None,
    output_metadata_tracker: SearchStrategy[OutputMetadataTracker | None] | None = None,
    worker_queue: SearchStrategy[object | None] | None = None,
) -> SearchStrategy[FlyteContext]:
    """``FlyteContext`` on a ``MemoryFileAccess``."""
    return st.builds(
        FlyteContext,
        file_access=pick(file_access, file_accesses()),
        level=pick(level, st.integers(0, 20)),
        flyte_client=pick(flyte_client, st.none() | opaque_values()),
        compilation_state=pick(compilation_state, st.none() | compilation_states()),
        execution_state=pick(execution_state, st.none() | execution_states()),
        serialization_settings=pick(serialization_settings, st.none() | _serialization_settings()),
        in_a_condition=pick(in_a_condition, st.booleans()),
        origin_stackframe=pick(origin_stackframe, st.none() | stack_origins()),
        output_metadata_tracker=pick(
            output_metadata_tracker, st.none() | output_metadata_trackers()
        ),
        worker_queue=pick(worker_queue, st.none() | opaque_values()),
    )


def _serialization_settings() -> SearchStrategy[SerializationSettings]:
    # Imported here: strategies_serialization imports this module.
    from ctxcore.testing.strategies.serialization import serialization_settings

    return serialization_settings()
