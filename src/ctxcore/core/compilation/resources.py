"""Compute resources of a node and how overrides turn them into requests and limits.

``Resources`` is what users write (``cpu="500m"``, or a ``(request, limit)`` pair when passed
as ``resources``); ``ResourceRequirements`` what a node holds after ``with_overrides``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Final, TypeGuard, cast

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import NodeError

if TYPE_CHECKING:
    from returns.result import Result

__all__ = [
    "ExtendedResources",
    "ResourceEntry",
    "ResourceName",
    "ResourceRequirements",
    "Resources",
]


ResourceValue = str | int | float
"""One resource quantity: ``"500m"``, ``2``, ``"1Gi"``."""

ResourceSpecValue = ResourceValue | tuple[ResourceValue, ResourceValue]
"""A quantity, or a ``(request, limit)`` pair where ``Resources`` is passed as ``resources``."""


@attrs.frozen
class Resources:
    """Compute resources of a node (the reference's ``flytekit.Resources``)."""

    __repr__ = fields_repr

    cpu: ResourceSpecValue | None = None
    mem: ResourceSpecValue | None = None
    gpu: ResourceSpecValue | None = None
    ephemeral_storage: ResourceSpecValue | None = None


class ResourceName(enum.Enum):
    """The resource kinds a node can request, in the reference's order."""

    CPU = "CPU"
    MEMORY = "MEMORY"
    GPU = "GPU"
    EPHEMERAL_STORAGE = "EPHEMERAL_STORAGE"


@attrs.frozen
class ResourceEntry:
    """One resource request or limit, its value as a string."""

    __repr__ = fields_repr

    name: ResourceName
    value: str


@attrs.frozen
class ResourceRequirements:
    """The requests and limits a node's overrides set."""

    __repr__ = fields_repr

    requests: tuple[ResourceEntry, ...] = ()
    limits: tuple[ResourceEntry, ...] = ()


@attrs.frozen
class ExtendedResources:
    """Accelerator and shared-memory overrides."""

    __repr__ = fields_repr

    accelerator: object | None = None
    shared_memory: object | None = None


_RESOURCE_FIELDS: Final = (
    (ResourceName.CPU, "cpu"),
    (ResourceName.MEMORY, "mem"),
    (ResourceName.GPU, "gpu"),
    (ResourceName.EPHEMERAL_STORAGE, "ephemeral_storage"),
)


def _entries(node_id: str, label: str, value: object) -> tuple[ResourceEntry, ...]:
    if not isinstance(value, Resources):
        raise NodeError(node_id, f"{label} should be specified as flytekit.Resources")
    out: list[ResourceEntry] = []
    for kind, field_name in _RESOURCE_FIELDS:
        quantity = getattr(value, field_name)
        if quantity is not None:
            out.append(ResourceEntry(kind, str(quantity)))
    return tuple(out)


def _split(resources: Resources) -> tuple[Resources, Resources]:
    def request(v: ResourceSpecValue | None) -> ResourceValue | None:
        return v[0] if isinstance(v, tuple) else v

    def limit(v: ResourceSpecValue | None) -> ResourceValue | None:
        return v[1] if isinstance(v, tuple) else v

    r = resources
    return (
        Resources(request(r.cpu), request(r.mem), request(r.gpu), request(r.ephemeral_storage)),
        Resources(limit(r.cpu), limit(r.mem), limit(r.gpu), limit(r.ephemeral_storage)),
    )


def resource_requirements(
    node_id: str,
    requests: object | None,
    limits: object | None,
    resources: object | None,
) -> ResourceRequirements | None:
    if resources is not None:
        if requests is not None or limits is not None:
            raise NodeError(
                node_id,
                "`resource` can not be used together with the `limits` or `requests`. "
                "Please only set `resource`.",
            )
        if not isinstance(resources, Resources):
            raise NodeError(node_id, "resources should be specified as flytekit.Resources")
        requests, limits = _split(resources)
    if requests is None and limits is None:
        return None
    return ResourceRequirements(
        requests=() if requests is None else _entries(node_id, "requests", requests),
        limits=() if limits is None else _entries(node_id, "limits", limits),
    )


def _type_name(value: object) -> str:
    return type(value).__name__


def resource_spec_value(
    value: object, describe: Callable[[object], str] = _type_name
) -> Result[ResourceSpecValue | None, str]:
    """``value`` (as read from JSON or a dict) as a ``ResourceSpecValue``: ``None``, a quantity
    or a ``[request, limit]`` pair; otherwise a ``Failure`` saying what is wrong with it.

    One reading of resource quantities for every decoder (the cattrs codec, the settings JSON);
    ``describe`` names a wrong value's type in the decoder's own words.
    """
    if value is None:
        return results.Success(None)
    if isinstance(value, (list, tuple)):
        items = cast("list[object] | tuple[object, ...]", value)
        if len(items) != 2:
            return results.Failure(f"expected a [request, limit] pair, got {len(items)} items")
        request, limit = items
        if _is_quantity(request) and _is_quantity(limit):
            return results.Success((request, limit))
        return results.Failure("expected a [request, limit] pair of strings or numbers")
    if _is_quantity(value):
        return results.Success(value)
    return results.Failure(
        f"expected a string, a number or a [request, limit] pair, got {describe(value)}"
    )


def _is_quantity(value: object) -> TypeGuard[ResourceValue]:
    """Whether ``value`` is a quantity; a guard, so the checkers see the narrowing (no cast)."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)
