"""The demo's report as a person sees it: opened in headless Chromium the way ``make
docs-check`` opens the docs (``tools/docs_check.py``), with nothing outside reachable; the page
must load without a finding, and the screenshot must show each worker's bars in its colour.

Chromium is needed (Debian: ``apt-get install chromium``, or set ``CHROMIUM``): without it
these tests fail, they do not skip, so that CI never passes without having looked.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import cast

import pytest

from ctxcore.cli import demo_report
from ctxcore.cli.demo import demo
from tests.cli.png import colour_counts
from tests.tool_modules import load_tool

pytestmark = pytest.mark.slow

_Screenshot = Callable[[Path], tuple[list[str], bytes]]


def _screenshot() -> _Screenshot:
    return cast("_Screenshot", load_tool("docs_check").screenshot)


_CONTEXT = demo_report.ContextView("ex:p:d:run", "/raw/", (("team", "ml"),), "ab" * 16)


def _report() -> demo_report.DemoReport:
    """Two workers, four nodes in turn, durations 100, 300, 200 and 400 ms."""
    first, second = demo_report.Worker(101, "host-a"), demo_report.Worker(202, "host-b")
    spans = ((0.0, 100.0), (100.0, 300.0), (400.0, 200.0), (600.0, 400.0))
    nodes = tuple(
        demo_report.NodeRow(f"node-{i}", (first, second)[i % 2], _CONTEXT, start, length, 1.0)
        for i, (start, length) in enumerate(spans)
    )
    return demo_report.DemoReport("processes", demo_report.Worker(1, "caller"), _CONTEXT, nodes)


def test_the_bars_show_in_the_workers_colours(tmp_path: Path) -> None:
    report = tmp_path / "report.html"
    report.write_text(demo_report.render_report(_report()), encoding="utf-8")
    findings, png = _screenshot()(report)
    assert findings == []
    width, height, counts = colour_counts(png)
    assert (width, height) == (1280, 900)
    assert len(counts) > 20, "a blank page"  # text, borders, bars: many colours
    # The bars are drawn 1:1 over the plot (the picture less the names on its left and room
    # for the last duration on its right), which spans 1000 ms: worker 1's two bars are
    # (100 + 200) / 1000 of it, worker 2's (300 + 400) / 1000; plus a 12x12 legend swatch and
    # one in the table for each node of the worker.
    plot = demo_report.VIEW_WIDTH - 170 - 70
    for colour, ms in ((demo_report.COLOURS[0], 300), (demo_report.COLOURS[1], 700)):
        bars = ms / 1000 * plot * demo_report.BAR_HEIGHT
        swatches = 3 * 12 * 12
        assert bars * 0.95 <= counts[colour] <= (bars + swatches) * 1.05, (colour, counts[colour])


def test_the_report_of_a_demo_run_opens_cleanly(tmp_path: Path) -> None:
    result = demo(str(tmp_path), io.StringIO())
    findings, png = _screenshot()(Path(result.report))
    assert findings == []
    _, _, counts = colour_counts(png)
    assert (
        counts[demo_report.COLOURS[0]] > 4 * demo_report.BAR_HEIGHT
    )  # the local engine: one worker, the caller
