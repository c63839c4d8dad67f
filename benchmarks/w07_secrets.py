"""W7: ``SecretsManager.get`` from the environment and from a file."""

from __future__ import annotations

import os
import tempfile

from benchmarks._timing import per_op_us
from ctxcore import FlyteContextManager
from ctxcore.core.config.records import SecretsConfig
from ctxcore.shell.secrets import SecretsManager

WORKLOAD = "W7"


def run() -> dict[str, object]:
    FlyteContextManager.current_context()
    with tempfile.TemporaryDirectory() as secrets_dir:
        os.makedirs(os.path.join(secrets_dir, "group"))
        with open(os.path.join(secrets_dir, "group", "key"), "w") as secret:
            secret.write("from-file\n")
        config = SecretsConfig(default_dir=secrets_dir)
        from_env = SecretsManager(config, env={"_FSEC_GROUP_KEY": "from-env"})
        from_file = SecretsManager(config, env={})
        env_us = per_op_us(lambda: from_env.get("group", "key"), number=100_000, repeat=7)
        file_us = per_op_us(lambda: from_file.get("group", "key"), number=20_000, repeat=7)
    return {
        "from_env_us": round(env_us, 3),
        "from_file_us": round(file_us, 3),
        "target_met": env_us <= 1.5 and file_us <= 20,
    }
