"""What an envelope's two readers share (the general one in ``envelope`` and the msgspec layout
in ``wire``, which is imported only when it is used): the bounds of its data configuration and
the names of the credentials it may say the caller had."""

from __future__ import annotations

from typing import Final

__all__ = ["CREDENTIAL_FIELDS", "MAX_BACKOFF_SECONDS", "MAX_RETRIES"]

CREDENTIAL_FIELDS: Final = (
    "s3.access_key_id",
    "s3.secret_access_key",
    "azure.account_key",
    "azure.client_secret",
)
"""The data-configuration fields that are credentials: an envelope carries none of their values,
only which of them the caller had set (``ContextEnvelope.credentials``)."""

MAX_RETRIES: Final = 1000
"""The most S3 retries an envelope may ask for: far above any real setting, far below an
overflow of the back-off arithmetic."""

MAX_BACKOFF_SECONDS: Final = 86_400.0
"""The longest S3 back-off an envelope may ask for: a day."""
