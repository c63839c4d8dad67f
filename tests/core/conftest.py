"""A core test cannot touch the world, as the core cannot.

- ``tmp_path``, ``tmp_path_factory`` and ``monkeypatch`` are refused. A core test that asks for
  one, by name, through another fixture (``tmpdir``, ``pytester``, ...) or with
  ``request.getfixturevalue``, fails at set-up with a message that names the test and the
  fixture: this folder's fixtures of those names replace pytest's for every test below it.
- Sockets are refused. For the duration of each core test, making a socket, connecting one made
  earlier or looking up a host name fails the test, naming it; everything is put back after it.
  The refusal is ``pytest.fail`` (a ``BaseException``), so an ``except Exception`` in the code
  under test cannot hide it.
- The process is faked: every core test runs with a ``FakeAmbient`` installed, so the core's
  shortcuts into the process answer from an empty environment and no files.

The core takes what it reads as arguments (``env=`` mappings, ``ConfigFile`` texts) and reaches
the process only through the installed ambient: ``ctxcore.testing.FakeAmbient`` with
``ctxcore.using_ambient`` fakes it. A test that needs the disk, the environment or the network
belongs in ``tests/shell/``. ``tests/architecture/test_core_guard.py`` runs this file in a
project of its own and shows that each refusal fails; ``test_conftest.py`` shows it is live
here. This file imports nothing from ``tests``, so that it can run there as it is.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, contextmanager
from typing import NoReturn
from unittest import mock

import pytest

# What a core test may not do with sockets: (where, attribute, what it does). Every socket of the
# socket module is made through socket.socket.__init__, but socketpair and fromfd make their
# file descriptors first, so they are refused before they do.
_SOCKET_DOORS: tuple[tuple[object, str, str], ...] = (
    (socket.socket, "__init__", "makes a socket"),
    (socket, "socketpair", "makes a socket"),
    (socket, "fromfd", "makes a socket"),
    (socket.socket, "connect", "connects a socket"),
    (socket.socket, "connect_ex", "connects a socket"),
    (socket, "getaddrinfo", "looks up a host"),
    (socket, "gethostbyname", "looks up a host"),
    (socket, "gethostbyname_ex", "looks up a host"),
)


def _refused_fixture(name: str) -> Callable[[pytest.FixtureRequest], NoReturn]:
    @pytest.fixture(name=name)
    def refuse(request: pytest.FixtureRequest) -> NoReturn:
        pytest.fail(
            f"{request.node.nodeid} asks for {name}: a core test cannot touch the disk, the "
            "environment or the process; pass values in (env= mappings, FakeAmbient with "
            "using_ambient), or move the test to tests/shell/",
            pytrace=False,
        )

    return refuse


tmp_path = _refused_fixture("tmp_path")
tmp_path_factory = _refused_fixture("tmp_path_factory")
monkeypatch = _refused_fixture("monkeypatch")


@contextmanager
def refusing_sockets(test: str) -> Generator[None]:
    """For the block, every door of ``_SOCKET_DOORS`` fails the test ``test``; then each is put
    back as it was (``mock.patch`` also removes what it added over an inherited method)."""
    with ExitStack() as doors:
        for where, attribute, does in _SOCKET_DOORS:
            doors.enter_context(mock.patch.object(where, attribute, _refusal(test, does)))
        yield


def _refusal(test: str, does: str) -> Callable[..., NoReturn]:
    def refuse(*_args: object, **_kwargs: object) -> NoReturn:
        pytest.fail(f"{test} {does}: a core test cannot reach the network")

    return refuse


@pytest.fixture(autouse=True)
def _no_sockets(request: pytest.FixtureRequest) -> Iterator[None]:
    with refusing_sockets(request.node.nodeid):
        yield


@pytest.fixture(autouse=True)
def _core_fakes_the_process() -> Iterator[None]:
    """Every core test runs with a ``FakeAmbient`` (an empty environment, no files, a root in
    memory): the core's shortcuts into the process (``Config.auto()``, ``DefaultImages``,
    ``ExecutionParameters.secrets``, ...) then read nothing of the machine the tests run on.

    The context stack is isolated too: a root built from the fake ambient during a core test is
    dropped after it, so a later test elsewhere (a docs example, say) builds the process's own."""
    from ctxcore import FlyteContextManager, using_ambient
    from ctxcore.testing import FakeAmbient

    with using_ambient(FakeAmbient()), FlyteContextManager.isolated():
        yield
