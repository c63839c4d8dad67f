"""Execution and entity identifiers with the reference's string forms.

Parsing is total in the core (``parse_*`` return ``Result``); the reference-named
``from_python_std`` classmethods raise ``IdentifierError`` (a ``ValueError``).

``to_flyte_idl()`` and ``from_flyte_idl(pb)`` convert to and from flyteidl's protobuf messages,
as the reference's ``flytekit.models.core.identifier`` does. The core never imports flyteidl:
both ask the installed ambient for its ``FlyteIdlCodec`` (``ctxcore.flyteidl`` in a process,
which needs the ``ctxcore[flyteidl]`` extra and otherwise raises ``MissingExtraError``).
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final, cast

import attrs

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.ambient import current_ambient
from ctxcore.core.errors import IdentifierError, shown
from ctxcore.core.results import unwrap_or_raise

if TYPE_CHECKING:
    from returns.result import Result

    from ctxcore.core.ports import (
        IdentifierMessage,
        NodeExecutionIdentifierMessage,
        TaskExecutionIdentifierMessage,
        WorkflowExecutionIdentifierMessage,
    )

__all__ = [
    "Identifier",
    "NodeExecutionIdentifier",
    "ResourceType",
    "TaskExecutionIdentifier",
    "WorkflowExecutionIdentifier",
    "parse_identifier",
    "parse_workflow_execution_identifier",
]

MAX_IDENTIFIER_LENGTH: Final = 4096
"""Longest identifier string the parsers accept; anything longer is refused unread."""

MAX_RETRY_ATTEMPT: Final = 2**32 - 1
"""The largest ``retry_attempt``: flyteidl carries it as a ``uint32``."""

MAX_RECEIVED_CHARS: Final = 200
"""How much of a string that does not parse its error shows: all of any real identifier, and the
message stays short for a string of ``MAX_IDENTIFIER_LENGTH`` characters."""


class ResourceType(enum.IntEnum):
    """The kind of entity an ``Identifier`` names."""

    UNSPECIFIED = 0
    TASK = 1
    WORKFLOW = 2
    LAUNCH_PLAN = 3
    DATASET = 4


_SHORT_NAMES: Final = {
    "tsk": ResourceType.TASK,
    "wf": ResourceType.WORKFLOW,
    "lp": ResourceType.LAUNCH_PLAN,
}


@attrs.frozen
class WorkflowExecutionIdentifier:
    """Names one execution: ``ex:<project>:<domain>:<name>``."""

    __repr__ = fields_repr

    project: str
    domain: str
    name: str

    def __str__(self) -> str:
        return f"ex:{self.project}:{self.domain}:{self.name}"

    @property
    def is_empty(self) -> bool:
        """True when every field is empty (the reference's serialised-proto-is-empty test)."""
        return not (self.project or self.domain or self.name)

    def short_string(self) -> str:
        """The reference model's rendering: a header, then each non-empty field on a line."""
        lines = ["Flyte Serialized object (WorkflowExecutionIdentifier):"]
        lines.extend(
            f"  {label}: {value}"
            for label, value in (
                ("project", self.project),
                ("domain", self.domain),
                ("name", self.name),
            )
            if value
        )
        return "\n".join(lines)

    def verbose_string(self) -> str:
        """Protobuf text format of the fields (what the reference's ``repr`` showed)."""
        return "".join(
            f'{label}: "{value}"\n'
            for label, value in (
                ("project", self.project),
                ("domain", self.domain),
                ("name", self.name),
            )
            if value
        )

    @classmethod
    def from_python_std(cls, string: str) -> WorkflowExecutionIdentifier:
        """Parse ``ex:<project>:<domain>:<name>``; raise ``IdentifierError`` otherwise."""
        return unwrap_or_raise(parse_workflow_execution_identifier(string))

    @classmethod
    def promote_from_model(
        cls, model: WorkflowExecutionIdentifierMessage
    ) -> WorkflowExecutionIdentifier:
        """Copy project, domain and name from any object that has them."""
        return cls(model.project, model.domain, model.name)

    def to_flyte_idl(self) -> WorkflowExecutionIdentifierMessage:
        """This identifier as ``flyteidl.core.identifier_pb2.WorkflowExecutionIdentifier``
        (``ctxcore[flyteidl]``)."""
        return current_ambient().flyte_idl().to_flyte_idl(self)

    @classmethod
    def from_flyte_idl(cls, pb: WorkflowExecutionIdentifierMessage) -> WorkflowExecutionIdentifier:
        """The identifier a ``WorkflowExecutionIdentifier`` message holds (its ``org`` is not
        kept, as in the reference)."""
        return current_ambient().flyte_idl().from_flyte_idl(WorkflowExecutionIdentifier, pb)


@attrs.frozen
class Identifier:
    """Names one entity version: ``TASK:<project>:<domain>:<name>:<version>``."""

    __repr__ = fields_repr

    resource_type: ResourceType
    project: str
    domain: str
    name: str
    version: str

    def __str__(self) -> str:
        return (
            f"{self.resource_type_name()}:{self.project}:{self.domain}:{self.name}:{self.version}"
        )

    def resource_type_name(self) -> str:
        """The resource type's name: ``TASK``, ``WORKFLOW``, ..."""
        return self.resource_type.name

    @property
    def is_empty(self) -> bool:
        """True when the type is unspecified and every string field is empty."""
        return self.resource_type is ResourceType.UNSPECIFIED and not (
            self.project or self.domain or self.name or self.version
        )

    @classmethod
    def from_python_std(cls, string: str) -> Identifier:
        """Parse ``TYPE:p:d:n:v`` (``TASK`` or ``tsk`` ...); raise ``IdentifierError`` otherwise."""
        return unwrap_or_raise(parse_identifier(string))

    def to_flyte_idl(self) -> IdentifierMessage:
        """This identifier as ``flyteidl.core.identifier_pb2.Identifier``
        (``ctxcore[flyteidl]``)."""
        return current_ambient().flyte_idl().to_flyte_idl(self)

    @classmethod
    def from_flyte_idl(cls, pb: IdentifierMessage) -> Identifier:
        """The identifier an ``Identifier`` message holds (its ``org`` is not kept, as in the
        reference); a resource type ctxcore does not know → ``IdentifierError``."""
        return current_ambient().flyte_idl().from_flyte_idl(Identifier, pb)


@attrs.frozen
class NodeExecutionIdentifier:
    """Names one node of one execution, as the reference's model of the same name."""

    __repr__ = fields_repr

    node_id: str
    execution_id: WorkflowExecutionIdentifier

    def to_flyte_idl(self) -> NodeExecutionIdentifierMessage:
        """This identifier as ``flyteidl.core.identifier_pb2.NodeExecutionIdentifier``
        (``ctxcore[flyteidl]``)."""
        return current_ambient().flyte_idl().to_flyte_idl(self)

    @classmethod
    def from_flyte_idl(cls, pb: NodeExecutionIdentifierMessage) -> NodeExecutionIdentifier:
        """The identifier a ``NodeExecutionIdentifier`` message holds."""
        return current_ambient().flyte_idl().from_flyte_idl(NodeExecutionIdentifier, pb)


def _retry_attempt(
    instance: TaskExecutionIdentifier, attribute: attrs.Attribute[int], value: int
) -> None:
    given = cast(object, value)  # outside input: checked, whatever the annotation says
    if not isinstance(given, int) or isinstance(given, bool) or not 0 <= given <= MAX_RETRY_ATTEMPT:
        raise IdentifierError(
            shown(given),
            f"A retry attempt is an int from 0 to {MAX_RETRY_ATTEMPT} (a uint32 in flyteidl).",
        )


@attrs.frozen
class TaskExecutionIdentifier:
    """Names one attempt of one task in one node execution, as the reference's model.

    ``retry_attempt`` counts from 0; anything but an ``int`` that fits flyteidl's ``uint32`` is
    refused with ``IdentifierError``.
    """

    __repr__ = fields_repr

    task_id: Identifier
    node_execution_id: NodeExecutionIdentifier
    retry_attempt: int = attrs.field(validator=_retry_attempt)

    def to_flyte_idl(self) -> TaskExecutionIdentifierMessage:
        """This identifier as ``flyteidl.core.identifier_pb2.TaskExecutionIdentifier``
        (``ctxcore[flyteidl]``)."""
        return current_ambient().flyte_idl().to_flyte_idl(self)

    @classmethod
    def from_flyte_idl(cls, pb: TaskExecutionIdentifierMessage) -> TaskExecutionIdentifier:
        """The identifier a ``TaskExecutionIdentifier`` message holds."""
        return current_ambient().flyte_idl().from_flyte_idl(TaskExecutionIdentifier, pb)


def _received(string: str) -> str:
    """``string`` as an error shows it: whole, or cut to ``MAX_RECEIVED_CHARS`` with its
    length."""
    if len(string) <= MAX_RECEIVED_CHARS:
        return string
    return f"{string[:MAX_RECEIVED_CHARS]}... ({len(string)} characters)"


def _parts(string: str, count: int, form: str) -> Result[list[str], IdentifierError]:
    """``string`` split at ``:`` into ``count`` parts, or the error saying it is not a string,
    too long, or not in the ``form`` (``ex:project:domain:name``)."""
    given = cast(object, string)  # outside input: checked, whatever the annotation says
    if not isinstance(given, str):
        return results.Failure(
            IdentifierError(
                shown(given), f"An identifier must be a string, not {type(given).__name__}."
            )
        )
    if len(given) > MAX_IDENTIFIER_LENGTH:
        return results.Failure(
            IdentifierError(
                _received(given),
                f"An identifier may have at most {MAX_IDENTIFIER_LENGTH} characters.",
            )
        )
    parts = given.split(":", count)
    if len(parts) != count:
        return results.Failure(
            IdentifierError(
                _received(given),
                "The provided string was not in a parseable format. The string for an "
                f"identifier must be in the format {form}.",
            )
        )
    return results.Success(parts)


def parse_workflow_execution_identifier(
    string: str,
) -> Result[WorkflowExecutionIdentifier, IdentifierError]:
    """Parse ``ex:<project>:<domain>:<name>`` into a ``WorkflowExecutionIdentifier``."""
    split = _parts(string, 4, "ex:project:domain:name")
    if isinstance(split, results.Failure):
        return split
    prefix, project, domain, name = split.unwrap()
    if prefix != "ex":
        return results.Failure(
            IdentifierError(
                _received(prefix),
                "The provided string could not be parsed. The first element of an "
                "execution identifier must be 'ex'.",
            )
        )
    return results.Success(WorkflowExecutionIdentifier(project, domain, name))


def parse_identifier(string: str) -> Result[Identifier, IdentifierError]:
    """Parse ``<type>:<project>:<domain>:<name>:<version>``.

    ``<type>`` is a resource type name (``TASK``, the form ``str()`` writes) or the reference
    CLI's short form (``tsk``, ``wf``, ``lp``).
    """
    split = _parts(string, 5, "type:project:domain:name:version")
    if isinstance(split, results.Failure):
        return split
    type_name, project, domain, name, version = split.unwrap()
    resource_type = _SHORT_NAMES.get(type_name) or ResourceType.__members__.get(type_name)
    if resource_type is None:
        return results.Failure(
            IdentifierError(
                _received(type_name),
                "The provided string could not be parsed. The first element of an identifier "
                "must be one of: TASK, WORKFLOW, LAUNCH_PLAN, DATASET, UNSPECIFIED, tsk, wf, lp.",
            )
        )
    return results.Success(Identifier(resource_type, project, domain, name, version))
