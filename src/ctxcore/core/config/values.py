"""Configuration values: the auth type enum and the value transforms of the entry catalogue.

A transform turns the text of an environment variable or INI option (``from_text``) or a YAML
value (``from_yaml``) into a field value. It returns ``None`` for a value that is present but
counts as unset under the reference's rule (``""``, ``0``, an empty YAML list or mapping): the
field then keeps its default. A value that does not parse raises ``InvalidValue``; the resolver
turns that into a ``ConfigError`` naming the variable or the file, line and key.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable
from typing import Final, Generic, TypeVar

import attrs

from ctxcore.core.errors import ConfigError

__all__ = [
    "AuthType",
]

T = TypeVar("T", covariant=True)


class AuthType(str, enum.Enum):
    """How the platform client authenticates. Members compare equal to their string values.

    Lookup by value is case-insensitive and also accepts member names, so ``AuthType("pkce")``,
    ``AuthType("PKCE")`` and ``AuthType("Pkce")`` are all ``AuthType.PKCE``.
    """

    STANDARD = "standard"
    BASIC = "basic"
    CLIENT_CREDENTIALS = "client_credentials"
    EXTERNAL_PROCESS = "external_process"
    CLIENTSECRET = "ClientSecret"
    PKCE = "Pkce"
    EXTERNALCOMMAND = "ExternalCommand"
    DEVICEFLOW = "DeviceFlow"

    @classmethod
    def _missing_(cls, value: object) -> AuthType | None:
        if isinstance(value, str):
            folded = value.lower()
            for member in cls:
                if member.value.lower() == folded or member.name.lower() == folded:
                    return member
        return None


AUTH_TYPE_VALUES: Final = ", ".join(member.value for member in AuthType)
"""The accepted auth type spellings, for error messages."""


def to_auth_type(value: AuthType | str) -> AuthType:
    """``value`` as an ``AuthType``; an unknown name is a ``ConfigError``."""
    if isinstance(value, AuthType):
        return value
    try:
        return AuthType(value)
    except ValueError:
        raise ConfigError(
            f"unknown auth type {_show(value)} (expected one of {AUTH_TYPE_VALUES})",
            key="PlatformConfig.auth_mode",
        ) from None


def str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """A list field's value as a tuple (a lone string is refused, not split into characters)."""
    if isinstance(value, str):
        raise TypeError("expected a sequence of strings, not a string")
    return tuple(value)


def optional_str_tuple(value: Iterable[str] | None) -> tuple[str, ...] | None:
    """``str_tuple`` that keeps ``None``."""
    return None if value is None else str_tuple(value)


def redacted(value: object) -> str:
    """The ``repr`` of a secret field: whether it is set, never what it is."""
    return "None" if value is None else "'<redacted>'"


class InvalidValue(Exception):
    """A value that does not parse; ``reason`` says why (and shows the value unless secret)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.frozen
class ValueKind(Generic[T]):
    """How the text of a variable or option, and a YAML value, become a field value."""

    name: str
    from_text: Callable[[str], T | None]
    from_yaml: Callable[[object], T | None]


_MAX_SHOWN: Final = 80
"""How much of a bad value an error message shows: enough to recognise it, and a message stays
one line whatever the input."""


def _show(value: object) -> str:
    shown = repr(value)
    return shown if len(shown) <= _MAX_SHOWN else shown[: _MAX_SHOWN - 4] + "...'"


def yaml_exists(value: object) -> bool:
    """The reference's ``_exists``: any bool counts; otherwise the value must be truthy."""
    return isinstance(value, bool) or (value is not None and bool(value))


def describe_type(value: object) -> str:
    """``a mapping``, ``a list``, ``a string`` or ``a value of type X``, for error messages."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "a string"
    return f"a value of type {type(value).__name__}"


def _scalar_text(value: object, what: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise InvalidValue(f"expected {what}, found {describe_type(value)}")


# --- text ------------------------------------------------------------------------------------


def _text(raw: str) -> str | None:
    return raw or None


def _text_yaml(value: object) -> str | None:
    return _text(_scalar_text(value, "a string")) if yaml_exists(value) else None


TEXT: Final = ValueKind[str]("str", _text, _text_yaml)


def _endpoint(raw: str) -> str | None:
    return raw.replace("dns:///", "") or None


def _endpoint_yaml(value: object) -> str | None:
    return _endpoint(_scalar_text(value, "a string")) if yaml_exists(value) else None


ENDPOINT: Final = ValueKind[str]("endpoint", _endpoint, _endpoint_yaml)
"""A string with every ``dns:///`` removed."""

# --- bool ------------------------------------------------------------------------------------

_BOOL_WORDS: Final = {
    "true": True,
    "1": True,
    "yes": True,
    "on": True,
    "false": False,
    "0": False,
    "no": False,
    "off": False,
    "": False,
}


def _bool(raw: str) -> bool:
    value = _BOOL_WORDS.get(raw.lower())
    if value is None:
        raise InvalidValue(
            f"not a boolean: {_show(raw)} (accepted: true/false, 1/0, yes/no, on/off in any "
            "case, or empty for false)"
        )
    return value


def _bool_yaml(value: object) -> bool | None:
    if not yaml_exists(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return _bool(value)
    if isinstance(value, int) and value == 1:
        return True
    raise InvalidValue(f"expected a boolean, found {_show(value)}")


BOOL: Final = ValueKind[bool]("bool", _bool, _bool_yaml)

# --- int and seconds -------------------------------------------------------------------------


def _int_value(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise InvalidValue(f"not an integer: {_show(raw)}") from None


def _int(raw: str) -> int | None:
    return _int_value(raw) or None


def _int_yaml(value: object) -> int | None:
    if not yaml_exists(value):
        return None
    if isinstance(value, str):
        return _int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidValue(f"expected an integer, found {_show(value)}")


INT: Final = ValueKind[int]("int", _int, _int_yaml)


def _to_seconds(seconds: int) -> datetime.timedelta | None:
    try:
        return datetime.timedelta(seconds=seconds) or None
    except OverflowError:
        raise InvalidValue(f"too many seconds: {_show(seconds)}") from None


def _seconds(raw: str) -> datetime.timedelta | None:
    return _to_seconds(_int_value(raw))


def _seconds_yaml(value: object) -> datetime.timedelta | None:
    seconds = _int_yaml(value)
    return None if seconds is None else _to_seconds(seconds)


SECONDS: Final = ValueKind[datetime.timedelta]("seconds", _seconds, _seconds_yaml)
"""Whole seconds as a ``timedelta`` (``FLYTE_AWS_BACKOFF_SECONDS``)."""


def _not_negative(seconds: datetime.timedelta | None) -> datetime.timedelta | None:
    if seconds is not None and seconds < datetime.timedelta(0):
        raise InvalidValue(
            f"not a positive number of seconds: {_show(int(seconds.total_seconds()))}"
        )
    return seconds


POSITIVE_SECONDS: Final = ValueKind[datetime.timedelta](
    "positive seconds",
    lambda raw: _not_negative(_seconds(raw)),
    lambda value: _not_negative(_seconds_yaml(value)),
)
"""``SECONDS`` that must be positive (``FLYTE_AWS_RETRY_DEADLINE_SECONDS``); ``0`` leaves the
default, as it does for every number."""

# --- comma lists -----------------------------------------------------------------------------


def _comma_list(raw: str) -> tuple[str, ...]:
    return tuple(raw.split(","))


def _comma_list_yaml(value: object) -> tuple[str, ...] | None:
    if not yaml_exists(value):
        return None
    if isinstance(value, str):
        return _comma_list(value)
    if isinstance(value, list):
        items: list[object] = value  # pyright: ignore[reportUnknownVariableType]
        return tuple(_scalar_text(item, "a list of strings") for item in items)
    raise InvalidValue(f"expected a list or a comma-separated string, found {describe_type(value)}")


LIST: Final = ValueKind[tuple[str, ...]]("list", _comma_list, _comma_list_yaml)
"""A comma-separated list, items untrimmed (``"a, b"`` is ``("a", " b")``), or a YAML list."""

# --- auth type -------------------------------------------------------------------------------


def _auth(raw: str) -> AuthType | None:
    if not raw:
        return None
    try:
        return AuthType(raw)
    except ValueError:
        raise InvalidValue(
            f"unknown auth type {_show(raw)} (expected one of {AUTH_TYPE_VALUES})"
        ) from None


def _auth_yaml(value: object) -> AuthType | None:
    return _auth(_scalar_text(value, "an auth type name")) if yaml_exists(value) else None


AUTH: Final = ValueKind[AuthType]("auth type", _auth, _auth_yaml)
