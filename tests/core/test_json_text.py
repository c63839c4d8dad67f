"""``parsed`` is ``json.loads``, value and error, whatever the text; ``json_string`` and
``json_number`` write exactly what ``json.dumps`` writes, whatever the value (even one of the
wrong type in a record made by hand), so every reader reads what was meant."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

import pytest
from hypothesis import given
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


_ANY_SCALAR = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.sampled_from([math.nan, math.inf, -math.inf, -0.0])
    | st.text()
    | st.lists(st.integers(), max_size=3)
)


@given(_ANY_SCALAR)
def test_a_string_field_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert json_string(value) == json.dumps(value, separators=(",", ":"))


@given(_ANY_SCALAR)
def test_a_number_field_is_written_as_json_dumps_writes_it(value: object) -> None:
    assert json_number(value) == json.dumps(value, separators=(",", ":"))
