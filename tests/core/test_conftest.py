"""This folder's guard (``conftest.py``) is live for its tests: asking for the disk, the
environment or the network fails, naming the test. ``tests/architecture/test_core_guard.py``
shows the same from outside, in a project of its own, and that everything is put back."""

from __future__ import annotations

import socket

import pytest

_FAILED = pytest.fail.Exception


@pytest.mark.parametrize("name", ["tmp_path", "tmp_path_factory", "monkeypatch"])
def test_asking_for_the_world_fails_naming_the_test_and_the_fixture(
    request: pytest.FixtureRequest, name: str
) -> None:
    with pytest.raises(_FAILED) as refused:
        request.getfixturevalue(name)
    assert str(refused.value).startswith(f"{request.node.nodeid} asks for {name}: ")


def test_making_a_socket_fails_naming_the_test(request: pytest.FixtureRequest) -> None:
    with pytest.raises(_FAILED, match="makes a socket") as refused:
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    assert str(refused.value).startswith(request.node.nodeid)
    with pytest.raises(_FAILED, match="makes a socket"):
        socket.socketpair()


def test_reaching_a_host_fails(request: pytest.FixtureRequest) -> None:
    with pytest.raises(_FAILED, match="looks up a host"):
        socket.create_connection(("localhost", 9))
    with pytest.raises(_FAILED, match="looks up a host"):
        socket.getaddrinfo("example.com", 443)


def test_no_except_exception_hides_the_refusal() -> None:
    def careless() -> str:
        try:
            socket.socket()
        except Exception:  # the code under test may swallow its errors; not this one
            return "swallowed"
        return "made"

    with pytest.raises(_FAILED):
        careless()
