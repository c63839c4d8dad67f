"""The fast paths of ``X.auto()``: the process environment read once for the variables
configuration looks at (``read_config_environment``), a record with none of its variables set
(the default one), and a record built from a file alone (memoised). Each gives what the
whole environment, read setting by setting, gives: the same record, the same error, the same
provenance and the same unknown names (reported once per name)."""

from __future__ import annotations

import logging
import os
import types
from collections.abc import Mapping
from pathlib import Path
from typing import cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from returns.result import Result, Success

from ctxcore import Config
from ctxcore.core.config.catalogue import ENV_NAMES, SETTINGS
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.records import AutoConfig, PlatformConfig
from ctxcore.core.config.resolve import (
    _PARTS,  # pyright: ignore[reportPrivateUsage]
    PLATFORM,
    ConfigPart,
    build_part,
    part_for,
    resolve_config,
)
from ctxcore.core.errors import ConfigError
from ctxcore.effects.environment import set_variables
from ctxcore.shell.config_loader import (
    auto_part,
    forget_reported_unknown,
    read_config_environment,
)
from ctxcore.testing.strategies.config import (
    config_to_env,
    config_to_ini,
    config_to_yaml,
    configs,
)

_PART_LIST: list[ConfigPart[object]] = list(_PARTS.values())
_NAMED = "MY_CLIENT_SECRET"
_SECRET_VAR = "FLYTE_CREDENTIALS_CLIENT_SECRET_ENV_VAR"
_OTHER_NAMES = [
    "PATH",
    "HOME",
    "FLYTEX",
    "LANG",
    "FLYTE_PLATFORM_ULR",  # unknown, with a suggestion
    "FLYTE_NOT_A_SETTING",  # unknown
    "FLYTE_INTERNAL_TASK_NAME",  # the platform's: never unknown
    "FLYTE_SDK_LOGGING_FORMAT",  # known outside the catalogue
]


def _texts() -> st.SearchStrategy[str]:
    """Values valid and not: empty, numbers, words, odd characters."""
    return st.one_of(
        st.sampled_from(["", "0", "1", "7", "true", "false", "Pkce", "a,b", "dns:///x:1"]),
        st.text(max_size=8),
    )


@st.composite
def environments(draw: st.DrawFn) -> dict[str, str]:
    """An environment: the variables of a generated config (some dropped), some catalogue
    variables with arbitrary text, unrelated variables, and maybe a named client secret."""
    env: dict[str, str] = {}
    if draw(st.booleans()):  # else none: a file's values alone (the memoised path)
        config = config_to_env(draw(configs()))
        env = {name: text for name, text in config.items() if draw(st.booleans())}
        for name in draw(st.lists(st.sampled_from(sorted(ENV_NAMES)), max_size=3)):
            env[name] = draw(_texts())
    for name in draw(st.lists(st.sampled_from(_OTHER_NAMES), max_size=4)):
        env[name] = draw(_texts())
    if draw(st.booleans()):
        env[_NAMED] = draw(_texts())
    names_secret: bool = draw(st.booleans())
    if env and names_secret:
        env[_SECRET_VAR] = _NAMED
    return env


@st.composite
def files(draw: st.DrawFn) -> ConfigFile | None:
    """No file, or a YAML or INI file of a generated config, maybe naming a client secret
    variable."""
    kind = draw(st.sampled_from(["none", "yaml", "ini"]))
    if kind == "none":
        return None
    config = draw(configs())
    names_secret = draw(st.booleans())
    if kind == "yaml":
        text = config_to_yaml(config)
        if names_secret:
            text = text.replace("admin:\n", f"admin:\n  clientSecretEnvVar: {_NAMED}\n", 1)
            if "admin:" not in text:
                text += f"admin:\n  clientSecretEnvVar: {_NAMED}\n"
        return ConfigFile("/cfg/config.yaml", text)
    text = config_to_ini(config)
    if names_secret:
        text += f"[credentials]\nclient_secret_env_var = {_NAMED}\n"
    try:
        return ConfigFile("/cfg/flytekit.config", text)
    except ConfigError:  # a duplicate section: the generated file is not one
        return None


def _outcome(result: Result[object, ConfigError]) -> object:
    """A ``Result`` as something comparable: the value, or the error's type and text."""
    if isinstance(result, Success):
        return ("ok", result.unwrap())
    error = result.failure()
    return ("error", type(error), str(error))


def _slow(env: Mapping[str, str]) -> Mapping[str, str]:
    """``env`` as a mapping that is not a dict: every fast path is skipped, each setting is
    read from it by name, as before the fast paths."""
    return types.MappingProxyType(dict(env))


@given(environments(), files(), st.sampled_from(_PART_LIST))
def test_a_part_from_the_variables_read_is_the_part_from_the_whole_environment(
    env: dict[str, str], file: ConfigFile | None, part: ConfigPart[object]
) -> None:
    expected = _outcome(build_part(part, _slow(env), file))
    variables, same_file = read_config_environment(env, file)
    assert same_file is file
    assert _outcome(build_part(part, variables, file)) == expected
    # And each fast path of the resolver on the whole environment, twice (memoised):
    assert _outcome(build_part(part, env, file)) == expected
    assert _outcome(build_part(part, env, file)) == expected


@given(environments(), files())
def test_provenance_from_the_variables_read_is_that_of_the_whole_environment(
    env: dict[str, str], file: ConfigFile | None
) -> None:
    expected = resolve_config(_slow(env), file)
    variables, _ = read_config_environment(env, file)
    actual = resolve_config(variables, file)
    assert _outcome(actual) == _outcome(expected)
    if not isinstance(expected.value_or(None), type(None)):
        assert actual.unwrap().provenance == expected.unwrap().provenance
        assert actual.unwrap().unknown == expected.unwrap().unknown


def test_a_record_with_nothing_set_is_the_default_one() -> None:
    for part in _PART_LIST:
        built = build_part(part, {"PATH": "/bin"}, None).unwrap()
        assert built == build_part(part, _slow({"PATH": "/bin"}), None).unwrap()


@given(st.dictionaries(st.sampled_from([*sorted(ENV_NAMES)[:8], *_OTHER_NAMES, "X"]), st.text()))
def test_set_variables_is_the_matching_variables_of_any_mapping(env: dict[str, str]) -> None:
    names = frozenset([*sorted(ENV_NAMES)[:4], "HOME", "Y"])
    expected = {n: v for n, v in env.items() if n in names or n.startswith("FLYTE_")}
    assert list(set_variables(names, "FLYTE_", env).items()) == list(expected.items())
    assert list(set_variables(names, "FLYTE_", _slow(env)).items()) == list(expected.items())


def test_set_variables_reads_the_process_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    name = SETTINGS[0].env_var
    monkeypatch.setenv(name, "caf\u00e9")
    monkeypatch.delenv("FLYTE_PLATFORM_URL", raising=False)
    monkeypatch.setenv("FLYTE_NOT_A_SETTING", "1")
    names = frozenset({name, "FLYTE_PLATFORM_URL", "HOME"})
    found = set_variables(names, "FLYTE_NOT_")
    expected = {n: v for n, v in os.environ.items() if n in names or n.startswith("FLYTE_NOT_")}
    assert list(found.items()) == list(expected.items())
    assert found[name] == "caf\u00e9"
    monkeypatch.setenv("FLYTE_NOT_ANOTHER", "2")  # a new set of variables: scanned again
    assert set_variables(names, "FLYTE_NOT_")["FLYTE_NOT_ANOTHER"] == "2"


def test_auto_from_the_process_environment_reports_each_unknown_variable_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in [n for n in os.environ if n.startswith(("FLYTE", "_FLYTECTL"))]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("FLYTE_PLATFORM_ULR", "x")
    forget_reported_unknown()
    try:
        with caplog.at_level(logging.DEBUG, logger="developer"):
            for _ in range(3):
                assert Config.auto() == Config()
            monkeypatch.setenv("FLYTE_NOT_A_SETTING", "y")
            assert Config.auto() == Config()
            expected = resolve_config(_slow(dict(os.environ)), None).unwrap().unknown
            assert Config.explain().unknown == expected
    finally:
        forget_reported_unknown()
    said = [r.getMessage() for r in caplog.records if r.name == "developer"]
    assert len(said) == 2
    assert "FLYTE_PLATFORM_ULR" in said[0]
    assert "did you mean FLYTE_PLATFORM_URL?" in said[0]
    assert "FLYTE_NOT_A_SETTING" in said[1]
    assert [name.name for name in expected] == ["FLYTE_PLATFORM_ULR", "FLYTE_NOT_A_SETTING"]


@pytest.mark.parametrize(
    "file",
    [
        ConfigFile("/cfg/config.yaml", f"admin:\n  clientSecretEnvVar: {_NAMED}\n"),
        ConfigFile("/cfg/flytekit.config", f"[credentials]\nclient_secret_env_var = {_NAMED}\n"),
    ],
)
def test_a_file_naming_the_client_secret_variable_reads_it(file: ConfigFile) -> None:
    for secret in ("s1", "s2"):  # memoised by the value too
        env = {_NAMED: secret, "HOME": "/h"}
        for part in _PART_LIST:
            assert _outcome(build_part(part, env, file)) == _outcome(
                build_part(part, _slow(env), file)
            )
        variables, _ = read_config_environment(env, file)
        assert variables == env
        assert build_part(PLATFORM, env, file).unwrap().client_credentials_secret == secret


@attrs.frozen
class _SdkPlatformConfig(PlatformConfig):
    """An SDK's subclass of a configuration record, with a field of its own."""

    region: str = "eu"


@pytest.mark.parametrize("record", [*_PARTS, _SdkPlatformConfig])
def test_auto_through_the_ambient_is_auto_part_of_the_record_s_part(record: type[object]) -> None:
    """``X.auto()`` reaches ``auto_part`` through the functions the ambient binds on first use:
    the same record as calling them directly, every time."""
    env = {"FLYTE_PLATFORM_URL": "flyte.example.com:443", "HOME": "/nonexistent-home"}
    expected = auto_part(part_for(record), None, env=env)
    auto = cast("type[AutoConfig]", record).auto
    assert auto(env=env) == expected
    assert auto(env=env) == expected
