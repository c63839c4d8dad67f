"""The environment effect: a read-only mapping of environment variables."""

from __future__ import annotations

import os
from collections.abc import Mapping

Environment = Mapping[str, str]
"""What ctxcore reads variables from: ``os.environ`` by default, any mapping in tests."""


def process_environment() -> Environment:
    """The live environment of this process."""
    return os.environ
