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
    assert "&lt;b&gt;step&lt;/b&gt;" in page
    assert "<p>hi</p>" in page
    assert page.count("<section>") == 2
