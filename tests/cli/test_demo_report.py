"""The demo's report page (``render_report``): every outside value escaped, the timeline's bars
inside the picture and in proportion to the nodes' times, the workers' colours and the marks."""

from __future__ import annotations

import html
import math
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.cli.demo_report import (
    COLOURS,
    VIEW_WIDTH,
    ContextView,
    DemoReport,
    NodeRow,
    Step,
    Worker,
    render_report,
    worker_colours,
)

_CONTEXT = ContextView("ex:ctxcore:demo:run-1", "/tmp/raw/", (("demo", "ctxcore"),), "ab" * 16)
_WORKER = Worker(4242, "vm")
_HOSTILE = '<script>alert("x")</script>&amp;\'" onload=alert(1) <img src=x>'

# What the page may contain: anything else came from a value that was not escaped.
_TAGS = {
    *("html", "head", "meta", "link", "title", "style", "body", "h1", "h2", "p", "div", "dl"),
    *("dt", "dd", "ul", "li", "span", "table", "thead", "tbody", "tr", "th", "td", "svg"),
    *("text", "rect", "line"),
}


class _Page(HTMLParser):
    """The tags, attributes and text of a page (character references decoded)."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _node(
    name: str = "n",
    start: float = 0.0,
    length: float = 10.0,
    *,
    seen: ContextView = _CONTEXT,
    worker: Worker = _WORKER,
) -> NodeRow:
    return NodeRow(name, worker, seen, start, length, 1.0)


def _report(*nodes: NodeRow, facts: tuple[tuple[str, str], ...] = ()) -> DemoReport:
    return DemoReport("local", _WORKER, _CONTEXT, nodes, (Step("node n", 0.0, 1.5),), facts)


def _bars(page: str) -> tuple[float, float, float, list[dict[str, float]]]:
    """The SVG's width and height (its viewBox), the plot's left and right ends (the axis) and
    each bar's geometry."""
    parsed = _Page(page)
    (svg,) = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    _, _, width, height = (float(v) for v in str(svg["viewbox"]).split())
    (axis,) = [attrs for tag, attrs in parsed.tags if tag == "line"]
    rects = [
        {name: float(str(attrs[name])) for name in ("x", "y", "width", "height")}
        for tag, attrs in parsed.tags
        if tag == "rect"
    ]
    assert width == VIEW_WIDTH
    return width, height, float(str(axis["x2"])) - float(str(axis["x1"])), rects


def test_a_hostile_node_name_custom_context_and_host_are_shown_escaped() -> None:
    hostile = ContextView(_HOSTILE, _HOSTILE, ((_HOSTILE, _HOSTILE),), _HOSTILE)
    node = _node(_HOSTILE, worker=Worker(1, _HOSTILE), seen=hostile)
    page = render_report(_report(node, facts=((_HOSTILE, _HOSTILE),)))
    assert "<script" not in page
    assert "<img" not in page
    assert html.escape(_HOSTILE) in page
    parsed = _Page(page)
    assert {tag for tag, _ in parsed.tags} <= _TAGS
    assert all(not name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    assert _HOSTILE in "".join(parsed.text)


_ANY_TEXT = st.text(max_size=40)


@given(
    name=_ANY_TEXT,
    host=_ANY_TEXT,
    value=_ANY_TEXT,
    execution_id=_ANY_TEXT,
    fact=_ANY_TEXT,
    engine=_ANY_TEXT,
)
def test_any_text_is_escaped(
    name: str, host: str, value: str, execution_id: str, fact: str, engine: str
) -> None:
    seen = ContextView(execution_id, "/raw/", (("key", value),), "cd" * 16)
    node = NodeRow(name, Worker(7, host), seen, 0.0, 1.0, 1.0)
    report = DemoReport(
        engine, _WORKER, _CONTEXT, (node,), (Step(name, 0.0, 1.0),), ((fact, fact),)
    )
    parsed = _Page(render_report(report))
    assert {tag for tag, _ in parsed.tags} <= _TAGS
    text = "".join(parsed.text)
    for shown in (name, host, value, execution_id, fact, engine):
        assert shown.replace("\r", "\n") in text.replace("\r", "\n")


_MS = st.floats(min_value=0, max_value=1e7, allow_nan=False, allow_infinity=False)


@given(st.lists(st.tuples(_MS, _MS), min_size=1, max_size=12))
def test_the_bars_are_inside_the_picture_and_in_proportion(
    spans: list[tuple[float, float]],
) -> None:
    nodes = tuple(_node(f"n{i}", start, length) for i, (start, length) in enumerate(spans))
    width, height, plot, rects = _bars(render_report(_report(*nodes)))
    assert len(rects) == len(nodes)
    span = max(start + length for start, length in spans)

    def at(ms: float) -> float:
        return ms / span * plot if span > 0 else 0.0

    starts = [start for start, _ in spans]
    earliest = rects[starts.index(min(starts))]["x"]
    for rect, (start, length) in zip(rects, spans, strict=True):
        assert rect["x"] >= 0
        assert rect["y"] >= 0
        assert rect["x"] + rect["width"] <= width + 0.01  # 0.01: two decimals are drawn
        assert rect["y"] + rect["height"] <= height
        # x and width are the node's start and duration in one scale: the run fills the plot
        assert math.isclose(rect["width"], at(length), abs_tol=0.01)
        assert math.isclose(rect["x"] - earliest, at(start) - at(min(starts)), abs_tol=0.02)


def test_bars_of_nothing_have_no_width() -> None:
    _, _, _, rects = _bars(render_report(_report(_node("a", 0.0, 0.0), _node("b", 0.0, 0.0))))
    assert [rect["width"] for rect in rects] == [0.0, 0.0]


def test_each_worker_has_its_colour_and_a_legend_entry() -> None:
    workers = [Worker(pid, "vm") for pid in range(len(COLOURS) + 1)]
    nodes = tuple(_node(f"n{i}", worker=w) for i, w in enumerate(workers))
    colours = worker_colours(nodes)
    assert list(colours.values())[: len(COLOURS)] == list(COLOURS)
    assert colours[workers[-1]] == COLOURS[0]  # more workers than colours: in turn
    page = render_report(_report(*nodes[:2]))
    fills = re.findall(r'<rect class="bar"[^>]* fill="(#[0-9a-f]{6})"', page)
    assert fills == list(COLOURS[:2])
    assert page.count('<li><span class="swatch"') == 2
    assert "pid 0 on vm" in page
    assert "pid 1 on vm" in page


def test_a_field_a_node_did_not_see_is_marked() -> None:
    other = ContextView(_CONTEXT.execution_id, "/elsewhere/", _CONTEXT.custom_context, "ef" * 16)
    page = render_report(_report(_node("a"), _node("b", seen=other)))
    assert page.count('<td class="same">') == 4 + 2
    assert page.count('<td class="differs">') == 2
    assert "some node did not see the caller's context" in page
    assert "every node saw" in render_report(_report(_node("a")))


def test_durations_are_in_milliseconds() -> None:
    page = render_report(_report(_node("a", 1.0, 1234.56)))
    assert "1,234.6 ms" in page


def test_long_names_are_cut_in_the_timeline_and_whole_elsewhere() -> None:
    name = "a-very-long-node-name-that-goes-on-and-on"
    page = render_report(_report(_node(name)))
    assert ">a-very-long-node-name\u2026</text>" in page
    assert f"<title>{name}: " in page


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_a_time_that_is_not_a_finite_non_negative_number_is_refused(bad: float) -> None:
    with pytest.raises(ValueError, match="duration_ms must be a finite number >= 0"):
        _node("a", 0.0, bad)
    with pytest.raises(ValueError, match="start_ms"):
        Step("s", bad, 1.0)
