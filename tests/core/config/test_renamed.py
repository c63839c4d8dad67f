"""Names the reference renamed: read under the old name, the new one winning, and said."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore import ConfigFile, RenamedName
from ctxcore.core.config import catalogue
from ctxcore.core.config.catalogue import Setting, ini_name
from ctxcore.core.config.resolve import resolve_config
from ctxcore.core.config.unknown import BUILTIN, find_renamed, find_unknown
from ctxcore.testing.strategies.config import setting_texts

# The renames of the configuration guide's table, written out independently of the code:
# old variable | old INI option | new variable | new INI option | where the reference did it
RENAMES = [
    (
        "FLYTE_CREDENTIALS_OAUTH_SCOPES",
        "[credentials] oauth_scopes",
        "FLYTE_CREDENTIALS_SCOPES",
        "[credentials] scopes",
        "flytekit 0.23.0b4 (f6ee06f3f, #676)",
    ),
    (
        "FLYTE_CREDENTIALS_SCOPE",
        "[credentials] scope",
        "FLYTE_CREDENTIALS_SCOPES",
        "[credentials] scopes",
        "flytekit 0.19.0b1 (86513b27b, #472), via oauth_scopes",
    ),
]
OLD_ENV = [row[0] for row in RENAMES]
OLD_INI = [row[1] for row in RENAMES]

_RENAMED: list[Setting[object]] = [s for s in catalogue.SETTINGS if s.old_names]
_OLD_NAMES = [(setting, old) for setting in _RENAMED for old in setting.old_names]


def _ini(*options: tuple[str, str]) -> ConfigFile:
    """An INI file setting each ``("[section] option", value)``, in order, a section once."""
    sections: dict[str, list[str]] = {}
    for key, value in options:
        section, option = key[1:].split("] ")
        sections.setdefault(section, []).append(f"{option} = {value}\n")
    text = "".join(f"[{section}]\n" + "".join(lines) for section, lines in sections.items())
    return ConfigFile("/c/flytekit.config", text)


def _scopes(env: dict[str, str], file: ConfigFile | None = None) -> tuple[str, ...]:
    return resolve_config(env, file).unwrap().config.platform.scopes


def test_the_catalogue_has_exactly_the_renames_of_the_table() -> None:
    found = {
        (name, rename.new, rename.renamed_in)
        for setting in catalogue.SETTINGS
        for name, rename in setting.renames.items()
    }
    expected = {
        (old, new, since)
        for old_env, old_ini, new_env, new_ini, since in RENAMES
        for old, new in ((old_env, new_env), (old_ini, new_ini))
    }
    assert found == expected


@pytest.mark.parametrize(("old_env", "old_ini", "new_env", "new_ini", "since"), RENAMES)
def test_an_old_name_is_read_when_the_new_one_is_absent(
    old_env: str, old_ini: str, new_env: str, new_ini: str, since: str
) -> None:
    assert _scopes({old_env: "a,b"}) == ("a", "b")
    file = _ini((old_ini, "a,b"))
    resolved = resolve_config({}, file).unwrap()
    assert resolved.config.platform.scopes == ("a", "b")
    origin = resolved.provenance["platform.scopes"]
    assert (origin.source, origin.name, origin.renamed_to) == ("file", old_ini, new_ini)
    assert origin.location == "/c/flytekit.config:2"
    assert f"(deprecated: renamed to {new_ini})" in origin.describe()
    assert resolved.renamed == (
        RenamedName("ini", old_ini, new_ini, since, "/c/flytekit.config:2", None),
    )
    env_origin = resolve_config({old_env: "x"}, None).unwrap().provenance["platform.scopes"]
    assert (env_origin.name, env_origin.renamed_to) == (old_env, new_env)


@pytest.mark.parametrize(("old_env", "old_ini", "new_env", "new_ini", "since"), RENAMES)
def test_the_new_name_wins_and_that_is_said(
    old_env: str, old_ini: str, new_env: str, new_ini: str, since: str
) -> None:
    resolved = resolve_config({new_env: "new", old_env: "old"}, None).unwrap()
    assert resolved.config.platform.scopes == ("new",)
    origin = resolved.provenance["platform.scopes"]
    assert origin.renamed_to is None
    assert [(h.name, h.renamed_to) for h in origin.shadowed] == [(old_env, new_env), (None, None)]
    assert resolved.renamed == (RenamedName("env", old_env, new_env, since, None, new_env),)
    assert resolved.renamed[0].describe() == (
        f"environment variable {old_env} is deprecated: renamed to {new_env} in {since}; "
        f"not read: {new_env} is set and wins"
    )
    file = _ini((old_ini, "old"), (new_ini, "new"))
    assert _scopes({}, file) == ("new",)
    (said,) = find_renamed({}, file)
    assert (said.name, said.read_instead, said.location) == (
        old_ini,
        new_ini,
        "/c/flytekit.config:2",
    )


def test_an_old_variable_still_beats_the_file_as_any_variable_does() -> None:
    file = _ini(("[credentials] scopes", "from-file"))
    assert _scopes({"FLYTE_CREDENTIALS_OAUTH_SCOPES": "from-env"}, file) == ("from-env",)
    (said,) = find_renamed({"FLYTE_CREDENTIALS_OAUTH_SCOPES": "e"}, file)
    assert said.read_instead is None
    (said,) = find_renamed({"FLYTE_CREDENTIALS_SCOPES": "e"}, _ini(("[credentials] scope", "f")))
    assert said.read_instead == "FLYTE_CREDENTIALS_SCOPES"


def test_the_newer_of_two_old_names_wins() -> None:
    env = {"FLYTE_CREDENTIALS_SCOPE": "oldest", "FLYTE_CREDENTIALS_OAUTH_SCOPES": "older"}
    assert _scopes(env) == ("older",)
    reads = {said.name: said.read_instead for said in find_renamed(env, None)}
    assert reads == {
        "FLYTE_CREDENTIALS_OAUTH_SCOPES": None,
        "FLYTE_CREDENTIALS_SCOPE": "FLYTE_CREDENTIALS_OAUTH_SCOPES",
    }


def test_old_names_are_known_and_never_suggested() -> None:
    env = dict.fromkeys(OLD_ENV, "x")
    file = _ini(*((key, "x") for key in OLD_INI))
    assert find_unknown(env, file) == ()
    assert set(OLD_ENV) <= BUILTIN.env
    assert not set(OLD_ENV) & set(BUILTIN.env_candidates)
    assert not set(OLD_INI) & set(BUILTIN.ini_candidates)
    (typo,) = find_unknown({"FLYTE_CREDENTIALS_OAUTH_SCOPE": "x"}, None)
    assert typo.suggestion != "FLYTE_CREDENTIALS_OAUTH_SCOPES"


def test_a_yaml_file_does_not_read_the_old_ini_names() -> None:
    file = ConfigFile("/c/config.yaml", "credentials:\n  oauth_scopes: a\n")
    assert _scopes({}, file) == ()
    assert find_renamed({}, file) == ()
    assert [name.name for name in find_unknown({}, file)] == ["credentials"]


def test_nothing_is_said_when_no_old_name_is_set() -> None:
    file = _ini(("[credentials] scopes", "a"), ("[secrets] host", "h"))
    assert find_renamed({"FLYTE_CREDENTIALS_SCOPES": "a", "FLYTE_SECRETS_PORT": "1"}, file) == ()


@given(value=setting_texts(), which=st.sampled_from(_OLD_NAMES))
def test_reading_under_an_old_name_gives_what_the_new_name_gives(
    value: str, which: tuple[Setting[object], catalogue.OldName]
) -> None:
    setting, old = which
    new_ini = ini_name(setting.section, setting.option)
    old_ini = ini_name(old.section, old.option)
    under_new = resolve_config({setting.env_var: value}, None).unwrap().config
    under_old = resolve_config({catalogue.env_name(old.section, old.option): value}, None)
    assert under_old.unwrap().config == under_new
    in_new = resolve_config({}, _ini((new_ini, value))).unwrap().config
    assert resolve_config({}, _ini((old_ini, value))).unwrap().config == in_new == under_new


@given(new=setting_texts(), old=setting_texts(), which=st.sampled_from(_OLD_NAMES))
def test_the_new_name_wins_over_the_old_whatever_the_values(
    new: str, old: str, which: tuple[Setting[object], catalogue.OldName]
) -> None:
    setting, old_name = which
    only_new = resolve_config({setting.env_var: new}, None).unwrap()
    both = {setting.env_var: new, catalogue.env_name(old_name.section, old_name.option): old}
    assert resolve_config(both, None).unwrap().config == only_new.config
    new_ini = ini_name(setting.section, setting.option)
    old_ini = ini_name(old_name.section, old_name.option)
    for file in (_ini((new_ini, new), (old_ini, old)), _ini((old_ini, old), (new_ini, new))):
        assert resolve_config({}, file).unwrap().config == only_new.config
        assert [said.read_instead for said in find_renamed({}, file)] == [new_ini]
