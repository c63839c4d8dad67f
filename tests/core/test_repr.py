"""Every record that shows itself with ``fields_repr`` (``ctxcore.core._repr``) shows exactly
what attrs' generated ``__repr__`` would: each class is compared with a twin that attrs makes
from the same fields (names, order, ``repr`` options) and that holds the same values."""

from __future__ import annotations

import importlib
import pkgutil
import threading
from typing import Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctxcore
from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.chain import EMPTY
from ctxcore.testing import configs
from tests.core.test_records import _HOT, _fields  # pyright: ignore[reportPrivateUsage]

_PACKAGES = ("core", "shell", "effects", "cli", "testing")


def _records() -> list[type[object]]:
    """Every attrs class defined in ctxcore's packages (nested ones too)."""
    found: dict[str, type[object]] = {}
    for package in _PACKAGES:
        base = importlib.import_module(f"ctxcore.{package}")
        names = [base.__name__] + [
            info.name for info in pkgutil.walk_packages(base.__path__, f"{base.__name__}.")
        ]
        for name in names:
            module = importlib.import_module(name)
            for value in list(vars(module).values()) + [
                inner
                for v in vars(module).values()
                if isinstance(v, type)
                for inner in vars(v).values()
            ]:
                if (
                    isinstance(value, type)
                    and attrs.has(value)
                    and value.__module__.startswith("ctxcore.")
                ):
                    found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[key] for key in sorted(found)]


_RECORDS = _records()
_CLASSES = [cls for cls in _RECORDS if vars(cls).get("__repr__") is fields_repr]


def _twin_of(cls: type[object]) -> type[object]:
    """A class attrs makes, with its own generated ``__repr__``, from ``cls``'s fields."""
    twin = attrs.make_class(
        cls.__name__,
        {field.name: attrs.field(repr=field.repr, init=field.init) for field in _fields(cls)},
        slots=False,
    )
    twin.__qualname__ = cls.__qualname__
    return twin


def _holding(cls: type[object], values: dict[str, object]) -> object:
    record = object.__new__(cls)
    for name, value in values.items():
        object.__setattr__(record, name, value)
    return record


class _Shown:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


def _value_for(field: attrs.Attribute[Any]) -> object:
    """A value that shows which field it is, or (for a field shown by a callable, which may
    expect its own kind of value) the first candidate the callable takes."""
    candidates: list[object] = [_Shown(field.name), (), EMPTY, None, ""]
    if not callable(field.repr):
        return candidates[0]
    shown_by = cast("Any", field.repr)
    for value in candidates:
        try:
            shown_by(value)
        except Exception:  # the next candidate, then
            continue
        return value
    raise AssertionError(f"no value for {field.name}")


def test_no_record_has_a_generated_repr() -> None:
    """A new record says ``__repr__ = fields_repr`` (or writes its own): attrs' generated one
    costs every first use of ctxcore its compile."""
    generated = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in _RECORDS
        if getattr(cls.__repr__, "__code__", None) is not None
        and cls.__repr__.__code__.co_filename.startswith("<attrs generated")
    ]
    assert generated == []


def test_the_records_that_use_it_are_found() -> None:
    names = {cls.__qualname__ for cls in _CLASSES}
    assert {"Node", "CompilationState", "FlyteContext", "FlyteContext.Builder", "Config"} <= names
    assert len(_CLASSES) > 90


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_a_record_shows_what_attrs_would_show(cls: type[object]) -> None:
    values = {field.name: _value_for(field) for field in _fields(cls)}
    assert repr(_holding(cls, values)) == repr(_holding(_twin_of(cls), values))


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_a_record_inside_itself_is_shown_as_three_dots(cls: type[object]) -> None:
    fields = [field for field in _fields(cls) if field.repr is True]
    if not fields:
        pytest.skip("no field shown by its repr")
    values = {field.name: _value_for(field) for field in _fields(cls)}
    record, twin = _holding(cls, values), _holding(_twin_of(cls), values)
    object.__setattr__(record, fields[0].name, record)
    object.__setattr__(twin, fields[0].name, twin)
    assert repr(record) == repr(twin)
    assert "..." in repr(record)


@given(st.one_of(_HOT, configs()))
def test_a_generated_record_shows_what_attrs_would_show(record: object) -> None:
    cls = type(record)
    values = {field.name: getattr(record, field.name) for field in _fields(cls)}
    assert repr(record) == repr(_holding(_twin_of(cls), values))


def test_the_package_face_is_unchanged() -> None:
    assert repr(ctxcore.NodeMetadata(name="n")) == (
        "NodeMetadata(name='n', timeout=None, retries=0, interruptible=None, cacheable=None, "
        "cache_version=None, cache_serializable=None)"
    )


def _made_in_a_function() -> type[object]:
    def inner() -> type[object]:
        @attrs.frozen
        class Local:
            __repr__ = fields_repr

            name: str
            size: int = 0

        return Local

    return inner()


def test_a_class_made_in_a_function_is_named_as_attrs_names_it() -> None:
    local = _made_in_a_function()
    assert local.__qualname__.count("<locals>") == 2
    values: dict[str, object] = {"name": "n", "size": 3}
    assert repr(_holding(local, values)) == "Local(name='n', size=3)"
    assert repr(_holding(local, values)) == repr(_holding(_twin_of(local), values))


class _MeetingPlace:
    """A value whose repr waits until two threads are showing it at once."""

    def __init__(self) -> None:
        self.both = threading.Barrier(2, timeout=10)

    def __repr__(self) -> str:
        self.both.wait()
        return "met"


def test_two_threads_showing_one_record_at_once_each_show_it_whole() -> None:
    # The "..." guard is per thread: a guard shared by threads would show the record as "..."
    # in the second thread, which would then never reach the barrier the first one waits at.
    record = _holding(ctxcore.Deck, {"name": _MeetingPlace(), "html": ""})
    shown: list[str] = []
    workers = [threading.Thread(target=lambda: shown.append(repr(record))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert shown == ["Deck(name=met, html='')"] * 2


@attrs.frozen
class _SetLater:
    __repr__ = fields_repr

    name: str
    size: int = attrs.field(init=False, default=0)


def test_a_field_init_does_not_take_is_shown_as_nothing_while_unset() -> None:
    # As while a factory that takes self is still running: attrs' repr shows NOTHING there.
    values: dict[str, object] = {"name": "n"}
    unset = _holding(_SetLater, values)
    assert repr(unset) == "_SetLater(name='n', size=NOTHING)"
    assert repr(unset) == repr(_holding(_twin_of(_SetLater), values))
    assert repr(_SetLater("n")) == "_SetLater(name='n', size=0)"


def test_a_field_init_takes_is_read_plainly_as_attrs_reads_it() -> None:
    # Only a record made without its __init__ can lack one; attrs' repr raises then, and so
    # does this one, rather than show NOTHING for a field that every made record has.
    record, twin = _holding(_SetLater, {}), _holding(_twin_of(_SetLater), {})
    with pytest.raises(AttributeError):
        repr(twin)
    with pytest.raises(AttributeError):
        repr(record)
