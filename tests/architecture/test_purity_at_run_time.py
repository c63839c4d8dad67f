"""The core at run time touches nothing, checked against the real disk and the real
``tempfile``: constructors that could make a directory do not, and an image identifier that
names an existing file is still a string.

These tests observe the world to show that the core leaves it alone, so they cannot live in
``tests/core/`` (whose conftest refuses ``tmp_path`` and ``monkeypatch``); they sit beside the
syntax walk of ``test_purity.py``. Each names its subject as it did in the module it came from.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from ctxcore.core.config.records import Config, DataConfig, PlatformConfig
from ctxcore.core.errors import ImageError
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.serialization.images import Image

# -- Config (ctxcore.core.config.records) --------------------------------------------------------


def test_config_defaults_make_no_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object, **__: object) -> str:
        raise AssertionError("a temporary directory was made")

    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    config = Config()
    assert config.local_sandbox_path is None
    assert config.platform == PlatformConfig()
    assert config.data_config == DataConfig()


# -- ExecutionState (ctxcore.core.execution.state) -----------------------------------------------


def test_construction_creates_nothing(tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("state")
    ExecutionState(str(base / "work"))
    assert list(base.iterdir()) == []


# -- Image (ctxcore.core.serialization.images) ---------------------------------------------------


def test_look_up_image_info_does_not_read_files(tmp_path: Path) -> None:
    # The reference built an ImageSpec when the identifier named a file; here it is a string.
    spec = tmp_path / "spec.yaml"
    spec.write_text("python_version: 3.11\n")
    with pytest.raises(ImageError, match="missing tag or digest"):
        Image.look_up_image_info("x", str(spec))
    image = Image.look_up_image_info("x", str(spec), allow_no_tag_or_digest=True)
    assert image.fqn == str(spec)
