"""Bounded messages (``ctxcore.core.errors``): ``shown`` and ``listed`` cost and say little
whatever they are given."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.errors import (
    MAX_REASON_CHARS,
    MAX_REASONS,
    MAX_SHOWN_CHARS,
    MAX_SHOWN_PATH_CHARS,
    ClientSecretFileNotFoundError,
    ConfigError,
    DataNotFoundError,
    EnvelopeError,
    FlyteDataNotFoundException,
    MissingCredentialsError,
    SecretNotFoundError,
    clipped,
    listed,
    shown,
    shown_path,
)

_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.binary()
    | st.datetimes()
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner) | st.tuples(inner, inner),
    max_leaves=60,
)


@given(_VALUES, st.integers(min_value=1, max_value=200))
def test_shown_is_never_longer_than_its_limit(value: object, limit: int) -> None:
    text = shown(value, limit)
    assert len(text) <= limit


@given(st.text(max_size=40) | st.integers(-(10**30), 10**30) | st.lists(st.integers(), max_size=5))
def test_a_short_value_is_shown_as_its_repr(value: object) -> None:
    if len(repr(value)) <= MAX_SHOWN_CHARS:
        assert shown(value) == repr(value)


_LARGE: dict[str, Callable[[], object]] = {
    "string": lambda: "x" * 10**7,
    "bytes": lambda: b"y" * 10**7,
    "integer": lambda: 10**100_000,
    "list": lambda: [1] * 10**7,
    "mapping": lambda: dict.fromkeys(range(10**6), "v"),
    "nested": lambda: [[[[[[[[["deep"]]]]]]]]],
    "strings": lambda: ["x" * 10**6] * 1000,
    "wide and deep": lambda: [[[[[0] * 1000] * 1000] * 1000] * 1000],
    "datetime": lambda: datetime.datetime(2020, 1, 1),
    "object": object,
}


@pytest.mark.parametrize("kind", sorted(_LARGE))
def test_shown_costs_little_whatever_the_value(kind: str) -> None:
    value = _LARGE[kind]()
    start = time.perf_counter()
    text = shown(value)
    assert time.perf_counter() - start < 0.05
    assert len(text) <= MAX_SHOWN_CHARS


def test_shown_ends_on_a_value_that_contains_itself() -> None:
    looped: list[object] = []
    looped.append(looped)
    mapping: dict[str, object] = {}
    mapping["self"] = mapping
    assert shown(looped) == "[[[[[...]]]]]"
    assert shown(mapping).startswith("{'self': {'self':")


def test_a_huge_integer_is_described_by_its_size() -> None:
    assert shown(2**100_000) == "<an integer of 100001 bits>"


def test_listed_shows_the_first_reasons_and_counts_the_rest() -> None:
    assert listed(["a", "b"]) == "a; b"
    reasons = [f"r{index}" for index in range(500_000)]
    text = listed(reasons)
    assert text == "r0; r1; r2; r3; r4 (and 499995 more)"
    assert len(listed(["x" * 10**6] * 10)) <= MAX_REASONS * (MAX_REASON_CHARS + 2) + 20


_WORDS = st.text("abcXYZ019", max_size=12)
_LEAVES = st.none() | st.booleans() | st.integers(-(10**12), 10**12) | _WORDS


def _containers(inner: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    return (
        st.lists(inner, max_size=8)
        | st.dictionaries(_WORDS, inner, max_size=6)
        | st.lists(inner, max_size=3).map(tuple)
        | st.sets(st.integers(-99, 99), max_size=8)
        | st.frozensets(_WORDS, max_size=6)
    )


_NESTED = _containers(_LEAVES | _containers(_LEAVES | _containers(_LEAVES)))
"""Values three containers deep at most (``shown`` stops at four), empty sets and tuples of one
among them (``set()``, not ``{}``; ``(1,)``, not ``(1)``)."""


@given(_NESTED | _LEAVES, st.integers(min_value=1, max_value=120))
def test_shown_is_the_repr_clipped_to_the_limit(value: object, limit: int) -> None:
    """Walking only as far as the limit loses nothing that clipping the whole repr keeps."""
    assert shown(value, limit) == clipped(repr(value), limit)


def test_a_list_exactly_as_long_as_the_limit_is_shown_whole() -> None:
    value = [10] * 17 + [1] * 4
    assert len(repr(value)) == MAX_SHOWN_CHARS
    assert shown(value) == repr(value)
    assert shown([*value, 1]) == repr(value)[: MAX_SHOWN_CHARS - 3] + "..."


def test_shown_of_scalars_and_other_objects() -> None:
    assert shown(b"ab'c") == repr(b"ab'c")
    assert shown(bytearray(b"abc")) == "b'abc'"
    assert shown(bytearray(b"z" * 100)) == "b'" + "z" * 75 + "..."
    assert shown(1.5) == "1.5"
    assert shown(True) == "True"
    assert shown(None) == "None"
    assert shown(datetime.date(2024, 1, 2)) == "datetime.date(2024, 1, 2)"
    assert shown(datetime.timedelta(seconds=3)) == "datetime.timedelta(seconds=3)"
    assert shown(object()) == "<object object>"
    assert shown(ValueError("x")) == "<ValueError object>"


def test_an_integer_is_printed_up_to_14000_bits() -> None:
    largest = 2**14_000 - 1
    assert largest.bit_length() == 14_000
    assert shown(largest) == str(largest)[: MAX_SHOWN_CHARS - 3] + "..."
    assert shown(-largest).startswith("-" + str(largest)[:10])
    assert shown(2**14_000) == "<an integer of 14001 bits>"


def test_listed_counts_only_reasons_past_the_fifth() -> None:
    assert MAX_REASONS == 5
    assert listed(["a", "b", "c", "d", "e"]) == "a; b; c; d; e"
    assert listed(["a", "b", "c", "d", "e", "f"]) == "a; b; c; d; e (and 1 more)"
    assert listed(["r" * (MAX_REASON_CHARS + 1)]) == "r" * (MAX_REASON_CHARS - 3) + "..."


def test_the_repr_of_an_error_names_its_class_and_fields() -> None:
    assert repr(EnvelopeError("$.custom_context", "too long")) == (
        "EnvelopeError(field='$.custom_context', reason='too long')"
    )
    assert repr(
        MissingCredentialsError("s3://b/", ("s3.access_key_id", "s3.secret_access_key"))
    ) == (
        "MissingCredentialsError(store='s3://b/', "
        "missing=('s3.access_key_id', 's3.secret_access_key'))"
    )


def test_clipped() -> None:
    assert clipped("abc", 3) == "abc"
    assert clipped("abcd", 3) == "..."
    assert clipped("abcdef", 5) == "ab..."


def test_the_reference_s_name_of_data_not_found_is_the_same_class() -> None:
    assert FlyteDataNotFoundException is DataNotFoundError
    with pytest.raises(FlyteDataNotFoundException) as caught:
        raise DataNotFoundError("s3://b/k")
    assert isinstance(caught.value, ValueError)
    assert str(caught.value) == "Value error!  Received: s3://b/k. File not found"


def test_a_missing_secret_with_a_huge_name_gives_a_short_message() -> None:
    # Found by the fuzz target of secret names: a long key was in the message four times whole.
    key = "k" * 5000
    error = SecretNotFoundError("g", key, f"_FSEC_G_{key.upper()}", f"/etc/secrets/g/{key}")
    assert len(str(error)) <= 4096
    assert str(error).startswith("Please make sure to add secret_requests=[Secret(group=g, key=kkk")
    short = SecretNotFoundError("grp", "key", "_FSEC_GRP_KEY", "/etc/secrets/grp/key")
    assert str(short) == (
        "Please make sure to add secret_requests=[Secret(group=grp, key=key)] in @task. "
        "Unable to find secret for key key in group grp in Env Var:_FSEC_GRP_KEY and "
        "FilePath: /etc/secrets/grp/key"
    )


# -- paths and reprs from outside input stay bounded --------------------------------------------

_HUGE_PATH = "/" + "d" * 100_000 + "/config.yaml"


def test_a_path_is_shown_whole_up_to_its_bound_and_clipped_past_it() -> None:
    fits = "/" + "d" * (MAX_SHOWN_PATH_CHARS - 3)  # its repr: exactly the bound
    assert shown_path(fits) == repr(fits)
    assert shown_path(fits + "d") == repr(fits + "d")[: MAX_SHOWN_PATH_CHARS - 3] + "..."
    assert len(shown_path(_HUGE_PATH)) == MAX_SHOWN_PATH_CHARS


def test_a_config_error_names_a_huge_file_in_a_bounded_message_and_repr() -> None:
    error = ConfigError("not a boolean", file=_HUGE_PATH, line=3, key="admin.insecure")
    assert str(error) == (
        f"config file {shown_path(_HUGE_PATH)}, line 3, key admin.insecure: not a boolean"
    )
    assert len(str(error)) < 1000
    assert error.file == _HUGE_PATH  # the field itself keeps the whole path
    assert len(repr(error)) < 2 * MAX_SHOWN_PATH_CHARS


def test_an_error_repr_shows_text_fields_bounded_and_other_fields_as_they_are() -> None:
    error = ClientSecretFileNotFoundError(
        "the client secret file does not exist", env_var="V", path=_HUGE_PATH
    )
    assert repr(error) == (
        "ClientSecretFileNotFoundError(reason='the client secret file does not exist', "
        f"env_var='V', file=None, line=None, key=None, path={shown_path(_HUGE_PATH)})"
    )
    assert error.filename == _HUGE_PATH
    short = ConfigError("r", file="c.yaml", line=2)
    assert repr(short) == "ConfigError(reason='r', env_var=None, file='c.yaml', line=2, key=None)"


def test_an_error_repr_shows_a_field_that_is_not_text_by_its_own_repr() -> None:
    # A one-item tuple keeps its comma: the repr of the field, not a bounded rendering of it.
    error = MissingCredentialsError("s3", ("s3.access_key_id",))
    assert repr(error) == "MissingCredentialsError(store='s3', missing=('s3.access_key_id',))"


def test_an_error_repr_shows_a_tuple_of_paths_whole_not_clipped_to_one_path_s_bound() -> None:
    # Each place is a path, shown whole as a text field would be: the repr of the tuple, not
    # a rendering of it clipped to MAX_SHOWN_PATH_CHARS in all.
    places = ("/" + "a" * 500, "/" + "b" * 500)
    error = SecretNotFoundError("g", "k", "E", "/f", looked_in=places)
    assert f"looked_in={places!r}" in repr(error)
