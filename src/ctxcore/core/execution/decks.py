"""Decks: named HTML panels that a task renders alongside its outputs, and the timeline."""

from __future__ import annotations

import datetime

import attrs

from ctxcore.core._repr import fields_repr

__all__ = [
    "Deck",
    "TimelineDeck",
    "TimelineEntry",
    "render_decks",
]


@attrs.frozen
class Deck:
    """One named panel of HTML."""

    __repr__ = fields_repr

    name: str
    html: str = ""


@attrs.frozen
class TimelineEntry:
    """One timed step: its wall-clock start and finish (UTC) and its wall and CPU time."""

    __repr__ = fields_repr

    name: str
    start: datetime.datetime
    finish: datetime.datetime
    wall_time: float
    process_time: float


@attrs.frozen
class TimelineDeck:
    """The timeline of an execution: every step timed with ``timeit``, in order."""

    __repr__ = fields_repr

    name: str = "Timeline"
    entries: tuple[TimelineEntry, ...] = ()

    def with_entry(self, entry: TimelineEntry) -> TimelineDeck:
        """A new deck with ``entry`` appended."""
        return TimelineDeck(self.name, (*self.entries, entry))

    def to_deck(self) -> Deck:
        """The timeline as an HTML table."""
        import html  # rendering only: html.entities costs 1 ms of every first use otherwise

        rows = "".join(
            "<tr>"
            f"<td>{html.escape(e.name)}</td><td>{e.start.isoformat()}</td>"
            f"<td>{e.finish.isoformat()}</td><td>{e.wall_time:.6f}</td>"
            f"<td>{e.process_time:.6f}</td>"
            "</tr>"
            for e in self.entries
        )
        table = (
            "<table><thead><tr><th>Name</th><th>Start</th><th>Finish</th>"
            "<th>Wall time (s)</th><th>Process time (s)</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
        return Deck(self.name, table)


def render_decks(decks: tuple[Deck, ...], title: str = "ctxcore decks") -> str:
    """One self-contained HTML page with a section per deck (deck HTML is included as is)."""
    import html  # as in ``to_deck``

    sections = "".join(
        f'<section><h2 id="deck-{number}">{html.escape(deck.name)}</h2>{deck.html}</section>'
        for number, deck in enumerate(decks)
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}</style></head>"
        f"<body><h1>{html.escape(title)}</h1>{sections}</body></html>\n"
    )
