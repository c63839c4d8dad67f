"""The settings reader, tested directly with settings of its own: the order of the sources, what
counts as set, the provenance it records (and the one it only returns), how it words and places
each error, and the client secret file's refusal. (``test_resolve.py`` tests it through the
resolver and the catalogue.)"""

from __future__ import annotations

import datetime
import types

import pytest

from ctxcore.core.config import catalogue
from ctxcore.core.config.catalogue import OldName, Setting
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.reader import Provenance, SettingsReader, sources_set
from ctxcore.core.config.values import BOOL, TEXT, seconds_kind
from ctxcore.core.errors import ClientSecretFileNotFound, ConfigError

# One setting with every kind of name: its own (``[own] opt``), a fallback section (``[fb]``)
# and an old name (``[own] old``), and a YAML key.
NAMED = Setting[str](
    "part.named",
    "own",
    "opt",
    TEXT,
    "top.key",
    fallback_sections=("fb",),
    old_names=(OldName("own", "old", "release 1"),),
)
SECRET = Setting[str]("part.secret", "own", "secret", TEXT, "top.secret", sensitive=True)
FLAG = Setting[bool]("part.flag", "own", "flag", BOOL)
WAIT = Setting[datetime.timedelta]("part.wait", "own", "wait", seconds_kind(0, 10), "top.wait")

INI = "/c/flytekit.config"
YAML = "/c/config.yaml"


def reader(
    env: dict[str, str] | None = None,
    file: ConfigFile | None = None,
    *,
    track: bool = True,
    secret_files: dict[str, str] | None = None,
) -> SettingsReader:
    return SettingsReader(env or {}, file, secret_files or {}, track=track)


def chain(origin: Provenance) -> list[tuple[str, str | None, str | None, object, str | None]]:
    """The winner and each value it hid: source, name, location, value and detail."""
    return [(p.source, p.name, p.location, p.value, p.detail) for p in (origin, *origin.shadowed)]


# --- Provenance ------------------------------------------------------------------------------


def test_a_provenance_knows_only_its_source_by_default() -> None:
    origin = Provenance("default")
    assert (origin.name, origin.location, origin.shadowed, origin.value) == (None, None, (), None)
    assert (origin.detail, origin.sensitive, origin.renamed_to) == (None, False, None)


@pytest.mark.parametrize(
    ("sensitive", "value", "shown"),
    [
        (True, "s3cret", "'<redacted>'"),
        (True, "", "'<redacted>'"),
        (True, None, "None"),
        (False, "plain", "'plain'"),
        (False, None, "None"),
        (False, 5, "5"),
    ],
)
def test_shown_value_redacts_a_secret_that_is_set(
    sensitive: bool, value: object, shown: str
) -> None:
    assert Provenance("env", value=value, sensitive=sensitive).shown_value() == shown


def test_describe_says_what_it_knows_in_one_line() -> None:
    assert Provenance("default").describe() == "default"
    assert Provenance("env", "FLYTE_X").describe() == "env FLYTE_X"
    assert Provenance("file", location="/p").describe() == "file at /p"
    assert Provenance("default", detail="note").describe() == "default (note)"
    assert Provenance("env", renamed_to="NEW").describe() == "env (deprecated: renamed to NEW)"
    full = Provenance("file", "[s] o", "/p:3", detail="d", renamed_to="[s] n")
    assert full.describe() == "file [s] o at /p:3 (d) (deprecated: renamed to [s] n)"


def test_repr_shows_every_field_but_a_secret() -> None:
    hidden = Provenance("default", value="v")
    origin = Provenance(
        "file", "k", "/p:1", (hidden,), "s3cret", "d", sensitive=True, renamed_to="n"
    )
    assert repr(origin) == (
        "Provenance(source='file', name='k', location='/p:1', value='<redacted>', detail='d', "
        "renamed_to='n', shadowed=(Provenance(source='default', name=None, location=None, "
        "value='v', detail=None, renamed_to=None, shadowed=()),))"
    )


# --- precedence and what counts as set -------------------------------------------------------


def test_names_of_the_test_settings() -> None:
    assert NAMED.env_names == ("FLYTE_OWN_OPT", "FLYTE_FB_OPT", "FLYTE_OWN_OLD")
    assert NAMED.ini_keys == (("own", "opt"), ("fb", "opt"), ("own", "old"))


@pytest.mark.parametrize("track", [True, False])
def test_the_variables_in_order_then_the_default(track: bool) -> None:
    env = {"FLYTE_OWN_OPT": "a", "FLYTE_FB_OPT": "b", "FLYTE_OWN_OLD": "c"}
    assert reader(env, track=track).get(NAMED, "d") == "a"
    del env["FLYTE_OWN_OPT"]
    assert reader(env, track=track).get(NAMED, "d") == "b"
    del env["FLYTE_FB_OPT"]
    assert reader(env, track=track).get(NAMED, "d") == "c"
    assert reader({}, track=track).get(NAMED, "d") == "d"
    assert reader({"OTHER": "x"}, track=track).lookup(NAMED)[0] is None


@pytest.mark.parametrize("track", [True, False])
def test_a_variable_set_to_unset_hides_every_lower_source(track: bool) -> None:
    env = {"FLYTE_OWN_OPT": "", "FLYTE_FB_OPT": "b"}
    file = ConfigFile(INI, "[own]\nopt = f\n")
    assert reader(env, file, track=track).get(NAMED, "d") == "d"
    assert reader({"FLYTE_PART_FLAG": ""}, track=track).get(FLAG, True) is True
    assert reader({"FLYTE_OWN_FLAG": ""}, track=track).get(FLAG, True) is False


@pytest.mark.parametrize("track", [True, False])
def test_the_ini_options_in_order(track: bool) -> None:
    options = ["[own]\nopt = a\nold = c\n", "[fb]\nopt = b\n"]
    assert reader({}, ConfigFile(INI, "".join(options)), track=track).get(NAMED, "d") == "a"
    later = "[own]\nold = c\n[fb]\nopt = b\n"
    assert reader({}, ConfigFile(INI, later), track=track).get(NAMED, "d") == "b"
    last = ConfigFile(INI, "[own]\nold = c\n")
    assert reader({}, last, track=track).get(NAMED, "d") == "c"
    assert reader({"FLYTE_OWN_OLD": "e"}, last, track=track).get(NAMED, "d") == "e"
    unset = ConfigFile(INI, "[own]\nopt =\n[fb]\nopt = b\n")
    assert reader({}, unset, track=track).get(NAMED, "d") == "d"


@pytest.mark.parametrize("track", [True, False])
def test_an_ini_file_never_falls_through_to_the_yaml_key(track: bool) -> None:
    file = ConfigFile(INI, "[top]\nkey = y\n[other]\nopt = o\n")
    assert reader({}, file, track=track).lookup(NAMED)[0] is None
    assert reader({}, None, track=track).lookup(NAMED)[0] is None


@pytest.mark.parametrize("track", [True, False])
def test_a_yaml_file_is_read_at_the_key(track: bool) -> None:
    file = ConfigFile(YAML, "top:\n  key: y\n  other: o\nown:\n  opt: not-read\n")
    assert reader({}, file, track=track).get(NAMED, "d") == "y"
    assert reader({"FLYTE_FB_OPT": "e"}, file, track=track).get(NAMED, "d") == "e"
    missing = ConfigFile(YAML, "top:\n  other: o\n")
    assert reader({}, missing, track=track).get(NAMED, "d") == "d"
    assert reader({}, file, track=track).get(FLAG, True) is True  # FLAG has no YAML key
    null = ConfigFile(YAML, "top:\n  key: null\n")
    assert reader({}, null, track=track).get(NAMED, "d") == "d"
    assert reader({}, ConfigFile(YAML, "top:\n  wait: 7\n"), track=track).get(WAIT, None) == (
        datetime.timedelta(seconds=7)
    )


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("track", [True, False])
def test_a_bad_variable_is_an_error_naming_it(track: bool) -> None:
    with pytest.raises(ConfigError) as info:
        reader({"FLYTE_FB_OPT": "x", "FLYTE_OWN_WAIT": "soon"}, track=track).get(WAIT, None)
    error = info.value
    assert (error.reason, error.env_var, error.file, error.key) == (
        "not an integer: 'soon'",
        "FLYTE_OWN_WAIT",
        None,
        None,
    )
    assert error.__cause__ is None


@pytest.mark.parametrize("track", [True, False])
@pytest.mark.parametrize(
    ("location", "text", "reason", "line", "key"),
    [
        (
            INI,
            "[own]\nflag = on\n\nwait = 11\n",
            "11 is out of range: expected whole seconds from 0 to 10",
            4,
            "[own] wait",
        ),
        (YAML, "top:\n  key: x\n  wait: [1]\n", "expected an integer, found [1]", 3, "top.wait"),
    ],
)
def test_a_bad_file_value_is_an_error_naming_file_line_and_key(
    track: bool, location: str, text: str, reason: str, line: int, key: str
) -> None:
    with pytest.raises(ConfigError) as info:
        reader({}, ConfigFile(location, text), track=track).get(WAIT, None)
    error = info.value
    assert (error.reason, error.env_var, error.file, error.line, error.key) == (
        reason,
        None,
        location,
        line,
        key,
    )
    assert error.__cause__ is None


@pytest.mark.parametrize("track", [True, False])
def test_a_yaml_key_under_a_scalar_is_an_error(track: bool) -> None:
    file = ConfigFile(YAML, "top: 5\n")
    with pytest.raises(ConfigError) as info:
        reader({}, file, track=track).get(NAMED, "d")
    assert (info.value.reason, info.value.line, info.value.key) == (
        "expected a mapping, found a value of type int",
        1,
        "top",
    )


# --- provenance ------------------------------------------------------------------------------


def test_get_records_the_provenance_of_the_field_when_tracking() -> None:
    r = reader({"FLYTE_OWN_OPT": "a"})
    assert r.get(NAMED, "d") == "a"
    assert chain(r.provenance["part.named"]) == [
        ("env", "FLYTE_OWN_OPT", None, "a", None),
        ("default", None, None, "d", None),
    ]
    untracked = reader({"FLYTE_OWN_OPT": "a"}, track=False)
    assert untracked.get(NAMED, "d") == "a"
    assert untracked.provenance == {}


def test_a_setting_not_set_anywhere_is_the_default() -> None:
    r = reader()
    assert r.get(SECRET, "d") == "d"
    assert r.provenance["part.secret"] == Provenance("default", value="d", sensitive=True)
    assert r.lookup(NAMED) == (None, Provenance("default"))


def test_every_source_that_sets_a_setting_is_recorded_in_order() -> None:
    env = {"FLYTE_OWN_OPT": "a", "FLYTE_OWN_OLD": ""}
    file = ConfigFile(INI, "[fb]\nopt = b\n[own]\nold = c\n")
    value, origin = reader(env, file).lookup(NAMED)
    assert value == "a"
    assert origin is not None
    unset = "counts as unset: the default applies"
    assert chain(origin) == [
        ("env", "FLYTE_OWN_OPT", None, "a", None),
        ("env", "FLYTE_OWN_OLD", None, None, unset),
        ("file", "[fb] opt", f"{INI}:2", "b", None),
        ("file", "[own] old", f"{INI}:4", "c", None),
        ("default", None, None, None, None),
    ]
    renamed = [p.renamed_to for p in (origin, *origin.shadowed)]
    assert renamed == [None, "FLYTE_OWN_OPT", None, "[own] opt", None]
    assert [p.shadowed for p in origin.shadowed] == [()] * 4  # only the winner's is set


def test_a_winner_that_counts_as_unset_shows_the_default_and_says_why() -> None:
    r = reader({"FLYTE_OWN_OPT": ""}, ConfigFile(YAML, "top:\n  key: y\n"))
    assert r.get(NAMED, "d") == "d"
    assert chain(r.provenance["part.named"]) == [
        ("env", "FLYTE_OWN_OPT", None, "d", "counts as unset: the default applies"),
        ("file", "top.key", f"{YAML}:2", "y", None),
        ("default", None, None, "d", None),
    ]


def test_an_invalid_shadowed_value_is_recorded_not_raised() -> None:
    file = ConfigFile(INI, "[own]\nwait = 11\n")
    r = reader({"FLYTE_OWN_WAIT": "3", "FLYTE_OWN_OLD": "x"}, file)
    assert r.get(WAIT, None) == datetime.timedelta(seconds=3)
    reason = "invalid: 11 is out of range: expected whole seconds from 0 to 10"
    assert chain(r.provenance["part.wait"]) == [
        ("env", "FLYTE_OWN_WAIT", None, datetime.timedelta(seconds=3), None),
        ("file", "[own] wait", f"{INI}:2", None, reason),
        ("default", None, None, None, None),
    ]


def test_an_invalid_shadowed_old_name_keeps_its_rename() -> None:
    env = {"FLYTE_OWN_OPT": "a"}
    file = ConfigFile(INI, "[own]\nold = %(nope)s\n")
    _, origin = reader(env, file).lookup(NAMED)
    assert origin is not None
    hidden = origin.shadowed[0]
    assert (hidden.source, hidden.name, hidden.renamed_to) == ("file", "[own] old", "[own] opt")
    assert hidden.detail is not None
    assert hidden.detail.startswith("invalid: ")
    assert "'nope'" in hidden.detail


def test_a_secret_is_sensitive_in_every_source() -> None:
    file = ConfigFile(YAML, "top:\n  secret: from-file\n")
    r = reader({"FLYTE_OWN_SECRET": "from-env"}, file)
    assert r.get(SECRET, None) == "from-env"
    origin = r.provenance["part.secret"]
    assert [p.sensitive for p in (origin, *origin.shadowed)] == [True, True, True]
    assert "from-" not in repr(origin)
    plain = reader({"FLYTE_OWN_OPT": "a"}).lookup(NAMED)[1]
    assert plain is not None
    assert [p.sensitive for p in (plain, *plain.shadowed)] == [False, False]


def test_lookup_records_nothing_and_tracks_only_when_asked() -> None:
    r = reader({"FLYTE_OWN_OPT": "a"})
    value, origin = r.lookup(NAMED)
    assert value == "a"
    assert origin is not None
    assert origin.name == "FLYTE_OWN_OPT"
    assert r.provenance == {}
    assert reader({"FLYTE_OWN_OPT": "a"}, track=False).lookup(NAMED) == ("a", None)


def test_default_records_a_field_no_setting_feeds() -> None:
    r = reader()
    assert r.default("part.fixed", 3) == 3
    assert r.provenance == {"part.fixed": Provenance("default", value=3)}
    untracked = reader(track=False)
    assert untracked.default("part.fixed", 3) == 3
    assert untracked.provenance == {}


def test_override_puts_the_recorded_value_and_what_it_hid_under_the_winner() -> None:
    r = reader()
    first = Provenance("env", "A", value=1)
    r.override("p", first)
    assert r.provenance["p"] == first
    hidden = Provenance("default", value=0)
    r.provenance["p"] = Provenance("env", "B", value=2, shadowed=(hidden,))
    r.override("p", Provenance("file", "C", value=3, shadowed=(first,)))
    assert r.provenance["p"] == Provenance(
        "file", "C", value=3, shadowed=(Provenance("env", "B", value=2), hidden)
    )


# --- reads_nothing ---------------------------------------------------------------------------

_NAMES = frozenset({"FLYTE_OWN_OPT", "FLYTE_FB_OPT"})


def test_reads_nothing_only_untracked_without_a_file_and_with_none_of_the_names() -> None:
    assert reader({"OTHER": "x"}, track=False).reads_nothing(_NAMES)
    assert reader({}, track=False).reads_nothing(_NAMES)
    assert not reader({"FLYTE_FB_OPT": ""}, track=False).reads_nothing(_NAMES)
    assert not reader({}, track=True).reads_nothing(_NAMES)
    assert not reader({}, ConfigFile(INI, ""), track=False).reads_nothing(_NAMES)


def test_reads_nothing_asks_only_a_plain_dict() -> None:
    other = SettingsReader(types.MappingProxyType({}), None, {}, track=False)
    assert not other.reads_nothing(_NAMES)


# --- sources_set -----------------------------------------------------------------------------


def test_sources_set_lists_each_source_in_order_without_reading_it() -> None:
    env = {"FLYTE_FB_OPT": "b", "FLYTE_OWN_OPT": "a"}
    file = ConfigFile(INI, "[own]\nold = %(bad)s\nopt = x\n")
    found = sources_set(NAMED, env, file)
    assert [(source, name, location) for source, name, location, _ in found] == [
        ("env", "FLYTE_OWN_OPT", None),
        ("env", "FLYTE_FB_OPT", None),
        ("file", "[own] opt", f"{INI}:3"),
        ("file", "[own] old", f"{INI}:2"),
    ]
    assert [read() for _, _, _, read in found[:3]] == ["a", "b", "x"]
    with pytest.raises(ConfigError, match="'bad'"):
        found[3][3]()


def test_sources_set_in_yaml_counts_a_wrong_shape_on_the_way() -> None:
    assert sources_set(NAMED, {}, ConfigFile(YAML, "top:\n  other: 1\n")) == []
    assert sources_set(NAMED, {}, ConfigFile(YAML, "")) == []
    assert sources_set(FLAG, {}, ConfigFile(YAML, "own:\n  flag: true\n")) == []
    assert sources_set(NAMED, {}, None) == []
    ((source, name, location, read),) = sources_set(NAMED, {}, ConfigFile(YAML, "top: [1]\n"))
    assert (source, name, location) == ("file", "top.key", YAML)
    with pytest.raises(ConfigError, match="expected a mapping, found a list"):
        read()
    ((_, _, location, read),) = sources_set(NAMED, {}, ConfigFile(YAML, "top:\n  key: v\n"))
    assert (location, read()) == (f"{YAML}:2", "v")


# --- the client secret file ------------------------------------------------------------------

_LOCATION = catalogue.CREDENTIALS_CLIENT_SECRET_LOCATION


def test_the_secret_file_text_is_the_pre_read_content() -> None:
    files = {"/s": "x\n", "/empty": ""}
    assert reader(secret_files=files).secret_file_text("/s") == "x\n"
    assert reader(secret_files=files).secret_file_text("/empty") == ""


def test_a_missing_secret_file_configured_in_the_environment() -> None:
    env = {_LOCATION.env_var: "/gone"}
    file = ConfigFile(INI, "[credentials]\nclient_secret_location = /f\n")
    with pytest.raises(ClientSecretFileNotFound) as info:
        reader(env, file, track=False).secret_file_text("/gone")
    error = info.value
    assert (error.reason, error.env_var, error.path, error.file, error.key) == (
        "the client secret file '/gone' does not exist",
        _LOCATION.env_var,
        "/gone",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("location", "text", "line", "key"),
    [
        (
            INI,
            "[x]\n[credentials]\nclient_secret_location = /gone\n",
            3,
            "[credentials] client_secret_location",
        ),
        (
            YAML,
            "admin:\n  endpoint: e\n  clientSecretLocation: /gone\n",
            3,
            "admin.clientSecretLocation",
        ),
        (INI, "[credentials]\nclient_id = i\n", None, None),
    ],
)
def test_a_missing_secret_file_configured_in_a_file(
    location: str, text: str, line: int | None, key: str | None
) -> None:
    with pytest.raises(ClientSecretFileNotFound) as info:
        reader({}, ConfigFile(location, text), track=False).secret_file_text("/gone")
    error = info.value
    assert (error.reason, error.env_var, error.path, error.file, error.line, error.key) == (
        "the client secret file '/gone' does not exist",
        None,
        "/gone",
        location,
        line,
        key,
    )


def test_a_missing_secret_file_configured_nowhere() -> None:
    with pytest.raises(ClientSecretFileNotFound) as info:
        reader().secret_file_text("/gone")
    error = info.value
    assert (error.env_var, error.path, error.file, error.line, error.key) == (
        None,
        "/gone",
        None,
        None,
        None,
    )
