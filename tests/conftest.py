"""Shared test configuration: hypothesis profiles (``HYPOTHESIS_PROFILE=thorough`` for more),
and the object-store servers of ``tests/object_stores.py``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

from tests.object_stores import (
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

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
