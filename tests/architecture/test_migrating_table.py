"""The migration guide's table answers for every public name of flytekit's context layer, and
every ctxcore name it gives exists."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
_GUIDE = _ROOT / "docs" / "guides" / "migrating.md"
_NAMES = _ROOT / "tools" / "compat" / "flytekit-names.txt"
_ROW = re.compile(
    r"^\| `(?P<flytekit>flytekit\.[\w.]+)` \| (?P<ctxcore>[^|]*)\| (?P<note>[^|]*)\|$"
)


def _rows() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in _GUIDE.read_text(encoding="utf-8").splitlines():
        match = _ROW.match(line)
        if match:
            rows[match["flytekit"]] = (match["ctxcore"].strip(), match["note"].strip())
    return rows


def _exists(dotted: str) -> bool:
    module, _, name = dotted.rpartition(".")
    try:
        return hasattr(importlib.import_module(module), name)
    except ImportError:
        return False


def test_every_public_flytekit_name_has_a_row() -> None:
    listed = {line.replace(":", ".") for line in _NAMES.read_text(encoding="utf-8").split()}
    assert len(listed) > 70
    assert sorted(listed - set(_rows())) == []


def test_every_ctxcore_name_in_the_table_exists() -> None:
    missing: list[str] = []
    for flytekit, (ctxcore, note) in _rows().items():
        if ctxcore == "none":
            assert note, f"{flytekit}: a row without a ctxcore name says why"
            continue
        dotted = ctxcore.strip("`")
        if not _exists(dotted):
            missing.append(dotted)
    assert missing == []
