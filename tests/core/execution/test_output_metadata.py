"""OutputMetadata and OutputMetadataTracker (§8): identity keys, new trackers, no id reuse."""

from __future__ import annotations

import copy
import datetime
import gc

import pytest
from hypothesis import given
from pyrsistent import pmap

from ctxcore import OutputMetadata, OutputMetadataTracker, SerializableToString
from ctxcore.testing.memory import MemoryFileAccess, StaticItem, memory_root
from ctxcore.testing.strategies.context import (
    output_metadata,
    output_metadata_trackers,
    tracked_objects,
)


def test_output_metadata_defaults_and_frozen_collections() -> None:
    partitions = {"region": "eu"}
    items = [StaticItem("k", "v")]
    md = OutputMetadata("artifact", dynamic_partitions=partitions, additional_items=items)
    partitions["region"] = "us"
    items.append(StaticItem("x", "y"))
    assert md.dynamic_partitions == pmap({"region": "eu"})
    assert md.additional_items == (StaticItem("k", "v"),)
    assert md.time_partition is None
    assert OutputMetadata("a").dynamic_partitions is None
    assert OutputMetadata("a").additional_items is None


def test_serializable_to_string_protocol() -> None:
    item: SerializableToString = StaticItem("key", "value")
    ctx = memory_root(MemoryFileAccess())
    assert item.serialize_to_string(ctx, "o0") == ("key", "value")


def test_add_returns_a_new_tracker() -> None:
    obj, md = object(), OutputMetadata("a")
    empty = OutputMetadataTracker()
    tracker = empty.add(obj, md)
    assert tracker.get(obj) is md
    assert empty.get(obj) is None
    assert len(empty) == 0
    assert len(tracker) == 1


def test_get_is_by_identity_not_equality() -> None:
    a, b = [1], [1]
    tracker = OutputMetadataTracker().add(a, OutputMetadata("a"))
    assert tracker.get(a) is not None
    assert tracker.get(b) is None


def test_add_again_replaces() -> None:
    obj = object()
    first, second = OutputMetadata("1"), OutputMetadata("2")
    tracker = OutputMetadataTracker().add(obj, first).add(obj, second)
    assert tracker.get(obj) is second
    assert len(tracker) == 1


def test_an_entry_keeps_its_object_alive_so_ids_are_not_reused() -> None:
    # The reference keyed by id() alone: after the object died, a new object with the same id
    # got its metadata (§15.13).
    md = OutputMetadata("a")
    tracker = OutputMetadataTracker().add([1, 2, 3], md)
    gc.collect()
    strangers = [[i] for i in range(10_000)]
    assert all(tracker.get(s) is None for s in strangers)
    assert len(tracker) == 1


def test_with_params() -> None:
    obj = object()
    tracker = OutputMetadataTracker().add(obj, OutputMetadata("a"))
    assert tracker.with_params() == tracker
    assert tracker.with_params().get(obj) is not None
    assert len(tracker.with_params({})) == 0
    assert len(tracker) == 1


def test_records_are_frozen() -> None:
    md = OutputMetadata("a")
    with pytest.raises(AttributeError):
        md.artifact = "b"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


@given(output_metadata_trackers(), tracked_objects(), output_metadata())
def test_add_leaves_its_input_unchanged(
    tracker: OutputMetadataTracker, obj: object, md: OutputMetadata
) -> None:
    before = copy.deepcopy(tracker)
    new = tracker.add(obj, md)
    assert tracker == before
    assert new.get(obj) is md
    assert tracker.get(obj) is None
    assert len(new) == len(tracker) + 1


@given(output_metadata_trackers())
def test_with_params_without_arguments_is_the_identity(tracker: OutputMetadataTracker) -> None:
    before = copy.deepcopy(tracker)
    assert tracker.with_params() == tracker
    assert tracker == before


def test_time_partition() -> None:
    when = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
    assert OutputMetadata("a", time_partition=when).time_partition == when
