"""The transfer planner (``ctxcore.core.storage.plan``): every decision of ``get``, ``put``,
``put_raw_data`` and the metadata set after a put, checked without a disk.

The facts a shell would gather are given as values; separators are passed in, so both ``/`` and
``\\`` are checked where the local separator matters.
"""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.errors import InvalidUploadError, SpecialFileError
from ctxcore.core.storage import paths, plan
from ctxcore.core.storage.kinds import FileKind, Special
from ctxcore.core.storage.options import DEFAULT_WRITE_CHUNK_BYTES
from ctxcore.core.storage.plan import (
    Copy,
    DiskFacts,
    Download,
    Get,
    InMemory,
    LocalPath,
    ObjectNaming,
    Put,
    PutPath,
    RawData,
    Refuse,
    StageValue,
    Unsupported,
    Upload,
    WriteValue,
)

FILE = DiskFacts()
DIRECTORY = DiskFacts(destination_is_directory=True)
SOURCE_DIRECTORY = DiskFacts(source_is_directory=True)

# Names of files and directories: no separator of either kind, never empty.
names = st.text(string.ascii_letters + string.digits + "._-", min_size=1, max_size=8)
separators = st.sampled_from(["/", "\\"])
local_roots = st.lists(names, min_size=1, max_size=3)


def _local(parts: list[str], sep: str) -> str:
    return sep + sep.join(parts)


def _get(source: str, destination: str, recursive: bool, facts: DiskFacts, sep: str) -> Get:
    """``plan_get``'s plan, which must not be a refusal."""
    got = plan.plan_get(source, destination, recursive, facts, sep)
    assert isinstance(got, Get)
    return got


# -- get -------------------------------------------------------------------------------------


def test_a_local_file_is_copied_to_a_plain_destination() -> None:
    got = _get("/src/a.txt", "/dst/b.txt", False, FILE, "/")
    assert got == Get(Copy("/src/a.txt", "/dst/b.txt", False), "/src/a.txt", "/dst/b.txt")


def test_a_file_got_into_an_existing_directory_keeps_its_name() -> None:
    got = _get("s3://bucket/key/a.txt", "/dst", False, DIRECTORY, "/")
    assert got.step == Download("s3://bucket/key/a.txt", "/dst/a.txt", False)
    assert got.destination == "/dst"  # returned as the caller named it


def test_a_file_got_to_a_trailing_separator_lands_inside_it() -> None:
    got = _get("file:///src/a.txt", "file:///new/", False, FILE, "/")
    assert got.step == Copy("/src/a.txt", "/new/a.txt", False)
    assert (got.source, got.destination) == ("file:///src/a.txt", "file:///new/")


def test_a_remote_tree_is_got_with_trailing_separators() -> None:
    got = _get("s3://bucket/tree", "/dst", True, FILE, "/")
    assert got == Get(Download("s3://bucket/tree/", "/dst/", True), "s3://bucket/tree/", "/dst/")
    assert isinstance(got.step, Download)
    assert got.step.probe == "s3://bucket/tree"


def test_a_local_tree_gets_a_trailing_separator_only_when_it_is_a_directory() -> None:
    missing = _get("/nonexist", "/x", True, FILE, "/")
    assert missing.step == Copy("/nonexist", "/x/", True)
    existing = _get("/tree", "/x", True, SOURCE_DIRECTORY, "/")
    assert existing.step == Copy("/tree/", "/x/", True)


def test_a_tree_ignores_the_directory_fact_of_its_destination() -> None:
    both = DiskFacts(source_is_directory=True, destination_is_directory=True)
    assert _get("/tree", "/x", True, both, "/").step == Copy("/tree/", "/x/", True)


FIFO_BELOW = Special("/tree/sub/fifo", FileKind.FIFO)
DEVICE = Special("/dev/zero", FileKind.CHARACTER_DEVICE)
FIFO_DESTINATION = Special("/dst", FileKind.FIFO, "destination")


@pytest.mark.parametrize(
    "facts",
    [
        DiskFacts(source_special=DEVICE),
        DiskFacts(source_is_directory=True, source_special=FIFO_BELOW),
        DiskFacts(destination_special=FIFO_DESTINATION),
    ],
)
@pytest.mark.parametrize("recursive", [False, True])
def test_a_special_file_at_either_end_or_below_the_source_is_refused(
    facts: DiskFacts, recursive: bool
) -> None:
    special = facts.source_special or facts.destination_special
    assert special is not None
    expected = Refuse(str(special.error()), special)
    assert plan.plan_get("/src", "/dst", recursive, facts, "/") == expected
    assert plan.plan_put("/src", "/dst", recursive, facts, "/") == expected
    assert plan.plan_put("/src", "s3://b/k", recursive, facts, "/") == expected
    error = expected.error()
    assert isinstance(error, SpecialFileError)
    assert (error.path, error.kind, error.role) == (special.path, special.kind.value, special.role)


@pytest.mark.parametrize(
    ("real_destination", "inside"),
    [
        ("/data/tree", True),
        ("/data/tree/sub/copy", True),
        ("/data/tree-copy", False),
        ("/data", False),
        ("/elsewhere/tree", False),
    ],
)
def test_a_local_directory_copied_to_or_below_itself_is_refused(
    real_destination: str, inside: bool
) -> None:
    facts = DiskFacts(
        source_is_directory=True, source_real="/data/tree", destination_real=real_destination
    )
    put = plan.plan_put("/link-to-tree", "/dst", True, facts, "/")
    got = plan.plan_get("/link-to-tree", "/dst", True, facts, "/")
    if not inside:
        assert isinstance(put, Put)
        assert isinstance(got, Get)
        return
    assert (
        put
        == got
        == Refuse(
            "Destination /dst is inside the source directory /link-to-tree: a copy there "
            "would contain itself"
        )
    )
    assert isinstance(put, Refuse)
    assert isinstance(put.error(), InvalidUploadError)


def test_the_root_holds_every_path_and_a_windows_drive_its_own() -> None:
    assert paths.is_within("/anything", "/", "/")
    assert paths.is_within("C:\\a\\b", "C:\\a", "\\")
    assert not paths.is_within("C:\\ab", "C:\\a", "\\")


# -- put -------------------------------------------------------------------------------------


def test_a_tree_put_of_anything_but_a_directory_is_refused() -> None:
    refused = plan.plan_put("file:///some/file.txt", "s3://b/k", True, FILE, "/")
    assert refused == Refuse("Source path /some/file.txt is not a directory")
    assert isinstance(refused, Refuse)
    error = refused.error()
    assert isinstance(error, InvalidUploadError)
    assert str(error) == "Source path /some/file.txt is not a directory"


def test_a_tree_put_to_a_store_is_an_upload_with_trailing_separators() -> None:
    put = plan.plan_put("/tree", "s3://b/k", True, SOURCE_DIRECTORY, "/")
    assert put == Put(Upload("/tree/", "s3://b/k/", True), "s3://b/k/")


def test_a_file_put_to_a_store_is_named_by_the_store() -> None:
    # fsspec decides where a file lands in a store; the plan passes the destination as given.
    put = plan.plan_put("/src/a.txt", "s3://b/dir/", False, DIRECTORY, "/")
    assert put == Put(Upload("/src/a.txt", "s3://b/dir/", False), "s3://b/dir/")


def test_a_file_put_into_a_local_directory_keeps_its_name() -> None:
    put = plan.plan_put("file:///src/a.txt", "file:///dst", False, DIRECTORY, "/")
    assert put == Put(Copy("/src/a.txt", "/dst/a.txt", False), "file:///dst")


def test_a_put_names_a_file_by_the_local_separator() -> None:
    put = plan.plan_put("C:\\src\\a.txt", "C:\\dst\\", False, FILE, "\\")
    assert isinstance(put, Put)
    assert put.step == Copy("C:\\src\\a.txt", "C:\\dst\\a.txt", False)


def test_a_relative_file_name_is_its_own_name() -> None:
    put = plan.plan_put("a.txt", "/dst", False, DIRECTORY, "/")
    assert put == Put(Copy("a.txt", "/dst/a.txt", False), "/dst")


def test_a_local_tree_put_is_a_tree_copy() -> None:
    put = plan.plan_put("/tree/", "/copy", True, SOURCE_DIRECTORY, "/")
    assert put == Put(Copy("/tree/", "/copy/", True), "/copy/")


@given(local_roots, names, separators, st.booleans())
def test_a_file_lands_inside_a_directory_destination_under_its_own_name(
    root: list[str], name: str, sep: str, trailing: bool
) -> None:
    directory = _local(root, sep)
    destination = directory + sep if trailing else directory
    facts = FILE if trailing else DIRECTORY  # a trailing separator alone is enough
    inside = directory + sep + name
    got = _get("s3://bucket/key/" + name, destination, False, facts, sep)
    assert got.step.destination == inside
    put = plan.plan_put(f"{sep}src{sep}{name}", destination, False, facts, sep)
    assert isinstance(put, Put)
    assert put.step.destination == inside
    assert put.destination == destination


@given(local_roots, names, separators)
def test_a_file_goes_to_a_plain_destination_as_named(root: list[str], name: str, sep: str) -> None:
    destination = _local(root, sep)
    got = _get("s3://bucket/" + name, destination, False, FILE, sep)
    assert got.step.destination == destination
    put = plan.plan_put(f"{sep}src{sep}{name}", destination, False, FILE, sep)
    assert isinstance(put, Put)
    assert put.step == Copy(f"{sep}src{sep}{name}", destination, False)


@given(local_roots, local_roots, separators, st.booleans(), st.booleans())
def test_tree_transfers_end_both_ends_in_a_separator_and_repeat_as_they_are(
    source: list[str], destination: list[str], sep: str, source_is_dir: bool, dest_sep: bool
) -> None:
    src, dst = _local(source, sep), _local(destination, sep) + (sep if dest_sep else "")
    once = plan.recursive_paths(src, dst, source_is_directory=source_is_dir, sep=sep)
    assert once[1] == _local(destination, sep) + sep
    assert once[0].endswith(sep) is source_is_dir
    assert plan.recursive_paths(*once, source_is_directory=source_is_dir, sep=sep) == once
    got = _get(src, dst, True, DiskFacts(source_is_directory=source_is_dir), sep)
    assert got.step == Copy(once[0], once[1], True)
    put = plan.plan_put(src, dst, True, DiskFacts(source_is_directory=source_is_dir), sep)
    expected = (
        Put(Copy(*once, True), once[1])
        if source_is_dir
        else Refuse(f"Source path {src} is not a directory")
    )
    assert put == expected


@given(names, st.booleans(), st.booleans())
def test_puts_to_a_store_are_refused_only_for_trees_of_non_directories(
    name: str, recursive: bool, is_dir: bool
) -> None:
    put = plan.plan_put("/data/" + name, "gs://b/" + name, recursive, DiskFacts(is_dir), "/")
    assert isinstance(put, Refuse) is (recursive and not is_dir)
    if isinstance(put, Put):
        assert isinstance(put.step, Upload)
        assert put.step.recursive is recursive


# -- uploads to a store ----------------------------------------------------------------------


def _remote(
    protocol: str | tuple[str, ...],
    kwargs: dict[str, object] | None = None,
    metadata: dict[str, str] | None = None,
    upload: Upload | None = None,
) -> plan.RemotePut:
    return plan.plan_remote_put(
        upload or Upload("/src/a.txt", "s3://b/a.txt", False),
        protocol,
        kwargs or {},
        metadata,
        DEFAULT_WRITE_CHUNK_BYTES,
    )


def test_a_single_file_put_is_one_call_the_store_names() -> None:
    assert _remote("s3") == plan.RemotePut(
        "/src/a.txt",
        "s3://b/a.txt",
        False,
        {"chunksize": DEFAULT_WRITE_CHUNK_BYTES, "max_concurrency": 2},
        None,
        ObjectNaming.ASK_STORE,
    )


def test_s3_takes_execution_metadata_as_metadata_with_put_and_in_chunks() -> None:
    put = _remote("s3", {"metadata": {"own": "1", "run": "mine"}}, {"run": "r1"})
    assert put.kwargs == {
        "Metadata": {"own": "1", "run": "r1"},
        "chunksize": DEFAULT_WRITE_CHUNK_BYTES,
        "max_concurrency": 2,
    }
    assert put.metadata_after is None


def test_a_file_too_large_for_the_parts_limit_gets_larger_parts() -> None:
    # S3 takes at most 10,000 parts: 100 GiB in 8 MiB parts would need 12,800.
    upload = Upload("/src/big.bin", "s3://b/big.bin", False)
    put = plan.plan_remote_put(upload, "s3", {}, None, DEFAULT_WRITE_CHUNK_BYTES, 100 * 2**30)
    assert put.kwargs == {"chunksize": 10_737_419, "max_concurrency": 1}
    small = plan.plan_remote_put(upload, "s3", {}, None, DEFAULT_WRITE_CHUNK_BYTES, 2**30)
    assert small.kwargs["chunksize"] == DEFAULT_WRITE_CHUNK_BYTES


def test_gcs_takes_it_as_metadata() -> None:
    put = _remote(("gs", "gcs"), {"Metadata": {"own": "1"}}, {"run": "r1"})
    assert put.kwargs == {
        "metadata": {"own": "1", "run": "r1"},
        "chunksize": DEFAULT_WRITE_CHUNK_BYTES,
    }


def test_azure_gets_its_metadata_after_the_put() -> None:
    put = _remote("abfs", {"overwrite": False}, {"run": "r1"})
    assert put.kwargs == {"overwrite": False}
    assert put.metadata_after == {"is_directory": "false", "run": "r1"}
    own = _remote("abfs", {"metadata": {"owner": "me"}})
    assert own.kwargs == {}
    assert own.metadata_after == {"is_directory": "false", "owner": "me"}
    assert _remote("abfs").metadata_after is None


def test_without_metadata_the_caller_kwargs_pass_as_they_are() -> None:
    assert _remote("memory", {"metadata": {"x": "1"}}).kwargs == {"metadata": {"x": "1"}}


@given(
    st.sampled_from(["s3", "gs", "abfs", "memory", "file"]),
    st.dictionaries(st.sampled_from(["overwrite", "acl", "metadata", "Metadata"]), st.just("v")),
    st.none() | st.dictionaries(names, names, min_size=1, max_size=2),
)
def test_a_remote_put_keeps_the_callers_other_arguments_and_never_loses_metadata(
    protocol: str, kwargs: dict[str, object], metadata: dict[str, str] | None
) -> None:
    before = dict(kwargs)
    put = _remote(protocol, kwargs, metadata)
    assert kwargs == before  # the caller's mapping is not changed
    for key in ("overwrite", "acl"):
        if key in kwargs:
            assert put.kwargs[key] == kwargs[key]
    if metadata:
        attached = (
            put.metadata_after
            if protocol == "abfs"
            else put.kwargs["Metadata" if protocol == "s3" else "metadata"]
        )
        assert isinstance(attached, dict)
        assert {k: attached[k] for k in metadata} == metadata
    assert (put.metadata_after is not None) <= (protocol == "abfs")


@pytest.mark.parametrize(
    ("upload", "naming"),
    [
        (Upload("/tree/", "abfs://c/d/", True), ObjectNaming.TREE),
        (Upload("/src/a.txt", "abfs://c/d/", False), ObjectNaming.INTO_DIRECTORY),
        (Upload("/src/a.txt", "abfs://c/d", False), ObjectNaming.ASK_STORE),
    ],
)
def test_the_objects_of_a_put_are_named_as_its_destination_says(
    upload: Upload, naming: ObjectNaming
) -> None:
    assert _remote("abfs", upload=upload).naming is naming


def test_the_object_a_single_file_is_written_to() -> None:
    into = _remote("abfs", upload=Upload("/src/a.txt", "abfs://c/d/", False))
    assert plan.written_objects(into, files=(), store_says_directory=False, sep="/") == (
        "abfs://c/d/a.txt",
    )
    ask = _remote("abfs", upload=Upload("/src/a.txt", "abfs://c/d", False))
    assert plan.written_objects(ask, files=(), store_says_directory=True, sep="/") == (
        "abfs://c/d/a.txt",
    )
    assert plan.written_objects(ask, files=(), store_says_directory=False, sep="/") == (
        "abfs://c/d",
    )
    relative = _remote("abfs", upload=Upload("a.txt", "abfs://c/d/", False))
    assert plan.written_objects(relative, files=(), store_says_directory=False, sep="/") == (
        "abfs://c/d/a.txt",
    )
    windows = _remote("abfs", upload=Upload("C:\\src\\a.txt", "abfs://c/d/", False))
    assert plan.written_objects(windows, files=(), store_says_directory=False, sep="\\") == (
        "abfs://c/d/a.txt",
    )


@given(
    st.lists(st.lists(names, min_size=1, max_size=3), max_size=6, unique_by=tuple),
    separators,
)
def test_the_objects_of_a_tree_are_the_relative_paths_of_its_files(
    files: list[list[str]], sep: str
) -> None:
    relative = [sep.join(parts) for parts in files]
    tree = _remote("abfs", upload=Upload(f"{sep}tree{sep}", "abfs://c/d/", True))
    objects = plan.written_objects(tree, files=relative, store_says_directory=True, sep=sep)
    assert objects == tuple("abfs://c/d/" + "/".join(parts) for parts in files)


# -- put_raw_data ----------------------------------------------------------------------------

LOCAL_FILE = LocalPath("/data/report.csv", exists=True)
BYTES = InMemory("bytes")


def _raw(call: RawData, fresh: list[str], prefix: str = "s3://b/raw/") -> plan.RawDataPlan:
    return plan.plan_raw_data(
        call,
        fresh,
        raw_output_prefix=prefix,
        raw_output_sep="/",
        sandbox="/sb/local_flytekit",
        local_sep="/",
    )


@pytest.mark.parametrize(
    ("call", "count"),
    [
        (RawData(LOCAL_FILE), 1),
        (RawData(BYTES), 2),
        (RawData(BYTES, upload_prefix="p"), 1),
        (RawData(BYTES, file_name="f"), 1),
        (RawData(LOCAL_FILE, upload_prefix="p"), 0),
        (RawData(Unsupported("<class 'int'>")), 2),
    ],
)
def test_the_random_names_a_destination_takes(call: RawData, count: int) -> None:
    assert call.fresh_names == count


def test_a_wrong_number_of_random_names_is_an_error() -> None:
    with pytest.raises(ValueError, match="takes 2 random names, not 1"):
        _raw(RawData(BYTES), ["a"])


def test_random_names_are_used_in_order_prefix_then_name() -> None:
    assert _raw(RawData(BYTES), ["p1", "n2"]).destination == "s3://b/raw/p1/n2"


def test_a_path_keeps_its_name_and_is_put() -> None:
    planned = _raw(RawData(LOCAL_FILE, upload_prefix="p"), [])
    assert planned == plan.RawDataPlan(
        "s3://b/raw/p/report.csv", PutPath("/data/report.csv", False)
    )
    tree = LocalPath("/data/tree", exists=True, is_directory=True)
    assert _raw(RawData(tree, upload_prefix="p"), []).step == PutPath("/data/tree", True)


def test_skip_raw_data_prefix_puts_it_under_the_prefix_itself() -> None:
    planned = _raw(
        RawData(BYTES, upload_prefix="/elsewhere", file_name="f", skip_raw_data_prefix=True), []
    )
    assert planned == plan.RawDataPlan("/elsewhere/f", WriteValue("/elsewhere/f", "<bytes>"))


def test_a_value_bound_for_a_store_is_staged_in_a_fresh_sandbox_directory() -> None:
    planned = _raw(RawData(InMemory("BytesIO"), upload_prefix="p", file_name="f"), [])
    assert planned.destination == "s3://b/raw/p/f"
    step = planned.step
    assert step == StageValue("<BytesIO>", "/sb/local_flytekit", "/")
    assert isinstance(step, StageValue)
    assert step.staging_directory("r") == "/sb/local_flytekit/r"
    assert step.staged_file("r") == "/sb/local_flytekit/r/staged"


def test_staging_and_raw_output_names_use_their_own_separators() -> None:
    step = StageValue("<bytes>", "C:\\sb", "\\")
    assert step.staging_directory("r") == "C:\\sb\\r"
    assert step.staged_file("r") == "C:\\sb\\r\\staged"
    planned = plan.plan_raw_data(
        RawData(BYTES, file_name="f"),
        ["p"],
        raw_output_prefix="C:\\raw\\",
        raw_output_sep="\\",
        sandbox="C:\\sb",
        local_sep="\\",
    )
    assert planned == plan.RawDataPlan("C:\\raw\\p\\f", WriteValue("C:\\raw\\p\\f", "<bytes>"))


@pytest.mark.parametrize(
    ("call", "reason"),
    [
        (
            RawData(BYTES, upload_prefix="p", file_name="../f"),
            "file_name '../f' leaves the prefix it is put under: a name may not hold '..'",
        ),
        (
            RawData(BYTES, upload_prefix="p/..", file_name="f"),
            "upload_prefix 'p/..' leaves the raw-output prefix s3://b/raw/: "
            "a name may not hold '..'",
        ),
    ],
)
def test_a_climbing_name_is_refused_saying_which_and_from_what(call: RawData, reason: str) -> None:
    assert _raw(call, []).step == Refuse(reason)


def test_a_local_value_is_written_in_place_without_its_file_header() -> None:
    planned = _raw(RawData(BYTES, file_name="f"), ["p"], prefix="file:///tmp/raw/")
    assert planned == plan.RawDataPlan("file:///tmp/raw/p/f", WriteValue("/tmp/raw/p/f", "<bytes>"))


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (LocalPath("/gone", exists=False), "File /gone does not exist"),
        (LocalPath("/link", exists=True, is_link=True), "File /link is a symlink, can't upload"),
        (
            LocalPath("/dangling", exists=True, is_link=True),
            "File /dangling is a symlink, can't upload",
        ),
        (InMemory("BufferedReader", readable=False), "Buffered reader must be readable"),
        (Unsupported("<class 'int'>"), "Unsupported lpath type <class 'int'>"),
    ],
)
def test_what_cannot_be_uploaded_is_refused(value: plan.RawValue, reason: str) -> None:
    call = RawData(value, upload_prefix="p", file_name="f")
    assert _raw(call, []).step == Refuse(reason)


def test_a_special_file_as_raw_data_is_refused() -> None:
    device = LocalPath("/dev/zero", exists=True, special=DEVICE)
    step = _raw(RawData(device, upload_prefix="p"), []).step
    assert step == Refuse.special_file(DEVICE)
    assert isinstance(step, Refuse)
    assert isinstance(step.error(), SpecialFileError)


staying_names = names.filter(lambda name: name != "..")
"""Names that stay below what they are joined to (``..`` is refused: see the escape tests)."""


@given(
    st.none() | staying_names,
    st.none() | staying_names,
    st.booleans(),
    st.sampled_from([LOCAL_FILE, BYTES, InMemory("StringIO")]),
    st.sampled_from(["s3://b/raw/", "/tmp/raw/"]),
)
def test_raw_data_destinations(
    upload_prefix: str | None,
    file_name: str | None,
    skip: bool,
    value: plan.RawValue,
    raw_prefix: str,
) -> None:
    call = RawData(value, upload_prefix, file_name, skip)
    fresh = [f"fresh{i}" for i in range(call.fresh_names)]
    planned = _raw(call, fresh, prefix=raw_prefix)
    parts = planned.destination.split("/")
    expected_name = file_name or ("report.csv" if value is LOCAL_FILE else fresh[-1])
    assert parts[-1] == expected_name
    assert parts[-2] == (upload_prefix or fresh[0])
    assert planned.destination.startswith(raw_prefix) is not skip
    if isinstance(value, InMemory):
        remote = not skip and raw_prefix.startswith("s3://")
        expected = StageValue if remote else WriteValue
        assert type(planned.step) is expected


name_parts = st.lists(st.sampled_from(["a", "..", ".", "b.c", "...", "x..y"]), min_size=1)


@given(name_parts, st.sampled_from(["/", "\\"]), st.booleans(), st.booleans())
def test_a_raw_data_name_with_a_dotdot_part_is_refused_and_no_other(
    parts: list[str], sep: str, as_prefix: bool, skip: bool
) -> None:
    name = sep.join(parts)
    call = (
        RawData(BYTES, upload_prefix=name, file_name="f", skip_raw_data_prefix=skip)
        if as_prefix
        else RawData(BYTES, upload_prefix="p", file_name=name, skip_raw_data_prefix=skip)
    )
    planned = plan.plan_raw_data(
        call,
        [],
        raw_output_prefix="/raw/",
        raw_output_sep="/",
        sandbox="/sb",
        local_sep="\\",  # as on Windows, where both separators are read
    )
    climbs = ".." in parts and not (as_prefix and skip)  # a skipped prefix is the caller's
    step = planned.step
    assert isinstance(step, Refuse) is climbs
    if isinstance(step, Refuse):
        error = step.error()
        assert isinstance(error, InvalidUploadError)
        assert isinstance(error, ValueError)
        assert f"{'upload_prefix' if as_prefix else 'file_name'} {name!r} leaves" in str(error)
