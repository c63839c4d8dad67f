"""A ``Setting``'s derived names: the INI keys, variables, YAML path and renames it is read under.

The catalogue's own settings are built at import, so these tests build fresh ones: the names a
setting is read under are worked out from its section, option, fallback sections, old names and
YAML key, and a wrong derivation would read a setting from the wrong variable or file key.
"""

from __future__ import annotations

import types

from ctxcore.core.config.catalogue import OldName, Rename, Setting, env_name, ini_name
from ctxcore.core.config.values import TEXT

_OLD = OldName("legacy", "old_host", "flytekit 1.0 (abc, #1)")


def _renamed() -> Setting[str]:
    """A setting with everything that adds a name: two fallback sections and two old names."""
    return Setting[str](
        "stats.host",
        "statsd",
        "host",
        TEXT,
        "stats.connection.host",
        fallback_sections=("secrets", "extra"),
        old_names=(_OLD, OldName("statsd", "hostname", "flytekit 2.0 (def, #2)")),
    )


def test_a_setting_is_read_from_its_section_then_its_fallbacks_then_its_old_names() -> None:
    setting = _renamed()
    assert setting.ini_keys == (
        ("statsd", "host"),
        ("secrets", "host"),
        ("extra", "host"),
        ("legacy", "old_host"),
        ("statsd", "hostname"),
    )
    assert setting.env_names == (
        "FLYTE_STATSD_HOST",
        "FLYTE_SECRETS_HOST",
        "FLYTE_EXTRA_HOST",
        "FLYTE_LEGACY_OLD_HOST",
        "FLYTE_STATSD_HOSTNAME",
    )
    assert setting.env_var == "FLYTE_STATSD_HOST"


def test_a_plain_setting_is_read_from_its_own_section_and_variable_only() -> None:
    setting = Setting[str]("sdk.x", "sdk", "x", TEXT)
    assert setting.ini_keys == (("sdk", "x"),)
    assert setting.env_names == ("FLYTE_SDK_X",)
    assert setting.yaml_parts is None
    assert setting.renames == {}


def test_a_yaml_key_is_split_at_its_dots() -> None:
    assert _renamed().yaml_parts == ("stats", "connection", "host")
    assert Setting[str]("p", "s", "o", TEXT, "top").yaml_parts == ("top",)


def test_each_old_name_is_renamed_to_the_same_kind_of_new_name() -> None:
    """An old INI option maps to the new INI option, an old variable to the new variable, each
    with where the reference renamed it; the map is read-only, as the setting is frozen."""
    renames = _renamed().renames
    assert list(renames.items()) == [
        (
            "[legacy] old_host",
            Rename("[legacy] old_host", "[statsd] host", "flytekit 1.0 (abc, #1)"),
        ),
        (
            "FLYTE_LEGACY_OLD_HOST",
            Rename("FLYTE_LEGACY_OLD_HOST", "FLYTE_STATSD_HOST", "flytekit 1.0 (abc, #1)"),
        ),
        (
            "[statsd] hostname",
            Rename("[statsd] hostname", "[statsd] host", "flytekit 2.0 (def, #2)"),
        ),
        (
            "FLYTE_STATSD_HOSTNAME",
            Rename("FLYTE_STATSD_HOSTNAME", "FLYTE_STATSD_HOST", "flytekit 2.0 (def, #2)"),
        ),
    ]
    assert isinstance(renames, types.MappingProxyType)


def test_names_are_the_references() -> None:
    """Upper-cased, nothing else mapped: a dash or dot stays as written."""
    assert env_name("aws", "access-key.id") == "FLYTE_AWS_ACCESS-KEY.ID"
    assert ini_name("aws", "access-key.id") == "[aws] access-key.id"
