"""Hypothesis strategies for compilation: resources, node metadata, nodes, compilation states.

Each strategy generates only valid values, and each field can be pinned by passing a strategy
for it as a keyword argument (``nodes(id=st.just("n0"))``).
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Sequence

from hypothesis import strategies as st

from ctxcore.core.compilation.node import Alias, Node, NodeMetadata
from ctxcore.core.compilation.resources import (
    ExtendedResources,
    ResourceEntry,
    ResourceName,
    ResourceRequirements,
    Resources,
    ResourceSpecValue,
    ResourceValue,
)
from ctxcore.core.compilation.state import CompilationState
from ctxcore.testing.strategies._base import SearchStrategy, opaque_values, pick, text

__all__ = [
    "compilation_states",
    "node_metadata",
    "nodes",
    "resource_requirements",
    "resources",
]


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
        cpu=pick(cpu, _resource_specs()),
        mem=pick(mem, _resource_specs()),
        gpu=pick(gpu, _resource_specs()),
        ephemeral_storage=pick(ephemeral_storage, _resource_specs()),
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
        name=pick(name, text()),
        timeout=pick(timeout, st.none() | timeouts),
        retries=pick(retries, st.integers(0, 10)),
        interruptible=pick(interruptible, optional_bools),
        cacheable=pick(cacheable, optional_bools),
        cache_version=pick(cache_version, st.none() | text(8)),
        cache_serializable=pick(cache_serializable, optional_bools),
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
            pick(id, text()),
            pick(metadata, node_metadata()),
            pick(bindings, st.lists(opaque_values(), max_size=3)),
            upstream,
            pick(flyte_entity, st.none() | opaque_values()),
            st.none() | st.lists(st.builds(Alias, text(8), text(8)), max_size=2).map(tuple),
            st.none() | resource_requirements(),
            st.none() | st.builds(ExtendedResources, st.none() | text(8), st.none() | text(8)),
            st.none() | text(),
            st.none() | opaque_values(),
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
        prefix=pick(prefix, text()),
        mode=pick(mode, st.integers(0, 3)),
        task_resolver=pick(task_resolver, st.none() | opaque_values()),
        nodes=pick(nodes_, st.lists(nodes(max_upstream=1), max_size=max_nodes)),
    )
