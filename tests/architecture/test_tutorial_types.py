"""The tutorial's SDK type-checks under ``mypy --strict``: its ``python`` blocks, joined in
order (they run as one namespace in ``test_docs_examples.py``), are one module to mypy."""

from __future__ import annotations

from pathlib import Path

import pytest
from mypy import api

from tests.architecture.test_docs_examples import blocks

_ROOT = Path(__file__).resolve().parents[2]
_TUTORIAL = _ROOT / "docs" / "tutorial" / "tiny-sdk.md"


@pytest.mark.slow
def test_the_tutorial_sdk_passes_mypy_strict(tmp_path: Path) -> None:
    module = tmp_path / "tinyflow.py"
    module.write_text("\n".join(blocks(_TUTORIAL)), encoding="utf-8")
    config = str(_ROOT / "mypy.ini")
    out, err, status = api.run(["--strict", "--config-file", config, str(module)])
    assert status == 0, out + err
