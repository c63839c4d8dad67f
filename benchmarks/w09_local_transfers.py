"""W9: local put_data/get_data of one 256 MiB file (vs shutil.copyfile) and of a directory of
1,000 x 4 KiB files (files per second vs the reference's figures, beside ``shutil.copytree``'s
in the same rounds)."""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable

from benchmarks._timing import median_seconds
from ctxcore.core.config.records import DataConfig
from ctxcore.shell.file_access import FileAccessProvider

WORKLOAD = "W9"
_BIG = 256 * 1024 * 1024
_FILES = 1000
# The reference's best figures in BENCHMARKS.md (files/s); the target is twice these.
_REFERENCE_PUT_FILES_PER_S = 2449
_REFERENCE_GET_FILES_PER_S = 1120


def _timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as base:
        provider = FileAccessProvider(
            os.path.join(base, "sb"), os.path.join(base, "raw"), data_config=DataConfig(), env={}
        )
        big = os.path.join(base, "big.bin")
        with open(big, "wb") as out:
            chunk = os.urandom(1024 * 1024)
            for _ in range(_BIG // len(chunk)):
                out.write(chunk)
        copied = os.path.join(base, "copy.bin")
        remote = os.path.join(base, "raw", "big.bin")
        got = os.path.join(base, "got.bin")

        def fresh() -> None:
            # Every run writes a new file: no run pays for unlinking the previous one.
            for path in (copied, remote, got):
                if os.path.exists(path):
                    os.remove(path)
            os.sync()

        provider.put_data(big, remote)  # the first call builds the root context: not timed
        copy_s = median_seconds(lambda: shutil.copyfile(big, copied), 5, setup=fresh)
        put_s = median_seconds(lambda: provider.put_data(big, remote), 5, setup=fresh)
        provider.put_data(big, remote)

        def no_download() -> None:
            if os.path.exists(got):
                os.remove(got)

        get_s = median_seconds(lambda: provider.get_data(remote, got), 5, setup=no_download)

        tree = os.path.join(base, "tree")
        os.makedirs(tree)
        payload = os.urandom(4096)
        for i in range(_FILES):
            with open(os.path.join(tree, f"f{i:04d}.bin"), "wb") as out:
                out.write(payload)
        counter = iter(range(1_000_000))

        def put_tree() -> None:
            provider.put_data(tree, os.path.join(base, "raw", f"t{next(counter)}"), True)

        def get_tree() -> None:
            provider.get_data(remote_tree, os.path.join(base, f"g{next(counter)}"), True)

        def copy_tree() -> None:
            target = os.path.join(base, f"c{next(counter)}")
            shutil.copytree(tree, target, copy_function=shutil.copyfile)

        remote_tree = os.path.join(base, "raw", "tree")
        provider.put_data(tree, remote_tree, is_multipart=True)
        # Interleaved with the disk's own pace (copytree): small-file throughput here swings
        # tenfold from minute to minute, and only side-by-side figures compare.
        rounds = [(_timed(copy_tree), _timed(put_tree), _timed(get_tree)) for _ in range(5)]
        copytree_files, put_files, get_files = (
            _FILES / statistics.median(column) for column in zip(*rounds, strict=True)
        )
    put_ratio = copy_s / put_s
    get_ratio = copy_s / get_s
    return {
        "put_256mib_vs_copyfile": round(put_ratio, 3),
        "get_256mib_vs_copyfile": round(get_ratio, 3),
        "put_dir_files_per_s": round(put_files),
        "get_dir_files_per_s": round(get_files),
        "copytree_dir_files_per_s": round(copytree_files),
        "target_met": put_ratio >= 0.95
        and get_ratio >= 0.95
        and put_files >= 2 * _REFERENCE_PUT_FILES_PER_S
        and get_files >= 2 * _REFERENCE_GET_FILES_PER_S,
    }
