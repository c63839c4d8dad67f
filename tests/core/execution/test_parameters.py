"""ExecutionParameters (reference §5): properties, task attributes, builders, the timeline deck.
Task sandboxes, made on the disk, are in ``tests/shell/test_sandbox.py``."""

from __future__ import annotations

import datetime
import logging

import attrs
import pytest

from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import TaskAttributeError
from ctxcore.core.execution.decks import Deck, TimelineEntry
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.identifiers import Identifier, ResourceType, WorkflowExecutionIdentifier
from ctxcore.effects.stats import NullStats
from ctxcore.effects.timeline import MemoryTimeline
from ctxcore.shell.secrets import SecretsManager
from ctxcore.testing import CounterEntropy

_DATE = datetime.datetime(2026, 11, 26, tzinfo=datetime.timezone.utc)


def _params(tmp_dir: str = "/w", **attributes: object) -> ExecutionParameters:
    builder = ExecutionParameters(
        execution_date=_DATE,
        tmp_dir=tmp_dir,
        stats=NullStats(),
        execution_id=WorkflowExecutionIdentifier("p", "d", "n"),
        logging=logging.getLogger("user_space"),
        raw_output_prefix="s3://b/raw/",
    ).builder()
    for key, value in attributes.items():
        builder = builder.add_attr(key, value)
    return builder.build()


def test_properties() -> None:
    params = _params()
    assert params.working_directory == "/w"
    assert params.decks == ()
    assert params.enable_deck is False
    assert params.default_deck == Deck("default")
    with pytest.raises(NotImplementedError, match="Checkpointing is not available"):
        _ = params.checkpoint
    assert isinstance(params.secrets, SecretsManager)  # as the reference: one from the process


def test_task_attributes_from_the_constructor() -> None:
    params = ExecutionParameters(
        _DATE, "/w", NullStats(), None, logging.getLogger("x"), "/raw/", SPARK="s", other=1
    )
    assert params.spark == "s"
    assert params.get("OTHER") == 1


def test_task_attributes_are_case_insensitive_and_hasattr_works() -> None:
    params = _params(SPARK_SESSION="spark", lower_key="reachable")
    assert params.get("spark_session") == "spark"
    assert params.SPARK_SESSION == "spark"
    assert params.lower_key == "reachable"
    assert params.has_attr("LOWER_KEY")
    assert hasattr(params, "spark_session")
    assert not hasattr(params, "missing")
    with pytest.raises(TaskAttributeError) as raised:
        params.get("missing")
    assert str(raised.value) == (
        "MISSING not available as a parameter in Flyte context - are you in right task-type?"
    )
    assert isinstance(raised.value, AssertionError)


def test_the_builder_copies_and_never_changes_the_source() -> None:
    params = _params(A=1)
    built = params.builder().add_attr("b", 2).with_params(working_dir="/other").build()
    assert built.get("a") == 1
    assert built.get("b") == 2
    assert built.working_directory == "/other"
    assert not params.has_attr("b")
    assert params.working_directory == "/w"


def test_new_builder_on_the_class_and_on_an_instance() -> None:
    params = _params(A=1)
    assert ExecutionParameters.new_builder(params).build() == params
    assert params.new_builder().build() == params
    empty = ExecutionParameters.new_builder()
    assert empty.working_dir is None
    with pytest.raises(ValueError, match=r"needs execution_date, working_dir, raw_output_prefix$"):
        empty.build()


def test_parameters_without_stats_or_logging_build_again() -> None:
    # The reference (and its tests) pass stats=None and logging=None; every builder made from
    # such parameters builds them again, None carried over.
    params = ExecutionParameters(
        _DATE,
        "/w",
        None,  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        None,
        None,  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        "/raw/",
    )
    assert params.builder().build() == params
    assert ExecutionParameters.new_builder(params).build() == params
    deck = params.with_enable_deck(True).build()
    assert deck.enable_deck is True
    assert _none(deck.stats, deck.logging)
    sandboxed = params.with_task_sandbox().build()
    assert sandboxed.working_directory.startswith("/w")
    assert _none(sandboxed.stats, sandboxed.logging)


def _none(*values: object) -> bool:
    return all(value is None for value in values)


def test_with_enable_deck() -> None:
    assert _params().with_enable_deck(True).build().enable_deck is True


def test_the_timeline_deck_shows_what_was_recorded() -> None:
    timeline = MemoryTimeline()
    params = ExecutionParameters(
        _DATE, "/w", NullStats(), None, logging.getLogger("x"), "/raw/", timeline=timeline
    )
    assert len(params.timeline_deck.entries) == 0
    entry = TimelineEntry("step", _DATE, _DATE, 0.5, 0.25)
    timeline.record(entry)
    assert list(params.timeline_deck.entries) == [entry]
    assert "<td>step</td>" in params.timeline_deck.to_deck().html


class _Checkpoint:
    """A checkpoint that holds nothing: only its identity matters here."""

    def prev_exists(self) -> bool:
        return False

    def read(self) -> bytes | None:
        return None

    def write(self, b: bytes) -> None:
        del b


def test_the_constructor_keeps_every_value() -> None:
    stats, logger, checkpoint = NullStats(), logging.getLogger("kept"), _Checkpoint()
    execution_id = WorkflowExecutionIdentifier("p", "d", "n")
    task_id = Identifier(ResourceType.TASK, "p", "d", "t", "v")
    timeline, secrets = MemoryTimeline(), current_ambient().default_secrets()
    decks = [Deck("one", "<p>1</p>"), Deck("two")]
    params = ExecutionParameters(
        _DATE,
        "/w",
        stats,
        execution_id,
        logger,
        "/raw/",
        "/meta/",
        checkpoint,
        iter(decks),  # any iterable, taken once
        task_id,
        True,
        timeline=timeline,
        secrets=secrets,
        key=1,
    )
    assert params.execution_date == _DATE
    assert params.tmp_dir == "/w"
    assert params.stats is stats
    assert params.execution_id is execution_id
    assert params.logging is logger
    assert params.raw_output_prefix == "/raw/"
    assert params.output_metadata_prefix == "/meta/"
    assert params.checkpoint is checkpoint
    assert params.checkpoint_or_none is checkpoint
    assert params.decks == tuple(decks)
    assert params.task_id is task_id
    assert params.enable_deck is True
    assert params.timeline is timeline
    assert params.secrets is secrets
    assert params.secrets_or_none is secrets
    assert dict(params.attributes) == {"KEY": 1}
    assert params.builder().build() == params


def test_the_sandbox_is_named_by_the_entropy_given() -> None:
    sandboxed = _params().with_task_sandbox(entropy=CounterEntropy(41)).build()
    assert sandboxed.working_directory == f"/w/{42:032x}"


def test_private_names_are_never_task_attributes() -> None:
    params = _params(_hidden=1)
    assert params.has_attr("_HIDDEN")
    assert params.get("_hidden") == 1
    with pytest.raises(AttributeError) as raised:
        _ = params._hidden
    assert raised.value.args == ("_hidden",)
    assert not isinstance(raised.value, TaskAttributeError)


def test_a_half_built_instance_has_no_attributes_and_does_not_recurse() -> None:
    # Copy and pickle probe an instance before its fields are set: the lookup of its missing
    # ``attributes`` field must fail at once, not look itself up as a task attribute.
    blank = object.__new__(ExecutionParameters)
    with pytest.raises(AttributeError) as raised:
        _ = blank.attributes
    assert raised.value.args == ("attributes",)


def test_evolve_gives_back_equal_parameters_with_their_task_attributes() -> None:
    # attrs.evolve passes every field by its init name, the task attributes as ``attributes``.
    params = _params(key=1, Other="x")
    assert attrs.evolve(params) == params
    moved = attrs.evolve(params, raw_output_prefix="s3://b/other/")
    assert moved.raw_output_prefix == "s3://b/other/"
    assert dict(moved.attributes) == {"KEY": 1, "OTHER": "x"}
    assert moved.get("key") == 1
    both = ExecutionParameters(
        execution_date=params.execution_date,
        tmp_dir="/w",
        stats=params.stats,
        execution_id=None,
        logging=params.logging,
        raw_output_prefix="",
        attributes={"key": 1, "a": 2},
        A=3,
    )
    assert dict(both.attributes) == {"KEY": 1, "A": 3}  # keyword task attributes win
