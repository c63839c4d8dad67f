"""What a ``Setting`` derives from its names: the INI keys and variables in the order they are
read, the YAML key's parts, and the renames of its old names. Each setting is built inside its
test (the catalogue's own are built at import: ``test_resolve.py`` holds them to the reference's
table)."""

from __future__ import annotations

import pytest

from ctxcore.core.config.catalogue import OldName, Rename, Setting, env_name, ini_name
from ctxcore.core.config.values import TEXT


def test_names_of_a_setting_without_others() -> None:
    setting = Setting[str]("p.f", "Sec", "Opt", TEXT)
    assert setting.ini_keys == (("Sec", "Opt"),)
    assert setting.env_names == ("FLYTE_SEC_OPT",)
    assert setting.env_var == "FLYTE_SEC_OPT"
    assert setting.yaml_parts is None
    assert dict(setting.renames) == {}
    assert (setting.yaml_key, setting.fallback_sections, setting.sensitive) == (None, (), False)


def test_names_in_the_order_they_are_read() -> None:
    setting = Setting[str](
        "p.f",
        "own",
        "opt",
        TEXT,
        "a.b.c",
        fallback_sections=("fb1", "fb2"),
        old_names=(OldName("own", "old", "v1"), OldName("older", "o", "v0")),
    )
    assert setting.ini_keys == (
        ("own", "opt"),
        ("fb1", "opt"),
        ("fb2", "opt"),
        ("own", "old"),
        ("older", "o"),
    )
    assert setting.env_names == (
        "FLYTE_OWN_OPT",
        "FLYTE_FB1_OPT",
        "FLYTE_FB2_OPT",
        "FLYTE_OWN_OLD",
        "FLYTE_OLDER_O",
    )
    assert setting.env_var == "FLYTE_OWN_OPT"
    assert setting.yaml_parts == ("a", "b", "c")


def test_each_old_name_renames_to_the_setting_s_name_of_the_same_kind() -> None:
    setting = Setting[str](
        "p.f",
        "own",
        "opt",
        TEXT,
        fallback_sections=("fb",),
        old_names=(OldName("own", "old", "v1"), OldName("older", "o", "v0")),
    )
    assert dict(setting.renames) == {
        "[own] old": Rename("[own] old", "[own] opt", "v1"),
        "FLYTE_OWN_OLD": Rename("FLYTE_OWN_OLD", "FLYTE_OWN_OPT", "v1"),
        "[older] o": Rename("[older] o", "[own] opt", "v0"),
        "FLYTE_OLDER_O": Rename("FLYTE_OLDER_O", "FLYTE_OWN_OPT", "v0"),
    }
    with pytest.raises(TypeError):
        setting.renames["x"] = Rename("x", "y", "z")  # type: ignore[index]  # pyright: ignore[reportIndexIssue]


def test_renames_do_not_count_in_equality() -> None:
    old = (OldName("own", "old", "v1"),)
    assert Setting[str]("p.f", "own", "opt", TEXT, old_names=old) == Setting[str](
        "p.f", "own", "opt", TEXT, old_names=old
    )
    assert "renames" not in repr(Setting[str]("p.f", "own", "opt", TEXT, old_names=old))


def test_names_are_written_as_the_reference_writes_them() -> None:
    assert env_name("a_b", "c-d") == "FLYTE_A_B_C-D"
    assert ini_name("sec", "opt") == "[sec] opt"
