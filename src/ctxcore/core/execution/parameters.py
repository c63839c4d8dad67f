"""The user-facing run-time parameters of a task execution."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar, Final, Protocol, cast

import attrs
from attrs import field  # the builder has a field named attrs
from pyrsistent import PMap, pmap

from ctxcore.core._records import given, init_fields
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import TaskAttributeError
from ctxcore.core.execution.decks import Deck, TimelineDeck
from ctxcore.core.identifiers import Identifier, WorkflowExecutionIdentifier
from ctxcore.core.ports import CheckpointLike, SecretsSource, StatsClient, TimelineSink

if TYPE_CHECKING:
    from logging import Logger

    from ctxcore.core.ports import Entropy

__all__ = [
    "ExecutionParameters",
    "ExecutionParametersBuilder",
]


def _upper_keys(attributes: Mapping[str, object]) -> PMap[str, object]:
    return pmap({key.upper(): value for key, value in attributes.items()})


_BUILD_NEEDS: Final = ("execution_date", "working_dir", "raw_output_prefix")
"""What ``ExecutionParameters.Builder.build`` needs, in the order its error names them. Not
``stats`` nor ``logging``: the reference's parameters (and its own tests) take ``None`` for them,
and a builder made from such parameters must build them again."""


def _no_attrs() -> PMap[str, object]:
    return pmap()


def _decks(value: Iterable[Deck]) -> tuple[Deck, ...]:
    return tuple(value)


class _NewBuilderCall(Protocol):
    def __call__(
        self, current: ExecutionParameters | None = None
    ) -> ExecutionParameters.Builder: ...


class _NewBuilder:
    """``ExecutionParameters.new_builder(current=None)``: a builder from ``current``, or, when
    called on an instance without ``current``, from that instance (the reference's static
    method ignored the instance and gave an empty builder)."""

    def __get__(self, instance: ExecutionParameters | None, owner: type) -> _NewBuilderCall:
        def new_builder(current: ExecutionParameters | None = None) -> ExecutionParameters.Builder:
            return ExecutionParameters.Builder.from_params(
                current if current is not None else instance
            )

        return new_builder


@attrs.frozen(init=False)
class ExecutionParameters:
    """Execution date, ids, working directory, stats, logging, checkpoint and decks of a task.

    Task-specific attributes (``**kwargs``) are reachable case-insensitively through ``get``,
    ``has_attr`` and attribute access, and ``hasattr`` works.

    ``stats`` and ``logging`` are typed as the reference's (a client and a logger), and, as the
    reference, ``None`` given for them at run time is kept: every builder made from such
    parameters builds them again.
    """

    __repr__ = fields_repr

    @attrs.frozen
    class Builder:
        """Collects the values of new ``ExecutionParameters``; every method returns a new builder
        (the reference's builder shared its attribute dict with the parameters it came from)."""

        __repr__ = fields_repr

        stats: StatsClient | None = None
        execution_date: datetime.datetime | None = None
        working_dir: str | None = None
        execution_id: WorkflowExecutionIdentifier | None = None
        logging: Logger | None = None
        checkpoint: CheckpointLike | None = None
        decks: tuple[Deck, ...] = field(default=(), converter=_decks)
        attrs: PMap[str, object] = field(factory=_no_attrs, converter=_upper_keys)
        raw_output_prefix: str | None = None
        task_id: Identifier | None = None
        output_metadata_prefix: str | None = None
        enable_deck: bool = False
        timeline: TimelineSink | None = None
        secrets: SecretsSource | None = None

        @classmethod
        def from_params(cls, current: ExecutionParameters | None) -> ExecutionParameters.Builder:
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

        def add_attr(self, key: str, v: object) -> ExecutionParameters.Builder:
            """A new builder with the task-specific attribute ``key`` (stored upper case)."""
            return attrs.evolve(self, attrs=self.attrs.set(key.upper(), v))

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
        ) -> ExecutionParameters.Builder:
            """A new builder in which each given (non-``None``) value replaces the current one."""
            return attrs.evolve(
                self,
                **given(
                    stats=stats,
                    execution_date=execution_date,
                    working_dir=working_dir,
                    execution_id=execution_id,
                    logging=logging,
                    checkpoint=checkpoint,
                    decks=decks,
                    raw_output_prefix=raw_output_prefix,
                    task_id=task_id,
                    output_metadata_prefix=output_metadata_prefix,
                    enable_deck=enable_deck,
                    timeline=timeline,
                    secrets=secrets,
                ),
            )

        def build(self) -> ExecutionParameters:
            """The parameters; ``execution_date``, ``working_dir`` and ``raw_output_prefix``
            must be set. ``stats`` and ``logging`` are carried over as they are, ``None``
            included (as the reference), so ``ep.builder().build() == ep`` for every ``ep``.
            Nothing is created on disk."""
            date, working_dir = self.execution_date, self.working_dir
            raw_output_prefix = self.raw_output_prefix
            if date is None or working_dir is None or raw_output_prefix is None:
                missing = ", ".join(n for n in _BUILD_NEEDS if getattr(self, n) is None)
                raise ValueError(f"ExecutionParameters.Builder.build() needs {missing}")
            return ExecutionParameters(
                execution_date=date,
                tmp_dir=working_dir,
                # None only where the caller gave None, as the reference allowed (see __init__)
                stats=cast("StatsClient", self.stats),
                execution_id=self.execution_id,
                logging=cast("Logger", self.logging),
                raw_output_prefix=raw_output_prefix,
                output_metadata_prefix=self.output_metadata_prefix,
                checkpoint=self.checkpoint,
                decks=self.decks,
                task_id=self.task_id,
                enable_deck=self.enable_deck,
                timeline=self.timeline,
                secrets=self.secrets,
                attributes=self.attrs,
            )

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
        attributes: Mapping[str, object] | None = None,
        **kwargs: object,
    ) -> None:
        # ``attributes`` is the field itself (``attrs.evolve`` passes it back by that name; it
        # is never a task attribute, as ``__getattr__`` never reads one by it); other keyword
        # arguments are task attributes, as in the reference, and win over it.
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
            _upper_keys({**attributes, **kwargs} if attributes else kwargs),
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

    def builder(self) -> ExecutionParameters.Builder:
        """A builder holding these parameters' values."""
        return ExecutionParameters.Builder.from_params(self)

    new_builder: ClassVar[_NewBuilder] = _NewBuilder()

    def with_enable_deck(self, enable_deck: bool) -> ExecutionParameters.Builder:
        """A builder from these parameters with ``enable_deck`` set."""
        return self.builder().with_params(enable_deck=enable_deck)

    def with_task_sandbox(self, *, entropy: Entropy | None = None) -> ExecutionParameters.Builder:
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


ExecutionParametersBuilder = ExecutionParameters.Builder
"""The builder of ``ExecutionParameters`` under its own name."""
