"""SecretsManager: the reference's names and lookup order (§6), and secrets that never leak."""

from __future__ import annotations

import copy
import logging
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import SecretFileError, SecretNameError, SecretNotFoundError
from ctxcore.core.execution.state import ExecutionMode, ExecutionState
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.secrets import SecretsManager


def _manager(tmp_path: Path, env: dict[str, str] | None = None, prefix: str = "") -> SecretsManager:
    return SecretsManager(
        SecretsConfig(default_dir=str(tmp_path), file_prefix=prefix), env=env or {}
    )


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("group", "test"), "_FSEC_GROUP_TEST"),
        (("group", "test", "v1"), "_FSEC_GROUP_V1_TEST"),
        (("group", None, "v1"), "_FSEC_GROUP_V1"),
        (("group",), "_FSEC_GROUP"),
        ((None, "ABC"), "_FSEC_ABC"),
        (("", "k"), "_FSEC_K"),
        (("my-group", "ABC", "v1"), "_FSEC_MY-GROUP_V1_ABC"),
    ],
)
def test_env_var_names(args: tuple[str | None, ...], expected: str) -> None:
    sm = SecretsManager(SecretsConfig(), env={})
    assert sm.get_secrets_env_var(*args) == expected


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("group", "test"), "/etc/secrets/group/test"),
        (("group", "test", "v1"), "/etc/secrets/group/v1/test"),
        ((None, "ABC"), "/etc/secrets/abc"),
        (("g",), "/etc/secrets/g"),
    ],
)
def test_file_names(args: tuple[str | None, ...], expected: str) -> None:
    sm = SecretsManager(SecretsConfig(), env={})
    assert sm.get_secrets_file(*args) == expected


def test_the_file_prefix_goes_on_the_last_part(tmp_path: Path) -> None:
    assert _manager(tmp_path, prefix="p-").get_secrets_file("G", "K") == f"{tmp_path}/g/p-k"


@pytest.mark.parametrize(
    ("group", "key", "version"),
    [
        ("../../etc", "passwd", None),
        ("group", "/etc/passwd", None),
        ("group", "key", "../v"),
        ("..", "key", None),
        ("group", "a\x00b", None),
        ("group", "a\\b", None),
        (None, None, None),
    ],
)
def test_names_that_leave_the_directory_are_refused(
    group: str | None, key: str | None, version: str | None
) -> None:
    sm = SecretsManager(SecretsConfig(), env={})
    with pytest.raises(SecretNameError) as raised:
        sm.get_secrets_file(group, key, version)
    assert isinstance(raised.value, ValueError)
    with pytest.raises(SecretNameError):
        sm.get(group, key, version)


def test_the_prefixed_env_var_wins_and_is_stripped(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_text("from file")
    sm = _manager(tmp_path, {"_FSEC_G_K": "  from env \n", "G_K": "unprefixed"})
    assert sm.get("g", "k") == "from env"
    assert sm.get("g", "k", encode_mode="rb") == b"from env"


def test_the_unprefixed_env_var_is_used_only_in_local_modes(tmp_path: Path) -> None:
    sm = _manager(tmp_path, {"G_K": "unprefixed"})
    base = FlyteContextManager.current_context()
    remote = base.with_execution_state(ExecutionState("/w", mode=ExecutionMode.TASK_EXECUTION))
    with FlyteContextManager.with_context(remote), pytest.raises(SecretNotFoundError):
        sm.get("g", "k")
    local = base.with_execution_state(ExecutionState("/w", mode=ExecutionMode.LOCAL_TASK_EXECUTION))
    with FlyteContextManager.with_context(local):
        assert sm.get("g", "k") == "unprefixed"
    with FlyteContextManager.with_context(base.with_execution_state(None)):
        assert sm.get("g", "k") == "unprefixed"


def test_files_are_read_stripped_in_text_or_bytes(tmp_path: Path) -> None:
    (tmp_path / "g" / "v1").mkdir(parents=True)
    (tmp_path / "g" / "v1" / "k").write_bytes(b"\x00binary\xff\n")
    (tmp_path / "g" / "t").write_text(" text\n")
    sm = _manager(tmp_path)
    assert sm.get("g", "k", "v1", "rb") == b"\x00binary\xff"
    assert sm.get("g", "t") == "text"


def test_an_empty_env_var_does_not_hide_the_file(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_text("from file")
    assert _manager(tmp_path, {"_FSEC_G_K": ""}).get("g", "k") == "from file"


def test_a_missing_secret_says_where_it_looked(tmp_path: Path) -> None:
    sm = _manager(tmp_path)
    with pytest.raises(SecretNotFoundError) as raised:
        sm.get("grp", "key")
    assert str(raised.value) == (
        "Please make sure to add secret_requests=[Secret(group=grp, key=key)] in @task. "
        f"Unable to find secret for key key in group grp in Env Var:_FSEC_GRP_KEY and "
        f"FilePath: {tmp_path}/grp/key"
    )


def test_attribute_access(tmp_path: Path) -> None:
    sm = _manager(tmp_path, {"_FSEC_DB_PASSWORD": "pw"})
    assert sm.db.password == "pw"
    assert not hasattr(sm, "_private")
    assert copy.deepcopy(sm).get("db", "password") == "pw"


def test_encode_mode_is_checked(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="encode_mode"):
        _manager(tmp_path, {"_FSEC_G_K": "v"}).get("g", "k", encode_mode="w")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]


def test_a_binary_secret_read_as_text_is_a_typed_error_without_the_value(
    tmp_path: Path,
) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_bytes(b"hunter2-TOPSECRET\xff\n")
    with pytest.raises(SecretFileError) as raised:
        _manager(tmp_path).get("g", "k")
    assert "TOPSECRET" not in str(raised.value) + repr(raised.value)
    assert raised.value.__cause__ is None
    assert raised.value.__suppress_context__
    assert _manager(tmp_path).get("g", "k", encode_mode="rb") == b"hunter2-TOPSECRET\xff"


def test_an_oversized_secret_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_bytes(b"x" * ((1 << 20) + 1))
    with pytest.raises(SecretFileError, match="larger than"):
        _manager(tmp_path).get("g", "k")


_VALUES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=8,
    max_size=40,
)


def _everything_said(tmp_path: Path, caplog: pytest.LogCaptureFixture, value: str) -> str:
    """Every repr, error message and log line produced while using a secret ``value``, from
    the environment and from a file."""
    caplog.clear()
    (tmp_path / "f").mkdir(exist_ok=True)
    (tmp_path / "f" / "k").write_text(value + "\n")
    with caplog.at_level(logging.DEBUG):
        sm = _manager(tmp_path, {"_FSEC_G_K": value})
        assert sm.get("g", "k") == value.strip()
        assert sm.get("f", "k") == value.strip()
        texts = [repr(sm), str(sm), repr(sm.g), repr(sm.f)]
        for group, key in (("g", "missing"), ("missing", "k")):
            with pytest.raises(SecretNotFoundError) as raised:
                sm.get(group, key)
            texts += [str(raised.value), repr(raised.value)]
    texts += [record.getMessage() for record in caplog.records]
    return "\n".join(texts)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES)
def test_a_secret_value_never_appears_in_a_repr_an_error_or_a_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    # A value that is part of what is said anyway (a word of the message) proves nothing.
    assume(value.strip() not in _everything_said(tmp_path, caplog, "an-unrelated-secret"))
    assert value.strip() not in _everything_said(tmp_path, caplog, value)


_PART = st.text(alphabet="abcXYZ019-_", min_size=1, max_size=8)


@given(group=_PART, key=_PART, version=st.none() | _PART)
def test_secret_names_follow_the_reference_and_stay_inside(
    group: str, key: str, version: str | None
) -> None:
    sm = SecretsManager(SecretsConfig(default_dir="/s", file_prefix="p-"), env={})
    parts = [p for p in (group, version, key) if p]
    assert sm.get_secrets_env_var(group, key, version) == "_FSEC_" + "_".join(
        p.upper() for p in parts
    )
    lowered = [p.lower() for p in parts]
    lowered[-1] = "p-" + lowered[-1]
    path = sm.get_secrets_file(group, key, version)
    assert path == "/s/" + "/".join(lowered)
    assert os.path.commonpath([path, "/s"]) == "/s"


@given(
    good=_PART,
    bad=st.sampled_from(["..", ".", "/etc", "a/b", "a\\b", "a\x00b", "../x", "x/.."]),
    where=st.sampled_from(["group", "key", "version"]),
)
def test_a_part_that_could_leave_the_directory_is_refused(good: str, bad: str, where: str) -> None:
    sm = SecretsManager(SecretsConfig(default_dir="/s"), env={})
    names = {"group": good, "key": good, "version": good, where: bad}
    with pytest.raises(SecretNameError):
        sm.get_secrets_file(names["group"], names["key"], names["version"])
