"""The immutable builder of ``ExecutionParameters``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from attrs import evolve, field, frozen
from pyrsistent import PMap, pmap

from ctxcore.core.execution.decks import Deck
from ctxcore.core.identifiers import Identifier, WorkflowExecutionIdentifier
from ctxcore.core.ports import CheckpointLike, SecretsSource, StatsClient, TimelineSink

if TYPE_CHECKING:
    from logging import Logger

    from ctxcore.core.execution.parameters import ExecutionParameters


def _frozen_attrs(value: Mapping[str, object]) -> PMap[str, object]:
    return pmap({key.upper(): item for key, item in value.items()})


def _no_attrs() -> PMap[str, object]:
    return pmap()


def _decks(value: Iterable[Deck]) -> tuple[Deck, ...]:
    return tuple(value)


@frozen
class ExecutionParametersBuilder:
    """Collects the values of new ``ExecutionParameters``; every method returns a new builder
    (the reference's builder shared its attribute dict with the parameters it came from)."""

    stats: StatsClient | None = None
    execution_date: datetime.datetime | None = None
    working_dir: str | None = None
    execution_id: WorkflowExecutionIdentifier | None = None
    logging: Logger | None = None
    checkpoint: CheckpointLike | None = None
    decks: tuple[Deck, ...] = field(default=(), converter=_decks)
    attrs: PMap[str, object] = field(factory=_no_attrs, converter=_frozen_attrs)
    raw_output_prefix: str | None = None
    task_id: Identifier | None = None
    output_metadata_prefix: str | None = None
    enable_deck: bool = False
    timeline: TimelineSink | None = None
    secrets: SecretsSource | None = None

    @classmethod
    def from_params(cls, current: ExecutionParameters | None) -> ExecutionParametersBuilder:
        """A builder holding ``current``'s values (an empty builder for ``None``)."""
        if current is None:
            return cls()
        return cls(
            stats=current.stats,
            execution_date=current.execution_date,
            working_dir=current.working_directory,
            execution_id=current.execution_id,
            logging=current.logging,
            checkpoint=current.checkpoint_or_none,
            decks=current.decks,
            attrs=current.attributes,
            raw_output_prefix=current.raw_output_prefix,
            task_id=current.task_id,
            output_metadata_prefix=current.output_metadata_prefix,
            enable_deck=current.enable_deck,
            timeline=current.timeline,
            secrets=current.secrets_or_none,
        )

    def add_attr(self, key: str, v: object) -> ExecutionParametersBuilder:
        """A new builder with the task-specific attribute ``key`` (stored upper case)."""
        return evolve(self, attrs=self.attrs.set(key.upper(), v))

    def with_params(
        self,
        *,
        stats: StatsClient | None = None,
        execution_date: datetime.datetime | None = None,
        working_dir: str | None = None,
        execution_id: WorkflowExecutionIdentifier | None = None,
        logging: Logger | None = None,
        checkpoint: CheckpointLike | None = None,
        decks: Iterable[Deck] | None = None,
        raw_output_prefix: str | None = None,
        task_id: Identifier | None = None,
        output_metadata_prefix: str | None = None,
        enable_deck: bool | None = None,
        timeline: TimelineSink | None = None,
        secrets: SecretsSource | None = None,
    ) -> ExecutionParametersBuilder:
        """A new builder in which each given (non-``None``) value replaces the current one."""
        return ExecutionParametersBuilder(
            stats=self.stats if stats is None else stats,
            execution_date=self.execution_date if execution_date is None else execution_date,
            working_dir=self.working_dir if working_dir is None else working_dir,
            execution_id=self.execution_id if execution_id is None else execution_id,
            logging=self.logging if logging is None else logging,
            checkpoint=self.checkpoint if checkpoint is None else checkpoint,
            decks=self.decks if decks is None else decks,
            attrs=self.attrs,
            raw_output_prefix=(
                self.raw_output_prefix if raw_output_prefix is None else raw_output_prefix
            ),
            task_id=self.task_id if task_id is None else task_id,
            output_metadata_prefix=(
                self.output_metadata_prefix
                if output_metadata_prefix is None
                else output_metadata_prefix
            ),
            enable_deck=self.enable_deck if enable_deck is None else enable_deck,
            timeline=self.timeline if timeline is None else timeline,
            secrets=self.secrets if secrets is None else secrets,
        )

    def build(self) -> ExecutionParameters:
        """The parameters; ``execution_date``, ``working_dir``, ``stats``, ``logging`` and
        ``raw_output_prefix`` must be set. Nothing is created on disk."""
        from ctxcore.core.execution.parameters import ExecutionParameters  # a cycle otherwise

        missing = [
            name
            for name in ("execution_date", "working_dir", "stats", "logging", "raw_output_prefix")
            if getattr(self, name) is None
        ]
        if missing:
            raise ValueError(f"ExecutionParameters.Builder.build() needs {', '.join(missing)}")
        assert self.execution_date is not None
        assert self.working_dir is not None
        assert self.stats is not None
        assert self.logging is not None
        assert self.raw_output_prefix is not None
        return ExecutionParameters(
            execution_date=self.execution_date,
            tmp_dir=self.working_dir,
            stats=self.stats,
            execution_id=self.execution_id,
            logging=self.logging,
            raw_output_prefix=self.raw_output_prefix,
            output_metadata_prefix=self.output_metadata_prefix,
            checkpoint=self.checkpoint,
            decks=self.decks,
            task_id=self.task_id,
            enable_deck=self.enable_deck,
            timeline=self.timeline,
            secrets=self.secrets,
            **dict(self.attrs),
        )
