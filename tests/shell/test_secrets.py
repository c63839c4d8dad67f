"""SecretsManager: the reference's names and lookup order (§6), and secrets that never leak."""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.errors import (
    SecretFileError,
    SecretNameError,
    SecretNotFoundError,
    SecretValueError,
)
from ctxcore.core.execution.state import ExecutionMode, ExecutionState
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.secrets import SecretsManager
from tests.shell.leaks import Said, exposures, shows


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
    # Not even hidden: ``from None`` only hides the decode error, whose ``.object`` is the file.
    assert (raised.value.__cause__, raised.value.__context__) == (None, None)
    assert _manager(tmp_path).get("g", "k", encode_mode="rb") == b"hunter2-TOPSECRET\xff"


def test_a_binary_env_secret_is_read_from_os_environb(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A byte that is not UTF-8 is in os.environ as a lone surrogate, which has no UTF-8 form.
    monkeypatch.setitem(os.environb, b"_FSEC_G_K", b" hunter2-\xff\xfe \n")
    sm = SecretsManager(SecretsConfig(default_dir=str(tmp_path)))
    assert sm.get("g", "k", encode_mode="rb") == b"hunter2-\xff\xfe"
    assert sm.get("g", "k") == "hunter2-\udcff\udcfe"  # as os.environ has it (the reference's)


def test_binary_reads_use_the_injected_bytes_environment(tmp_path: Path) -> None:
    binary = {b"_FSEC_G_K": b"\x00\xfe\xff", b"_FSEC_G_BLANK": b" \t"}
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "blank").write_bytes(b"from file")
    sm = SecretsManager(SecretsConfig(default_dir=str(tmp_path)), env={}, environb=binary)
    assert sm.get("g", "k", encode_mode="rb") == b"\x00\xfe\xff"
    assert sm.get("g", "blank", encode_mode="rb") == b"from file"
    with pytest.raises(SecretNotFoundError):
        sm.get("g", "k")  # text reads read ``env``
    derived = SecretsManager(SecretsConfig(default_dir=str(tmp_path)), env={"_FSEC_G_K": "\udcfe"})
    assert derived.get("g", "k", encode_mode="rb") == b"\xfe"  # what os.environb would hold


def test_an_env_secret_without_a_bytes_form_is_a_typed_error_without_the_value(
    tmp_path: Path,
) -> None:
    # Possible in an injected mapping (and on Windows, which has no os.environb).
    sm = _manager(tmp_path, {"_FSEC_G_K": "TOPSECRET\ud800"})
    with pytest.raises(SecretValueError) as raised:
        sm.get("g", "k", encode_mode="rb")
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == (
        "secret environment variable _FSEC_G_K is text without a bytes form (not what "
        "os.environ holds); read it with encode_mode='r'"
    )
    assert shows("TOPSECRET", exposures(raised.value)) == []


def test_a_symbolic_link_loop_is_a_typed_error_that_says_where(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").symlink_to(tmp_path / "g" / "loop")
    (tmp_path / "g" / "loop").symlink_to(tmp_path / "g" / "k")
    with pytest.raises(SecretFileError) as raised:
        _manager(tmp_path).get("g", "k")
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == (
        f"secret file {tmp_path}/g/k cannot be read: Too many levels of symbolic links"
    )


def test_a_name_too_long_for_the_file_system_is_a_typed_error_that_says_where(
    tmp_path: Path,
) -> None:
    key = "k" * 300  # a file name is at most 255 bytes on every common file system
    (tmp_path / "g").mkdir()
    with pytest.raises(SecretFileError) as raised:
        _manager(tmp_path).get("g", key)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == f"secret file {tmp_path}/g/{key} cannot be read: File name too long"
    assert _manager(tmp_path, {f"_FSEC_G_{key.upper()}": "v"}).get("g", key) == "v"


_READ_AS_ANOTHER_USER = """
import json, sys
from ctxcore.core.config.records import SecretsConfig
from ctxcore.shell.secrets import SecretsManager
try:
    SecretsManager(SecretsConfig(default_dir=sys.argv[1]), env={}).get("g", "k")
except Exception as error:
    print(json.dumps([[c.__name__ for c in type(error).__mro__], str(error), error.filename]))
"""


def test_an_unreadable_secret_file_is_a_typed_error_that_says_where(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_text("TOPSECRET")
    (tmp_path / "g" / "k").chmod(0)
    # Root reads any file: take away the two capabilities that let it, as setpriv does.
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: every file is readable")
        caps = "-dac_override,-dac_read_search"
        prefix = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    command = [*prefix, sys.executable, "-c", _READ_AS_ANOTHER_USER, str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    kinds, message, filename = json.loads(result.stdout)
    assert kinds[0] == "SecretPermissionError"
    assert {"SecretFileError", "ValueError", "PermissionError"} <= set(kinds)
    assert message == f"secret file {tmp_path}/g/k cannot be read: Permission denied"
    assert filename == f"{tmp_path}/g/k"
    assert "TOPSECRET" not in result.stdout + result.stderr


def test_an_oversized_secret_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "k").write_bytes(b"TOPSECRET" + b"x" * (1 << 20))
    with pytest.raises(SecretFileError, match="larger than") as raised:
        _manager(tmp_path).get("g", "k")
    assert shows("TOPSECRET", exposures(raised.value)) == []


_VALUES = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp")),
    min_size=8,
    max_size=40,
)


def _outcome(call: Callable[[], object], said: list[Said]) -> object:
    """What ``call`` returns; if it raises, everything its error can show goes to ``said``."""
    try:
        return call()
    except Exception as error:  # any error is walked for the secret
        said.extend(exposures(error))
        return error


def _everything_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, value: str
) -> tuple[list[Said], list[object]]:
    """Every repr, log line and everything an error can show (its whole chain, see
    ``tests.shell.leaks``) while a secret ``value`` is used: from the environment as text and as
    bytes, with a byte that is not UTF-8 (as ``os.environ`` holds one), from a text file, and
    from a file that is not UTF-8 read as text; and what each lookup returned (or raised)."""
    caplog.clear()
    for group, content in (("f", value.encode() + b"\n"), ("n", value.encode() + b"\xff\n")):
        (tmp_path / group).mkdir(exist_ok=True)
        (tmp_path / group / "k").write_bytes(content)
    said: list[Said] = []
    sm = _manager(tmp_path, {"_FSEC_G_K": value, "_FSEC_B_K": value + "\udcff"})
    with caplog.at_level(logging.DEBUG):
        outcomes = [
            _outcome(lookup, said)
            for lookup in (
                lambda: sm.get("g", "k"),
                lambda: sm.get("f", "k"),
                lambda: sm.get("n", "k", encode_mode="rb"),
                lambda: sm.get("b", "k", encode_mode="rb"),
                lambda: sm.get("n", "k"),
                lambda: sm.get("g", "missing"),
                lambda: sm.get("missing", "k"),
            )
        ]
        said += [("repr", repr(sm)), ("str", str(sm)), ("group", repr(sm.g)), ("group", repr(sm.f))]
    said += [("log", record.getMessage()) for record in caplog.records]
    return said, outcomes


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES)
def test_a_secret_value_never_appears_in_a_repr_a_log_or_an_exception_chain(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, value: str
) -> None:
    # A value that is part of what is said anyway (a word of the message) proves nothing.
    assume(not shows(value, _everything_said(tmp_path, caplog, "an-unrelated-secret")[0]))
    said, outcomes = _everything_said(tmp_path, caplog, value)
    assert shows(value, said) == []
    binary = value.encode() + b"\xff"
    assert outcomes[:4] == [value, value, binary, binary]
    assert [type(error) for error in outcomes[4:]] == [
        SecretFileError,
        SecretNotFoundError,
        SecretNotFoundError,
    ]


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
