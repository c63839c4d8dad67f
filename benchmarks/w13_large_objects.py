"""W13: peak memory growth and time of ``put_data`` and ``get_data`` of a 1 GiB object through
``FileAccessProvider`` to the local S3 server (moto's), as the tests start it.

How it is measured: the server runs in a process of its own, so its memory is not counted, and
the transfers in a fresh interpreter (``python -m benchmarks.w13_large_objects ENDPOINT BYTES``).
That child imports everything, writes the source file, and warms the client up with a small
round trip; then, for each transfer, it notes its resident size, resets the kernel's record of
its peak (``/proc/self/clear_refs``) and reads the new peak (``VmHWM``) after the transfer. Growth
is peak minus resident size before. It checks that the object came back whole. Linux only.

``tests/stores/test_large_objects.py`` asserts the same bound with ``measure_in_fresh_process``.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Generator
from typing import TypedDict, cast

WORKLOAD = "W13"
OBJECT_BYTES = 2**30
TARGET_GROWTH_MIB = 64.0
"""Issue 11: a 1 GiB object moves with at most 64 MiB of growth."""
_SERVER_STARTUP_SECONDS = 30.0
_BLOCK = 2**20


class Figures(TypedDict):
    """What the child measured: growth in MiB, seconds and MiB/s of each transfer."""

    put_growth_mib: float
    put_seconds: float
    put_mib_per_s: float
    get_growth_mib: float
    get_seconds: float
    get_mib_per_s: float
    round_trip_whole: bool


def _status_bytes(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    raise KeyError(field)


def _reset_peak() -> None:
    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # "reset the peak resident set size" (proc(5))


def _same_content(a: str, b: str) -> bool:
    with open(a, "rb") as left, open(b, "rb") as right:
        while True:
            x, y = left.read(_BLOCK), right.read(_BLOCK)
            if x != y:
                return False
            if not x:
                return True


def _measured(transfer: Callable[[], object], size: int) -> tuple[float, float, float]:
    """Growth (MiB), seconds and MiB/s of ``transfer``."""
    before = _status_bytes("VmRSS")
    _reset_peak()
    start = time.perf_counter()
    transfer()
    seconds = time.perf_counter() - start
    growth = round((_status_bytes("VmHWM") - before) / 2**20, 1)
    return growth, round(seconds, 2), round(size / 2**20 / seconds, 1)


def _child(endpoint: str, size: int) -> Figures:
    """The transfers, in this (fresh) process."""
    import s3fs

    from ctxcore.core.config.records import DataConfig, S3Config
    from ctxcore.shell.file_access import FileAccessProvider

    fs = s3fs.S3FileSystem(
        key="testing",
        secret="testing",
        client_kwargs={"endpoint_url": endpoint},
        skip_instance_cache=True,
    )
    bucket = f"w13-{uuid.uuid4().hex[:12]}"
    fs.mkdir(bucket)
    base = tempfile.mkdtemp(prefix="w13-")
    try:
        source = os.path.join(base, "big.bin")
        block = os.urandom(_BLOCK)
        with open(source, "wb") as out:
            for _ in range(size // _BLOCK):
                out.write(block)
            out.write(block[: size % _BLOCK])
        s3 = S3Config(endpoint=endpoint, access_key_id="testing", secret_access_key="testing")
        files = FileAccessProvider(
            os.path.join(base, "sandbox"), f"s3://{bucket}/raw", DataConfig(s3=s3), env={}
        )
        warm = os.path.join(base, "warm.bin")
        with open(warm, "wb") as out:
            out.write(b"w" * 1000)
        files.put_data(warm, f"s3://{bucket}/raw/warm.bin")
        files.get_data(f"s3://{bucket}/raw/warm.bin", os.path.join(base, "warm-back.bin"))

        remote = f"s3://{bucket}/raw/big.bin"
        back = os.path.join(base, "back.bin")
        put = _measured(lambda: files.put_data(source, remote), size)
        get = _measured(lambda: files.get_data(remote, back), size)
        return Figures(
            put_growth_mib=put[0],
            put_seconds=put[1],
            put_mib_per_s=put[2],
            get_growth_mib=get[0],
            get_seconds=get[1],
            get_mib_per_s=get[2],
            round_trip_whole=_same_content(source, back),
        )
    finally:
        shutil.rmtree(base, ignore_errors=True)
        fs.rm(bucket, recursive=True)


def measure_in_fresh_process(endpoint: str, size: int = OBJECT_BYTES) -> Figures:
    """Put and get an object of ``size`` bytes through a provider in a fresh interpreter, to
    the S3 server at ``endpoint``; its figures (growths in MiB, seconds, MiB/s, and whether the
    object came back whole)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.w13_large_objects", endpoint, str(size)],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    )
    return cast("Figures", json.loads(done.stdout.splitlines()[-1]))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@contextlib.contextmanager
def _moto_server() -> Generator[str, None, None]:
    """moto's S3 server in a process of its own, on 127.0.0.1; its URL."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + _SERVER_STARTUP_SECONDS
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's server did not start") from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def run() -> dict[str, object]:
    with _moto_server() as endpoint:
        figures = measure_in_fresh_process(endpoint)
    growth = max(figures["put_growth_mib"], figures["get_growth_mib"])
    return {
        **figures,
        "object_mib": OBJECT_BYTES // 2**20,
        "target_growth_mib": TARGET_GROWTH_MIB,
        "target_met": growth <= TARGET_GROWTH_MIB and figures["round_trip_whole"],
    }


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]))))
