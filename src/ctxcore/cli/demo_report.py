"""The demo's report: a pure function from what the demo measured to one self-contained page.

A person should read the run at a glance: which worker ran each node, whether each saw the
caller's context, and where the time went. So the page has the caller's context, a timeline of
the nodes drawn as bars (inline SVG, coloured by worker, with a legend), a table of the nodes
with a mark per field of the context, and every timed step in milliseconds. It is styled with
inline CSS and uses no script and no external resource, so it opens the same offline, in a
mail attachment or in a CI artifact viewer.

Every value that comes from outside this module (node names, paths, custom context, host
names) is HTML-escaped; numbers are formatted here.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping

import attrs

from ctxcore.core._repr import fields_repr

__all__ = [
    "BAR_HEIGHT",
    "COLOURS",
    "VIEW_WIDTH",
    "ContextView",
    "DemoReport",
    "NodeRow",
    "Step",
    "Worker",
    "render_report",
    "worker_colours",
]

COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#3a3a3a")
"""The workers' colours, in order of first appearance (the Okabe-Ito palette, readable with
the common colour-vision deficiencies, yellow replaced by two darker hues); more workers than
colours reuse them in turn."""

VIEW_WIDTH = 760
"""Width of the timeline's SVG, in its own units and in CSS pixels (drawn at 1:1)."""

BAR_HEIGHT = 22
"""Height of one node's bar."""

_LABEL_WIDTH = 170  # the node names, left of the bars
_AXIS_HEIGHT = 24  # the millisecond scale, under the bars
_ROW_HEIGHT = BAR_HEIGHT + 10
_RIGHT_MARGIN = 70  # the last bar's duration is written after it
_LABEL_CHARS = 22  # longer names are cut (the full name is the bar's tooltip)


def _non_negative(instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    del instance
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{attribute.name} must be a finite number >= 0, not {value!r}")


@attrs.frozen
class Worker:
    """The process that ran a node: its id and its host."""

    __repr__ = fields_repr

    pid: int
    host: str

    def label(self) -> str:
        """``pid 1234 on host``."""
        return f"pid {self.pid} on {self.host}"


@attrs.frozen
class ContextView:
    """What a context said of the four fields the hand-off must carry."""

    __repr__ = fields_repr

    execution_id: str
    raw_output_prefix: str
    custom_context: tuple[tuple[str, str], ...]
    trace_id: str

    def fields(self) -> tuple[tuple[str, str], ...]:
        """Each field as (title, text), in the order of the report's columns."""
        custom = ", ".join(f"{key}={value}" for key, value in self.custom_context)
        return (
            ("execution id", self.execution_id),
            ("raw-output prefix", self.raw_output_prefix),
            ("custom context", custom or "(none)"),
            ("trace id", self.trace_id),
        )


@attrs.frozen
class NodeRow:
    """One node: who ran it, what it saw, and when it ran (milliseconds from the first node's
    start, as the caller measured it: dispatch to result)."""

    __repr__ = fields_repr

    name: str
    worker: Worker
    seen: ContextView
    start_ms: float = attrs.field(validator=_non_negative)
    duration_ms: float = attrs.field(validator=_non_negative)
    worker_ms: float = attrs.field(validator=_non_negative)


@attrs.frozen
class Step:
    """One timed step of the caller's timeline (a node, an upload, a checkpoint...)."""

    __repr__ = fields_repr

    name: str
    start_ms: float = attrs.field(validator=_non_negative)
    duration_ms: float = attrs.field(validator=_non_negative)


@attrs.frozen
class DemoReport:
    """Everything the page shows: the engine, the caller (its process and context), the nodes,
    the caller's timed steps, and other facts as (label, text)."""

    __repr__ = fields_repr

    engine: str
    caller: Worker
    context: ContextView
    nodes: tuple[NodeRow, ...]
    steps: tuple[Step, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()


def worker_colours(nodes: tuple[NodeRow, ...]) -> dict[Worker, str]:
    """Each worker's colour, in order of first appearance among ``nodes``."""
    colours: dict[Worker, str] = {}
    for node in nodes:
        if node.worker not in colours:
            colours[node.worker] = COLOURS[len(colours) % len(COLOURS)]
    return colours


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _ms(value: float) -> str:
    return f"{value:,.1f} ms"


def _short(name: str) -> str:
    return name if len(name) <= _LABEL_CHARS else name[: _LABEL_CHARS - 1] + "\u2026"


def _svg_number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _timeline(nodes: tuple[NodeRow, ...], colours: Mapping[Worker, str]) -> str:
    """The nodes as bars on one time axis: x is the start, width the duration, both in the
    same scale (the run's span fills the plot), so bars compare at a glance."""
    plot = VIEW_WIDTH - _LABEL_WIDTH - _RIGHT_MARGIN
    span = max((node.start_ms + node.duration_ms for node in nodes), default=0.0)

    def at(ms: float) -> float:  # ms / span first: plot / span overflows for a tiny span
        return plot * (ms / span) if span > 0 else 0.0

    height = len(nodes) * _ROW_HEIGHT + _AXIS_HEIGHT
    parts = [
        f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" width="{VIEW_WIDTH}" '
        f'height="{height}" viewBox="0 0 {VIEW_WIDTH} {height}" role="img" '
        'aria-label="timeline of the nodes">'
    ]
    for row, node in enumerate(nodes):
        top = row * _ROW_HEIGHT + 5
        x = _LABEL_WIDTH + at(node.start_ms)
        width = at(node.duration_ms)
        parts.append(
            f'<text x="{_LABEL_WIDTH - 8}" y="{top + BAR_HEIGHT / 2 + 4:g}" '
            f'text-anchor="end">{_e(_short(node.name))}</text>'
            f'<rect class="bar" x="{_svg_number(x)}" y="{top}" width="{_svg_number(width)}" '
            f'height="{BAR_HEIGHT}" fill="{colours[node.worker]}" shape-rendering="crispEdges">'
            f"<title>{_e(node.name)}: {_ms(node.duration_ms)} on {_e(node.worker.label())}"
            "</title></rect>"
            f'<text class="ms" x="{_svg_number(x + width + 4)}" '
            f'y="{top + BAR_HEIGHT / 2 + 4:g}">{_ms(node.duration_ms)}</text>'
        )
    axis = len(nodes) * _ROW_HEIGHT + 4
    parts.append(
        f'<line x1="{_LABEL_WIDTH}" y1="{axis}" x2="{_LABEL_WIDTH + plot}" y2="{axis}" '
        'stroke="#999"/>'
        f'<text class="ms" x="{_LABEL_WIDTH}" y="{axis + 16}">0 ms</text>'
        f'<text class="ms" x="{_LABEL_WIDTH + plot}" y="{axis + 16}" text-anchor="end">'
        f"{_ms(span)}</text></svg>"
    )
    return "".join(parts)


def _legend(colours: Mapping[Worker, str], caller: Worker) -> str:
    items = "".join(
        f'<li><span class="swatch" style="background:{colour}"></span>'
        f"{_e(worker.label())}{' (the caller)' if worker == caller else ''}</li>"
        for worker, colour in colours.items()
    )
    return f'<ul class="legend">{items}</ul>'


def _mark(same: bool, text: str) -> str:
    sign, word = ("\u2713", "same") if same else ("\u2717", "differs")
    return (
        f'<td class="{word}"><span class="mark" title="{word} as the caller">{sign}</span> '
        f'<span class="value">{_e(text)}</span></td>'
    )


def _nodes_table(report: DemoReport, colours: Mapping[Worker, str]) -> str:
    titles = "".join(f"<th>{_e(title)}</th>" for title, _ in report.context.fields())
    rows: list[str] = []
    for node in report.nodes:
        marks = "".join(
            _mark(seen == expected, seen)
            for (_, seen), (_, expected) in zip(
                node.seen.fields(), report.context.fields(), strict=True
            )
        )
        swatch = f'<span class="swatch" style="background:{colours[node.worker]}"></span>'
        rows.append(
            f'<tr><td class="name">{_e(node.name)}</td>'
            f'<td class="name">{swatch}{_e(node.worker.label())}</td>'
            f'<td class="num">{_ms(node.duration_ms)}</td><td class="num">'
            f"{_ms(node.worker_ms)}</td>{marks}</tr>"
        )
    return (
        '<table class="nodes"><thead><tr><th>node</th><th>worker</th><th>dispatch to result</th>'
        f"<th>on the worker</th>{titles}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _steps_table(steps: tuple[Step, ...]) -> str:
    rows = "".join(
        f'<tr><td>{_e(step.name)}</td><td class="num">{_ms(step.start_ms)}</td>'
        f'<td class="num">{_ms(step.duration_ms)}</td></tr>'
        for step in steps
    )
    return (
        "<table><thead><tr><th>step</th><th>start</th><th>duration</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


_STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;
background:#fafafa;margin:0;padding:24px 32px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 10px}
.sub{color:#555;margin:0 0 16px}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:14px 18px;
margin-bottom:16px;overflow-x:auto}
dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0}
dt{color:#555}dd{margin:0;font-family:ui-monospace,Menlo,Consolas,monospace;font-size:13px;
word-break:break-all}
table{border-collapse:collapse;font-size:13px}
th,td{padding:5px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
th{color:#555;font-weight:600;border-bottom:2px solid #ddd}
td.name{white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.value{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;color:#444;
word-break:break-all}
.mark{font-weight:700;font-size:15px}.same .mark{color:#1a7f37}.differs .mark{color:#cf222e}
.differs{background:#fff0f0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;
vertical-align:-1px}
.legend{list-style:none;padding:0;margin:8px 0 0;display:flex;flex-wrap:wrap;gap:6px 18px}
svg text{font:12px system-ui,sans-serif;fill:#333}svg text.ms{fill:#666;font-size:11px}
"""


def render_report(report: DemoReport) -> str:
    """The report as one HTML page: inline CSS, inline SVG, no script, nothing fetched."""
    colours = worker_colours(report.nodes)
    caller = "".join(
        f"<dt>{_e(title)}</dt><dd>{_e(text)}</dd>" for title, text in report.context.fields()
    )
    facts = "".join(f"<dt>{_e(label)}</dt><dd>{_e(text)}</dd>" for label, text in report.facts)
    seen_all = all(node.seen == report.context for node in report.nodes)
    verdict = (
        "every node saw the caller's context"
        if seen_all
        else "some node did not see the caller's context"
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'  # no icon: a browser would fetch /favicon.ico'
        f"<title>ctxcore demo: {_e(report.engine)}</title><style>{_STYLE}</style></head><body>"
        f"<h1>ctxcore demo on the {_e(report.engine)} engine</h1>"
        f'<p class="sub">{len(report.nodes)} nodes; the caller is '
        f"{_e(report.caller.label())}; {verdict}.</p>"
        f'<div class="card"><h2>Timeline</h2>{_timeline(report.nodes, colours)}'
        f"{_legend(colours, report.caller)}</div>"
        f'<div class="card"><h2>What each node saw</h2>{_nodes_table(report, colours)}</div>'
        f'<div class="card"><h2>The caller\'s context</h2><dl>{caller}</dl></div>'
        f'<div class="card"><h2>Timed steps of the caller</h2>{_steps_table(report.steps)}</div>'
        f'<div class="card"><h2>Outputs and more</h2><dl>{facts}</dl></div>'
        "</body></html>\n"
    )
