"""W10: SyncCheckpoint save / restore of 64 MiB, against shutil.copyfile.

Every run writes to a fresh destination after an ``os.sync()``, baseline included, so no run
pays for another's write-back or for unlinking what an earlier run wrote.
"""

from __future__ import annotations

import os
import shutil
import tempfile

from benchmarks._timing import median_seconds
from ctxcore.core.config.records import DataConfig
from ctxcore.shell.checkpoint import SyncCheckpoint
from ctxcore.shell.file_access import FileAccessProvider

WORKLOAD = "W10"
_SIZE = 64 * 1024 * 1024


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as base:
        provider = FileAccessProvider(
            os.path.join(base, "sb"), os.path.join(base, "raw"), data_config=DataConfig(), env={}
        )
        state = os.path.join(base, "state")
        os.makedirs(state)
        source = os.path.join(state, "model.bin")
        with open(source, "wb") as out:
            out.write(os.urandom(_SIZE))
        copied = os.path.join(base, "copied.bin")
        dest = os.path.join(base, "cp")
        target = os.path.join(base, "restored")

        def fresh() -> None:
            for path in (copied, dest, target):
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.exists(path):
                    os.remove(path)
            os.sync()

        def fresh_target() -> None:
            fresh_keep_dest()
            os.makedirs(target)

        def fresh_keep_dest() -> None:
            for path in (copied, target):
                if os.path.isdir(path):
                    shutil.rmtree(path)
                elif os.path.exists(path):
                    os.remove(path)
            os.sync()

        copy_s = median_seconds(lambda: shutil.copyfile(source, copied), 5, setup=fresh)
        save_s = median_seconds(
            lambda: SyncCheckpoint(dest, file_access=provider).save(state), 5, setup=fresh
        )
        SyncCheckpoint(dest, file_access=provider).save(state)
        restore_s = median_seconds(
            lambda: SyncCheckpoint(os.path.join(base, "next"), dest, file_access=provider).restore(
                target
            ),
            5,
            setup=fresh_target,
        )
    save_ratio = copy_s / save_s
    restore_ratio = copy_s / restore_s
    return {
        "save_vs_copyfile": round(save_ratio, 3),
        "restore_vs_copyfile": round(restore_ratio, 3),
        "target_met": save_ratio >= 0.95 and restore_ratio >= 0.95,
    }
