"""Why a flytekit test fails against ctxcore: each failure gets one documented category.

Categories:
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

BY_TEST: dict[str, str] = {
    # @flytekit.task: the stand-in's task just calls the function, and a checkpoint exists only
    # in a task's execution context, which flytekit's task layer builds
    "unit/core/test_checkpoint.py::test_checkpoint_task": "outside-the-context-layer",
    # FlyteDirectory, FlyteFile and TypeEngine (the stand-in's placeholders); the sandbox_test
    # ones would also need the flyte sandbox's S3
    "::test_crawl_local_non_nt": "outside-the-context-layer",
    "::test_crawl_s3": "outside-the-context-layer",
    "::test_walk_local_copy_to_s3": "outside-the-context-layer",
    "::test_s3_metadata": "outside-the-context-layer",
    "::test_async_local_copy_to_s3": "outside-the-context-layer",
    "::test_async_download_from_s3": "outside-the-context-layer",
    # patch flytekit.core.data_persistence._WRITE_SIZE_CHUNK_BYTES (ctxcore reads no such name)
    "::test_chunk_size": "flytekit-internals",
    # call FileAccessProvider._put, a private method ctxcore does not have (and patch the module's
    # get_additional_fsspec_call_kwargs, which ctxcore does not look up there)
    "::test_get_additional_fsspec_call_kwargs": "flytekit-internals",
    "::test_async_file_system": "flytekit-internals",
    # patch flytekit.core.data_persistence.UUID to fix the random names; ctxcore's come from the
    # operating system (migration guide, "Different, on purpose": random names). The first is
    # also skipped unless flytekit's import has loaded pandas.
    "::test_write_folder_put_raw": "flytekit-internals",
    "::test_path_getting": "flytekit-internals",
    # patch flytekit.configuration.default_images.sys (the module's import of sys)
    "::test_not_version": "flytekit-internals",
    # patch flytekit.configuration.plugin._GLOBAL_CONFIG (ctxcore has no plugins: the stand-in
    # module holds the name so that the patch succeeds, and it changes nothing)
    "::test_default_image_plugin": "flytekit-internals",
    # Image.full of an image without tag renders "docker.io/abc:None" in flytekit; ctxcore's
    # never renders ":None" (migration guide, "Different, on purpose"; COMPAT.md [15])
    "::test_image_from_flytectl_config": "deliberate-difference",
    # upload to the flyte sandbox's S3 at localhost:30002 (Config.for_sandbox() hard-codes it)
    "::test_put_raw_data_bytes": "needs-object-store",
    # writes the private cfg._yaml_config of a ConfigFile (ctxcore's is a frozen record)
    "::test_client_secret_location": "flytekit-internals",
    "::test_s3_provider": "needs-object-store",
}
"""Categories decided by reading a test (node id suffix -> category)."""


def classify(nodeid: str, text: str) -> str:
    """The category of the failing test ``nodeid`` whose report is ``text``."""
    for suffix, category in BY_TEST.items():
        if nodeid.endswith(suffix):
            return category
    if "<lambda>() missing 1 required positional argument" in text:
        # the test replaces os.environ with a mock whose get() takes flytekit's call,
        # os.environ.get(key, default), only; ctxcore calls get(key)
        return "flytekit-internals"
    if "outside flytekit's context layer" in text or "No module named 'flytekit" in text:
        return "outside-the-context-layer"
    if re.search(r"No module named '(?!flytekit)", text):
        return "missing-test-dependency"
    if "localhost:30002" in text:
        return "needs-object-store"
    missing = re.search(
        r"cannot import name '(\w+)'|\.(\w+): (?:ctxcore has no such|not in)"
        r"|does not have the attribute '(\w+)'",
        text,
    )
    if missing:
        return "flytekit-internals"
    if re.search(r"\(.*\) == \[", text) or ("tuple" in text and "list" in text):
        return "tuple-fields"
    if "FrozenInstanceError" in text or "can't set attribute" in text or "frozen" in text:
        return "deliberate-difference"
    if re.search(r"flytekit\.\w+(\.\w+)*\._", text):
        return "flytekit-internals"
    return "unclassified"
