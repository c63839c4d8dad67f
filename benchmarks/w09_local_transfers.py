"""W9: local put_data/get_data of one 256 MiB file (vs shutil.copyfile) and of a directory of
1,000 x 4 KiB files (files per second vs the reference's figures)."""

from __future__ import annotations

import os
import shutil
import tempfile

from benchmarks._timing import median_seconds
from ctxcore.core.config import DataConfig
from ctxcore.shell.file_access import FileAccessProvider

WORKLOAD = "W9"
_BIG = 256 * 1024 * 1024
_FILES = 1000
# The reference's best figures in BENCHMARKS.md (files/s); the target is twice these.
_REFERENCE_PUT_FILES_PER_S = 2449
_REFERENCE_GET_FILES_PER_S = 1120


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

        remote_tree = os.path.join(base, "raw", "tree")
        provider.put_data(tree, remote_tree, is_multipart=True)
        put_files = _FILES / median_seconds(put_tree, 3)
        get_files = _FILES / median_seconds(get_tree, 3)
    put_ratio = copy_s / put_s
    get_ratio = copy_s / get_s
    return {
        "put_256mib_vs_copyfile": round(put_ratio, 3),
        "get_256mib_vs_copyfile": round(get_ratio, 3),
        "put_dir_files_per_s": round(put_files),
        "get_dir_files_per_s": round(get_files),
        "target_met": put_ratio >= 0.95
        and get_ratio >= 0.95
        and put_files >= 2 * _REFERENCE_PUT_FILES_PER_S
        and get_files >= 2 * _REFERENCE_GET_FILES_PER_S,
    }
