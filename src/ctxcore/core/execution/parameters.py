"""The user-facing run-time parameters of a task execution."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, Protocol

import attrs
from pyrsistent import PMap, pmap

from ctxcore.core._records import init_fields
from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import TaskAttributeError
from ctxcore.core.execution.builder import ExecutionParametersBuilder
from ctxcore.core.execution.decks import Deck, TimelineDeck
from ctxcore.core.identifiers import Identifier, WorkflowExecutionIdentifier
from ctxcore.core.ports import CheckpointLike, SecretsSource, StatsClient, TimelineSink

if TYPE_CHECKING:
    from logging import Logger

    from ctxcore.core.ports import Entropy


def _upper_keys(attributes: Mapping[str, object]) -> PMap[str, object]:
    return pmap({key.upper(): value for key, value in attributes.items()})


class _NewBuilderCall(Protocol):
    def __call__(
        self, current: ExecutionParameters | None = None
    ) -> ExecutionParametersBuilder: ...


class _NewBuilder:
    """``ExecutionParameters.new_builder(current=None)``: a builder from ``current``, or, when
    called on an instance without ``current``, from that instance (the reference's static
    method ignored the instance and gave an empty builder)."""

    def __get__(self, instance: ExecutionParameters | None, owner: type) -> _NewBuilderCall:
        def new_builder(current: ExecutionParameters | None = None) -> ExecutionParametersBuilder:
            return ExecutionParametersBuilder.from_params(
                current if current is not None else instance
            )

        return new_builder


@attrs.frozen(init=False)
class ExecutionParameters:
    """Execution date, ids, working directory, stats, logging, checkpoint and decks of a task.

    Task-specific attributes (``**kwargs``) are reachable case-insensitively through ``get``,
    ``has_attr`` and attribute access, and ``hasattr`` works.
    """

    Builder = ExecutionParametersBuilder

    execution_date: datetime.datetime
    tmp_dir: str
    stats: StatsClient
    execution_id: WorkflowExecutionIdentifier | None
    logging: Logger
    raw_output_prefix: str
    output_metadata_prefix: str | None
    _checkpoint: CheckpointLike | None
    decks: tuple[Deck, ...]
    task_id: Identifier | None
    enable_deck: bool
    attributes: PMap[str, object]
    timeline: TimelineSink | None
    _secrets: SecretsSource | None

    def __init__(
        self,
        execution_date: datetime.datetime,
        tmp_dir: str,
        stats: StatsClient,
        execution_id: WorkflowExecutionIdentifier | None,
        logging: Logger,
        raw_output_prefix: str,
        output_metadata_prefix: str | None = None,
        checkpoint: CheckpointLike | None = None,
        decks: Iterable[Deck] | None = None,
        task_id: Identifier | None = None,
        enable_deck: bool = False,
        *,
        timeline: TimelineSink | None = None,
        secrets: SecretsSource | None = None,
        **kwargs: object,
    ) -> None:
        init_fields(
            self,
            execution_date,
            tmp_dir,
            stats,
            execution_id,
            logging,
            raw_output_prefix,
            output_metadata_prefix,
            checkpoint,
            () if decks is None else tuple(decks),
            task_id,
            enable_deck,
            _upper_keys(kwargs),
            timeline,
            secrets,
        )

    @property
    def working_directory(self) -> str:
        """The task's scratch directory (the reference's name for ``tmp_dir``)."""
        return self.tmp_dir

    @property
    def checkpoint(self) -> CheckpointLike:
        """The task's checkpoint; raises ``NotImplementedError`` when the platform gave none."""
        if self._checkpoint is None:
            raise NotImplementedError(
                "Checkpointing is not available, please check the version of the platform."
            )
        return self._checkpoint

    @property
    def checkpoint_or_none(self) -> CheckpointLike | None:
        """The task's checkpoint, or ``None`` (``checkpoint`` raises instead)."""
        return self._checkpoint

    @property
    def secrets_or_none(self) -> SecretsSource | None:
        """The secrets source, or ``None`` (``secrets`` raises instead)."""
        return self._secrets

    def builder(self) -> ExecutionParametersBuilder:
        """A builder holding these parameters' values."""
        return ExecutionParametersBuilder.from_params(self)

    new_builder: ClassVar[_NewBuilder] = _NewBuilder()

    def with_enable_deck(self, enable_deck: bool) -> ExecutionParametersBuilder:
        """A builder from these parameters with ``enable_deck`` set."""
        return self.builder().with_params(enable_deck=enable_deck)

    def with_task_sandbox(self, *, entropy: Entropy | None = None) -> ExecutionParametersBuilder:
        """A builder from these parameters whose working directory is a new child directory
        of this one (named by ``entropy``), with a checkpoint in its ``__cp`` (both created
        now, by the installed ambient)."""
        return current_ambient().task_sandbox(self, entropy)

    @property
    def secrets(self) -> SecretsSource:
        """Where this task's secrets are looked up: the injected source, or (as the reference)
        the installed ambient's default: a ``SecretsManager`` configured from the process
        environment and config file."""
        if self._secrets is not None:
            return self._secrets
        return current_ambient().default_secrets()

    @property
    def timeline_deck(self) -> TimelineDeck:
        """The steps timed with ``timeit`` so far, as a deck (empty without a timeline)."""
        return TimelineDeck(entries=() if self.timeline is None else self.timeline.entries)

    @property
    def default_deck(self) -> Deck:
        """The deck named ``default``: the one in ``decks``, else a new empty one."""
        return next((deck for deck in self.decks if deck.name == "default"), Deck("default"))

    def has_attr(self, key: str) -> bool:
        """Whether the task-specific attribute ``key`` (any case) exists."""
        return key.upper() in self.attributes

    def get(self, key: str) -> object:
        """The task-specific attribute ``key`` (any case); ``TaskAttributeError`` if absent."""
        name = key.upper()
        try:
            return self.attributes[name]
        except KeyError:
            raise TaskAttributeError(name) from None

    def __getattr__(self, name: str) -> object:
        # Private and field names never reach the task attributes (this also keeps half-built
        # instances, copy and pickle probes from recursing here).
        if name.startswith("_") or name == "attributes":
            raise AttributeError(name)
        return self.get(name)
