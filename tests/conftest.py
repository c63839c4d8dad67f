"""What every test folder needs: the hypothesis profiles (``HYPOTHESIS_PROFILE=thorough`` for
more examples), and under ``make mutation`` cold caches. Each folder's own rules and fixtures are
in its ``conftest.py``."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, settings

from ctxcore.shell.redaction import forget_secrets

settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile(
    "thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
# Under mutmut (its fork server has imported it before it collects the tests), a failing example
# is not shrunk: any failure kills a mutant, and shrinking one took half of a kill's time.
settings.register_profile(
    "mutation",
    parent=settings.get_profile("ci"),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE", "mutation" if "mutmut" in sys.modules else "ci")
)


@pytest.fixture(autouse=True)
def _cold_core_caches_under_mutmut() -> None:
    """Under mutmut (``MUTANT_UNDER_TEST`` set), every test starts with the core's
    ``functools`` caches empty, so that a test builds ``settings_converter()`` and the config
    schema itself: mutmut then records it as a caller of the builders, and a mutant of a builder
    is built and run rather than served from a cache filled before it was chosen."""
    if "MUTANT_UNDER_TEST" in os.environ:
        for name, module in list(sys.modules.items()):
            if name.startswith("ctxcore.core"):
                for value in list(vars(module).values()):
                    clear = getattr(value, "cache_clear", None)
                    if callable(clear):
                        clear()


@pytest.fixture(autouse=True)
def _no_secret_remembered_after_a_test() -> Iterator[None]:
    """Every secret a test's ``SecretsManager`` returned is forgotten after the test: a test
    that reads a one-letter secret (``"a"``) would otherwise have every later log line that
    passes a ``SecretRedactionFilter`` redacted letter by letter."""
    yield
    forget_secrets()
