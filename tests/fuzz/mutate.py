"""Inputs that reach deep: a valid sample or a bomb, then a few edits (bytes flipped, inserted,
deleted, repeated, cut, or spliced from another seed), as a byte-level fuzzer mutates its corpus.
Most inputs stay close enough to valid that the decoder gets past its first checks."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import strategies as st

_EDITS = ("flip", "set", "insert", "delete", "repeat", "cut", "splice")
_INTERESTING = (0x00, 0x01, 0x08, 0x1F, 0x22, 0x25, 0x2C, 0x3A, 0x7F, 0x80, 0x8B, 0xFF)


@st.composite
def _mutated(draw: st.DrawFn, seeds: Sequence[bytes], max_edits: int) -> bytes:
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, max_edits))):
        edit = draw(st.sampled_from(_EDITS))
        at = draw(st.integers(0, len(data)))
        if edit == "flip" and at < len(data):
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif edit == "set" and at < len(data):
            data[at] = draw(st.sampled_from(_INTERESTING) | st.integers(0, 255))
        elif edit == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 16))]
        elif edit == "repeat":
            piece = data[at : at + draw(st.integers(1, 32))]
            data[at:at] = piece * draw(st.integers(1, 64))
        elif edit == "cut":
            del data[at:]
        elif edit == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[at:] = other[start:]
    return bytes(data)


def mutated(seeds: Sequence[bytes], *, max_edits: int = 6) -> st.SearchStrategy[bytes]:
    """One of ``seeds`` with up to ``max_edits`` byte-level edits (often none: the seed itself)."""
    return _mutated(list(seeds), max_edits)


def mutated_text(seeds: Sequence[str], *, max_edits: int = 6) -> st.SearchStrategy[str]:
    """``mutated`` over the UTF-8 of ``seeds``, read back as text (bad bytes replaced), or any
    text at all."""
    edited = mutated([seed.encode() for seed in seeds], max_edits=max_edits).map(
        lambda data: data.decode("utf-8", errors="replace")
    )
    return edited | st.text()


JSON_VALUES: st.SearchStrategy[object] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner),
    max_leaves=6,
)
"""Any JSON value (NaN and infinities too: ``json.loads`` reads them)."""


def edit_document(
    draw: st.DrawFn,
    document: dict[str, object],
    paths: Sequence[tuple[str, ...]],
    values: st.SearchStrategy[object],
) -> dict[str, object]:
    """``document`` edited in place as a reader's hostile input is: up to three values at
    ``paths`` set to one of ``values`` or removed, and at times an unknown key added. Most
    documents stay close enough to valid that the reader gets past its first checks."""
    for _ in range(draw(st.integers(0, 3))):
        path = draw(st.sampled_from(paths))
        target: object = document
        for part in path[:-1]:
            target = target.get(part) if isinstance(target, dict) else None  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
        if not isinstance(target, dict):
            continue
        if draw(st.booleans()):
            target.pop(path[-1], None)  # pyright: ignore[reportUnknownMemberType]
        else:
            target[path[-1]] = draw(values)
    if draw(st.booleans()):
        document["something_new"] = draw(JSON_VALUES)
    return document
