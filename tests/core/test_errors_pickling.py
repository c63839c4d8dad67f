"""Every error pickles and unpickles as itself: plainly, and under tblib's exception pickling,
which ``import distributed`` installs process-wide (an INI error's pickling recursed without
end under it). A pickle holds the fields and nothing a suppressed context held."""

from __future__ import annotations

import pickle
import subprocess
import sys
import textwrap

import attrs
import pytest

from ctxcore.core import errors
from ctxcore.core.errors import CtxcoreError

_SAMPLES: dict[str, object] = {
    "str": "x",
    "str | None": "y",
    "int": 3,
    "int | None": 4,
    "float": 1.5,
    "bool": True,
    "tuple[str, ...]": ("a", "b"),
    "TransportStage": "json",
    "tuple[SecretNotFoundError, ...]": (errors.SecretNotFoundError("g", "k", "E", "/f"),),
}


def _every_error() -> list[CtxcoreError]:
    classes = {getattr(errors, name) for name in errors.__all__}
    return [
        cls(**{field.name: _SAMPLES[str(field.type)] for field in attrs.fields(cls)})
        for cls in sorted(
            (c for c in classes if isinstance(c, type) and issubclass(c, CtxcoreError)),
            key=lambda c: c.__name__,
        )
    ]


@pytest.mark.parametrize("error", _every_error(), ids=lambda error: type(error).__name__)
def test_every_error_pickles_as_itself(error: CtxcoreError) -> None:
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is type(error)
    assert repr(again) == repr(error)
    assert str(again) == str(error)


@pytest.mark.parametrize("error", _every_error(), ids=lambda error: type(error).__name__)
def test_every_error_is_a_frozen_attrs_exception_equal_only_to_itself(error: CtxcoreError) -> None:
    cls = type(error)
    assert attrs.has(type(error))
    for name in [field.name for field in attrs.fields(cls)] + ["anything"]:
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(error, name, "changed")
    values = {field.name: getattr(error, field.name) for field in attrs.fields(cls)}
    twin = cls(**values)
    assert twin != error  # an exception is equal to itself only, as attrs' auto_exc makes it
    assert error == error
    assert hash(error) == object.__hash__(error)
    assert twin.args == error.args  # BaseException's args: every field, in order
    assert error.args == tuple(values.values())


def test_a_context_suppressed_by_from_none_is_not_returned() -> None:
    def fail() -> None:
        try:
            raise ValueError("hunter2")
        except ValueError:
            raise errors.ConfigError("bad", file="f") from None

    with pytest.raises(errors.ConfigError) as info:
        fail()
    assert info.value.__context__ is None
    assert b"hunter2" not in pickle.dumps(info.value)


_UNDER_TBLIB = textwrap.dedent(
    """
    import pickle
    from ctxcore.core.config.file import ConfigFile
    from tests.core.test_errors_pickling import _every_error
    from tblib import pickling_support

    pickling_support.install()  # after ctxcore: registers every ctxcore error class too

    def raised(error):
        try:
            try:
                raise ValueError("hunter2")
            except ValueError:
                raise error from None
        except Exception as caught:
            return caught

    try:
        ConfigFile("/c/flytekit.config", "[aws]\\nsecret_access_key hunter2\\n")
    except Exception as ini_error:
        found = [ini_error]
    for error in found + [raised(error) for error in _every_error()]:
        data = pickle.dumps(error)
        assert b"hunter2" not in data, type(error)
        again = pickle.loads(data)
        assert type(again) is type(error) and repr(again) == repr(error), repr(again)
    print("ok", len(found) + len(_every_error()))
    """
)


def test_every_error_pickles_under_tblib_exception_pickling() -> None:
    pytest.importorskip("tblib")
    done = subprocess.run(
        [sys.executable, "-c", _UNDER_TBLIB],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("ok ")
