"""Every decoder of outside input, tried the way issue 11 found it: one call in a fresh
interpreter whose address space is capped at what it has plus 50 MiB, timed, its message
measured (``tests/capped.py``). Each must refuse (or accept) within 1 s and 50 MiB, with a message
of at most 4 KiB that reprs no unbounded value.

The decoders are the core's; the process around them (files, standard input, a memory cap) is
the world, so the tests live here. In-process checks of the same rules are beside each decoder's
tests in ``tests/core/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ctxcore.testing.bombs import (
    ini_defaults_bomb,
    ini_interpolation_bomb,
    wrong_items_context,
    wrong_items_json,
    yaml_alias_bomb,
)
from tests.capped import assert_cheap, assert_refused_cheaply, run_capped

pytestmark = pytest.mark.slow

_READ_STDIN = """
import sys
from ctxcore import SerializationSettings
value = sys.stdin.read()
"""


def test_from_transport_refuses_half_a_million_wrong_items_cheaply() -> None:
    measured = run_capped(
        _READ_STDIN,
        "SerializationSettings.from_transport(value)",
        stdin=wrong_items_context().encode(),
    )
    assert_refused_cheaply(measured, "TransportError")
    assert "500000 items" in (measured.message or "")


def test_from_json_refuses_half_a_million_wrong_items_cheaply() -> None:
    measured = run_capped(
        _READ_STDIN, "SerializationSettings.from_json(value)", stdin=wrong_items_json().encode()
    )
    assert_refused_cheaply(measured, "TransportError")


def test_from_dict_refuses_half_a_million_wrong_items_cheaply() -> None:
    measured = run_capped(
        _READ_STDIN + "import json\nvalue = json.loads(value)\n",
        "SerializationSettings.from_dict(value)",
        stdin=wrong_items_json().encode(),
    )
    assert_refused_cheaply(measured, "TransportError")


def test_a_thousand_images_with_every_field_wrong_give_a_short_message() -> None:
    wrong = {"name": 1, "fqn": 2, "tag": 3, "digest": 4}
    document = {"image_config": {"default_image": None, "images": [wrong] * 1000}}
    measured = run_capped(
        _READ_STDIN, "SerializationSettings.from_json(value)", stdin=json.dumps(document).encode()
    )
    assert_refused_cheaply(measured, "TransportError")
    assert "3995 more" in (measured.message or ""), measured.describe()


# --- configuration files -------------------------------------------------------------------

_EXPLAIN = """
from ctxcore import Config
path = {path!r}
"""


def _explain(path: Path) -> str:
    return _EXPLAIN.format(path=str(path))


def test_billion_laughs_in_a_checked_key_is_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml_alias_bomb())
    assert path.stat().st_size == 455
    measured = run_capped(_explain(path), "Config.explain(path, env={})")
    assert_refused_cheaply(measured, "ConfigError")
    assert str(path) in (measured.message or "")


def test_a_yaml_file_of_half_a_million_nodes_is_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("admin:\n  endpoint: [" + ",".join(["1"] * 500_000) + "]\n")
    measured = run_capped(_explain(path), "Config.explain(path, env={})")
    assert_refused_cheaply(measured, "ConfigError")


def test_nested_ini_interpolation_that_is_read_is_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "flytekit.config"
    path.write_text(ini_interpolation_bomb())
    measured = run_capped(_explain(path), "Config.explain(path, env={})")
    assert_refused_cheaply(measured, "IniInterpolationError")
    assert "[platform] url" in (measured.message or ""), measured.describe()


def test_nested_ini_interpolation_that_is_not_read_costs_nothing(tmp_path: Path) -> None:
    path = tmp_path / "flytekit.config"
    path.write_text(ini_interpolation_bomb(levels=10, read=False))
    assert_cheap(run_capped(_explain(path), "Config.explain(path, env={})"))


def test_sections_that_inherit_many_defaults_cost_little(tmp_path: Path) -> None:
    path = tmp_path / "flytekit.config"
    path.write_text(ini_defaults_bomb())
    assert_cheap(run_capped(_explain(path), "Config.explain(path, env={})"))


def test_an_ini_file_of_a_hundred_thousand_sections_is_refused_cheaply(tmp_path: Path) -> None:
    path = tmp_path / "flytekit.config"
    path.write_text(ini_defaults_bomb(sections=100_000, defaults=10))
    assert path.stat().st_size < 1 << 20
    measured = run_capped(_explain(path), "Config.explain(path, env={})")
    assert_refused_cheaply(measured, "IniParsingError")
