"""The bounds within which an envelope's data configuration is read, in one place for its two
readers (the general one in ``envelope`` and the msgspec layout in ``wire``)."""

from __future__ import annotations

from typing import Final

__all__ = ["MAX_BACKOFF_SECONDS", "MAX_RETRIES"]

MAX_RETRIES: Final = 1000
"""The most S3 retries an envelope may ask for: far above any real setting, far below an
overflow of the back-off arithmetic."""

MAX_BACKOFF_SECONDS: Final = 86_400.0
"""The longest S3 back-off an envelope may ask for: a day."""
