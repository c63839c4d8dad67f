"""Redacting secrets from logs: an opt-in ``logging.Filter``.

Every value a ``SecretsManager`` of this process returns is remembered (a bytes value as its
UTF-8 text when it has one). At most ``MAX_REMEMBERED_SECRETS`` are: past that, the one
remembered longest ago is forgotten, and a forgotten secret is remembered again the next time a
manager returns it, so the secrets in use are the ones redacted (a process that rotates
short-lived tokens reads a new value every few minutes; keeping the first ones would stop
redacting the tokens it uses now).
``SecretRedactionFilter``, added to a handler or a logger, replaces each of them in a record's
message (its arguments merged in first), in the text of its exception and of its stack, by
``<redacted>``, longest first (so that a secret containing another is redacted whole).
Nothing is redacted until a filter is added: ``logger.addFilter(SecretRedactionFilter())``, or on
a handler to cover every logger that writes through it.
"""

from __future__ import annotations

import logging
import threading
from typing import Final

__all__ = ["SecretRedactionFilter"]

REDACTED: Final = "<redacted>"
"""What a secret is replaced by."""

MAX_REMEMBERED_SECRETS: Final = 1024
"""How many distinct secret values are remembered: a process reads a handful."""

_lock = threading.Lock()
_secrets: dict[str, None] = {}
"""The remembered values, oldest first (a dict keeps its order)."""
_ordered: tuple[str, ...] = ()
"""The remembered values, longest first (replaced in that order)."""


def remember_secret(value: str | bytes) -> None:
    """Remember ``value`` as a secret to redact (the ``SecretsManager`` calls this for every
    value it returns)."""
    global _ordered
    text: str | None
    if isinstance(value, bytes):
        try:
            text = value.decode("utf-8")
        except UnicodeDecodeError:
            text = None
    else:
        text = value
    if text and text not in _secrets:
        with _lock:
            if text not in _secrets:
                if len(_secrets) >= MAX_REMEMBERED_SECRETS:
                    del _secrets[next(iter(_secrets))]
                _secrets[text] = None
                _ordered = tuple(sorted(_secrets, key=len, reverse=True))


def forget_secrets() -> None:
    """Forget every remembered value (for tests)."""
    global _ordered
    with _lock:
        _secrets.clear()
        _ordered = ()


def redact(text: str) -> str:
    """``text`` with every remembered secret replaced by ``<redacted>``."""
    for secret in _ordered:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


class SecretRedactionFilter(logging.Filter):
    """Replaces in every record every secret value this process's ``SecretsManager`` returned
    (see the module). Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _ordered:
            return True
        try:
            message = record.getMessage()
        except Exception:
            message = str(record.msg)
        redacted = redact(message)
        if redacted != message or record.args:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True
