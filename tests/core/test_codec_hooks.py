"""The hooks of ``ctxcore.core.codec`` one by one, with exact forms and errors and no
generated data (the round trips of every record are in ``test_codec.py``)."""

from __future__ import annotations

import datetime
import logging
import typing
from typing import cast

import attrs
import pytest
from pyrsistent import PMap, PVector, pmap, pvector

from ctxcore import CompilationState, ExecutionParameters, ExecutionState, Node, NodeMetadata
from ctxcore.core.codec import get_converter, make_converter
from ctxcore.core.compilation.resources import Resources
from ctxcore.core.execution.decks import Deck
from ctxcore.core.identifiers import Identifier, ResourceType, WorkflowExecutionIdentifier
from ctxcore.core.ports import StatsClient
from ctxcore.effects.stats import RecordingStats

_WHEN = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)


@attrs.frozen
class _Collections:
    times: PVector[datetime.datetime]
    spans: PMap[str, datetime.timedelta]
    anything: PVector  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]
    loose: PMap  # type: ignore[type-arg]  # pyright: ignore[reportMissingTypeArgument]
    opaque: object
    stats: StatsClient


def test_persistent_collections_convert_their_items_both_ways() -> None:
    converter = make_converter()
    stats, opaque = RecordingStats(), (1, 2)
    record = _Collections(
        pvector([_WHEN]),
        pmap({"a": datetime.timedelta(microseconds=3)}),
        pvector([1, "a"]),
        pmap({1: "b"}),
        opaque,
        stats,
    )
    data = converter.unstructure(record)
    assert data == {
        "times": ["2024-05-06T07:08:09+00:00"],
        "spans": {"a": 3},
        "anything": [1, "a"],
        "loose": {1: "b"},
        "opaque": opaque,
        "stats": stats,
    }
    assert (type(data["times"]), type(data["spans"])) == (list, dict)
    assert (type(data["anything"]), type(data["loose"])) == (list, dict)
    assert data["opaque"] is opaque
    assert data["stats"] is stats
    back = converter.structure(data, _Collections)
    assert back == record
    assert back.opaque is opaque
    assert back.stats is stats
    assert converter.unstructure(stats, StatsClient) is stats  # as the protocol it is typed


class _Plain:
    """Neither a record nor a protocol."""


def test_a_plain_class_is_not_taken_for_a_protocol() -> None:
    plain = _Plain()
    assert make_converter().unstructure(plain, _Plain) is plain


def test_datetimes_are_iso_strings() -> None:
    converter = make_converter()
    assert converter.unstructure(_WHEN) == "2024-05-06T07:08:09+00:00"
    assert converter.structure("2024-05-06T07:08:09+00:00", datetime.datetime) == _WHEN
    with pytest.raises(TypeError) as raised:
        converter.structure(1714979289, datetime.datetime)
    assert str(raised.value) == "a datetime is an ISO 8601 string, not int"


@pytest.mark.parametrize(("value", "kind"), [(True, "bool"), (1.5, "float"), ("1", "str")])
def test_timedeltas_are_whole_microseconds(value: object, kind: str) -> None:
    converter = make_converter()
    assert converter.unstructure(datetime.timedelta(seconds=1, microseconds=2)) == 1_000_002
    assert converter.structure(7, datetime.timedelta) == datetime.timedelta(microseconds=7)
    assert converter.structure(0, datetime.timedelta) == datetime.timedelta(0)
    with pytest.raises(TypeError) as raised:
        converter.structure(value, datetime.timedelta)
    assert str(raised.value) == f"a timedelta is a number of microseconds, not {kind}"


def test_resource_quantities_and_pairs() -> None:
    converter = make_converter()
    resources = Resources(cpu=("1", 2), mem="1Gi", gpu=None, ephemeral_storage=1.5)
    data = {"cpu": ["1", 2], "mem": "1Gi", "gpu": None, "ephemeral_storage": 1.5}
    assert converter.unstructure(resources) == data
    assert converter.structure(data, Resources) == resources


def test_a_wrong_resource_is_a_type_error_saying_what_is_wrong() -> None:
    converter = make_converter()
    spec = cast("type[object]", typing.get_type_hints(Resources)["cpu"])  # the quantity's type
    with pytest.raises(TypeError) as raised:
        converter.structure(["1"], spec)
    assert str(raised.value) == "expected a [request, limit] pair, got 1 items"
    assert converter.structure(None, spec) is None
    assert converter.structure(["1", 2], spec) == ("1", 2)
    unstructured = converter.unstructure(("1", 2), spec)
    assert (type(unstructured), unstructured) == (list, ["1", 2])


def test_a_compilation_state_keeps_its_nodes_under_their_old_name() -> None:
    converter = make_converter()
    node = Node("a", NodeMetadata("a"))
    resolver = ("resolver",)
    state = CompilationState("p", 2, resolver, [node])
    data = converter.unstructure(state)
    assert data == {
        "prefix": "p",
        "mode": 2,
        "task_resolver": resolver,
        "_nodes": [converter.unstructure(node)],
    }
    back = converter.structure(data, CompilationState)
    assert back == state
    assert back.task_resolver is resolver
    assert converter.structure({"prefix": "q"}, CompilationState) == CompilationState("q")
    # The prefix and mode are converted as the str and int they are typed.
    converted = converter.structure({"prefix": 5, "mode": "2"}, CompilationState)
    assert (converted.prefix, converted.mode) == ("5", 2)


def test_execution_parameters_by_their_init_names() -> None:
    converter = make_converter()
    stats, logger = RecordingStats(), logging.getLogger("user_space")
    params = ExecutionParameters(
        _WHEN,
        "/w",
        stats,
        WorkflowExecutionIdentifier("p", "d", "n"),
        logger,
        "s3://b/raw/",
        "s3://b/meta/",
        decks=[Deck("d", "<p/>")],
        task_id=Identifier(ResourceType.TASK, "p", "d", "t", "v"),
        enable_deck=True,
        SPARK="s",
    )
    data = converter.unstructure(params)
    assert data == {
        "execution_date": "2024-05-06T07:08:09+00:00",
        "tmp_dir": "/w",
        "stats": stats,
        "execution_id": {"project": "p", "domain": "d", "name": "n"},
        "logging": logger,
        "raw_output_prefix": "s3://b/raw/",
        "output_metadata_prefix": "s3://b/meta/",
        "checkpoint": None,
        "decks": [{"name": "d", "html": "<p/>"}],
        "task_id": converter.unstructure(params.task_id, Identifier),
        "enable_deck": True,
        "attributes": {"SPARK": "s"},
        "timeline": None,
        "secrets": None,
    }
    assert type(data["attributes"]) is dict
    assert converter.structure(data, ExecutionParameters) == params
    bare: dict[str, object] = {
        **data,
        "execution_id": None,
        "task_id": None,
        "attributes": None,
        "decks": [],
    }
    without = {key: value for key, value in data.items() if key != "attributes"}
    assert converter.structure(without, ExecutionParameters).attributes == pmap()
    assert converter.structure(bare, ExecutionParameters) == ExecutionParameters(
        _WHEN, "/w", stats, None, logger, "s3://b/raw/", "s3://b/meta/", enable_deck=True
    )


def test_an_execution_state_holds_real_execution_parameters() -> None:
    converter = make_converter()
    params = ExecutionParameters(
        _WHEN, "/w", RecordingStats(), None, logging.getLogger("x"), "/raw/"
    )
    state = ExecutionState("/w", user_space_params=params)
    assert converter.structure(converter.unstructure(state), ExecutionState) == state


def test_the_shared_converter_is_one_converter() -> None:
    assert get_converter() is get_converter()
    assert make_converter() is not make_converter()
