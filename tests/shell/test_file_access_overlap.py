"""A directory copied into itself (issue 11, item 5): refused, with a typed error, before
anything is written.

Found: uploading a directory into its own subdirectory copied the transfer's own temporary
directory (made beside the destination, so inside the source) into the result. The choice:
refuse. A copy that held "exactly the source's files" would hold, at the second upload, the
first copy, and the next time both.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from ctxcore.core.config.records import DataConfig
from ctxcore.core.errors import DataTransferError, InvalidUploadError
from ctxcore.shell.file_access import FileAccessProvider

Copy = Callable[[FileAccessProvider, str, str], object]

TREE_COPIES: dict[str, Copy] = {
    "put": lambda fa, s, d: fa.put(s, d, recursive=True),
    "upload_directory": lambda fa, s, d: fa.upload_directory(s, d),
    "get": lambda fa, s, d: fa.get(s, d, recursive=True),
    "download_directory": lambda fa, s, d: fa.download_directory(s, d),
    "async_put": lambda fa, s, d: asyncio.run(fa.async_put(s, d, recursive=True)),
}
"""Every way a local directory is copied to a local destination."""


def _tree(base: Path) -> tuple[Path, dict[str, bytes]]:
    tree = base / "tree"
    files = {"a.txt": b"a", "sub/b.txt": b"b"}
    for name, content in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_bytes(content)
    return tree, files


def _everything_below(tree: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(tree).as_posix(): None if p.is_dir() else p.read_bytes()
        for p in tree.rglob("*")
    }


def _refusal(raised: BaseException) -> InvalidUploadError:
    if isinstance(raised, DataTransferError):
        raised = raised.__cause__ or raised
    assert isinstance(raised, InvalidUploadError), f"not refused: {raised!r}"
    return raised


@pytest.mark.parametrize("where", ["sub/copy", "new/deeper/copy", "sub", "."])
@pytest.mark.parametrize("transfer", TREE_COPIES.values(), ids=TREE_COPIES.keys())
def test_a_directory_copied_into_itself_is_refused_and_left_as_it_was(
    tmp_path: Path, transfer: Copy, where: str
) -> None:
    tree, _ = _tree(tmp_path)
    before = _everything_below(tree)
    fa = FileAccessProvider(str(tmp_path / "sandbox"), str(tmp_path / "raw"), DataConfig(), env={})
    with pytest.raises(Exception) as raised:  # noqa: PT011 - _refusal says which
        transfer(fa, str(tree), str(tree / where))
    assert isinstance(raised.value, ValueError) or isinstance(raised.value.__cause__, ValueError)
    assert "inside the source" in str(_refusal(raised.value))
    assert _everything_below(tree) == before


def test_a_destination_that_reaches_into_the_source_through_a_link_is_refused(
    tmp_path: Path,
) -> None:
    tree, files = _tree(tmp_path)
    (tmp_path / "link").symlink_to(tree / "sub")
    before = _everything_below(tree)
    fa = FileAccessProvider(str(tmp_path / "sandbox"), str(tmp_path / "raw"), DataConfig(), env={})
    with pytest.raises(InvalidUploadError, match="inside the source"):
        fa.put(str(tree), str(tmp_path / "link" / "copy"), recursive=True)
    assert _everything_below(tree) == before
    # Beside the source, or a subdirectory into its parent, is no copy into itself.
    fa.put(str(tree), str(tmp_path / "tree-copy"), recursive=True)
    fa.put(str(tree / "sub"), str(tree), recursive=True)
    assert {k: v for k, v in _everything_below(tmp_path / "tree-copy").items() if v} == files
    assert (tree / "b.txt").read_bytes() == b"b"
