"""Workflow nodes and their overrides, as values."""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Mapping
from typing import Final, Literal

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.dnsify import dnsify
from ctxcore.core.compilation.resources import (
    ExtendedResources,
    ResourceRequirements,
    Resources,
    resource_requirements,
)
from ctxcore.core.errors import NodeError

__all__ = [
    "TIMEOUT_OVERRIDE_SENTINEL",
    "Alias",
    "Cache",
    "Node",
    "NodeMetadata",
]


class _Sentinel(enum.Enum):
    TIMEOUT_NOT_GIVEN = enum.auto()


TIMEOUT_OVERRIDE_SENTINEL: Final = _Sentinel.TIMEOUT_NOT_GIVEN
"""Passed as ``timeout`` to mean "leave the timeout as it is" (``None`` means no timeout)."""


@attrs.frozen
class Alias:
    """A node output ``var`` exposed under the name ``alias``."""

    __repr__ = fields_repr

    var: str
    alias: str


@attrs.frozen
class Cache:
    """Caching policy of a node: a version is required when overriding."""

    __repr__ = fields_repr

    version: str | None = None
    serialize: bool = False
    ignored_inputs: tuple[str, ...] = ()


@attrs.frozen(init=False, slots=False)
class NodeMetadata:
    """Per-node execution settings."""

    __repr__ = fields_repr

    name: str
    timeout: datetime.timedelta | None = None
    retries: int = 0
    interruptible: bool | None = None
    cacheable: bool | None = None
    cache_version: str | None = None
    cache_serializable: bool | None = None

    def __init__(
        self,
        name: str,
        timeout: datetime.timedelta | None = None,
        retries: int = 0,
        interruptible: bool | None = None,
        cacheable: bool | None = None,
        cache_version: str | None = None,
        cache_serializable: bool | None = None,
    ) -> None:
        # The generated ``__attrs_init__``'s stores, written out as ``Node.__init__``'s are:
        # every node of a build makes one, and the generated init of a frozen record first
        # looks up a ``__setattr__`` it never uses (a fifth of this call).
        fields = self.__dict__
        fields["name"] = name
        fields["timeout"] = timeout
        fields["retries"] = retries
        fields["interruptible"] = interruptible
        fields["cacheable"] = cacheable
        fields["cache_version"] = cache_version
        fields["cache_serializable"] = cache_serializable


def _upstream_ids(nodes: tuple[Node, ...]) -> tuple[str, ...]:
    return tuple(node.id for node in nodes)


def _upstream_repr(nodes: tuple[Node, ...]) -> str:
    return "(" + ", ".join(f"<Node {node.id}>" for node in nodes) + ")"


@attrs.frozen(init=False, slots=False)
class Node:
    """A node of a workflow. Its id is stored DNS-ified; ``name`` is the same string.

    ``runs_before``, ``>>`` and ``with_overrides`` return new nodes; nothing shared changes
    (the reference mutated the other node, this node and even the task entity).
    """

    __repr__ = fields_repr

    id: str
    metadata: NodeMetadata
    bindings: tuple[object, ...]
    # Compared, hashed and shown by id: a node's upstream chain can be thousands of nodes long,
    # and comparing or printing it node by node would recurse that deep.
    upstream_nodes: tuple[Node, ...] = attrs.field(eq=_upstream_ids, repr=_upstream_repr)
    flyte_entity: object | None
    aliases: tuple[Alias, ...] | None
    resources: ResourceRequirements | None
    extended_resources: ExtendedResources | None
    container_image: str | None
    pod_template: object | None
    task_config: object | None
    _outputs: object | None

    def __init__(
        self,
        id: str | None,
        metadata: NodeMetadata,
        bindings: Iterable[object] = (),
        upstream_nodes: Iterable[Node] = (),
        flyte_entity: object | None = None,
        *,
        aliases: tuple[Alias, ...] | None = None,
        resources: ResourceRequirements | None = None,
        extended_resources: ExtendedResources | None = None,
        container_image: str | None = None,
        pod_template: object | None = None,
        task_config: object | None = None,
        outputs: object | None = None,
    ) -> None:
        if id is None:
            raise ValueError("Illegal construction of node, without a Node ID")
        # The generated ``__attrs_init__``'s stores, written out: compilation's hot path makes
        # one call of thirteen arguments fewer. The same keys in the same order give the same
        # key-sharing dict (``tests/core/test_records.py`` holds them equal).
        fields = self.__dict__
        fields["id"] = dnsify(id)
        fields["metadata"] = metadata
        fields["bindings"] = tuple(bindings)
        fields["upstream_nodes"] = tuple(upstream_nodes)
        fields["flyte_entity"] = flyte_entity
        fields["aliases"] = aliases
        fields["resources"] = resources
        fields["extended_resources"] = extended_resources
        fields["container_image"] = container_image
        fields["pod_template"] = pod_template
        fields["task_config"] = task_config
        fields["_outputs"] = outputs

    @property
    def name(self) -> str:
        """The DNS-ified id (the reference exposes both names)."""
        return self.id

    @property
    def outputs(self) -> object:
        """The node's outputs; only nodes created from an entity call have them."""
        if self._outputs is None:
            raise NodeError(
                self.id,
                "Cannot use outputs with all Nodes, node must've been created from create_node()",
            )
        return self._outputs

    @property
    def run_entity(self) -> object | None:
        """The entity this node runs (for map tasks the reference unwraps; we run it as given)."""
        return self.flyte_entity

    def runs_before(self, other: Node) -> Node:
        """A copy of ``other`` whose upstream nodes include this one (once)."""
        if self in other.upstream_nodes:
            return other
        return attrs.evolve(other, upstream_nodes=(*other.upstream_nodes, self))

    def __rshift__(self, other: Node) -> Node:
        return self.runs_before(other)

    def with_overrides(
        self,
        node_name: str | None = None,
        aliases: Mapping[str, str] | None = None,
        requests: Resources | None = None,
        limits: Resources | None = None,
        timeout: int | datetime.timedelta | Literal[_Sentinel.TIMEOUT_NOT_GIVEN] | None = (
            TIMEOUT_OVERRIDE_SENTINEL
        ),
        retries: int | None = None,
        interruptible: bool | None = None,
        name: str | None = None,
        task_config: object | None = None,
        container_image: str | None = None,
        accelerator: object | None = None,
        cache: bool | Cache | None = None,
        cache_version: str | None = None,
        cache_serialize: bool | None = None,
        shared_memory: object | None = None,
        pod_template: object | None = None,
        resources: Resources | None = None,
    ) -> Node:
        """A new node with the given overrides applied; this node is unchanged.

        Validation follows the reference. Two of its defects are fixed: omitting ``cache``
        keeps the node's caching, and omitting ``accelerator``/``shared_memory`` keeps earlier
        extended-resource overrides. ``task_config`` is stored on the node, not written onto
        the (shared) task entity.
        """
        extended = self.extended_resources
        if accelerator is not None or shared_memory is not None:
            current = extended or ExtendedResources()
            extended = ExtendedResources(
                current.accelerator if accelerator is None else accelerator,
                current.shared_memory if shared_memory is None else shared_memory,
            )
        requirements = resource_requirements(self.id, requests, limits, resources)
        return Node(
            self.id if node_name is None else node_name,
            _overridden_metadata(
                self.id,
                self.metadata,
                timeout=timeout,
                retries=retries,
                interruptible=interruptible,
                name=name,
                cache=cache,
                cache_version=cache_version,
                cache_serialize=cache_serialize,
            ),
            self.bindings,
            self.upstream_nodes,
            self.flyte_entity,
            aliases=self.aliases if aliases is None else _aliases(self.id, aliases),
            resources=self.resources if requirements is None else requirements,
            extended_resources=extended,
            container_image=self.container_image if container_image is None else container_image,
            pod_template=self.pod_template if pod_template is None else pod_template,
            task_config=(
                self.task_config if task_config is None else self._checked_task_config(task_config)
            ),
            outputs=self._outputs,
        )

    def _checked_task_config(self, task_config: object) -> object:
        current = self.task_config
        if current is None:
            current = getattr(self.flyte_entity, "task_config", None)
        if current is not None and type(current) is not type(task_config):
            raise NodeError(self.id, "can't change the type of the task config")
        return task_config


def _aliases(node_id: str, aliases: object) -> tuple[Alias, ...]:
    if not isinstance(aliases, Mapping):
        raise NodeError(node_id, "Aliases should be specified as dict[str, str]")
    pairs: Mapping[object, object] = aliases  # pyright: ignore[reportUnknownVariableType]
    return tuple(Alias(str(var), str(alias)) for var, alias in pairs.items())


def _timeout(node_id: str, timeout: object) -> datetime.timedelta:
    if timeout is None:
        return datetime.timedelta(0)
    if isinstance(timeout, datetime.timedelta):
        return timeout
    if isinstance(timeout, int) and not isinstance(timeout, bool):
        return datetime.timedelta(seconds=timeout)
    raise NodeError(
        node_id,
        "timeout should be duration represented as either a datetime.timedelta or int seconds",
    )


def _overridden_metadata(
    node_id: str,
    metadata: NodeMetadata,
    *,
    timeout: object,
    retries: int | None,
    interruptible: bool | None,
    name: str | None,
    cache: bool | Cache | None,
    cache_version: str | None,
    cache_serialize: bool | None,
) -> NodeMetadata:
    cacheable, version, serializable = (
        metadata.cacheable,
        metadata.cache_version,
        metadata.cache_serializable,
    )
    if isinstance(cache, Cache):
        if cache_version is not None or cache_serialize is not None:
            raise NodeError(
                node_id,
                "cache_version and cache_serialize are deprecated: pass them in the Cache object",
            )
        if cache.version is None:
            raise NodeError(node_id, "must specify cache version when overriding")
        cacheable, version, serializable = True, cache.version, cache.serialize
    elif cache is True:
        if cache_version is None:
            raise NodeError(node_id, "must specify cache version when overriding")
        cacheable = True
    elif cache is False:
        cacheable = False
    return NodeMetadata(
        name=metadata.name if name is None else name,
        timeout=(
            metadata.timeout if timeout is TIMEOUT_OVERRIDE_SENTINEL else _timeout(node_id, timeout)
        ),
        retries=metadata.retries if retries is None else retries,
        interruptible=metadata.interruptible if interruptible is None else interruptible,
        cacheable=cacheable,
        cache_version=version if cache_version is None else cache_version,
        cache_serializable=serializable if cache_serialize is None else cache_serialize,
    )
