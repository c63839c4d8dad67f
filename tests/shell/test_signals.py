"""SIGINT handling: never at import, explicit, main thread only, chained to the previous
handler (the reference replaced it on every initialize(), §9.4, §15.7)."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from types import FrameType

import pytest

import ctxcore.shell.signals as signals_module
from ctxcore import FlyteContextManager, SignalInstallError
from ctxcore.shell.signals import SigintHandlers, SignalHandler, sigint_handlers

FCM = FlyteContextManager


@pytest.fixture
def handlers(monkeypatch: pytest.MonkeyPatch) -> Iterator[SigintHandlers]:
    """A fresh handler list behind FlyteContextManager; SIGINT is restored afterwards."""
    saved = signal.getsignal(signal.SIGINT)
    fresh = SigintHandlers()
    monkeypatch.setattr(signals_module, "sigint_handlers", fresh)
    yield fresh
    fresh.uninstall()
    signal.signal(signal.SIGINT, saved)


def _recorder(calls: list[str], name: str) -> SignalHandler:
    def handler(signum: int, frame: FrameType | None) -> None:
        assert signum == signal.SIGINT
        calls.append(name)

    return handler


def test_nothing_is_installed_by_default() -> None:
    assert not sigint_handlers.installed


def test_install_from_another_thread_is_an_error(handlers: SigintHandlers) -> None:
    errors: list[BaseException] = []

    def install() -> None:
        try:
            FCM.install_signal_handlers()
        except SignalInstallError as error:
            errors.append(error)

    t = threading.Thread(target=install, name="worker-7")
    t.start()
    t.join()
    assert len(errors) == 1
    assert isinstance(errors[0], RuntimeError)
    assert "worker-7" in str(errors[0])
    assert not handlers.installed


def test_handlers_run_in_order_then_the_previous_handler(handlers: SigintHandlers) -> None:
    calls: list[str] = []
    signal.signal(signal.SIGINT, _recorder(calls, "previous"))
    FCM.add_signal_handler(_recorder(calls, "first"))
    FCM.add_signal_handler(_recorder(calls, "second"))
    assert calls == []
    FCM.install_signal_handlers()
    assert handlers.installed
    signal.raise_signal(signal.SIGINT)
    assert calls == ["first", "second", "previous"]


def test_a_handler_added_after_installing_runs_too(handlers: SigintHandlers) -> None:
    calls: list[str] = []
    signal.signal(signal.SIGINT, _recorder(calls, "previous"))
    FCM.install_signal_handlers()
    FCM.add_signal_handler(_recorder(calls, "late"))
    signal.raise_signal(signal.SIGINT)
    assert calls == ["late", "previous"]


def test_installing_twice_installs_once(handlers: SigintHandlers) -> None:
    calls: list[str] = []
    signal.signal(signal.SIGINT, _recorder(calls, "previous"))
    FCM.add_signal_handler(_recorder(calls, "mine"))
    FCM.install_signal_handlers()
    FCM.install_signal_handlers()
    signal.raise_signal(signal.SIGINT)
    assert calls == ["mine", "previous"]


@pytest.mark.parametrize("previous", ["default_int_handler", "SIG_DFL"])
def test_ctrl_c_still_interrupts(handlers: SigintHandlers, previous: str) -> None:
    calls: list[str] = []
    if previous == "SIG_DFL":
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    else:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    FCM.add_signal_handler(_recorder(calls, "mine"))
    FCM.install_signal_handlers()
    with pytest.raises(KeyboardInterrupt):
        signal.raise_signal(signal.SIGINT)
    assert calls == ["mine"]


def test_an_ignored_sigint_stays_ignored_after_the_handlers(handlers: SigintHandlers) -> None:
    calls: list[str] = []
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    FCM.add_signal_handler(_recorder(calls, "mine"))
    FCM.install_signal_handlers()
    signal.raise_signal(signal.SIGINT)
    assert calls == ["mine"]


def test_uninstall_restores_the_previous_handler(handlers: SigintHandlers) -> None:
    calls: list[str] = []
    previous = _recorder(calls, "previous")
    signal.signal(signal.SIGINT, previous)
    FCM.install_signal_handlers()
    assert signal.getsignal(signal.SIGINT) is not previous
    handlers.uninstall()
    assert not handlers.installed
    assert signal.getsignal(signal.SIGINT) is previous
    signal.raise_signal(signal.SIGINT)
    assert calls == ["previous"]


def test_initialize_installs_nothing(handlers: SigintHandlers) -> None:
    before = signal.getsignal(signal.SIGINT)
    FCM.initialize()
    assert signal.getsignal(signal.SIGINT) is before
    assert not handlers.installed
