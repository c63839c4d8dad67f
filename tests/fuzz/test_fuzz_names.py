"""Fuzz: identifiers (``parse_identifier``, ``parse_workflow_execution_identifier`` and their
raising ``from_python_std`` forms) and secret names (``SecretsManager``), seeded with valid
names, every resource type's spelling, names at and past the length bound, and the names that
would leave the secrets directory."""

from __future__ import annotations

import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import (
    IdentifierError,
    SecretFileError,
    SecretNameError,
    SecretNotFoundError,
    SecretValueError,
)
from ctxcore.core.identifiers import (
    MAX_IDENTIFIER_LENGTH,
    Identifier,
    ResourceType,
    WorkflowExecutionIdentifier,
    parse_identifier,
    parse_workflow_execution_identifier,
)
from ctxcore.core.results import unwrap_or_raise
from ctxcore.shell.secrets import SecretsManager
from tests.fuzz.bounds import within_bounds
from tests.fuzz.mutate import mutated_text
from tests.fuzz.profiles import fuzz

pytestmark = pytest.mark.fuzz

_LONG = "n" * (MAX_IDENTIFIER_LENGTH - len("TASK:p:d::v"))
_IDENTIFIER_SEEDS = [
    *(f"{kind.name}:project:domain:name:version" for kind in ResourceType),
    "tsk:p:d:n:v",
    "wf:p:d:n:v",
    "lp:p:d:n:v",
    "ex:project:domain:name",
    "ex:p:d:n:extra:colons",
    f"TASK:p:d:{_LONG}:v",
    f"TASK:p:d:{_LONG}x:v",
    "::::",
    ":::",
]


@fuzz
@given(mutated_text(_IDENTIFIER_SEEDS))
def test_an_identifier_parses_or_is_an_identifier_error(text: str) -> None:
    parsed = within_bounds(lambda: unwrap_or_raise(parse_identifier(text)), (IdentifierError,))
    execution = within_bounds(
        lambda: unwrap_or_raise(parse_workflow_execution_identifier(text)), (IdentifierError,)
    )
    for outcome in (parsed, execution):
        if outcome.error is None:
            assert len(text) <= MAX_IDENTIFIER_LENGTH
    raised = within_bounds(lambda: Identifier.from_python_std(text), (IdentifierError,))
    assert raised.value == parsed.value
    raised = within_bounds(
        lambda: WorkflowExecutionIdentifier.from_python_std(text), (IdentifierError,)
    )
    assert raised.value == execution.value


_NAME_SEEDS = ["group", "key", "v1", ".", "..", "a/b", "a\\b", "a\x00b", " .. ", "", "x" * 300]
_SECRETS_DIR = "/nonexistent/ctxcore-fuzz/secrets"

names = st.none() | mutated_text(_NAME_SEEDS, max_edits=3)


@fuzz
@given(names, names, names)
def test_a_secret_name_stays_in_its_directory_or_is_an_error(
    group: str | None, key: str | None, version: str | None
) -> None:
    manager = SecretsManager(SecretsConfig(default_dir=_SECRETS_DIR), env={}, environb={})
    outcome = within_bounds(
        lambda: manager.get_secrets_file(group, key, version), (SecretNameError,)
    )
    if outcome.error is None:
        assert isinstance(outcome.value, str)
        assert os.path.normpath(outcome.value).startswith(_SECRETS_DIR + os.sep)
        assert os.path.dirname(os.path.normpath(outcome.value)) != os.path.dirname(_SECRETS_DIR)
    found = within_bounds(
        lambda: manager.get(group, key, version),
        (SecretNameError, SecretNotFoundError, SecretFileError, SecretValueError),
    )
    assert found.error is not None  # nothing is in the environment or the directory
