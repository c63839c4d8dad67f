"""``RentOrBuy``: ``None`` for the first uses, then the loaded value, loaded once."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from ctxcore.core.rent_or_buy import RentOrBuy


@given(st.integers(0, 20), st.integers(0, 40))
def test_the_first_uses_rent_and_the_rest_buy_once(uses: int, calls: int) -> None:
    loads: list[int] = []

    def load() -> str:
        loads.append(1)
        return "bought"

    choice = RentOrBuy(load, uses)
    seen = [choice() for _ in range(calls)]
    assert seen == [None] * min(uses, calls) + ["bought"] * max(calls - uses, 0)
    assert len(loads) == (1 if calls > uses else 0)


def test_threads_share_one_count() -> None:
    choice = RentOrBuy(lambda: "bought", 1_000)
    seen: list[str | None] = []
    lock = threading.Lock()

    def use() -> None:
        for _ in range(500):
            value = choice()
            with lock:
                seen.append(value)

    threads = [threading.Thread(target=use) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen.count(None) == 1_000
    assert seen.count("bought") == 1_000
