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

IN_PROGRESS: frozenset[str] = frozenset(
    {
        # Pinned in the shared API ("Added in the second round") and being added by other work
        # on issue 12: the table names them already. The merge shrinks this set to nothing.
        "ctxcore.ConfigEntry",
        "ctxcore.LegacyConfigEntry",
        "ctxcore.YamlConfigEntry",
        "ctxcore.bool_transformer",
        "ctxcore.comma_list_transformer",
        "ctxcore.int_transformer",
        "ctxcore.get_config_file",
        "ctxcore.set_if_exists",
        "ctxcore.read_file_if_exists",
        *(
            f"ctxcore.config_entries.{group}"
            for group in (
                "AWS", "AZURE", "Credentials", "GCP", "Images", "Local", "LocalSDK",
                "Persistence", "Platform", "Secrets", "StatsD",
            )
        ),
    }
)  # fmt: skip
"""ctxcore names the table gives that do not exist yet; each row of one is marked "(issue 12,
in progress)"."""


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


def test_every_ctxcore_name_in_the_table_exists_or_is_marked_in_progress() -> None:
    missing: list[str] = []
    unmarked: list[str] = []
    stale: list[str] = []
    for flytekit, (ctxcore, note) in _rows().items():
        if ctxcore == "none":
            assert note, f"{flytekit}: a row without a ctxcore name says why"
            continue
        dotted = ctxcore.strip("`")
        if _exists(dotted):
            if dotted in IN_PROGRESS:
                stale.append(dotted)  # added: drop it from IN_PROGRESS and its mark
            continue
        if dotted not in IN_PROGRESS:
            missing.append(dotted)
        elif "(issue 12, in progress)" not in note:
            unmarked.append(dotted)
    assert missing == []
    assert unmarked == []
    assert stale == []
