"""W16: what the decoders' error paths cost on the bombs of issue 11.

Each bomb is refused (or, for INI defaults, read) in one call: the median time of five calls,
the peak extra memory of one (``tracemalloc``, like W12) and the length of the error message.
Targets: 1 s, 50 MiB and 4 KiB for every one (``tests/shell/test_decoder_bombs.py`` asserts
them in capped fresh interpreters). Before issue 11: the list items took 6.4 s and 807 MiB for a
34 MB message, the YAML aliases ended in ``MemoryError`` after seconds, the INI interpolation
took 26 s and 200 MiB.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable

from returns.result import Failure

from benchmarks._timing import median_seconds
from ctxcore.core.config.file import parse_config_file
from ctxcore.core.config.resolve import resolve_config
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.testing.bombs import (
    ini_defaults_bomb,
    ini_interpolation_bomb,
    wrong_items_context,
    yaml_alias_bomb,
)

WORKLOAD = "W16"
_TARGET_SECONDS = 1.0
_TARGET_MIB = 50.0
_TARGET_MESSAGE_CHARS = 4096
_WRONG_FIELDS = json.dumps(
    {"image_config": {"images": [{"name": 1, "fqn": 2, "tag": 3, "digest": 4}] * 1000}}
)


def _from_transport(value: str) -> Callable[[], str]:
    return lambda: _message(lambda: SerializationSettings.from_transport(value))


def _from_json(text: str) -> Callable[[], str]:
    return lambda: _message(lambda: SerializationSettings.from_json(text))


def _config(location: str, text: str) -> Callable[[], str]:
    """Parse the file and resolve a ``Config`` from it (what ``Config.explain`` does)."""

    def run() -> str:
        parsed = parse_config_file(location, text)
        if isinstance(parsed, Failure):
            return str(parsed.failure())
        resolved = resolve_config({}, parsed.unwrap())
        return str(resolved.failure()) if isinstance(resolved, Failure) else ""

    return run


def _message(call: Callable[[], object]) -> str:
    try:
        call()
    except ValueError as error:  # TransportError and ConfigError both are
        return str(error)
    return ""


_BOMBS: dict[str, Callable[[], str]] = {
    "list_items": _from_transport(wrong_items_context()),
    "wrong_fields": _from_json(_WRONG_FIELDS),
    "yaml_aliases": _config("config.yaml", yaml_alias_bomb()),
    "yaml_nodes": _config(
        "config.yaml", "admin:\n  endpoint: [" + ",".join(["1"] * 500_000) + "]\n"
    ),
    "ini_interpolation": _config("flytekit.config", ini_interpolation_bomb()),
    "ini_defaults": _config("flytekit.config", ini_defaults_bomb()),
    "ini_lines": _config("flytekit.config", ini_defaults_bomb(sections=100_000, defaults=10)),
}
"""The bombs, each a call that returns the error message (empty: accepted)."""


def _measure(call: Callable[[], str]) -> dict[str, object]:
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        message = call()
        peak_mib = (tracemalloc.get_traced_memory()[1] - before) / 2**20
    finally:
        tracemalloc.stop()
    seconds = median_seconds(call, repeat=5)
    return {
        "refused": bool(message),
        "reject_ms": round(seconds * 1000, 2),
        "peak_extra_mib": round(peak_mib, 2),
        "message_chars": len(message),
        "target_met": seconds <= _TARGET_SECONDS
        and peak_mib <= _TARGET_MIB
        and len(message) <= _TARGET_MESSAGE_CHARS,
    }


def run() -> dict[str, object]:
    results: dict[str, object] = {name: _measure(call) for name, call in _BOMBS.items()}
    results["targets"] = {
        "seconds": _TARGET_SECONDS,
        "extra_mib": _TARGET_MIB,
        "message_chars": _TARGET_MESSAGE_CHARS,
    }
    return results
