"""W10: SyncCheckpoint save / restore of 64 MiB, against shutil.copyfile."""

from __future__ import annotations

import os
import shutil
import tempfile

from benchmarks._timing import median_seconds
from ctxcore.core.config import DataConfig
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
        with open(os.path.join(state, "model.bin"), "wb") as out:
            out.write(os.urandom(_SIZE))
        source = os.path.join(state, "model.bin")
        copy_s = median_seconds(lambda: shutil.copyfile(source, os.path.join(base, "c.bin")), 5)
        dest = os.path.join(base, "cp")
        save_s = median_seconds(lambda: SyncCheckpoint(dest, file_access=provider).save(state), 5)
        counter = iter(range(1_000))

        def restore() -> None:
            target = os.path.join(base, f"restore{next(counter)}")
            os.makedirs(target)
            SyncCheckpoint(os.path.join(base, "next"), dest, file_access=provider).restore(target)

        restore_s = median_seconds(restore, 5)
    save_ratio = copy_s / save_s
    restore_ratio = copy_s / restore_s
    return {
        "save_vs_copyfile": round(save_ratio, 3),
        "restore_vs_copyfile": round(restore_ratio, 3),
        "target_met": save_ratio >= 0.95 and restore_ratio >= 0.95,
    }
