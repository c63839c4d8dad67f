"""The process's own ambient (``ctxcore._ambient.ProcessAmbient``): importing ctxcore installs
it, it answers from the process, and a ``FakeAmbient`` keeps the process out. The seam itself is
tested in ``tests/core/test_ambient.py``.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from ctxcore import Config, FlyteContextManager, PlatformConfig, ProcessAmbient
from ctxcore.testing import FakeAmbient


def test_importing_ctxcore_installs_the_process_ambient_and_imports_no_shell() -> None:
    code = (
        "import sys, ctxcore\n"
        "from ctxcore.core.ambient import current_ambient\n"
        "print(type(current_ambient()).__name__)\n"
        "print(sorted(m for m in sys.modules if m.startswith('ctxcore.shell')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["ProcessAmbient", "[]"]


def test_the_process_ambient_is_the_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLYTE_INTERNAL_IMAGE", "r/process:1")
    process = ProcessAmbient()
    assert process.image_facts(None).internal_image == "r/process:1"
    assert process.image_facts(None).python_version == sys.version_info[:2]
    assert process.current_context() is FlyteContextManager.current_context()
    assert repr(process) == "ProcessAmbient()"


def test_config_auto_reads_the_fake_environment_not_the_process(
    ctxcore_ambient: FakeAmbient, ctxcore_env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FLYTE_PLATFORM_URL", "from.process")
    ctxcore_env["FLYTE_PLATFORM_URL"] = "from.fake"  # read live
    assert Config.auto().platform.endpoint == "from.fake"
    assert Config.auto(env={}).platform.endpoint == PlatformConfig().endpoint
