"""The command line given the bombs of issue 11, in a fresh interpreter capped at what it has
plus 50 MiB (``tests/capped.py``): one line of at most 4 KiB on standard error, exit code 1,
within 1 s, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctxcore.testing.bombs import ini_interpolation_bomb, wrong_items_context, yaml_alias_bomb
from tests.capped import DECODER_EXTRA_BYTES, DECODER_SECONDS, MESSAGE_CHARS, run_capped

pytestmark = pytest.mark.slow

_CLI = """
import io, sys
from ctxcore.cli.main import main
sys.stderr = io.StringIO()
"""

_RUN = """
code = main({argv!r})
raise SystemExit(f"{{code}} " + sys.stderr.getvalue())
"""


def _one_short_line(argv: list[str], stdin: bytes = b"") -> str:
    """What the command printed on standard error, checked to be one line of at most 4 KiB,
    printed within 1 s and 50 MiB, with exit code 1."""
    measured = run_capped(_CLI, _RUN.format(argv=argv), stdin=stdin)
    assert measured.error_type == "SystemExit", measured.describe()
    code, _, printed = (measured.message or "").partition(" ")
    assert code == "1", measured.describe()
    assert measured.seconds <= DECODER_SECONDS, measured.describe()
    assert measured.peak_extra_bytes <= DECODER_EXTRA_BYTES, measured.describe()
    assert printed.count("\n") == 1, measured.describe()
    assert printed.endswith("\n"), measured.describe()
    assert len(printed) <= MESSAGE_CHARS, measured.describe()
    return printed


def test_context_decode_of_half_a_million_wrong_items_prints_one_short_line() -> None:
    line = _one_short_line(["context", "decode", "-"], wrong_items_context().encode())
    assert line.startswith("ctxcore context: error: serialized context: wrong fields:")


def test_config_explain_of_billion_laughs_prints_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text(yaml_alias_bomb())
    line = _one_short_line(["config", "--explain", "--config", str(path)])
    assert line.startswith("ctxcore config: error: config file")


def test_config_explain_of_nested_interpolation_prints_one_short_line(tmp_path: Path) -> None:
    path = tmp_path / "flytekit.config"
    path.write_text(ini_interpolation_bomb())
    line = _one_short_line(["config", "--explain", "--config", str(path)])
    assert "[platform] url" in line
