"""The identifier parsers' bounds, exactly: the longest string read, how much of a refused one
an error shows, and the part counts. Each test pins an edge a mutation would move
(``make mutation MODULE=ctxcore.core.identifiers``)."""

from __future__ import annotations

import pytest
from returns.result import Success

from ctxcore.core.identifiers import (
    MAX_IDENTIFIER_LENGTH,
    MAX_RECEIVED_CHARS,
    Identifier,
    ResourceType,
    WorkflowExecutionIdentifier,
    parse_identifier,
    parse_workflow_execution_identifier,
)


def _task(length: int) -> str:
    """A task identifier of exactly ``length`` characters."""
    return "TASK:p:d:" + "n" * (length - len("TASK:p:d::v")) + ":v"


def _execution(length: int) -> str:
    return "ex:p:d:" + "n" * (length - len("ex:p:d:"))


def test_identifiers_of_the_longest_length_parse() -> None:
    name = "n" * (MAX_IDENTIFIER_LENGTH - len("TASK:p:d::v"))
    assert parse_identifier(_task(MAX_IDENTIFIER_LENGTH)) == Success(
        Identifier(ResourceType.TASK, "p", "d", name, "v")
    )
    assert parse_workflow_execution_identifier(_execution(MAX_IDENTIFIER_LENGTH)) == Success(
        WorkflowExecutionIdentifier("p", "d", "n" * (MAX_IDENTIFIER_LENGTH - len("ex:p:d:")))
    )


def test_one_character_more_is_refused_unread() -> None:
    for value, error in (
        (task := _task(MAX_IDENTIFIER_LENGTH + 1), parse_identifier(task).failure()),
        (
            ex := _execution(MAX_IDENTIFIER_LENGTH + 1),
            parse_workflow_execution_identifier(ex).failure(),
        ),
    ):
        assert error.reason == f"An identifier may have at most {MAX_IDENTIFIER_LENGTH} characters."
        assert error.value == (
            f"{value[:MAX_RECEIVED_CHARS]}... ({MAX_IDENTIFIER_LENGTH + 1} characters)"
        )


@pytest.mark.parametrize("length", [MAX_RECEIVED_CHARS - 1, MAX_RECEIVED_CHARS])
def test_a_refused_string_up_to_the_cut_is_shown_whole(length: int) -> None:
    value = "x" * length
    assert parse_identifier(value).failure().value == value
    assert parse_workflow_execution_identifier(value).failure().value == value


def test_a_refused_string_past_the_cut_shows_its_start_and_length() -> None:
    value = "x" * (MAX_RECEIVED_CHARS + 1)
    shown = f"{'x' * MAX_RECEIVED_CHARS}... ({MAX_RECEIVED_CHARS + 1} characters)"
    assert parse_identifier(value).failure().value == shown
    assert parse_workflow_execution_identifier(value).failure().value == shown


def test_a_long_wrong_prefix_or_type_is_cut_too() -> None:
    prefix = "y" * (MAX_RECEIVED_CHARS + 5)
    shown = f"{'y' * MAX_RECEIVED_CHARS}... ({MAX_RECEIVED_CHARS + 5} characters)"
    assert parse_workflow_execution_identifier(f"{prefix}:p:d:n").failure().value == shown
    assert parse_identifier(f"{prefix}:p:d:n:v").failure().value == shown


def test_colons_past_the_last_part_belong_to_it() -> None:
    # split(":", count) makes at most count + 1 parts: one more colon is one part too many.
    assert parse_identifier("TASK:p:d:n:v:x").failure().reason.startswith("The provided string")
    assert (
        parse_workflow_execution_identifier("ex:p:d:n:x")
        .failure()
        .reason.startswith("The provided string")
    )


def test_every_resource_type_and_short_form_parses() -> None:
    for kind in ResourceType:
        assert parse_identifier(f"{kind.name}:p:d:n:v").unwrap().resource_type is kind
    assert parse_identifier("lp:p:d:n:v").unwrap().resource_type is ResourceType.LAUNCH_PLAN
    # UNSPECIFIED is 0, falsy: the long-name lookup must still find it.
    assert parse_identifier("UNSPECIFIED:p:d:n:v").unwrap().resource_type is (
        ResourceType.UNSPECIFIED
    )
