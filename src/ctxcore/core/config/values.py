"""Configuration values: the auth type enum and the value transforms of the entry catalogue.

A transform turns the text of an environment variable or INI option (``from_text``) or a YAML
value (``from_yaml``) into a field value. It returns ``None`` for a value that is present but
counts as unset under the reference's rule (``""``, ``0``, an empty YAML list or mapping): the
field then keeps its default. A value that does not parse, or a number outside its setting's
range (``int_kind``, ``seconds_kind``: every numeric setting has one), raises ``InvalidValue``;
the resolver turns that into a ``ConfigError`` naming the variable or the file, line and key.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Callable, Iterable
from typing import Final, Generic, TypeVar

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.errors import ConfigError, shown

__all__ = [
    "AuthType",
]

T = TypeVar("T", covariant=True)


class AuthType(str, enum.Enum):
    """How the platform client authenticates. Members compare equal to their string values.

    Lookup by value is case-insensitive, so ``AuthType("pkce")``, ``AuthType("PKCE")`` and
    ``AuthType("Pkce")`` are all ``AuthType.PKCE``. That also accepts every member's name, as
    each name is its value in another case (``CLIENTSECRET``, ``ClientSecret``).
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
                if member.value.lower() == folded:
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
            f"unknown auth type {shown(value)} (expected one of {AUTH_TYPE_VALUES})",
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

    __repr__ = fields_repr

    name: str
    from_text: Callable[[str], T | None]
    from_yaml: Callable[[object], T | None]


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
            f"not a boolean: {shown(raw)} (accepted: true/false, 1/0, yes/no, on/off in any "
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
    raise InvalidValue(f"expected a boolean, found {shown(value)}")


BOOL: Final = ValueKind[bool]("bool", _bool, _bool_yaml)

# --- int and seconds: each with its range --------------------------------------------------


def _int_value(raw: str) -> int:
    try:
        return int(raw)
    except ValueError:
        raise InvalidValue(f"not an integer: {shown(raw)}") from None


def _int(raw: str) -> int | None:
    return _int_value(raw) or None


def _int_yaml(value: object) -> int | None:
    if not yaml_exists(value):
        return None
    if isinstance(value, str):
        return _int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidValue(f"expected an integer, found {shown(value)}")


def _within(value: int | None, low: int, high: int, what: str) -> int | None:
    """``value`` (``None``: unset), or ``InvalidValue`` when it is outside ``low..high``."""
    if value is not None and not low <= value <= high:
        raise InvalidValue(f"{shown(value)} is out of range: expected {what} from {low} to {high}")
    return value


def int_kind(low: int, high: int) -> ValueKind[int]:
    """Integers from ``low`` to ``high`` (``0`` counts as unset, as in the reference, and is
    not checked: the default applies)."""

    def from_text(raw: str) -> int | None:
        return _within(_int(raw), low, high, "an integer")

    def from_yaml(value: object) -> int | None:
        return _within(_int_yaml(value), low, high, "an integer")

    return ValueKind[int]("int", from_text, from_yaml)


def _to_seconds(seconds: int | None) -> datetime.timedelta | None:
    """``seconds`` as a ``timedelta``. Never zero: ``_int`` and ``_int_yaml`` make 0 ``None``."""
    return None if seconds is None else datetime.timedelta(seconds=seconds)


def seconds_kind(low: int, high: int) -> ValueKind[datetime.timedelta]:
    """Whole seconds from ``low`` to ``high`` as a ``timedelta`` (``0`` counts as unset)."""

    def from_text(raw: str) -> datetime.timedelta | None:
        return _to_seconds(_within(_int(raw), low, high, "whole seconds"))

    def from_yaml(value: object) -> datetime.timedelta | None:
        return _to_seconds(_within(_int_yaml(value), low, high, "whole seconds"))

    return ValueKind[datetime.timedelta]("seconds", from_text, from_yaml)


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
            f"unknown auth type {shown(raw)} (expected one of {AUTH_TYPE_VALUES})"
        ) from None


def _auth_yaml(value: object) -> AuthType | None:
    return _auth(_scalar_text(value, "an auth type name")) if yaml_exists(value) else None


AUTH: Final = ValueKind[AuthType]("auth type", _auth, _auth_yaml)
