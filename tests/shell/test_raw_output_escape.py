"""A raw-output file name or upload prefix that leaves the raw-output prefix is refused
(issue 11, item 5).

Found: ``put_raw_data(file_name="../../x")`` wrote outside the raw-output prefix. Here each
such call is made against a real local prefix (and its async twin): it is refused with a
``ValueError`` (``InvalidUploadError``) and nothing is written anywhere.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import InvalidUploadError
from ctxcore.shell.file_access import FileAccessProvider

ESCAPES: list[dict[str, str | bool]] = [
    {"file_name": "../../x"},
    {"file_name": "sub/../../../x"},
    {"upload_prefix": "../x", "file_name": "f"},
    {"upload_prefix": "a/../../x", "file_name": "f"},
    {"upload_prefix": "..", "file_name": "f"},
    {"upload_prefix": "RAW/inside", "file_name": "../../x", "skip_raw_data_prefix": True},
]
"""Names that climb out of the raw-output prefix (the last, out of ``upload_prefix``, which
``skip_raw_data_prefix`` puts in the prefix's place; ``RAW`` stands for the prefix, so that
even an escape stays in the test's directory)."""


def _files(base: Path) -> set[Path]:
    return {p for p in base.rglob("*") if p.is_file()}


@pytest.mark.parametrize("call", ESCAPES, ids=[str(sorted(c.items())) for c in ESCAPES])
@pytest.mark.parametrize("twin", ["sync", "async"])
def test_a_name_that_leaves_the_raw_output_prefix_is_refused_and_nothing_is_written(
    tmp_path: Path, call: dict[str, str | bool], twin: str
) -> None:
    raw = tmp_path / "a" / "b" / "raw"
    raw.mkdir(parents=True)
    source = tmp_path / "source.txt"
    source.write_text("payload")
    fa = FileAccessProvider(str(tmp_path / "sandbox"), str(raw), DataConfig(), env={})
    upload_prefix = call.get("upload_prefix")
    if isinstance(upload_prefix, str):
        upload_prefix = upload_prefix.replace("RAW", str(raw))
    file_name = call.get("file_name")
    skip = bool(call.get("skip_raw_data_prefix", False))
    assert isinstance(upload_prefix, str | None)
    assert isinstance(file_name, str | None)
    for value in (b"bytes", str(source)):
        before = _files(tmp_path)
        upload = fa.put_raw_data if twin == "sync" else _in_a_loop(fa)
        with pytest.raises(InvalidUploadError, match=r"leaves") as raised:
            upload(value, upload_prefix, file_name, skip_raw_data_prefix=skip)
        assert isinstance(raised.value, ValueError)
        assert _files(tmp_path) == before


def _in_a_loop(fa: FileAccessProvider) -> Callable[..., str]:
    """``async_put_raw_data``, run to its end."""

    def upload(
        value: bytes | str,
        upload_prefix: str | None,
        file_name: str | None,
        *,
        skip_raw_data_prefix: bool,
    ) -> str:
        return asyncio.run(
            fa.async_put_raw_data(
                value, upload_prefix, file_name, skip_raw_data_prefix=skip_raw_data_prefix
            )
        )

    return upload
