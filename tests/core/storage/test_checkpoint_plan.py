"""What a checkpoint save does (``ctxcore.core.storage.checkpoint``), decided without a disk:
the plan of each kind of save, and the names left beside a local checkpoint."""

from __future__ import annotations

import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.errors import InvalidUploadError, SpecialFileError
from ctxcore.core.storage import checkpoint
from ctxcore.core.storage.checkpoint import Publish, PutData, plan_save
from ctxcore.core.storage.kinds import FileKind, Special
from ctxcore.core.storage.plan import DiskFacts, Refuse

DIRECTORY = DiskFacts(source_is_directory=True)
FILE = DiskFacts()


def test_a_local_save_publishes_a_directory_a_file_or_a_reader_whole() -> None:
    assert plan_save("/state", "/cp", DIRECTORY, "/") == Publish("/state", "/cp")
    assert plan_save("/m/model.pt", "/cp", FILE, "/") == Publish("/m/model.pt", "/cp", "model.pt")
    assert plan_save(None, "/cp", FILE, "/") == Publish(None, "/cp", "_dst_cp")
    assert plan_save("C:\\m\\w.pt", "C:\\cp", FILE, "\\") == Publish(
        "C:\\m\\w.pt", "C:\\cp", "w.pt"
    )


def test_a_remote_save_is_uploaded_into_the_prefix_as_the_reference_did() -> None:
    assert plan_save("/state", "s3://b/cp", DIRECTORY, "/") == PutData("/state", "s3://b/cp", True)
    assert plan_save("/m/w.pt", "s3://b/cp/", FILE, "/") == PutData(
        "/m/w.pt", "s3://b/cp/w.pt", False
    )
    with pytest.raises(ValueError, match=r"^a reader's bytes are staged in a file before a remote"):
        plan_save(None, "s3://b/cp", FILE, "/")


def test_a_file_named_without_a_directory_keeps_its_name() -> None:
    assert plan_save("w.pt", "/cp", FILE, "/") == Publish("w.pt", "/cp", "w.pt")
    assert plan_save("w.pt", "s3://b/cp", FILE, "/") == PutData("w.pt", "s3://b/cp/w.pt", False)


def test_a_special_file_in_what_is_saved_is_refused() -> None:
    fifo = Special("/state/fifo", FileKind.FIFO)
    refused = plan_save("/state", "/cp", DiskFacts(True, source_special=fifo), "/")
    assert refused == Refuse.special_file(fifo)
    assert isinstance(refused, Refuse)
    assert isinstance(refused.error(), SpecialFileError)


@pytest.mark.parametrize(
    ("source", "destination", "refused"),
    [
        ("/s", "/s", True),
        ("/s", "/s/cp", True),
        ("/s/sub", "/s", True),
        ("/s", "/s-cp", False),
        ("/a/s", "/b/s", False),
    ],
)
def test_a_local_checkpoint_and_its_source_may_not_hold_each_other(
    source: str, destination: str, refused: bool
) -> None:
    facts = DiskFacts(True, source_real=source, destination_real=destination)
    planned = plan_save("/given", "/cp", facts, "/")
    assert isinstance(planned, Refuse) is refused
    if isinstance(planned, Refuse):
        assert isinstance(planned.error(), InvalidUploadError)
        assert "inside" in planned.reason


@pytest.mark.parametrize(
    ("source_real", "destination_real"), [("/s", None), (None, "/s"), (None, None)]
)
def test_an_end_not_resolved_refuses_nothing(
    source_real: str | None, destination_real: str | None
) -> None:
    facts = DiskFacts(True, source_real=source_real, destination_real=destination_real)
    assert plan_save("/s", "/s/cp", facts, "/") == Publish("/s", "/s/cp")


def test_a_name_that_is_not_utf_8_has_its_own_lock() -> None:
    # os.fsdecode gives a name of bytes that are not UTF-8 as lone surrogates.
    names = ["cp\udcff", "cp\udcfe", "cp"]
    locks = [checkpoint.lock_name(name) for name in names]
    assert len(set(locks)) == 3
    assert checkpoint.is_leftover(checkpoint.temporary_name(names[0], "0" * 16), names[0])


names = st.text(string.ascii_letters + string.digits + "._-é", min_size=1, max_size=255)
fresh = st.text("0123456789abcdef", min_size=16, max_size=16)


@given(names, names, fresh)
def test_a_save_knows_its_own_leftovers_and_no_others(name: str, other: str, random: str) -> None:
    mine = checkpoint.temporary_name(name, random)
    assert checkpoint.is_leftover(mine, name)
    assert checkpoint.is_temporary(mine)
    assert mine.startswith(".")
    assert len(mine) <= 64  # short, whatever the name's length
    assert not checkpoint.is_leftover(checkpoint.lock_name(name), name)
    assert not checkpoint.is_leftover(name, name)
    if checkpoint.lock_name(other) != checkpoint.lock_name(name):  # one tag: one lock
        assert not checkpoint.is_leftover(mine, other)


def test_a_file_ctxcore_writes_beside_its_destination_is_temporary() -> None:
    assert checkpoint.is_temporary(".ctxcore-0123456789abcdef.part")
    assert not checkpoint.is_temporary("_dst_cp")
    assert not checkpoint.is_temporary(".ctxcore-cp-00000000.lock")
