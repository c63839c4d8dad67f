"""Node ids as DNS labels, exactly as the reference derives them (with its length bug fixed)."""

from __future__ import annotations

import re

__all__ = [
    "dnsify",
]

_MAX_LENGTH = 63
"""The longest DNS label (RFC 1035): node ids become Kubernetes names."""
_SEPARATORS = frozenset("_-.")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_KEPT_ONLY = re.compile(r"[A-Za-z0-9_.\-]*")
_DROPPED = re.compile(r"[^A-Za-z0-9_.\-]+")
# Where the reference writes a "-": in place of "_" or ".", and before a capital that follows
# a letter or digit (one substitution does both).
_DASH_POINTS = re.compile(r"[_.]|(?<=[A-Za-z0-9])(?=[A-Z])")


def dnsify(value: str) -> str:
    """Turn ``value`` into a DNS-1123 label: at most 63 characters of ``[a-z0-9-]``.

    Matches the reference character for character (``MyNode`` -> ``my-node``, 64 ``t``s ->
    ``da4b348ebe-`` + 52 ``t``s), with four deliberate fixes that make it a law: a value that
    already is a label is returned unchanged (so ``dnsify`` is idempotent; the reference
    re-hashed 63-character labels), every trailing ``-`` is removed (the reference removed
    one, so ``a__`` gave ``a-``, which is not a label and changed when dnsified again), where
    the reference could exceed 63 characters (long names with many capitals) the result is
    shortened again, and a name with letters or digits outside ASCII (which the reference kept,
    giving no label: ``café``, ``日本``) gets them replaced by a digest of the name, so that
    names differing only there stay apart (``café`` -> ``<10 hex>-caf``, ``日本`` -> ``<10 hex>``).
    """
    if len(value) < _MAX_LENGTH:
        if value.isascii():
            if value.islower() and value.isalnum():
                # Already a label (flytekit's own ids, ``n0``, ``n1``, ...): three C-level
                # checks say the rewrite below would give it back unchanged.
                return value
            if value.isidentifier() and value[1:].islower():
                # ``[A-Za-z_][a-z0-9_]*`` with a letter after the first character (``Node_1``,
                # ``my_task``, ``_x``): every character is kept, no capital follows another
                # character, so no dash is inserted; each ``_`` becomes a dash and the dashes
                # at either end go. What ``_dnsify_short`` gives, in a third of the calls.
                return value.replace("_", "-").lower().strip("-")
        # A shorter label comes back unchanged from the rewrite itself: no separate check.
        result = _dnsify_short(value)
        if result is None:
            result = _bounded(_dnsify_once(value))
        if not value.isascii() and any(ch.isalnum() and not ch.isascii() for ch in value):
            result = _tagged(value, result)
        return result
    if _LABEL.fullmatch(value):
        return value
    # A long name is hashed whole before its rewrite: no character of it goes unaccounted.
    return _bounded(_dnsify_once(value))


def _bounded(result: str) -> str:
    return _shorten(result) if len(result) > _MAX_LENGTH else result


def _digest(value: str) -> str:
    import hashlib  # only long or non-ASCII names need it; importing it (OpenSSL) costs 3 ms

    return hashlib.sha224(value.encode("utf-8")).hexdigest()[:10]


def _shorten(value: str) -> str:
    return f"{_digest(value)}-{value[-52:]}"


def _tagged(value: str, result: str) -> str:
    """``result`` (the label of ``value``'s ASCII) behind a digest of all of ``value``."""
    rest = result[-52:].lstrip("-")
    return f"{_digest(value)}-{rest}" if rest else _digest(value)


def _dnsify_short(value: str) -> str | None:
    """The same result as ``_dnsify_once`` by whole-string rewrites, valid while no length
    limit is reached (``None`` otherwise): the per-character loop is the slow path."""
    if value.isascii() and value.isidentifier():
        # ``[A-Za-z_][A-Za-z0-9_]*`` (``MyNode``, ``_Node_1``; ``dnsify`` itself answers
        # ``Node_1``): every character is kept, and two C-level checks say so faster than the
        # pattern.
        kept = value.lstrip("_")
    else:
        kept = (value if _KEPT_ONLY.fullmatch(value) else _DROPPED.sub("", value)).lstrip("_.-")
    rest = kept[1:]
    if rest.islower() or rest == rest.lower():  # islower: the common answer, without a copy
        # No capital after the first character (``Node_1``, ``train.model``): no dash to
        # insert, so plain replacements do what the substitution would, four times faster.
        dashed = kept.replace("_", "-").replace(".", "-")
    else:
        dashed = _DASH_POINTS.sub("-", kept)
    if len(dashed) > _MAX_LENGTH - 1:
        return None
    result = dashed.lower()
    return result.rstrip("-")


def _dnsify_once(value: str) -> str:
    if len(value) >= _MAX_LENGTH:
        value = _shorten(value)
    out: list[str] = []
    length = 0
    for ch in value:
        if ch in _SEPARATORS:
            if 0 < length < _MAX_LENGTH - 1:
                out.append("-")
                length += 1
        elif not ch.isascii() or not ch.isalnum():
            continue
        elif ch.isupper():
            if 0 < length < _MAX_LENGTH - 1 and out[-1] != "-":
                out.append("-")
                length += 1
            out.append(ch.lower())
            length += 1
        else:
            out.append(ch)
            length += 1
    while out and out[-1] == "-":
        out.pop()
    return "".join(out)
