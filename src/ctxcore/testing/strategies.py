"""Hypothesis strategies for ctxcore's records.

Each strategy generates only valid values, and each field can be pinned by passing a strategy
for it as a keyword argument::

    execution_states(mode=st.just(ExecutionMode.TASK_EXECUTION))
    contexts(execution_state=st.none(), level=st.just(1))

Fields that hold arbitrary objects (``flyte_entity``, ``task_resolver``, ``artifact``, ...)
get small value-equal objects, so generated records compare equal to their deep copies.
"""

from __future__ import annotations

import datetime
import logging
import string
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from hypothesis import strategies as st

from ctxcore.core.compilation.node import (
    Alias,
    ExtendedResources,
    Node,
    NodeMetadata,
    ResourceEntry,
    ResourceName,
    ResourceRequirements,
    Resources,
    ResourceSpecValue,
    ResourceValue,
)
from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.context import FlyteContext, StackOrigin
from ctxcore.core.execution.decks import Deck
from ctxcore.core.execution.output_metadata import OutputMetadata, OutputMetadataTracker
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import BranchEvalMode, ExecutionMode, ExecutionState
from ctxcore.core.identifiers import Identifier, ResourceType, WorkflowExecutionIdentifier
from ctxcore.core.ports import CheckpointLike, FileAccess, StatsClient
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.effects.stats import RecordingStats
from ctxcore.testing.fakes import MemoryFileAccess, StaticItem

__all__ = [
    "branch_eval_modes",
    "compilation_states",
    "context_builders",
    "contexts",
    "execution_modes",
    "execution_parameters",
    "execution_states",
    "file_accesses",
    "identifier_parts",
    "identifiers",
    "node_metadata",
    "nodes",
    "output_metadata",
    "output_metadata_trackers",
    "resource_requirements",
    "resources",
    "stack_origins",
    "tracked_objects",
    "workflow_execution_identifiers",
]

_T = TypeVar("_T")

SearchStrategy = st.SearchStrategy


def _pick(given: SearchStrategy[_T] | None, default: SearchStrategy[_T]) -> SearchStrategy[_T]:
    return default if given is None else given


def _call(fn: Callable[..., _T], *args: object, **kwargs: object) -> _T:
    """``fn(*args, **kwargs)``: for ``**kwargs`` that type checkers would match against
    ``fn``'s keyword-only parameters (task attributes are any upper-case names)."""
    return fn(*args, **kwargs)


def _text(max_size: int = 20) -> SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), max_size=max_size)


def _non_empty_text(max_size: int = 30) -> SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), min_size=1, max_size=max_size)


def _opaque_values() -> SearchStrategy[object]:
    """Small immutable, value-equal stand-ins for the objects a record only carries."""
    return st.one_of(st.integers(), _text(10), st.tuples(st.integers(), _text(5)))


def execution_modes() -> SearchStrategy[ExecutionMode]:
    """Any of the seven execution modes."""
    return st.sampled_from(ExecutionMode)


def branch_eval_modes() -> SearchStrategy[BranchEvalMode]:
    """``BRANCH_ACTIVE`` or ``BRANCH_SKIPPED``."""
    return st.sampled_from(BranchEvalMode)


def identifier_parts() -> SearchStrategy[str]:
    """One project/domain/name/version: any text without ``:`` (possibly empty)."""
    return st.text(st.characters(codec="utf-8", exclude_characters=":"), max_size=20)


def workflow_execution_identifiers(
    *,
    project: SearchStrategy[str] | None = None,
    domain: SearchStrategy[str] | None = None,
    name: SearchStrategy[str] | None = None,
) -> SearchStrategy[WorkflowExecutionIdentifier]:
    """``WorkflowExecutionIdentifier`` whose string form parses back."""
    return st.builds(
        WorkflowExecutionIdentifier,
        project=_pick(project, identifier_parts()),
        domain=_pick(domain, identifier_parts()),
        name=_pick(name, identifier_parts()),
    )


def identifiers(
    *,
    resource_type: SearchStrategy[ResourceType] | None = None,
    project: SearchStrategy[str] | None = None,
    domain: SearchStrategy[str] | None = None,
    name: SearchStrategy[str] | None = None,
    version: SearchStrategy[str] | None = None,
) -> SearchStrategy[Identifier]:
    """``Identifier`` of any resource type whose string form parses back."""
    return st.builds(
        Identifier,
        resource_type=_pick(resource_type, st.sampled_from(ResourceType)),
        project=_pick(project, identifier_parts()),
        domain=_pick(domain, identifier_parts()),
        name=_pick(name, identifier_parts()),
        version=_pick(version, identifier_parts()),
    )


def _datetimes() -> SearchStrategy[datetime.datetime]:
    offsets = st.integers(-14 * 60, 14 * 60).map(
        lambda minutes: datetime.timezone(datetime.timedelta(minutes=minutes))
    )
    return st.datetimes(timezones=st.none() | st.just(datetime.timezone.utc) | offsets)


def execution_parameters(
    *,
    execution_date: SearchStrategy[datetime.datetime] | None = None,
    tmp_dir: SearchStrategy[str] | None = None,
    stats: SearchStrategy[StatsClient] | None = None,
    execution_id: SearchStrategy[WorkflowExecutionIdentifier | None] | None = None,
    logging_: SearchStrategy[logging.Logger] | None = None,
    raw_output_prefix: SearchStrategy[str] | None = None,
    output_metadata_prefix: SearchStrategy[str | None] | None = None,
    checkpoint: SearchStrategy[CheckpointLike | None] | None = None,
    decks: SearchStrategy[Sequence[Deck]] | None = None,
    task_id: SearchStrategy[Identifier | None] | None = None,
    enable_deck: SearchStrategy[bool] | None = None,
    attributes: SearchStrategy[Mapping[str, object]] | None = None,
) -> SearchStrategy[ExecutionParameters]:
    """``ExecutionParameters`` with recording stats, a named logger and upper-case task
    attributes (``logging_`` pins the logger; ``attributes`` the ``**kwargs``)."""
    attribute_names = st.text(string.ascii_uppercase + "_", min_size=1, max_size=8)

    def build(
        execution_date: datetime.datetime,
        tmp_dir: str,
        stats: StatsClient,
        execution_id: WorkflowExecutionIdentifier | None,
        logger: logging.Logger,
        raw_output_prefix: str,
        output_metadata_prefix: str | None,
        checkpoint: CheckpointLike | None,
        decks: Sequence[Deck],
        task_id: Identifier | None,
        enable_deck: bool,
        attributes: Mapping[str, object],
    ) -> ExecutionParameters:
        return _call(
            ExecutionParameters,
            execution_date,
            tmp_dir,
            stats,
            execution_id,
            logger,
            raw_output_prefix,
            output_metadata_prefix,
            checkpoint,
            decks,
            task_id,
            enable_deck,
            **attributes,
        )

    return st.builds(
        build,
        _pick(execution_date, _datetimes()),
        _pick(tmp_dir, _non_empty_text()),
        _pick(stats, st.builds(RecordingStats)),
        _pick(execution_id, st.none() | workflow_execution_identifiers()),
        _pick(logging_, st.sampled_from(["user_space", "developer"]).map(logging.getLogger)),
        _pick(raw_output_prefix, _non_empty_text()),
        _pick(output_metadata_prefix, st.none() | _text()),
        _pick(checkpoint, st.none()),
        _pick(decks, st.lists(st.builds(Deck, _text(10), _text(20)), max_size=3)),
        _pick(task_id, st.none() | identifiers()),
        _pick(enable_deck, st.booleans()),
        _pick(attributes, st.dictionaries(attribute_names, _opaque_values(), max_size=3)),
    )


def execution_states(
    *,
    working_dir: SearchStrategy[str] | None = None,
    mode: SearchStrategy[ExecutionMode | None] | None = None,
    engine_dir: SearchStrategy[str | None] | None = None,
    branch_eval_mode: SearchStrategy[BranchEvalMode | None] | None = None,
    user_space_params: SearchStrategy[ExecutionParameters | None] | None = None,
) -> SearchStrategy[ExecutionState]:
    """``ExecutionState`` with a non-empty working directory (``engine_dir`` ``None`` means the
    default ``<working_dir>/engine_dir``)."""
    return st.builds(
        ExecutionState,
        working_dir=_pick(working_dir, _non_empty_text()),
        mode=_pick(mode, st.none() | execution_modes()),
        engine_dir=_pick(engine_dir, st.none() | _non_empty_text()),
        branch_eval_mode=_pick(branch_eval_mode, st.none() | branch_eval_modes()),
        user_space_params=_pick(user_space_params, st.none() | execution_parameters()),
    )


def _quantities() -> SearchStrategy[ResourceValue]:
    return st.one_of(
        st.text(string.digits + "mKMGi.", min_size=1, max_size=6),
        st.integers(0, 10**6),
        st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
    )


def _resource_specs() -> SearchStrategy[ResourceSpecValue | None]:
    return st.none() | _quantities() | st.tuples(_quantities(), _quantities())


def resources(
    *,
    cpu: SearchStrategy[ResourceSpecValue | None] | None = None,
    mem: SearchStrategy[ResourceSpecValue | None] | None = None,
    gpu: SearchStrategy[ResourceSpecValue | None] | None = None,
    ephemeral_storage: SearchStrategy[ResourceSpecValue | None] | None = None,
) -> SearchStrategy[Resources]:
    """``Resources`` whose fields are absent, a quantity or a ``(request, limit)`` pair."""
    return st.builds(
        Resources,
        cpu=_pick(cpu, _resource_specs()),
        mem=_pick(mem, _resource_specs()),
        gpu=_pick(gpu, _resource_specs()),
        ephemeral_storage=_pick(ephemeral_storage, _resource_specs()),
    )


def resource_requirements() -> SearchStrategy[ResourceRequirements]:
    """Requests and limits as a node's overrides store them (entries in the reference's
    order, values stringified)."""
    entries = st.lists(st.sampled_from(ResourceName), unique=True).flatmap(
        lambda kinds: st.tuples(
            *(st.builds(ResourceEntry, st.just(k), _quantities().map(str)) for k in kinds)
        )
    )
    order = list(ResourceName)

    def ordered(found: tuple[ResourceEntry, ...]) -> tuple[ResourceEntry, ...]:
        return tuple(sorted(found, key=lambda e: order.index(e.name)))

    return st.builds(ResourceRequirements, entries.map(ordered), entries.map(ordered))


def node_metadata(
    *,
    name: SearchStrategy[str] | None = None,
    timeout: SearchStrategy[datetime.timedelta | None] | None = None,
    retries: SearchStrategy[int] | None = None,
    interruptible: SearchStrategy[bool | None] | None = None,
    cacheable: SearchStrategy[bool | None] | None = None,
    cache_version: SearchStrategy[str | None] | None = None,
    cache_serializable: SearchStrategy[bool | None] | None = None,
) -> SearchStrategy[NodeMetadata]:
    """``NodeMetadata`` with a non-negative timeout and retry count."""
    timeouts = st.timedeltas(min_value=datetime.timedelta(0), max_value=datetime.timedelta(days=7))
    optional_bools = st.none() | st.booleans()
    return st.builds(
        NodeMetadata,
        name=_pick(name, _text()),
        timeout=_pick(timeout, st.none() | timeouts),
        retries=_pick(retries, st.integers(0, 10)),
        interruptible=_pick(interruptible, optional_bools),
        cacheable=_pick(cacheable, optional_bools),
        cache_version=_pick(cache_version, st.none() | _text(8)),
        cache_serializable=_pick(cache_serializable, optional_bools),
    )


def nodes(
    *,
    max_upstream: int = 2,
    id: SearchStrategy[str] | None = None,
    metadata: SearchStrategy[NodeMetadata] | None = None,
    bindings: SearchStrategy[Sequence[object]] | None = None,
    flyte_entity: SearchStrategy[object | None] | None = None,
) -> SearchStrategy[Node]:
    """``Node`` with up to ``max_upstream`` upstream nodes at each level (upstream nodes are
    generated the same way, so graphs are a few levels deep) and, sometimes, the values that
    ``with_overrides`` sets (aliases, resources, image, task config)."""

    def build(
        node_id: str,
        node_metadata: NodeMetadata,
        node_bindings: Sequence[object],
        upstream: Sequence[Node],
        entity: object | None,
        aliases: tuple[Alias, ...] | None,
        requirements: ResourceRequirements | None,
        extended: ExtendedResources | None,
        image: str | None,
        task_config: object | None,
    ) -> Node:
        return Node(
            node_id,
            node_metadata,
            node_bindings,
            upstream,
            entity,
            aliases=aliases,
            resources=requirements,
            extended_resources=extended,
            container_image=image,
            task_config=task_config,
        )

    def level(upstream: SearchStrategy[Sequence[Node]]) -> SearchStrategy[Node]:
        return st.builds(
            build,
            _pick(id, _text()),
            _pick(metadata, node_metadata()),
            _pick(bindings, st.lists(_opaque_values(), max_size=3)),
            upstream,
            _pick(flyte_entity, st.none() | _opaque_values()),
            st.none() | st.lists(st.builds(Alias, _text(8), _text(8)), max_size=2).map(tuple),
            st.none() | resource_requirements(),
            st.none() | st.builds(ExtendedResources, st.none() | _text(8), st.none() | _text(8)),
            st.none() | _text(),
            st.none() | _opaque_values(),
        )

    if max_upstream <= 0:
        return level(st.just(()))
    return st.recursive(
        level(st.just(())),
        lambda children: level(st.lists(children, max_size=max_upstream)),
        max_leaves=2 * max_upstream + 1,
    )


def compilation_states(
    *,
    prefix: SearchStrategy[str] | None = None,
    mode: SearchStrategy[int] | None = None,
    task_resolver: SearchStrategy[object | None] | None = None,
    nodes_: SearchStrategy[Sequence[Node]] | None = None,
    max_nodes: int = 4,
) -> SearchStrategy[CompilationState]:
    """``CompilationState`` with up to ``max_nodes`` nodes (``nodes_`` pins them)."""
    return st.builds(
        CompilationState,
        prefix=_pick(prefix, _text()),
        mode=_pick(mode, st.integers(0, 3)),
        task_resolver=_pick(task_resolver, st.none() | _opaque_values()),
        nodes=_pick(nodes_, st.lists(nodes(max_upstream=1), max_size=max_nodes)),
    )


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
        artifact=_pick(artifact, _opaque_values()),
        dynamic_partitions=_pick(
            dynamic_partitions, st.none() | st.dictionaries(_text(8), _text(8), max_size=3)
        ),
        time_partition=_pick(time_partition, st.none() | _datetimes()),
        additional_items=_pick(
            additional_items,
            st.none() | st.lists(st.builds(StaticItem, _text(8), _text(8)), max_size=2),
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
        _pick(entries, st.lists(st.tuples(tracked_objects(), output_metadata()), max_size=3)),
    )


def stack_origins() -> SearchStrategy[StackOrigin]:
    """``StackOrigin(function, line, file)``."""
    return st.builds(StackOrigin, _text(), st.integers(1, 10**5), _non_empty_text())


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
        file_access=_pick(file_access, file_accesses()),
        level=_pick(level, st.integers(0, 20)),
        compilation_state=_pick(compilation_state, st.none() | compilation_states()),
        execution_state=_pick(execution_state, st.none() | execution_states()),
        flyte_client=_pick(flyte_client, st.none() | _opaque_values()),
        serialization_settings=_pick(serialization_settings, st.none() | _serialization_settings()),
        in_a_condition=_pick(in_a_condition, st.booleans()),
        output_metadata_tracker=_pick(
            output_metadata_tracker, st.none() | output_metadata_trackers()
        ),
        worker_queue=_pick(worker_queue, st.none() | _opaque_values()),
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
        file_access=_pick(file_access, file_accesses()),
        level=_pick(level, st.integers(0, 20)),
        flyte_client=_pick(flyte_client, st.none() | _opaque_values()),
        compilation_state=_pick(compilation_state, st.none() | compilation_states()),
        execution_state=_pick(execution_state, st.none() | execution_states()),
        serialization_settings=_pick(serialization_settings, st.none() | _serialization_settings()),
        in_a_condition=_pick(in_a_condition, st.booleans()),
        origin_stackframe=_pick(origin_stackframe, st.none() | stack_origins()),
        output_metadata_tracker=_pick(
            output_metadata_tracker, st.none() | output_metadata_trackers()
        ),
        worker_queue=_pick(worker_queue, st.none() | _opaque_values()),
    )


def _serialization_settings() -> SearchStrategy[SerializationSettings]:
    # Imported here: strategies_serialization imports this module.
    from ctxcore.testing.strategies_serialization import serialization_settings

    return serialization_settings()
