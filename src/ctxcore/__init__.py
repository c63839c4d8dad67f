"""ctxcore: the execution-context layer of a workflow SDK, as frozen records and pure functions.

Everything public is importable from here; see ``__all__``. Importing ctxcore has no side
effects: no directory, no configuration read, no signal handler, no root context.
"""

from ctxcore.core.compilation import CompilationState
from ctxcore.core.context import FlyteContext, StackOrigin
from ctxcore.core.decks import Deck
from ctxcore.core.dnsify import dnsify
from ctxcore.core.errors import ContextStackError, CtxcoreError, IdentifierError, NodeError
from ctxcore.core.execution import BranchEvalMode, ExecutionMode, ExecutionState
from ctxcore.core.execution_parameters import ExecutionParameters, TaskAttributeError
from ctxcore.core.identifiers import (
    Identifier,
    ResourceType,
    WorkflowExecutionIdentifier,
    parse_identifier,
    parse_workflow_execution_identifier,
)
from ctxcore.core.node import (
    TIMEOUT_OVERRIDE_SENTINEL,
    Alias,
    Cache,
    ExtendedResources,
    Node,
    NodeMetadata,
    ResourceEntry,
    ResourceName,
    ResourceRequirements,
    Resources,
)
from ctxcore.core.output_metadata import (
    OutputMetadata,
    OutputMetadataTracker,
    SerializableToString,
    TrackedOutput,
)
from ctxcore.core.protocols import Checkpoint, FileAccess, StatsClient
from ctxcore.core.results import unwrap_or_raise
from ctxcore.effects.logs import developer_logger, user_space_logger
from ctxcore.shell.context_manager import (
    ContextSnapshot,
    FlyteContextManager,
    RootFactory,
    flyte_context_Var,
)
from ctxcore.shell.entities import EntityRegistry, FlyteEntities
from ctxcore.shell.file_access import FileAccessProvider
from ctxcore.shell.signals import SignalInstallError

__all__ = [
    "TIMEOUT_OVERRIDE_SENTINEL",
    "Alias",
    "BranchEvalMode",
    "Cache",
    "Checkpoint",
    "CompilationState",
    "ContextSnapshot",
    "ContextStackError",
    "CtxcoreError",
    "Deck",
    "EntityRegistry",
    "ExecutionMode",
    "ExecutionParameters",
    "ExecutionState",
    "ExtendedResources",
    "FileAccess",
    "FileAccessProvider",
    "FlyteContext",
    "FlyteContextManager",
    "FlyteEntities",
    "Identifier",
    "IdentifierError",
    "Node",
    "NodeError",
    "NodeMetadata",
    "OutputMetadata",
    "OutputMetadataTracker",
    "ResourceEntry",
    "ResourceName",
    "ResourceRequirements",
    "ResourceType",
    "Resources",
    "RootFactory",
    "SerializableToString",
    "SignalInstallError",
    "StackOrigin",
    "StatsClient",
    "TaskAttributeError",
    "TrackedOutput",
    "WorkflowExecutionIdentifier",
    "developer_logger",
    "dnsify",
    "flyte_context_Var",
    "parse_identifier",
    "parse_workflow_execution_identifier",
    "unwrap_or_raise",
    "user_space_logger",
]
