"""The guard of ``tests/core/conftest.py`` can fail: run as it is in a project of its own, it
fails every test of its folder that asks for the disk, the environment or the network, naming
the test and what it asked for, lets a pure test pass, and leaves the tests of other folders
(and the socket module) as they were."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

CORE_CONFTEST = Path(__file__).resolve().parents[1] / "core" / "conftest.py"

_REFUSED = """
import socket

import pytest

EARLIER = socket.socket(socket.AF_INET, socket.SOCK_STREAM)  # made at collection


@pytest.fixture(scope="module", autouse=True)
def _close_earlier():
    yield
    EARLIER.close()


@pytest.fixture
def scratch(tmp_path):
    return tmp_path


def test_asks_for_tmp_path(tmp_path):
    pass


def test_asks_for_tmp_path_factory(tmp_path_factory):
    pass


def test_asks_for_monkeypatch(monkeypatch):
    pass


def test_asks_through_another_fixture(scratch):
    pass


def test_asks_for_tmpdir(tmpdir):
    pass


def test_asks_at_run_time(request):
    request.getfixturevalue("monkeypatch")


def test_makes_a_socket():
    socket.socket()


def test_makes_a_socket_pair():
    socket.socketpair()


def test_connects_a_socket_made_earlier():
    EARLIER.connect(("127.0.0.1", 9))


def test_looks_up_a_host():
    socket.getaddrinfo("localhost", 80)


def test_swallows_errors():
    try:
        socket.create_connection(("127.0.0.1", 9))
    except Exception:
        pass


def test_pure():
    assert sum([1, 2]) == 3
"""

_AFTER = """
import socket


def test_the_socket_module_is_as_it_was():
    assert "connect" not in vars(socket.socket)
    a, b = socket.socketpair()
    with a, b:
        a.sendall(b"x")
        assert b.recv(1) == b"x"
    assert socket.getaddrinfo("127.0.0.1", 80)


def test_other_folders_keep_tmp_path(tmp_path, monkeypatch):
    monkeypatch.setenv("CTXCORE_GUARD_PROBE", "1")
    assert tmp_path.is_dir()
"""

# (test, what the message says it did)
_SETUP_ERRORS = [
    ("test_asks_for_tmp_path", "asks for tmp_path"),
    ("test_asks_for_tmp_path_factory", "asks for tmp_path_factory"),
    ("test_asks_for_monkeypatch", "asks for monkeypatch"),
    ("test_asks_through_another_fixture", "asks for tmp_path"),
    ("test_asks_for_tmpdir", "asks for tmp_path"),
]
_FAILURES = [
    ("test_asks_at_run_time", "asks for monkeypatch"),
    ("test_makes_a_socket", "makes a socket"),
    ("test_makes_a_socket_pair", "makes a socket"),
    ("test_connects_a_socket_made_earlier", "connects a socket"),
    ("test_looks_up_a_host", "looks up a host"),
    ("test_swallows_errors", "looks up a host"),
]


@pytest.fixture
def outcome(pytester: pytest.Pytester) -> pytest.RunResult:
    """The guard's folder (``core/``, with this repository's conftest as it is) and another one
    (``outside/``, run after it), in a subprocess: the guard patches the socket module."""
    pytester.makeini("[pytest]\nfilterwarnings = error\n")
    core = pytester.mkpydir("core")
    (core / "conftest.py").write_text(CORE_CONFTEST.read_text(encoding="utf-8"))
    (core / "test_refused.py").write_text(_REFUSED)
    outside = pytester.mkpydir("outside")
    (outside / "test_after.py").write_text(_AFTER)
    return pytester.runpytest_subprocess("-ra", "-p", "no:cacheprovider", "core", "outside")


def test_every_refusal_fails_and_the_rest_passes(outcome: pytest.RunResult) -> None:
    outcome.assert_outcomes(passed=3, failed=len(_FAILURES), errors=len(_SETUP_ERRORS))


def test_each_refusal_names_the_test_and_what_it_asked_for(outcome: pytest.RunResult) -> None:
    for test, did in _SETUP_ERRORS + _FAILURES:
        outcome.stdout.fnmatch_lines([f"*core/test_refused.py::{test} {did}: a core test cannot *"])
    outcome.stdout.no_fnmatch_line("*test_pure*")
    outcome.stdout.no_fnmatch_line("*outside/test_after.py::*")
