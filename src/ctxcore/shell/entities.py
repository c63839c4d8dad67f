"""The process-wide registry of declared entities (tasks, workflows, launch plans)."""

from __future__ import annotations

import threading

__all__ = [
    "EntityRegistry",
    "FlyteEntities",
]


class EntityRegistry:
    """Append-only and thread-safe; ``entities`` is a snapshot in registration order.

    Registering is O(1) (declaring N entities costs O(N)); taking a snapshot copies.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entities: list[object] = []

    def register(self, entity: object) -> None:
        """Add ``entity`` after those registered before it."""
        with self._lock:
            self._entities.append(entity)

    @property
    def entities(self) -> tuple[object, ...]:
        """Every registered entity, in registration order."""
        with self._lock:
            return tuple(self._entities)


FlyteEntities: EntityRegistry = EntityRegistry()
"""The registry of this process (the reference's ``FlyteEntities``)."""
