"""The value transforms of the entry catalogue, tested directly: what each kind makes of a text
and of a YAML value, what counts as unset, each refusal's exact message, and the inclusive
bounds of the numeric kinds. (``test_resolve.py`` tests them through the resolver, where a
transform's error is wrapped and the numeric kinds are the catalogue's, built at import.)"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.values import (
    AUTH,
    AUTH_TYPE_VALUES,
    BOOL,
    ENDPOINT,
    LIST,
    TEXT,
    AuthType,
    InvalidValue,
    ValueKind,
    describe_type,
    int_kind,
    optional_str_tuple,
    redacted,
    seconds_kind,
    str_tuple,
    to_auth_type,
    yaml_exists,
)
from ctxcore.core.errors import ConfigError

# YAML values that exist under the reference's rule but are no scalar text.
_NOT_SCALARS: list[tuple[object, str]] = [
    ([1], "a list"),
    ({"k": "v"}, "a mapping"),
    (True, "a value of type bool"),
    (False, "a value of type bool"),
    ((1,), "a value of type tuple"),
]

# YAML values that do not exist: every kind leaves its field at the default.
_ABSENT: list[object] = [None, "", 0, 0.0, [], {}]


def _reason(call: Callable[[], object]) -> str:
    """The reason of the ``InvalidValue`` that calling ``call`` raises."""
    with pytest.raises(InvalidValue) as info:
        call()
    assert str(info.value) == info.value.reason
    return info.value.reason


# --- AuthType --------------------------------------------------------------------------------


@pytest.mark.parametrize("member", list(AuthType))
def test_auth_type_lookup_folds_case_of_every_value_and_name(member: AuthType) -> None:
    for spelling in (member.value, member.value.upper(), member.value.lower(), member.name):
        assert AuthType(spelling) is member
    assert to_auth_type(member.value.swapcase()) is member


@pytest.mark.parametrize("other", [1, None, b"pkce", ("Pkce",), "pkce ", "", "PKCEE"])
def test_auth_type_lookup_refuses_anything_else(other: object) -> None:
    with pytest.raises(ValueError, match="is not a valid AuthType"):
        AuthType(other)


def test_the_auth_type_spellings_listed_in_messages() -> None:
    assert AUTH_TYPE_VALUES == (
        "standard, basic, client_credentials, external_process, ClientSecret, Pkce, "
        "ExternalCommand, DeviceFlow"
    )


def test_to_auth_type_keeps_a_member_and_looks_up_a_name() -> None:
    assert to_auth_type(AuthType.BASIC) is AuthType.BASIC
    assert to_auth_type("deviceflow") is AuthType.DEVICEFLOW


def test_an_unknown_auth_type_is_a_config_error_naming_the_field() -> None:
    with pytest.raises(ConfigError) as info:
        to_auth_type("Kerberos")
    assert info.value.reason == f"unknown auth type 'Kerberos' (expected one of {AUTH_TYPE_VALUES})"
    assert info.value.key == "PlatformConfig.auth_mode"
    assert info.value.__cause__ is None
    assert info.value.__suppress_context__


# --- the record helpers ----------------------------------------------------------------------


def test_str_tuple_takes_any_iterable_of_strings_and_refuses_a_string() -> None:
    assert str_tuple(["a", "b"]) == ("a", "b")
    assert str_tuple(iter(("x",))) == ("x",)
    assert str_tuple([]) == ()
    with pytest.raises(TypeError) as info:
        str_tuple("ab")
    assert str(info.value) == "expected a sequence of strings, not a string"


def test_optional_str_tuple_keeps_none() -> None:
    assert optional_str_tuple(None) is None
    assert optional_str_tuple(["a"]) == ("a",)
    assert optional_str_tuple([]) == ()
    with pytest.raises(TypeError, match="not a string"):
        optional_str_tuple("a")


@pytest.mark.parametrize("secret", ["hunter2", "", 0, False, ()])
def test_redacted_says_only_whether_a_secret_is_set(secret: object) -> None:
    assert redacted(secret) == "'<redacted>'"
    assert redacted(None) == "None"


def test_invalid_value_keeps_its_reason() -> None:
    error = InvalidValue("because")
    assert (error.reason, str(error), error.args) == ("because", "because", ("because",))


# --- the exists rule and type names ----------------------------------------------------------


@given(st.one_of(st.booleans(), st.integers(), st.text(), st.lists(st.integers(), max_size=2)))
def test_a_yaml_value_exists_when_it_is_a_bool_or_truthy(value: object) -> None:
    assert yaml_exists(value) is (isinstance(value, bool) or bool(value))


def test_none_never_exists() -> None:
    assert yaml_exists(None) is False


@pytest.mark.parametrize(
    ("value", "described"),
    [
        ({}, "a mapping"),
        ({"k": 1}, "a mapping"),
        ([], "a list"),
        ([1], "a list"),
        ("", "a string"),
        ("x", "a string"),
        (1, "a value of type int"),
        (1.5, "a value of type float"),
        (True, "a value of type bool"),
        (None, "a value of type NoneType"),
        ((), "a value of type tuple"),
    ],
)
def test_describe_type(value: object, described: str) -> None:
    assert describe_type(value) == described


# --- text and endpoint -----------------------------------------------------------------------


def test_kind_names() -> None:
    kinds = (TEXT, ENDPOINT, BOOL, LIST, AUTH, int_kind(0, 1), seconds_kind(0, 1))
    assert [kind.name for kind in kinds] == [
        "str",
        "endpoint",
        "bool",
        "list",
        "auth type",
        "int",
        "seconds",
    ]
    assert all(isinstance(kind, ValueKind) for kind in kinds)


def test_text_is_kept_and_empty_is_unset() -> None:
    assert TEXT.from_text("a b ") == "a b "
    assert TEXT.from_text("") is None
    assert TEXT.from_yaml("a") == "a"
    assert TEXT.from_yaml(7) == "7"
    assert TEXT.from_yaml(-1.5) == "-1.5"


@pytest.mark.parametrize("kind", [TEXT, ENDPOINT, AUTH])
@pytest.mark.parametrize("absent", _ABSENT)
def test_absent_yaml_text_is_unset(kind: ValueKind[object], absent: object) -> None:
    assert kind.from_yaml(absent) is None


@pytest.mark.parametrize(("value", "described"), _NOT_SCALARS)
def test_yaml_text_must_be_a_scalar(value: object, described: str) -> None:
    assert _reason(lambda: TEXT.from_yaml(value)) == f"expected a string, found {described}"
    assert _reason(lambda: ENDPOINT.from_yaml(value)) == f"expected a string, found {described}"
    assert _reason(lambda: AUTH.from_yaml(value)) == (
        f"expected an auth type name, found {described}"
    )


def test_endpoint_drops_every_dns_prefix() -> None:
    assert ENDPOINT.from_text("dns:///host:81") == "host:81"
    assert ENDPOINT.from_text("dns:///a,dns:///b") == "a,b"
    assert ENDPOINT.from_text("dns://host") == "dns://host"
    assert ENDPOINT.from_text("dns:///") is None
    assert ENDPOINT.from_text("") is None
    assert ENDPOINT.from_yaml("dns:///yaml") == "yaml"
    assert ENDPOINT.from_yaml(8080) == "8080"
    assert ENDPOINT.from_yaml("dns:///") is None


# --- bool ------------------------------------------------------------------------------------

_TRUE = ("true", "1", "yes", "on")
_FALSE = ("false", "0", "no", "off")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(w, True) for w in _TRUE] + [(w, False) for w in (*_FALSE, "")],
)
def test_bool_words_in_any_case(raw: str, expected: bool) -> None:
    for spelling in (raw, raw.upper(), raw.title()):
        assert BOOL.from_text(spelling) is expected
        assert BOOL.from_yaml(spelling) is (expected if raw else None)


@pytest.mark.parametrize("raw", ["maybe", "2", " true", "y", "t", "none", "truee"])
def test_other_bool_words_are_refused_with_the_accepted_ones(raw: str) -> None:
    expected = (
        f"not a boolean: {raw!r} (accepted: true/false, 1/0, yes/no, on/off in any case, or "
        "empty for false)"
    )
    assert _reason(lambda: BOOL.from_text(raw)) == expected
    assert _reason(lambda: BOOL.from_yaml(raw)) == expected


def test_yaml_bools() -> None:
    assert BOOL.from_yaml(True) is True
    assert BOOL.from_yaml(False) is False
    assert BOOL.from_yaml(1) is True
    for absent in _ABSENT:
        assert BOOL.from_yaml(absent) is None


@pytest.mark.parametrize(("value", "text"), [(2, "2"), (-1, "-1"), (1.0, "1.0"), ([0], "[0]")])
def test_other_yaml_values_are_no_bools(value: object, text: str) -> None:
    assert _reason(lambda: BOOL.from_yaml(value)) == f"expected a boolean, found {text}"


# --- int and seconds -------------------------------------------------------------------------


def test_ints_from_text() -> None:
    kind = int_kind(-5, 5)
    assert kind.from_text("3") == 3
    assert kind.from_text(" -2 ") == -2
    assert kind.from_text("0") is None
    assert _reason(lambda: kind.from_text("x")) == "not an integer: 'x'"
    assert _reason(lambda: kind.from_text("")) == "not an integer: ''"
    assert _reason(lambda: kind.from_text("1.5")) == "not an integer: '1.5'"


def test_ints_from_yaml() -> None:
    kind = int_kind(-5, 5)
    assert kind.from_yaml(4) == 4
    assert kind.from_yaml(-4) == -4
    assert kind.from_yaml("4") == 4
    assert kind.from_yaml("0") is None
    for absent in _ABSENT:
        assert kind.from_yaml(absent) is None
    assert _reason(lambda: kind.from_yaml("x")) == "not an integer: 'x'"
    assert _reason(lambda: kind.from_yaml(True)) == "expected an integer, found True"
    assert _reason(lambda: kind.from_yaml(False)) == "expected an integer, found False"
    assert _reason(lambda: kind.from_yaml(1.5)) == "expected an integer, found 1.5"
    assert _reason(lambda: kind.from_yaml([1])) == "expected an integer, found [1]"


@given(st.integers(-10, 10), st.integers(0, 10), st.integers(-20, 20))
def test_ints_are_checked_against_their_inclusive_range(low: int, span: int, value: int) -> None:
    high = low + span
    kind = int_kind(low, high)
    if value == 0:
        assert kind.from_text("0") is None  # unset, not checked: the default applies
    elif low <= value <= high:
        assert kind.from_text(str(value)) == value
        assert kind.from_yaml(value) == value
    else:
        expected = f"{value} is out of range: expected an integer from {low} to {high}"
        assert _reason(lambda: kind.from_text(str(value))) == expected
        assert _reason(lambda: kind.from_yaml(value)) == expected


def test_the_bounds_of_a_range_are_in_it_and_their_neighbours_are_not() -> None:
    kind = int_kind(2, 5)
    assert (kind.from_text("2"), kind.from_text("5")) == (2, 5)
    assert (kind.from_yaml(2), kind.from_yaml(5)) == (2, 5)
    assert _reason(lambda: kind.from_text("1")).startswith("1 is out of range")
    assert _reason(lambda: kind.from_yaml(6)).startswith("6 is out of range")
    assert kind.from_text("0") is None


def test_seconds() -> None:
    kind = seconds_kind(-5, 60)
    assert kind.from_text("60") == datetime.timedelta(seconds=60)
    assert kind.from_text("-5") == datetime.timedelta(seconds=-5)
    assert kind.from_yaml(30) == datetime.timedelta(seconds=30)
    assert kind.from_yaml("30") == datetime.timedelta(seconds=30)
    assert kind.from_text("0") is None
    for absent in _ABSENT:
        assert kind.from_yaml(absent) is None
    expected = "61 is out of range: expected whole seconds from -5 to 60"
    assert _reason(lambda: kind.from_text("61")) == expected
    assert _reason(lambda: kind.from_yaml(61)) == expected
    assert _reason(lambda: kind.from_yaml(-6)) == (
        "-6 is out of range: expected whole seconds from -5 to 60"
    )
    assert _reason(lambda: kind.from_text("soon")) == "not an integer: 'soon'"
    assert _reason(lambda: kind.from_yaml(2.5)) == "expected an integer, found 2.5"


def test_a_huge_number_is_refused_in_a_bounded_message() -> None:
    reason = _reason(lambda: int_kind(0, 1).from_yaml(10**5000))
    assert reason.startswith("<an integer of ")
    assert reason.endswith(" bits> is out of range: expected an integer from 0 to 1")


# --- lists -----------------------------------------------------------------------------------


def test_comma_lists_keep_every_item_untrimmed() -> None:
    assert LIST.from_text("a, b") == ("a", " b")
    assert LIST.from_text("a,,b,") == ("a", "", "b", "")
    assert LIST.from_text("") == ("",)
    assert LIST.from_yaml("x,y") == ("x", "y")


def test_yaml_lists() -> None:
    assert LIST.from_yaml(["a", 1, 2.5]) == ("a", "1", "2.5")
    for absent in _ABSENT:
        assert LIST.from_yaml(absent) is None
    assert _reason(lambda: LIST.from_yaml(["a", [1]])) == "expected a list of strings, found a list"
    assert _reason(lambda: LIST.from_yaml([None])) == (
        "expected a list of strings, found a value of type NoneType"
    )


@pytest.mark.parametrize(
    ("value", "described"),
    [(5, "a value of type int"), ({"a": 1}, "a mapping"), (True, "a value of type bool")],
)
def test_other_yaml_values_are_no_lists(value: object, described: str) -> None:
    assert _reason(lambda: LIST.from_yaml(value)) == (
        f"expected a list or a comma-separated string, found {described}"
    )


# --- auth type -------------------------------------------------------------------------------


def test_auth_types() -> None:
    assert AUTH.from_text("pkce") is AuthType.PKCE
    assert AUTH.from_text("") is None
    assert AUTH.from_yaml("DEVICEFLOW") is AuthType.DEVICEFLOW
    expected = f"unknown auth type 'Kerberos' (expected one of {AUTH_TYPE_VALUES})"
    assert _reason(lambda: AUTH.from_text("Kerberos")) == expected
    assert _reason(lambda: AUTH.from_yaml("Kerberos")) == expected
    assert _reason(lambda: AUTH.from_yaml(5)) == (
        f"unknown auth type '5' (expected one of {AUTH_TYPE_VALUES})"
    )
