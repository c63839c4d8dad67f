"""The object-store servers of ``object_stores.py`` as fixtures, for the tests of this folder
only: each server starts once per session, when a test first asks for it."""

from __future__ import annotations

from tests.stores.object_stores import (
    abfs_store,
    abfss_store,
    azurite,
    gcs_emulator,
    gcs_endpoint,
    gs_store,
    s3_bucket,
    s3_endpoint,
    s3_store,
)

__all__ = [
    "abfs_store",
    "abfss_store",
    "azurite",
    "gcs_emulator",
    "gcs_endpoint",
    "gs_store",
    "s3_bucket",
    "s3_endpoint",
    "s3_store",
]
