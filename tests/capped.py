"""Hostile input the way it is found: one call in a fresh interpreter with a memory cap, measured.

``run_capped(setup, call)`` starts ``sys.executable``, runs ``setup`` (imports, reading the input
from standard input), then caps the address space at what the process has plus
``extra_memory`` (``resource.setrlimit(RLIMIT_AS)``), resets the peak resident size
(``/proc/self/clear_refs``) and times ``call``: statements whose exception is the answer.
The child reports the time, the peak growth of its resident memory, and the message and
``repr`` of what was raised (a ``MemoryError`` when the cap was hit); the cap is lifted again
before it reports, so reporting never fails for want of memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import attrs

DECODER_SECONDS = 1.0
"""How long a decoder may take to refuse any input under its size bound (issue 11)."""

DECODER_EXTRA_BYTES = 50 << 20
"""How much memory a decoder may add while refusing any input under its size bound."""

MESSAGE_CHARS = 4096
"""How long an error message may be: the first few reasons and a count of the rest."""

_CHILD = """
import json, resource, sys, time

def _status(field):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise LookupError(field)

{setup}

_soft, _hard = resource.getrlimit(resource.RLIMIT_AS)
_uncapped = (_hard, _hard)  # made now: lifting the cap must not need memory
resource.setrlimit(resource.RLIMIT_AS, (_status("VmSize") + {extra_memory}, _hard))
with open("/proc/self/clear_refs", "w") as _refs:
    _refs.write("5")  # the peak resident size (VmHWM) starts again from the current one
_resident = _status("VmRSS")
_error = None
_start = time.perf_counter()
try:
{call}
except BaseException as caught:  # a MemoryError is an answer too
    _error = caught
_seconds = time.perf_counter() - _start
resource.setrlimit(resource.RLIMIT_AS, _uncapped)
_peak = _status("VmHWM")
_message = None if _error is None else str(_error)
_shown = None if _error is None else repr(_error)
json.dump(
    {{
        "seconds": _seconds,
        "peak_extra_bytes": _peak - _resident,
        "error_type": None if _error is None else type(_error).__name__,
        "message": _message,
        "repr_chars": None if _shown is None else len(_shown),
    }},
    sys.stdout,
)
"""


@attrs.frozen
class Measured:
    """What one capped call cost, and what it raised (``error_type`` ``None``: nothing)."""

    seconds: float
    peak_extra_bytes: int
    error_type: str | None
    message: str | None
    repr_chars: int | None

    @property
    def message_chars(self) -> int:
        """The length of the error message (0 when nothing was raised)."""
        return len(self.message or "")

    def describe(self) -> str:
        """The figures in one line, for assertion messages."""
        return (
            f"{self.error_type} after {self.seconds:.3f} s, "
            f"{self.peak_extra_bytes / 2**20:.1f} MiB more resident, "
            f"message {self.message_chars} characters: {(self.message or '')[:300]!r}"
        )


def run_capped(
    setup: str,
    call: str,
    *,
    stdin: bytes = b"",
    extra_memory: int = DECODER_EXTRA_BYTES,
    timeout: float = 30,
) -> Measured:
    """Run the statements ``call`` after ``setup`` in a fresh interpreter capped at its size
        after ``setup`` plus ``extra_memory``; ``stdin`` is the child's standard input. The child
    sees the environment without ctxcore's own variables (``FLYTE*``, ``_FSEC*``) and runs
    untraced (without coverage.py's ``COVERAGE_PROCESS_*``)."""
    code = _CHILD.format(
        setup=textwrap.dedent(setup),
        call=textwrap.indent(textwrap.dedent(call).strip(), "    "),
        extra_memory=extra_memory,
    )
    # Nor coverage.py's (make test measures subprocesses): a tracer would be measured too.
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("FLYTE", "_FSEC", "COVERAGE_PROCESS_"))
    }
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            env=environment,
            input=stdin,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise AssertionError(f"the child ran for more than {timeout} s") from None
    if done.returncode != 0:
        raise AssertionError(
            f"the child failed ({done.returncode}): {done.stderr.decode(errors='replace')}"
        )
    report: dict[str, object] = json.loads(done.stdout)
    return Measured(
        seconds=float(str(report["seconds"])),
        peak_extra_bytes=int(str(report["peak_extra_bytes"])),
        error_type=None if report["error_type"] is None else str(report["error_type"]),
        message=None if report["message"] is None else str(report["message"]),
        repr_chars=None if report["repr_chars"] is None else int(str(report["repr_chars"])),
    )


def assert_refused_cheaply(measured: Measured, error_type: str) -> None:
    """``measured`` refused its input with ``error_type`` within the decoders' bounds: 1 s,
    50 MiB and a message (and ``repr``) of at most 4 KiB."""
    assert measured.error_type == error_type, measured.describe()
    assert measured.seconds <= DECODER_SECONDS, measured.describe()
    assert measured.peak_extra_bytes <= DECODER_EXTRA_BYTES, measured.describe()
    assert measured.message_chars <= MESSAGE_CHARS, measured.describe()
    assert (measured.repr_chars or 0) <= 2 * MESSAGE_CHARS, measured.describe()


def assert_cheap(measured: Measured) -> None:
    """``measured`` raised nothing, within the decoders' bounds of time and memory."""
    assert measured.error_type is None, measured.describe()
    assert measured.seconds <= DECODER_SECONDS, measured.describe()
    assert measured.peak_extra_bytes <= DECODER_EXTRA_BYTES, measured.describe()
