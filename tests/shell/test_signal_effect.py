"""SIGINT handling through an injected signal table: no real handler is touched."""

from __future__ import annotations

import signal

import pytest

from ctxcore.core.errors import SignalInstallError
from ctxcore.shell.signals import SigintHandlers
from ctxcore.testing.fakes import FakeSignals


def _fire(signals: FakeSignals) -> None:
    handler = signals.table[signal.SIGINT]
    assert callable(handler)
    handler(signal.SIGINT, None)


def test_handlers_run_in_order_then_the_previous_one() -> None:
    calls: list[str] = []
    signals = FakeSignals(lambda n, f: calls.append("previous"))
    handlers = SigintHandlers(signals)
    handlers.add(lambda n, f: calls.append("first"))
    handlers.add(lambda n, f: calls.append("second"))
    assert not handlers.installed
    handlers.install()
    handlers.install()  # idempotent: the previous handler is not replaced by our own
    _fire(signals)
    assert calls == ["first", "second", "previous"]
    handlers.uninstall()
    _fire(signals)
    assert calls[-1] == "previous"
    assert len(calls) == 4


def test_the_default_handler_becomes_keyboard_interrupt() -> None:
    signals = FakeSignals(signal.SIG_DFL)
    handlers = SigintHandlers(signals)
    handlers.install()
    with pytest.raises(KeyboardInterrupt):
        _fire(signals)


def test_an_ignored_signal_stays_ignored_after_our_handlers() -> None:
    calls: list[int] = []
    signals = FakeSignals(signal.SIG_IGN)
    handlers = SigintHandlers(signals)
    handlers.add(lambda n, f: calls.append(n))
    handlers.install()
    _fire(signals)
    assert calls == [signal.SIGINT]


def test_installing_outside_the_main_thread_is_refused() -> None:
    signals = FakeSignals(signal.SIG_DFL, main_thread=False)
    handlers = SigintHandlers(signals)
    with pytest.raises(SignalInstallError, match="main thread") as raised:
        handlers.install()
    assert isinstance(raised.value, RuntimeError)
    assert signals.table[signal.SIGINT] == signal.SIG_DFL
