"""Images through the process (reference §2.6): ``ImageConfig.auto`` reads the environment and
the configuration file, and the default image comes from the process's ambient
(``ctxcore.shell.images``). The pure rules are in ``tests/core/serialization/test_images.py``."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from ctxcore.core.serialization.images import DefaultImages, Image, ImageConfig, PythonVersion
from ctxcore.shell import images as shell_images

_DEFAULT = Image(name="default", fqn="ghcr.io/flyteorg/flytekit", tag="py3.11-1.16.31")
_SPARK = Image(name="spark", fqn="ghcr.io/org/spark", tag="v3")

# -- ImageConfig.auto (reads the environment and the configuration file) -----------------------

_HAS_CONFIG_LOADER = importlib.util.find_spec("ctxcore.shell.config_loader") is not None
_NEEDS_LOADER = pytest.mark.skipif(
    not _HAS_CONFIG_LOADER,
    reason="AUTO-FROM-FILE: ctxcore.shell.config_loader.load_config_file is not written yet",
)


@_NEEDS_LOADER
def test_auto_reads_images_from_a_yaml_file(tmp_path: Path) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("images:\n  spark: ghcr.io/org/spark:v3\n  bare: r/bare\n")
    config = ImageConfig.auto(str(config_file), img_name="ghcr.io/flyteorg/flytekit:py3.11-1.16.31")
    assert config == ImageConfig(_DEFAULT, (_DEFAULT, _SPARK, Image("bare", "r/bare")))


@_NEEDS_LOADER
def test_auto_reads_images_from_an_ini_file(tmp_path: Path) -> None:
    config_file = tmp_path / "flytekit.config"
    config_file.write_text("[images]\nspark = ghcr.io/org/spark:v3\n")
    assert ImageConfig.auto(str(config_file)) == ImageConfig(None, (_SPARK,))


@_NEEDS_LOADER
def test_auto_default_image_uses_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config_file = tmp_path / "config.yaml"
    config_file.write_text("images:\n  spark: ghcr.io/org/spark:v3\n")
    monkeypatch.setenv("FLYTECTL_CONFIG", str(config_file))
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "registry/internal:abc")
    config = ImageConfig.auto_default_image()
    internal = Image("default", "registry/internal", "abc")
    assert config == ImageConfig(internal, (internal, _SPARK))


@_NEEDS_LOADER
def test_auto_without_a_file_or_name_is_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.delenv("FLYTECTL_CONFIG", raising=False)
    monkeypatch.delenv("_FLYTECTL_CONFIG_PYFLYTE_OVERRIDE", raising=False)
    assert ImageConfig.auto() == ImageConfig(None, ())


def test_default_image_with_an_injected_environment() -> None:
    assert DefaultImages.default_image(env={"FLYTE_INTERNAL_IMAGE": "r/i:1"}) == "r/i:1"
    facts = shell_images.image_facts({"FLYTE_INTERNAL_IMAGE": ""})
    assert facts.internal_image is None
    assert facts.python_version == sys.version_info[:2]


# -- DefaultImages from the process ------------------------------------------------------------


def test_default_image_reads_flyte_internal_image(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "registry/internal:abc")
    assert DefaultImages.default_image() == "registry/internal:abc"


def test_default_image_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "")
    major, minor = sys.version_info[:2]
    image = DefaultImages.default_image()
    assert image.startswith(f"cr.flyte.org/flyteorg/flytekit:py{major}.{minor}-")
    installed = shell_images.installed_flytekit_version()
    assert image.endswith("-" + DefaultImages.get_version_suffix(installed))


def test_find_image_for_reads_flyte_internal_image_from_the_process(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # What flytekit's own test_image_config.py asks of find_image_for (reference §2.6).
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "")
    version = f"{sys.version_info.major}.{sys.version_info.minor}"
    installed = DefaultImages.get_version_suffix(shell_images.installed_flytekit_version())
    assert DefaultImages.find_image_for() == (
        f"cr.flyte.org/flyteorg/flytekit:py{version}-{installed}"
    )
    assert DefaultImages.find_image_for(PythonVersion.PYTHON_3_9, "v0.32.0") == (
        "cr.flyte.org/flyteorg/flytekit:py3.9-0.32.0"
    )
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "test")
    assert DefaultImages.find_image_for() == "test"
    assert DefaultImages.find_image_for(PythonVersion.PYTHON_3_9, "v0.32.0") == "test"
