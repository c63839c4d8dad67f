"""The demo's report as a person sees it: opened in headless Chromium the way ``make
docs-check`` opens the docs (``tools/docs_check.py``), with nothing outside reachable; the page
must load without a finding, and the screenshot must show each worker's bars in its colour.

Chromium is needed (Debian: ``apt-get install chromium``, or set ``CHROMIUM``): without it
these tests fail, they do not skip, so that CI never passes without having looked.
"""

from __future__ import annotations

import importlib.util
import io
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from ctxcore.cli.demo import demo
from ctxcore.cli.demo_report import (
    BAR_HEIGHT,
    COLOURS,
    ContextView,
    DemoReport,
    NodeRow,
    Worker,
    render_report,
)
from tests.cli.png import colour_counts

pytestmark = pytest.mark.slow

_ROOT = Path(__file__).resolve().parents[2]

_Screenshot = Callable[[Path], tuple[list[str], bytes]]


def _screenshot() -> _Screenshot:
    spec = importlib.util.spec_from_file_location("docs_check", _ROOT / "tools/docs_check.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast("_Screenshot", module.screenshot)


_CONTEXT = ContextView("ex:p:d:run", "/raw/", (("team", "ml"),), "ab" * 16)


def _report() -> DemoReport:
    """Two workers, four nodes in turn, durations 100, 300, 200 and 400 ms."""
    first, second = Worker(101, "host-a"), Worker(202, "host-b")
    spans = ((0.0, 100.0), (100.0, 300.0), (400.0, 200.0), (600.0, 400.0))
    nodes = tuple(
        NodeRow(f"node-{i}", (first, second)[i % 2], _CONTEXT, start, length, 1.0)
        for i, (start, length) in enumerate(spans)
    )
    return DemoReport("processes", Worker(1, "caller"), _CONTEXT, nodes)


def test_the_bars_show_in_the_workers_colours(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    page.write_text(render_report(_report()), encoding="utf-8")
    findings, png = _screenshot()(page)
    assert findings == []
    width, height, counts = colour_counts(png)
    assert (width, height) == (1280, 900)
    assert len(counts) > 20, "a blank page"  # text, borders, bars: many colours
    # The bars are drawn 1:1 over a 520-unit plot spanning 1000 ms: worker 1's two bars are
    # (100 + 200) / 1000 of it, worker 2's (300 + 400) / 1000; plus a 12x12 legend swatch and
    # one in the table for each node of the worker.
    plot = 760 - 170 - 70
    for colour, ms in ((COLOURS[0], 300), (COLOURS[1], 700)):
        bars = ms / 1000 * plot * BAR_HEIGHT
        swatches = 3 * 12 * 12
        assert bars * 0.95 <= counts[colour] <= (bars + swatches) * 1.05, (colour, counts[colour])


def test_the_report_of_a_demo_run_opens_cleanly(tmp_path: Path) -> None:
    result = demo(str(tmp_path), io.StringIO())
    findings, png = _screenshot()(Path(result.report))
    assert findings == []
    _, _, counts = colour_counts(png)
    assert counts[COLOURS[0]] > 4 * BAR_HEIGHT  # the local engine: one worker, the caller
