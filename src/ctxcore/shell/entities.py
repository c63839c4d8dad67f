"""The process-wide registry of declared entities (tasks, workflows, launch plans)."""

from __future__ import annotations

import threading


class EntityRegistry:
    """Append-only and thread-safe; ``entities`` is a snapshot in registration order."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entities: tuple[object, ...] = ()

    def register(self, entity: object) -> None:
        """Add ``entity`` after those registered before it."""
        with self._lock:
            self._entities = (*self._entities, entity)

    @property
    def entities(self) -> tuple[object, ...]:
        """Every registered entity, in registration order."""
        return self._entities


FlyteEntities: EntityRegistry = EntityRegistry()
"""The registry of this process (the reference's ``FlyteEntities``)."""
