"""The identifier parsers' bounds, exactly: the longest string read, how much of a refused one
an error shows, and the part counts. Each test pins an edge a mutation would move
(``make mutation MODULE=ctxcore.core.identifiers``)."""

from __future__ import annotations

import pytest
from returns.result import Success

from ctxcore.core.errors import IdentifierError
from ctxcore.core.identifiers import (
    MAX_IDENTIFIER_LENGTH,
    MAX_RECEIVED_CHARS,
    MAX_RETRY_ATTEMPT,
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
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


def test_every_identifier_error_reads_as_written() -> None:
    # What a user sees, word for word: the value received and the reason.
    bad_type = parse_identifier("job:p:d:n:v").failure()
    assert str(bad_type) == (
        "Value error!  Received: job. The provided string could not be parsed. The first element "
        "of an identifier must be one of: TASK, WORKFLOW, LAUNCH_PLAN, DATASET, UNSPECIFIED, tsk, "
        "wf, lp."
    )
    bad_form = parse_identifier("TASK:p:d:n").failure()
    assert str(bad_form) == (
        "Value error!  Received: TASK:p:d:n. The provided string was not in a parseable format. "
        "The string for an identifier must be in the format type:project:domain:name:version."
    )
    for parse in (parse_identifier, parse_workflow_execution_identifier):
        not_text = parse(b"TASK:p:d:n:v").failure()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        assert str(not_text) == (
            "Value error!  Received: b'TASK:p:d:n:v'. An identifier must be a string, not bytes."
        )


def test_the_largest_retry_attempt_is_kept_and_one_more_is_shown() -> None:
    node = NodeExecutionIdentifier("n0", WorkflowExecutionIdentifier("p", "d", "n"))
    task = Identifier(ResourceType.TASK, "p", "d", "n", "v")
    assert TaskExecutionIdentifier(task, node, MAX_RETRY_ATTEMPT).retry_attempt == MAX_RETRY_ATTEMPT
    with pytest.raises(IdentifierError) as raised:
        TaskExecutionIdentifier(task, node, MAX_RETRY_ATTEMPT + 1)
    assert str(raised.value) == (
        "Value error!  Received: 4294967296. "
        "A retry attempt is an int from 0 to 4294967295 (a uint32 in flyteidl)."
    )
