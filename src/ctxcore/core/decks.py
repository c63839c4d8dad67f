"""Decks: named HTML panels that a task renders alongside its outputs."""

from __future__ import annotations

import attrs


@attrs.frozen
class Deck:
    """One named panel of HTML."""

    name: str
    html: str = ""
