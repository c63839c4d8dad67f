"""The logging effect: the two stdlib loggers ctxcore writes to."""

from __future__ import annotations

import logging

__all__ = [
    "developer_logger",
    "user_space_logger",
]

user_space_logger: logging.Logger = logging.getLogger("user_space")
"""Logs meant for the author of a task (the reference's ``user_space`` logger)."""

developer_logger: logging.Logger = logging.getLogger("developer")
"""Logs meant for SDK developers (the reference's ``developer`` logger)."""
