"""Deck rendering (``ctxcore.core.execution.decks``): one escaped page. Decks filled through
``timeit`` and the context are in ``tests/shell/test_root_and_timing.py``."""

from __future__ import annotations

import datetime

from ctxcore.core.execution.decks import Deck, TimelineDeck, TimelineEntry, render_decks


def test_render_decks_escapes_names_and_is_one_page() -> None:
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    timeline = TimelineDeck().with_entry(TimelineEntry("<b>step</b>", when, when, 1.0, 0.5))
    page = render_decks((Deck("default", "<p>hi</p>"), timeline.to_deck()), title="Run <1>")
    assert page.startswith("<!DOCTYPE html>")
    assert "<title>Run &lt;1&gt;</title>" in page
    assert "<h1>Run &lt;1&gt;</h1>" in page
    assert "&lt;b&gt;step&lt;/b&gt;" in page
    assert "<p>hi</p>" in page
    assert page.count("<section>") == 2


def test_the_page_is_exactly_the_reference_layout() -> None:
    """The whole page, byte for byte: the layout, the table's columns and their six-decimal
    times are what a reader of the decks sees, so any change to them is a change of output."""
    start = datetime.datetime(2026, 1, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    finish = datetime.datetime(2026, 1, 1, 12, 0, 1, 500000, tzinfo=datetime.timezone.utc)
    timeline = (
        TimelineDeck()
        .with_entry(TimelineEntry("a&b", start, finish, 1.5, 0.25))
        .with_entry(TimelineEntry("c", finish, finish, 0.0, 1e-7))
    )
    page = render_decks((Deck("plain"), timeline.to_deck()))
    assert page == (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8"><title>ctxcore decks</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>"
        "<body><h1>ctxcore decks</h1>"
        '<section><h2 id="deck-0">plain</h2></section>'
        '<section><h2 id="deck-1">Timeline</h2>'
        "<table><thead><tr><th>Name</th><th>Start</th><th>Finish</th>"
        "<th>Wall time (s)</th><th>Process time (s)</th></tr></thead><tbody>"
        "<tr><td>a&amp;b</td><td>2026-01-01T12:00:00+00:00</td>"
        "<td>2026-01-01T12:00:01.500000+00:00</td><td>1.500000</td><td>0.250000</td></tr>"
        "<tr><td>c</td><td>2026-01-01T12:00:01.500000+00:00</td>"
        "<td>2026-01-01T12:00:01.500000+00:00</td><td>0.000000</td><td>0.000000</td></tr>"
        "</tbody></table></section>"
        "</body></html>\n"
    )


def test_with_entry_appends_in_order_and_keeps_the_name() -> None:
    when = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    first = TimelineEntry("first", when, when, 0.0, 0.0)
    second = TimelineEntry("second", when, when, 0.0, 0.0)
    empty = TimelineDeck("mine")
    deck = empty.with_entry(first).with_entry(second)
    assert deck == TimelineDeck("mine", (first, second))
    assert empty.entries == ()
    assert deck.to_deck().name == "mine"
