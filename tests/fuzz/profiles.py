"""The fuzz targets' hypothesis settings, chosen by ``FUZZ_PROFILE``.

``short`` (the default, in ``make test``): a few dozen examples a target, enough to show each
target runs and reaches past the first layer of its decoder. ``long`` (``make fuzz``): many
thousand examples a target, minutes each; ``FUZZ_EXAMPLES`` sets how many. Neither keeps a
deadline per example: ``tests.fuzz.bounds`` bounds each call itself.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_SLOW_IS_THE_POINT = [
    HealthCheck.too_slow,
    HealthCheck.data_too_large,
    HealthCheck.large_base_example,
]

settings.register_profile(
    "fuzz-short", max_examples=30, deadline=None, suppress_health_check=_SLOW_IS_THE_POINT
)
settings.register_profile(
    "fuzz-long",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")),
    deadline=None,
    suppress_health_check=_SLOW_IS_THE_POINT,
)

PROFILE = os.environ.get("FUZZ_PROFILE", "short")
if PROFILE not in ("short", "long"):
    raise ValueError(f"FUZZ_PROFILE must be 'short' or 'long', not {PROFILE!r}")

fuzz = settings(settings.get_profile(f"fuzz-{PROFILE}"))
"""The settings every fuzz target runs with (a decorator over ``@given``)."""
