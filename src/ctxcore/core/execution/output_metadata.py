"""Metadata attached to task outputs, and a tracker from output objects to their metadata."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Protocol

import attrs
from pyrsistent import PMap, pmap

from ctxcore.core._records import given
from ctxcore.core._repr import fields_repr

if TYPE_CHECKING:
    from ctxcore.core.context import FlyteContext

__all__ = [
    "OutputMetadata",
    "OutputMetadataTracker",
    "SerializableToString",
    "TrackedOutput",
]


class SerializableToString(Protocol):
    """Something that renders itself as a ``(key, value)`` pair of strings for an output."""

    def serialize_to_string(self, ctx: FlyteContext, variable_name: str) -> tuple[str, str]: ...


def _frozen_partitions(value: Mapping[str, str] | None) -> PMap[str, str] | None:
    return None if value is None else pmap(value)


def _frozen_items(
    value: Sequence[SerializableToString] | None,
) -> tuple[SerializableToString, ...] | None:
    return None if value is None else tuple(value)


@attrs.frozen
class OutputMetadata:
    """The artifact an output belongs to, with its partitions and extra items."""

    __repr__ = fields_repr

    artifact: object
    dynamic_partitions: PMap[str, str] | None = attrs.field(
        default=None, converter=_frozen_partitions
    )
    time_partition: datetime.datetime | None = None
    additional_items: tuple[SerializableToString, ...] | None = attrs.field(
        default=None, converter=_frozen_items
    )


@attrs.frozen
class TrackedOutput:
    """One tracked output: the object itself (keeping its id unique) and its metadata."""

    __repr__ = fields_repr

    obj: object
    metadata: OutputMetadata


def _frozen_entries(value: Mapping[int, TrackedOutput] | None) -> PMap[int, TrackedOutput]:
    return pmap() if value is None else pmap(value)


@attrs.frozen
class OutputMetadataTracker:
    """Maps output objects (by identity) to their ``OutputMetadata``.

    ``add`` returns a new tracker. Each entry holds its object, so an object's ``id`` is never
    reused for another object while the entry exists (the reference's tracker could hand one
    object's metadata to another after garbage collection).
    """

    __repr__ = fields_repr

    output_metadata: PMap[int, TrackedOutput] = attrs.field(
        default=None, converter=_frozen_entries, repr=False
    )

    def add(self, obj: object, md: OutputMetadata) -> OutputMetadataTracker:
        """A new tracker in which ``obj`` has the metadata ``md``."""
        return OutputMetadataTracker(self.output_metadata.set(id(obj), TrackedOutput(obj, md)))

    def get(self, obj: object) -> OutputMetadata | None:
        """The metadata of ``obj``, or ``None``."""
        entry = self.output_metadata.get(id(obj))
        if entry is None or entry.obj is not obj:
            return None
        return entry.metadata

    def with_params(
        self, output_metadata: Mapping[int, TrackedOutput] | None = None
    ) -> OutputMetadataTracker:
        """A new tracker with the given entries, or this tracker's own when none are given."""
        return attrs.evolve(self, **given(output_metadata=output_metadata))

    def __len__(self) -> int:
        return len(self.output_metadata)
