"""What every test folder needs: the hypothesis profiles (``HYPOTHESIS_PROFILE=thorough`` for
more examples). Each folder's own rules and fixtures are in its ``conftest.py``."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
