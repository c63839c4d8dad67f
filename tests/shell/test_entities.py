"""FlyteEntities: a process-wide, append-only, thread-safe registry."""

from __future__ import annotations

import threading

from ctxcore import EntityRegistry, FlyteEntities


def test_registration_order_and_snapshots() -> None:
    registry = EntityRegistry()
    initial = registry.entities
    assert len(initial) == 0
    a, b = object(), object()
    registry.register(a)
    snapshot = registry.entities
    registry.register(b)
    assert registry.entities == (a, b)
    assert snapshot == (a,)
    assert isinstance(registry.entities, tuple)


def test_duplicates_are_kept() -> None:
    registry = EntityRegistry()
    a = object()
    registry.register(a)
    registry.register(a)
    assert registry.entities == (a, a)


def test_concurrent_registration_loses_nothing() -> None:
    registry = EntityRegistry()
    threads, per_thread = 8, 500
    barrier = threading.Barrier(threads, timeout=60)

    def register(index: int) -> None:
        barrier.wait()
        for i in range(per_thread):
            registry.register((index, i))

    workers = [threading.Thread(target=register, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    entities = registry.entities
    assert len(entities) == threads * per_thread
    assert set(entities) == {(t, i) for t in range(threads) for i in range(per_thread)}
    position = {entity: n for n, entity in enumerate(entities)}
    for t in range(threads):
        order = [position[(t, i)] for i in range(per_thread)]
        assert order == sorted(order)  # each thread's entities in its own order


def test_the_process_registry() -> None:
    assert isinstance(FlyteEntities, EntityRegistry)
    entity = object()
    before = FlyteEntities.entities
    FlyteEntities.register(entity)
    assert FlyteEntities.entities[: len(before)] == before
    assert FlyteEntities.entities[-1] is entity
