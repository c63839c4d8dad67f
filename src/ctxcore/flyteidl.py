"""The identifiers to and from flyteidl's protobuf messages (the ``ctxcore[flyteidl]`` extra).

Above the core: the records' ``to_flyte_idl()`` and ``from_flyte_idl(pb)`` reach this module
through the installed ambient; the module itself is the ``FlyteIdlCodec`` (``ctxcore.core.ports``)
that the process's ambient gives the core. flyteidl is imported
the first time a conversion runs, not when this module is; without it, a conversion raises
``MissingExtraError`` (an ``ImportError``) naming the extra.

The functions here are the same conversions with flyteidl's own message types in their
signatures, for SDK code that wants them: ``to_flyte_idl(ctxcore.Identifier(...))`` is an
``identifier_pb2.Identifier``. As in the reference, the messages' ``org`` field is neither written
nor read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, cast, overload

from ctxcore.core.errors import IdentifierError, MissingExtraError, shown
from ctxcore.core.identifiers import (
    Identifier,
    NodeExecutionIdentifier,
    ResourceType,
    TaskExecutionIdentifier,
    WorkflowExecutionIdentifier,
)

if TYPE_CHECKING:
    from flyteidl.core import identifier_pb2

    from ctxcore.core.ports import (
        IdentifierMessage,
        NodeExecutionIdentifierMessage,
        TaskExecutionIdentifierMessage,
        WorkflowExecutionIdentifierMessage,
    )

__all__ = [
    "from_flyte_idl",
    "to_flyte_idl",
]

_EXTRA = "flyteidl"
_MODULE = "flyteidl.core.identifier_pb2"


def _require() -> None:
    """Import flyteidl's identifier messages (once: then it is a look-up), or raise
    ``MissingExtraError``."""
    try:
        importlib.import_module(_MODULE)
    except ImportError as error:
        raise MissingExtraError(_EXTRA, _MODULE, "Converting identifiers to flyteidl") from error


def _workflow_execution_to_pb(
    value: WorkflowExecutionIdentifier,
) -> identifier_pb2.WorkflowExecutionIdentifier:
    from flyteidl.core import identifier_pb2

    return identifier_pb2.WorkflowExecutionIdentifier(
        project=value.project, domain=value.domain, name=value.name
    )


def _identifier_to_pb(value: Identifier) -> identifier_pb2.Identifier:
    from flyteidl.core import identifier_pb2

    return identifier_pb2.Identifier(
        resource_type=int(value.resource_type),
        project=value.project,
        domain=value.domain,
        name=value.name,
        version=value.version,
    )


def _node_execution_to_pb(
    value: NodeExecutionIdentifier,
) -> identifier_pb2.NodeExecutionIdentifier:
    from flyteidl.core import identifier_pb2

    return identifier_pb2.NodeExecutionIdentifier(
        node_id=value.node_id, execution_id=_workflow_execution_to_pb(value.execution_id)
    )


def _task_execution_to_pb(
    value: TaskExecutionIdentifier,
) -> identifier_pb2.TaskExecutionIdentifier:
    from flyteidl.core import identifier_pb2

    return identifier_pb2.TaskExecutionIdentifier(
        task_id=_identifier_to_pb(value.task_id),
        node_execution_id=_node_execution_to_pb(value.node_execution_id),
        retry_attempt=value.retry_attempt,
    )


@overload
def to_flyte_idl(value: Identifier) -> identifier_pb2.Identifier: ...
@overload
def to_flyte_idl(
    value: WorkflowExecutionIdentifier,
) -> identifier_pb2.WorkflowExecutionIdentifier: ...
@overload
def to_flyte_idl(value: NodeExecutionIdentifier) -> identifier_pb2.NodeExecutionIdentifier: ...
@overload
def to_flyte_idl(value: TaskExecutionIdentifier) -> identifier_pb2.TaskExecutionIdentifier: ...
def to_flyte_idl(
    value: Identifier
    | WorkflowExecutionIdentifier
    | NodeExecutionIdentifier
    | TaskExecutionIdentifier,
) -> (
    identifier_pb2.Identifier
    | identifier_pb2.WorkflowExecutionIdentifier
    | identifier_pb2.NodeExecutionIdentifier
    | identifier_pb2.TaskExecutionIdentifier
):
    """The ``flyteidl.core.identifier_pb2`` message for the identifier record ``value``."""
    _require()
    given = cast(object, value)  # outside input: checked, whatever the annotation says
    if isinstance(given, Identifier):
        return _identifier_to_pb(given)
    if isinstance(given, WorkflowExecutionIdentifier):
        return _workflow_execution_to_pb(given)
    if isinstance(given, NodeExecutionIdentifier):
        return _node_execution_to_pb(given)
    if isinstance(given, TaskExecutionIdentifier):
        return _task_execution_to_pb(given)
    raise TypeError(f"to_flyte_idl expects an identifier record, not {shown(given)}")


def _workflow_execution_from_pb(
    message: WorkflowExecutionIdentifierMessage,
) -> WorkflowExecutionIdentifier:
    return WorkflowExecutionIdentifier(message.project, message.domain, message.name)


def _identifier_from_pb(message: IdentifierMessage) -> Identifier:
    number = int(message.resource_type)
    try:
        resource_type = ResourceType(number)
    except ValueError:
        raise IdentifierError(
            str(number), "The resource type of an identifier message is not one ctxcore knows."
        ) from None
    return Identifier(resource_type, message.project, message.domain, message.name, message.version)


def _node_execution_from_pb(message: NodeExecutionIdentifierMessage) -> NodeExecutionIdentifier:
    return NodeExecutionIdentifier(
        message.node_id, _workflow_execution_from_pb(message.execution_id)
    )


def _task_execution_from_pb(message: TaskExecutionIdentifierMessage) -> TaskExecutionIdentifier:
    return TaskExecutionIdentifier(
        _identifier_from_pb(message.task_id),
        _node_execution_from_pb(message.node_execution_id),
        message.retry_attempt,
    )


def _refuse(kind: type, message: object) -> TypeError:
    return TypeError(
        f"{kind.__name__}.from_flyte_idl expects a flyteidl.core.identifier_pb2."
        f"{kind.__name__}, not {type(message).__module__}.{type(message).__qualname__}"
    )


@overload
def from_flyte_idl(kind: type[Identifier], message: object) -> Identifier: ...
@overload
def from_flyte_idl(
    kind: type[WorkflowExecutionIdentifier], message: object
) -> WorkflowExecutionIdentifier: ...
@overload
def from_flyte_idl(
    kind: type[NodeExecutionIdentifier], message: object
) -> NodeExecutionIdentifier: ...
@overload
def from_flyte_idl(
    kind: type[TaskExecutionIdentifier], message: object
) -> TaskExecutionIdentifier: ...
def from_flyte_idl(
    kind: type[Identifier]
    | type[WorkflowExecutionIdentifier]
    | type[NodeExecutionIdentifier]
    | type[TaskExecutionIdentifier],
    message: object,
) -> Identifier | WorkflowExecutionIdentifier | NodeExecutionIdentifier | TaskExecutionIdentifier:
    """The record of type ``kind`` that ``message`` holds. ``message`` must be flyteidl's message
    of the same name (``TypeError`` otherwise); a resource type ctxcore does not know →
    ``IdentifierError``."""
    _require()
    from flyteidl.core import identifier_pb2

    if kind is Identifier:
        if isinstance(message, identifier_pb2.Identifier):
            return _identifier_from_pb(message)
    elif kind is WorkflowExecutionIdentifier:
        if isinstance(message, identifier_pb2.WorkflowExecutionIdentifier):
            return _workflow_execution_from_pb(message)
    elif kind is NodeExecutionIdentifier:
        if isinstance(message, identifier_pb2.NodeExecutionIdentifier):
            return _node_execution_from_pb(message)
    elif kind is TaskExecutionIdentifier:
        if isinstance(message, identifier_pb2.TaskExecutionIdentifier):
            return _task_execution_from_pb(message)
    else:
        raise TypeError(f"from_flyte_idl converts identifier records, not {shown(kind)}")
    raise _refuse(kind, message)
