"""The path rules of file access, by example: each function's answers and errors."""

from __future__ import annotations

import pytest

from ctxcore.core.storage import paths


@pytest.mark.parametrize(
    ("path", "protocol"),
    [
        ("s3://b/k", "s3"),
        ("gs://b", "gs"),
        ("simplecache::s3://b/k", "simplecache"),
        ("file:///tmp/x", "file"),
        ("/tmp/x", "file"),
        ("relative/x", "file"),
        ("", "file"),
        ("://b", ""),
    ],
)
def test_the_protocol_is_what_comes_before_the_first_separator(path: str, protocol: str) -> None:
    assert paths.get_protocol(path) == protocol


@pytest.mark.parametrize(
    ("protocol", "local"),
    [
        ("file", True),
        ("local", True),
        ("s3", False),
        ("", False),
        ("fil", False),
        (("file", "local"), True),
        (("local",), False),
        (("s3", "s3a"), False),
    ],
)
def test_the_local_protocols(protocol: str | tuple[str, ...], local: bool) -> None:
    assert paths.is_local_protocol(protocol) is local


def test_only_a_leading_file_header_is_stripped() -> None:
    assert paths.strip_file_header("file:///a/b") == "/a/b"
    assert paths.strip_file_header("file://file:///a") == "file:///a"
    assert paths.strip_file_header("/x/file://a") == "/x/file://a"


def test_the_file_tail_is_after_the_last_separator() -> None:
    assert paths.get_file_tail("s3://b/d/f.txt") == "f.txt"
    assert paths.get_file_tail("/a/b/") == ""
    assert paths.get_file_tail("f") == "f"


def test_join_removes_exactly_one_trailing_separator_of_the_first_part() -> None:
    assert paths.join("s3://b/", "a", "c") == "s3://b/a/c"
    assert paths.join("s3://b//", "a") == "s3://b//a"
    assert paths.join("s3://b", "a/") == "s3://b/a/"
    assert paths.join("only/") == "only"
    assert paths.join("C:\\a\\\\", "b", sep="\\\\") == "C:\\a\\\\b"
    assert paths.join("a::", "b", sep="::") == "a::b"


def test_join_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"^Must provide at least one argument$"):
        paths.join()


def test_a_trailing_separator_is_added_once() -> None:
    assert paths.with_trailing_sep("s3://b/k", "/") == "s3://b/k/"
    assert paths.with_trailing_sep("s3://b/k/", "/") == "s3://b/k/"
    assert paths.with_trailing_sep("C:\\a", "\\") == "C:\\a\\"


def test_a_custom_path_appends_the_stem_to_the_prefix_and_may_replace_its_bucket() -> None:
    prefix = "s3://bucket/prefix/"
    assert paths.generate_new_custom_path(prefix, "/", "stem") == "s3://bucket/prefix/stem"
    assert paths.generate_new_custom_path(prefix, "/", "s", alt="other") == "s3://other/prefix/s"
    assert paths.generate_new_custom_path("s3://bucket/", "/", "s", alt="o") == "s3://o/s"
    assert paths.generate_new_custom_path("/tmp/raw/", "/", "s") == "/tmp/raw/s"


@pytest.mark.parametrize("prefix", ["/tmp/raw/x/", "s3://bucket", "s3:/", "file:///a/b/"])
def test_a_prefix_without_a_bucket_refuses_another_bucket(prefix: str) -> None:
    with pytest.raises(ValueError, match="replaces the bucket of a remote prefix") as raised:
        paths.generate_new_custom_path(prefix, "/", "s", alt="other")
    assert str(raised.value) == (
        f"alt='other' replaces the bucket of a remote prefix; {prefix!r} has none"
    )


def test_within_is_the_directory_itself_or_below_it() -> None:
    assert paths.is_within("/a/b", "/a/b", "/")
    assert paths.is_within("/a/b/c", "/a/b", "/")
    assert paths.is_within("/a/b/c", "/a/b/", "/")
    assert not paths.is_within("/a/bc", "/a/b", "/")
    assert not paths.is_within("/a", "/a/b", "/")
