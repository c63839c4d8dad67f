"""Why a flytekit test fails against ctxcore: each failure gets one documented category.

Categories:
- ``in-progress``: the test needs a name that other work on issue 12 is adding (the migration
  guide marks it "(issue 12, in progress)").
- ``outside-the-context-layer``: the test imports a flytekit module ctxcore does not reimplement
  (resources, plugins, the type engine ...).
- ``missing-test-dependency``: a package the test imports is not installed here.
- ``deliberate-difference``: the test asserts behaviour the migration guide lists under
  "Different, on purpose" (immutability, no import-time side effects, stricter booleans ...).
- ``tuple-fields``: the test compares a tuple field with a list (migration guide, "Sequences are
  tuples").
- ``flytekit-internals``: the test patches or reads flytekit's private names.
- ``needs-object-store``: the test talks to the flyte sandbox's S3 (``localhost:30002``).
- ``unclassified``: not yet looked at; each is a bug until shown otherwise.
"""

from __future__ import annotations

import re

IN_PROGRESS = ("ConfigEntry", "LegacyConfigEntry", "YamlConfigEntry", "get_config_file",
               "set_if_exists", "read_file_if_exists", "PythonVersion", "NodeExecutionIdentifier",
               "TaskExecutionIdentifier", "config_entries", "AWS", "Credentials", "Images",
               "Platform", "bool_transformer", "int_transformer", "comma_list_transformer",
               "to_flyte_idl", "from_flyte_idl")  # fmt: skip

BY_TEST: dict[str, str] = {
    # declares a @flytekit.task to run a checkpoint inside a task
    "unit/core/test_checkpoint.py": "outside-the-context-layer",
    # patch flytekit.core.data_persistence._WRITE_SIZE_CHUNK_BYTES (ctxcore reads the variable)
    "::test_chunk_size": "flytekit-internals",
    "::test_get_additional_fsspec_call_kwargs": "flytekit-internals",
    # upload to the flyte sandbox's S3 at localhost:30002 (fail under flytekit too without it)
    "::test_put_raw_data_bytes": "needs-object-store",
    "::test_write_large_put_raw": "needs-object-store",
    "::test_write_folder_put_raw": "needs-object-store",
}
"""Categories decided by reading a test (node id suffix -> category)."""


def classify(nodeid: str, text: str) -> str:
    """The category of the failing test ``nodeid`` whose report is ``text``."""
    for suffix, category in BY_TEST.items():
        if nodeid.endswith(suffix):
            return category
    if "has no attribute 'from_flyte_idl'" in text or "to_flyte_idl" in text:
        return "in-progress"
    if "outside flytekit's context layer" in text or "No module named 'flytekit" in text:
        return "outside-the-context-layer"
    if re.search(r"No module named '(?!flytekit)", text):
        return "missing-test-dependency"
    missing = re.search(r"cannot import name '(\w+)'|\.(\w+): (?:ctxcore has no such|not in)", text)
    if missing:
        if (missing[1] or missing[2]) in IN_PROGRESS:
            return "in-progress"
        return "flytekit-internals"
    if re.search(r"\(.*\) == \[", text) or ("tuple" in text and "list" in text):
        return "tuple-fields"
    if "FrozenInstanceError" in text or "can't set attribute" in text or "frozen" in text:
        return "deliberate-difference"
    if re.search(r"flytekit\.\w+(\.\w+)*\._", text):
        return "flytekit-internals"
    return "unclassified"
