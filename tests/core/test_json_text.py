"""``parsed`` is ``json.loads``, value and error, whatever the text; ``json_string`` and
``json_number`` are ``json.dumps`` with the compact separators, text and error, whatever the
value."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ctxcore.core.json_text import json_number, json_string, parsed
from tests.fuzz.mutate import JSON_VALUES


def _outcome(make: Callable[[], object]) -> object:
    """What ``make`` returns, or the type and message of the error it raises."""
    try:
        return make()
    except (TypeError, ValueError) as error:
        return (type(error), str(error))


@given(
    st.text(max_size=20)
    | JSON_VALUES.map(json.dumps)
    | st.tuples(st.sampled_from(["", " ", "\ufeff", "x", "]"]), JSON_VALUES.map(json.dumps)).map(
        lambda pair: pair[1] + pair[0] if len(pair[0]) % 2 else pair[0] + pair[1]
    )
    | st.sampled_from([1, 2, 50, 500]).map(lambda depth: "[" * depth + "]" * depth)
)
def test_the_scanned_parse_is_json_loads(text: str) -> None:
    # Nesting within a few levels of the recursion limit is left out: where json.loads itself
    # gives up there depends on how deep its caller's stack already is.
    assert _outcome(lambda: parsed(text)) == _outcome(lambda: json.loads(text))
    data = text.encode()
    assert _outcome(lambda: parsed(data)) == _outcome(lambda: json.loads(data))


def test_the_scanned_parse_refuses_deep_nesting_as_json_loads() -> None:
    text = "[" * 100_000 + "]" * 100_000
    with pytest.raises(RecursionError) as scanned:
        parsed(text)
    with pytest.raises(RecursionError) as loaded:
        json.loads(text)
    assert str(scanned.value) == str(loaded.value)


def _dumped(value: object) -> object:
    return _outcome(lambda: json.dumps(value, separators=(",", ":")))


class _Unwritable:
    """A value ``json.dumps`` refuses."""


_WRITTEN = (
    JSON_VALUES
    | st.sampled_from(
        [float("nan"), float("inf"), -float("inf"), -0.0, 1e300, 2**70, _Unwritable()]
    )
    | st.tuples(st.integers())
)


@given(_WRITTEN)
@example(None)
@example("")
@example(1)
def test_the_string_writer_is_json_dumps(value: object) -> None:
    assert _outcome(lambda: json_string(value)) == _dumped(value)


@given(_WRITTEN)
@example(True)
@example(False)
@example(float("nan"))
@example("1")
@example(None)
def test_the_number_writer_is_json_dumps(value: object) -> None:
    assert _outcome(lambda: json_number(value)) == _dumped(value)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ('a"é', '"a\\"\\u00e9"'),
        (None, "null"),
        (7, "7"),
        (["x"], '["x"]'),
    ],
)
def test_the_string_writer_writes(value: object, text: str) -> None:
    assert json_string(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (True, "true"),
        (False, "false"),
        (-3, "-3"),
        (0.1, "0.1"),
        (float("nan"), "NaN"),
        (float("-inf"), "-Infinity"),
        ("1", '"1"'),
        (None, "null"),
    ],
)
def test_the_number_writer_writes(value: object, text: str) -> None:
    assert json_number(value) == text
