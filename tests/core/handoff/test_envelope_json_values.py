"""The envelope writes each JSON value exactly as ``json.dumps`` would, by a shorter path.

``to_json`` writes its fields itself (for speed) with ``_json_string`` and ``_json_number``;
whatever a field holds, even a value of the wrong type in a record made by hand, the text must
be ``json.dumps``'s, so that every reader reads what was meant.
"""

from __future__ import annotations

import json
import math

from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.handoff import envelope as envelope_module

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
    written = envelope_module._json_string(value)  # pyright: ignore[reportPrivateUsage]
    assert written == json.dumps(value, separators=(",", ":"))


@given(_ANY_SCALAR)
def test_a_number_field_is_written_as_json_dumps_writes_it(value: object) -> None:
    written = envelope_module._json_number(value)  # pyright: ignore[reportPrivateUsage]
    assert written == json.dumps(value, separators=(",", ":"))
