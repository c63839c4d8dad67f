"""ctxcore: the execution-context layer of a workflow SDK, as frozen records and pure functions.

Everything public is importable from here; see ``__all__``. Importing ctxcore has no side
effects: no directory, no configuration read, no signal handler, no root context. Names are
loaded on first access (PEP 562), so ``import ctxcore`` costs almost nothing and each part
costs only what it uses.
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False  # not imported from typing: `import ctxcore` must not pay for typing

if TYPE_CHECKING:
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

_EXPORTS: dict[str, str] = {
    "Alias": "ctxcore.core.node",
    "BranchEvalMode": "ctxcore.core.execution",
    "Cache": "ctxcore.core.node",
    "Checkpoint": "ctxcore.core.protocols",
    "CompilationState": "ctxcore.core.compilation",
    "ContextSnapshot": "ctxcore.shell.context_manager",
    "ContextStackError": "ctxcore.core.errors",
    "CtxcoreError": "ctxcore.core.errors",
    "Deck": "ctxcore.core.decks",
    "EntityRegistry": "ctxcore.shell.entities",
    "ExecutionMode": "ctxcore.core.execution",
    "ExecutionParameters": "ctxcore.core.execution_parameters",
    "ExecutionState": "ctxcore.core.execution",
    "ExtendedResources": "ctxcore.core.node",
    "FileAccess": "ctxcore.core.protocols",
    "FileAccessProvider": "ctxcore.shell.file_access",
    "FlyteContext": "ctxcore.core.context",
    "FlyteContextManager": "ctxcore.shell.context_manager",
    "FlyteEntities": "ctxcore.shell.entities",
    "Identifier": "ctxcore.core.identifiers",
    "IdentifierError": "ctxcore.core.errors",
    "Node": "ctxcore.core.node",
    "NodeError": "ctxcore.core.errors",
    "NodeMetadata": "ctxcore.core.node",
    "OutputMetadata": "ctxcore.core.output_metadata",
    "OutputMetadataTracker": "ctxcore.core.output_metadata",
    "ResourceEntry": "ctxcore.core.node",
    "ResourceName": "ctxcore.core.node",
    "ResourceRequirements": "ctxcore.core.node",
    "ResourceType": "ctxcore.core.identifiers",
    "Resources": "ctxcore.core.node",
    "RootFactory": "ctxcore.shell.context_manager",
    "SerializableToString": "ctxcore.core.output_metadata",
    "SignalInstallError": "ctxcore.shell.signals",
    "StackOrigin": "ctxcore.core.context",
    "StatsClient": "ctxcore.core.protocols",
    "TIMEOUT_OVERRIDE_SENTINEL": "ctxcore.core.node",
    "TaskAttributeError": "ctxcore.core.execution_parameters",
    "TrackedOutput": "ctxcore.core.output_metadata",
    "WorkflowExecutionIdentifier": "ctxcore.core.identifiers",
    "developer_logger": "ctxcore.effects.logs",
    "dnsify": "ctxcore.core.dnsify",
    "flyte_context_Var": "ctxcore.shell.context_manager",
    "parse_identifier": "ctxcore.core.identifiers",
    "parse_workflow_execution_identifier": "ctxcore.core.identifiers",
    "unwrap_or_raise": "ctxcore.core.results",
    "user_space_logger": "ctxcore.effects.logs",
}
"""Where each public name is defined; ``tests/unit/test_public_api.py`` keeps it equal to the
imports above and to ``__all__``."""


if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is still an error

    def __getattr__(name: str) -> object:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'ctxcore' has no attribute {name!r}")
        value: object = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(__all__)


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
