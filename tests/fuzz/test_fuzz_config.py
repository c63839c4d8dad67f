"""Fuzz: configuration files (YAML and INI), parsed and then resolved into a ``Config``, and
the environment's ``FLYTE_*`` variables resolved alone.

Seeds: the documented example files, files written from generated configs, and the bombs
(billion laughs, nested interpolation, inherited defaults). An edited file must parse and
resolve, or be a ``ConfigError``: never another exception, a long message, or a blow-up.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.config.file import get_specified_images, parse_config_file
from ctxcore.core.config.resolve import ResolvedConfig, resolve_config
from ctxcore.core.config.unknown import BUILTIN, MAX_SUGGESTED_CHARS, MAX_UNKNOWN_NAMES
from ctxcore.core.errors import ConfigError
from ctxcore.core.results import unwrap_or_raise
from ctxcore.testing.bombs import ini_defaults_bomb, ini_interpolation_bomb, yaml_alias_bomb
from tests.fuzz.bounds import within_bounds
from tests.fuzz.mutate import mutated_text
from tests.fuzz.profiles import fuzz

pytestmark = pytest.mark.fuzz

_YAML_SEEDS = [
    """\
admin:
  endpoint: dns:///flyte.example.com
  authType: Pkce
  insecure: true
  clientSecretEnvVar: SECRET
storage:
  type: s3
  connection:
    endpoint: http://localhost:30084
    access-key: minio
    secret-key: miniostorage
  container: my-bucket
images:
  abc: docker.io/abc:latest
""",
    "admin: {endpoint: [1, 2], insecure: maybe}\nstorage: 3\n",
    "&a [*a]\n",
    "images: !!python/object:os.system {}\n",
    yaml_alias_bomb(),
    yaml_alias_bomb(levels=4, width=4, key="storage.connection.access-key"),
]
_INI_SEEDS = [
    """\
[platform]
url = flyte.example.com
insecure = True
auth_mode = basic
[credentials]
client_id = abc
[aws]
endpoint = http://localhost:30084
access_key_id = minio
retries = 3
[images]
abc = docker.io/abc:latest
""",
    "[platform]\nurl = %(missing)s\n[sdk]\nworkflow_packages = a,b\n",
    "[DEFAULT]\nx = %(x)s\n[platform]\nurl = %(x)s\n",
    ini_interpolation_bomb(),
    ini_interpolation_bomb(levels=3, width=3, read=True),
    ini_defaults_bomb(sections=200, defaults=200),
]


def _read(location: str, text: str) -> object:
    file = unwrap_or_raise(parse_config_file(location, text))
    resolved = unwrap_or_raise(resolve_config({}, file))
    return resolved.config, get_specified_images(file)


@fuzz
@given(st.sampled_from(["config.yaml", "c.yml"]), mutated_text(_YAML_SEEDS))
def test_a_yaml_file_resolves_or_is_a_config_error(location: str, text: str) -> None:
    within_bounds(lambda: _read(location, text), (ConfigError,))


@fuzz
@given(st.sampled_from(["flytekit.config", "config"]), mutated_text(_INI_SEEDS))
def test_an_ini_file_resolves_or_is_a_config_error(location: str, text: str) -> None:
    within_bounds(lambda: _read(location, text), (ConfigError,))


_KNOWN_VARIABLES = sorted(BUILTIN.env)
_VALUE_SEEDS = [
    "true",
    "False",
    "3",
    "-1",
    "1.5",
    "1e400",
    "nan",
    "s3://bucket/prefix",
    "dns:///flyte.example.com",
    "a,b,c",
    "",
    "x" * 10_000,
]
_NAME_SEEDS = [*_KNOWN_VARIABLES[:40], "FLYTE_" + "X" * (MAX_SUGGESTED_CHARS + 1)]


@st.composite
def _environments(draw: st.DrawFn) -> dict[str, str]:
    """Known variables with edited values, and edited names (near-misses of known ones, which
    are looked up for a suggestion; many of them, past ``MAX_UNKNOWN_NAMES``)."""
    env = {
        name: draw(mutated_text(_VALUE_SEEDS, max_edits=3))
        for name in draw(st.lists(st.sampled_from(_KNOWN_VARIABLES), max_size=12, unique=True))
    }
    for name in draw(st.lists(mutated_text(_NAME_SEEDS, max_edits=2), max_size=8)):
        env["FLYTE_" + name.removeprefix("FLYTE_")] = "1"
    if draw(st.booleans()):
        env.update((f"FLYTE_UNKNOWN_{i}", "1") for i in range(MAX_UNKNOWN_NAMES + 50))
    return env


@fuzz
@given(_environments())
def test_the_environment_resolves_or_is_a_config_error(env: dict[str, str]) -> None:
    outcome = within_bounds(lambda: unwrap_or_raise(resolve_config(env, None)), (ConfigError,))
    if outcome.error is None:
        resolved = outcome.value
        assert isinstance(resolved, ResolvedConfig)
        assert len(resolved.unknown) <= MAX_UNKNOWN_NAMES
        for unknown in resolved.unknown:
            assert unknown.name in env
            assert unknown.suggestion is None or unknown.suggestion in BUILTIN.env
