"""W3C trace context, baggage and the custom context's bounds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import (
    MAX_CUSTOM_CONTEXT_BYTES,
    MAX_CUSTOM_CONTEXT_ENTRIES,
    EnvelopeError,
    TraceContext,
    checked_custom_context,
    decode_baggage,
    derived_traceparent,
    encode_baggage,
)

_PARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
_KEYS = st.text("abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=12)


def test_a_w3c_traceparent_is_kept_with_its_parts() -> None:
    trace = TraceContext(_PARENT, "congo=t61rcWkgMzE")
    assert trace.trace_id == "0af7651916cd43dd8448eb211c80319c"
    assert trace.parent_id == "b7ad6b7169203331"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331",  # no flags
        "01-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",  # unknown version
        "00-0AF7651916CD43DD8448EB211C80319C-b7ad6b7169203331-01",  # upper case
        "00-00000000000000000000000000000000-b7ad6b7169203331-01",  # zero trace id
        "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",  # zero parent id
        _PARENT + "-extra",
        "x" * 10_000_000,
    ],
)
def test_anything_else_is_refused_naming_the_field(value: str) -> None:
    with pytest.raises(EnvelopeError, match="traceparent") as caught:
        TraceContext(value)
    assert len(str(caught.value)) < 400


def test_a_tracestate_over_its_bound_or_with_control_characters_is_refused() -> None:
    with pytest.raises(EnvelopeError, match="tracestate"):
        TraceContext(_PARENT, "a=" + "b" * 600)
    with pytest.raises(EnvelopeError, match="tracestate"):
        TraceContext(_PARENT, "a=\nb")


def test_the_derived_traceparent_depends_only_on_the_ids() -> None:
    one = derived_traceparent("ex:p:d:n", "TASK:p:d:t:v")
    again = derived_traceparent("ex:p:d:n", "TASK:p:d:t:v")
    child = derived_traceparent("ex:p:d:n", "TASK:p:d:other:v")
    other = derived_traceparent("ex:p:d:m", "TASK:p:d:t:v")
    assert one == again
    assert TraceContext(one).trace_id == TraceContext(child).trace_id  # one trace per execution
    assert TraceContext(one).parent_id != TraceContext(child).parent_id
    assert TraceContext(one).trace_id != TraceContext(other).trace_id


@given(st.dictionaries(_KEYS, st.text(max_size=20), max_size=10))
def test_baggage_round_trips_any_values(custom: dict[str, str]) -> None:
    header = encode_baggage(custom)
    assert header.isascii()
    assert decode_baggage(header) == custom


def test_baggage_members_properties_and_spaces_are_read_as_w3c_says() -> None:
    assert decode_baggage(" a = 1 ;prop=x , b=%E2%82%AC ,, ") == {"a": "1", "b": "€"}


@pytest.mark.parametrize(
    "header",
    ["novalue", "k=%FF", "bad key=1", "k=" + "v" * (MAX_CUSTOM_CONTEXT_BYTES + 1)],
)
def test_bad_baggage_is_refused(header: str) -> None:
    with pytest.raises(EnvelopeError, match="BAGGAGE"):
        decode_baggage(header)


def test_the_custom_context_is_bounded_in_count_and_size() -> None:
    checked_custom_context((f"k{i}", "v") for i in range(MAX_CUSTOM_CONTEXT_ENTRIES))
    with pytest.raises(EnvelopeError, match="entries"):
        checked_custom_context((f"k{i}", "v") for i in range(MAX_CUSTOM_CONTEXT_ENTRIES + 1))
    with pytest.raises(EnvelopeError, match="bytes"):
        checked_custom_context([("k", "€" * (MAX_CUSTOM_CONTEXT_BYTES // 4))])
    with pytest.raises(EnvelopeError, match="strings"):
        checked_custom_context([("k", 1)])
    with pytest.raises(EnvelopeError, match="token"):
        checked_custom_context([("a b", "1")])


def test_an_endless_custom_context_is_refused_without_reading_it_all() -> None:
    def endless() -> Iterator[tuple[str, str]]:
        i = 0
        while True:
            yield (f"k{i}", "v")
            i += 1

    with pytest.raises(EnvelopeError):
        checked_custom_context(endless())
