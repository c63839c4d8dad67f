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
    from ctxcore.core.config import (
        AzureBlobStorageConfig,
        Config,
        DataConfig,
        GCSConfig,
        GenericPersistenceConfig,
        LocalConfig,
        PlatformConfig,
        S3Config,
        SecretsConfig,
        StatsConfig,
        TaskConfig,
    )
    from ctxcore.core.config_errors import ClientSecretFileNotFound, ConfigError, ConfigFileNotFound
    from ctxcore.core.config_file import ConfigFile, get_specified_images
    from ctxcore.core.config_reader import Provenance
    from ctxcore.core.config_resolve import ResolvedConfig, resolve_config
    from ctxcore.core.config_values import AuthType
    from ctxcore.core.context import FlyteContext, StackOrigin
    from ctxcore.core.decks import Deck, TimelineDeck, TimelineEntry, render_decks
    from ctxcore.core.dnsify import dnsify
    from ctxcore.core.errors import (
        ContextStackError,
        CtxcoreError,
        DataNotFoundError,
        DataTransferError,
        DownloadDataError,
        IdentifierError,
        InvalidUploadError,
        NodeError,
        UploadDataError,
    )
    from ctxcore.core.execution import BranchEvalMode, ExecutionMode, ExecutionState
    from ctxcore.core.execution_parameters import ExecutionParameters, TaskAttributeError
    from ctxcore.core.execution_parameters_builder import ExecutionParametersBuilder
    from ctxcore.core.identifiers import (
        Identifier,
        ResourceType,
        WorkflowExecutionIdentifier,
        parse_identifier,
        parse_workflow_execution_identifier,
    )
    from ctxcore.core.images import (
        DEFAULT_IMAGE_NAME,
        FLYTE_INTERNAL_IMAGE_ENV_VAR,
        DefaultImages,
        Image,
        ImageConfig,
        ImageError,
        lookup_image,
        parse_image_identifier,
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
    from ctxcore.core.protocols import (
        Checkpoint,
        FileAccess,
        SecretsSource,
        StatsClient,
        TimelineSink,
    )
    from ctxcore.core.results import unwrap_or_raise
    from ctxcore.core.retry import RetryPolicy
    from ctxcore.core.serialization import (
        DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC,
        DEFAULT_IN_CONTAINER_SRC_PATH,
        DEFAULT_RUNTIME_PYTHON_INTERPRETER,
        DOMAIN_PLACEHOLDER,
        PROJECT_PLACEHOLDER,
        VERSION_PLACEHOLDER,
        EntrypointSettings,
        FastSerializationSettings,
        FrozenEnv,
        ResourceSpec,
        SerializationSettings,
        default_entrypoint_settings,
        parse_settings_dict,
        parse_settings_json,
        venv_root_from_interpreter,
    )
    from ctxcore.core.transport import (
        DEFAULT_MAX_TRANSPORT_SIZE,
        SERIALIZED_CONTEXT_ENV_VAR,
        TransportError,
        TransportStage,
        decode_transport,
        decode_transport_text,
        encode_transport_text,
    )
    from ctxcore.effects.clock import Clock, SystemClock
    from ctxcore.effects.entropy import Entropy, OsEntropy
    from ctxcore.effects.environment import Environment
    from ctxcore.effects.filesystems import FileSystem, FileSystems, FsspecFileSystems
    from ctxcore.effects.logs import developer_logger, user_space_logger
    from ctxcore.effects.signals import OsSignals, Signals
    from ctxcore.effects.stats import NullStats, RecordingStats, UdpStatsClient, stats_client_for
    from ctxcore.effects.timeline import MemoryTimeline
    from ctxcore.shell.checkpoint import SyncCheckpoint
    from ctxcore.shell.config_loader import load_config_file
    from ctxcore.shell.context_manager import (
        ContextSnapshot,
        FlyteContextManager,
        RootFactory,
        flyte_context_Var,
    )
    from ctxcore.shell.entities import EntityRegistry, FlyteEntities
    from ctxcore.shell.file_access import FileAccessProvider, Uploadable
    from ctxcore.shell.root import (
        default_local_file_access_provider,
        default_root_context,
        local_file_access_provider,
    )
    from ctxcore.shell.secrets import SecretNameError, SecretNotFoundError, SecretsManager
    from ctxcore.shell.signals import SigintHandlers, SignalInstallError
    from ctxcore.shell.timing import timeit

_EXPORTS: dict[str, str] = {
    "Alias": "ctxcore.core.node",
    "AuthType": "ctxcore.core.config_values",
    "AzureBlobStorageConfig": "ctxcore.core.config",
    "BranchEvalMode": "ctxcore.core.execution",
    "Cache": "ctxcore.core.node",
    "Checkpoint": "ctxcore.core.protocols",
    "ClientSecretFileNotFound": "ctxcore.core.config_errors",
    "Clock": "ctxcore.effects.clock",
    "CompilationState": "ctxcore.core.compilation",
    "Config": "ctxcore.core.config",
    "ConfigError": "ctxcore.core.config_errors",
    "ConfigFile": "ctxcore.core.config_file",
    "ConfigFileNotFound": "ctxcore.core.config_errors",
    "ContextSnapshot": "ctxcore.shell.context_manager",
    "ContextStackError": "ctxcore.core.errors",
    "CtxcoreError": "ctxcore.core.errors",
    "DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC": "ctxcore.core.serialization",
    "DEFAULT_IMAGE_NAME": "ctxcore.core.images",
    "DEFAULT_IN_CONTAINER_SRC_PATH": "ctxcore.core.serialization",
    "DEFAULT_MAX_TRANSPORT_SIZE": "ctxcore.core.transport",
    "DEFAULT_RUNTIME_PYTHON_INTERPRETER": "ctxcore.core.serialization",
    "DOMAIN_PLACEHOLDER": "ctxcore.core.serialization",
    "DataConfig": "ctxcore.core.config",
    "DataNotFoundError": "ctxcore.core.errors",
    "DataTransferError": "ctxcore.core.errors",
    "Deck": "ctxcore.core.decks",
    "DefaultImages": "ctxcore.core.images",
    "DownloadDataError": "ctxcore.core.errors",
    "EntityRegistry": "ctxcore.shell.entities",
    "Entropy": "ctxcore.effects.entropy",
    "EntrypointSettings": "ctxcore.core.serialization",
    "Environment": "ctxcore.effects.environment",
    "ExecutionMode": "ctxcore.core.execution",
    "ExecutionParameters": "ctxcore.core.execution_parameters",
    "ExecutionParametersBuilder": "ctxcore.core.execution_parameters_builder",
    "ExecutionState": "ctxcore.core.execution",
    "ExtendedResources": "ctxcore.core.node",
    "FLYTE_INTERNAL_IMAGE_ENV_VAR": "ctxcore.core.images",
    "FastSerializationSettings": "ctxcore.core.serialization",
    "FileAccess": "ctxcore.core.protocols",
    "FileAccessProvider": "ctxcore.shell.file_access",
    "FileSystem": "ctxcore.effects.filesystems",
    "FileSystems": "ctxcore.effects.filesystems",
    "FlyteContext": "ctxcore.core.context",
    "FlyteContextManager": "ctxcore.shell.context_manager",
    "FlyteEntities": "ctxcore.shell.entities",
    "FrozenEnv": "ctxcore.core.serialization",
    "FsspecFileSystems": "ctxcore.effects.filesystems",
    "GCSConfig": "ctxcore.core.config",
    "GenericPersistenceConfig": "ctxcore.core.config",
    "Identifier": "ctxcore.core.identifiers",
    "IdentifierError": "ctxcore.core.errors",
    "Image": "ctxcore.core.images",
    "ImageConfig": "ctxcore.core.images",
    "ImageError": "ctxcore.core.images",
    "InvalidUploadError": "ctxcore.core.errors",
    "LocalConfig": "ctxcore.core.config",
    "MemoryTimeline": "ctxcore.effects.timeline",
    "Node": "ctxcore.core.node",
    "NodeError": "ctxcore.core.errors",
    "NodeMetadata": "ctxcore.core.node",
    "NullStats": "ctxcore.effects.stats",
    "OsEntropy": "ctxcore.effects.entropy",
    "OsSignals": "ctxcore.effects.signals",
    "OutputMetadata": "ctxcore.core.output_metadata",
    "OutputMetadataTracker": "ctxcore.core.output_metadata",
    "PROJECT_PLACEHOLDER": "ctxcore.core.serialization",
    "PlatformConfig": "ctxcore.core.config",
    "Provenance": "ctxcore.core.config_reader",
    "RecordingStats": "ctxcore.effects.stats",
    "ResolvedConfig": "ctxcore.core.config_resolve",
    "ResourceEntry": "ctxcore.core.node",
    "ResourceName": "ctxcore.core.node",
    "ResourceRequirements": "ctxcore.core.node",
    "ResourceSpec": "ctxcore.core.serialization",
    "ResourceType": "ctxcore.core.identifiers",
    "Resources": "ctxcore.core.node",
    "RetryPolicy": "ctxcore.core.retry",
    "RootFactory": "ctxcore.shell.context_manager",
    "S3Config": "ctxcore.core.config",
    "SERIALIZED_CONTEXT_ENV_VAR": "ctxcore.core.transport",
    "SecretNameError": "ctxcore.shell.secrets",
    "SecretNotFoundError": "ctxcore.shell.secrets",
    "SecretsConfig": "ctxcore.core.config",
    "SecretsManager": "ctxcore.shell.secrets",
    "SecretsSource": "ctxcore.core.protocols",
    "SerializableToString": "ctxcore.core.output_metadata",
    "SerializationSettings": "ctxcore.core.serialization",
    "SigintHandlers": "ctxcore.shell.signals",
    "SignalInstallError": "ctxcore.shell.signals",
    "Signals": "ctxcore.effects.signals",
    "StackOrigin": "ctxcore.core.context",
    "StatsClient": "ctxcore.core.protocols",
    "StatsConfig": "ctxcore.core.config",
    "SyncCheckpoint": "ctxcore.shell.checkpoint",
    "SystemClock": "ctxcore.effects.clock",
    "TIMEOUT_OVERRIDE_SENTINEL": "ctxcore.core.node",
    "TaskAttributeError": "ctxcore.core.execution_parameters",
    "TaskConfig": "ctxcore.core.config",
    "TimelineDeck": "ctxcore.core.decks",
    "TimelineEntry": "ctxcore.core.decks",
    "TimelineSink": "ctxcore.core.protocols",
    "TrackedOutput": "ctxcore.core.output_metadata",
    "TransportError": "ctxcore.core.transport",
    "TransportStage": "ctxcore.core.transport",
    "UdpStatsClient": "ctxcore.effects.stats",
    "UploadDataError": "ctxcore.core.errors",
    "Uploadable": "ctxcore.shell.file_access",
    "VERSION_PLACEHOLDER": "ctxcore.core.serialization",
    "WorkflowExecutionIdentifier": "ctxcore.core.identifiers",
    "decode_transport": "ctxcore.core.transport",
    "decode_transport_text": "ctxcore.core.transport",
    "default_entrypoint_settings": "ctxcore.core.serialization",
    "default_local_file_access_provider": "ctxcore.shell.root",
    "default_root_context": "ctxcore.shell.root",
    "developer_logger": "ctxcore.effects.logs",
    "dnsify": "ctxcore.core.dnsify",
    "encode_transport_text": "ctxcore.core.transport",
    "flyte_context_Var": "ctxcore.shell.context_manager",
    "get_specified_images": "ctxcore.core.config_file",
    "load_config_file": "ctxcore.shell.config_loader",
    "local_file_access_provider": "ctxcore.shell.root",
    "lookup_image": "ctxcore.core.images",
    "parse_identifier": "ctxcore.core.identifiers",
    "parse_image_identifier": "ctxcore.core.images",
    "parse_settings_dict": "ctxcore.core.serialization",
    "parse_settings_json": "ctxcore.core.serialization",
    "parse_workflow_execution_identifier": "ctxcore.core.identifiers",
    "render_decks": "ctxcore.core.decks",
    "resolve_config": "ctxcore.core.config_resolve",
    "stats_client_for": "ctxcore.effects.stats",
    "timeit": "ctxcore.shell.timing",
    "unwrap_or_raise": "ctxcore.core.results",
    "user_space_logger": "ctxcore.effects.logs",
    "venv_root_from_interpreter": "ctxcore.core.serialization",
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
    "DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC",
    "DEFAULT_IMAGE_NAME",
    "DEFAULT_IN_CONTAINER_SRC_PATH",
    "DEFAULT_MAX_TRANSPORT_SIZE",
    "DEFAULT_RUNTIME_PYTHON_INTERPRETER",
    "DOMAIN_PLACEHOLDER",
    "FLYTE_INTERNAL_IMAGE_ENV_VAR",
    "PROJECT_PLACEHOLDER",
    "SERIALIZED_CONTEXT_ENV_VAR",
    "TIMEOUT_OVERRIDE_SENTINEL",
    "VERSION_PLACEHOLDER",
    "Alias",
    "AuthType",
    "AzureBlobStorageConfig",
    "BranchEvalMode",
    "Cache",
    "Checkpoint",
    "ClientSecretFileNotFound",
    "Clock",
    "CompilationState",
    "Config",
    "ConfigError",
    "ConfigFile",
    "ConfigFileNotFound",
    "ContextSnapshot",
    "ContextStackError",
    "CtxcoreError",
    "DataConfig",
    "DataNotFoundError",
    "DataTransferError",
    "Deck",
    "DefaultImages",
    "DownloadDataError",
    "EntityRegistry",
    "Entropy",
    "EntrypointSettings",
    "Environment",
    "ExecutionMode",
    "ExecutionParameters",
    "ExecutionParametersBuilder",
    "ExecutionState",
    "ExtendedResources",
    "FastSerializationSettings",
    "FileAccess",
    "FileAccessProvider",
    "FileSystem",
    "FileSystems",
    "FlyteContext",
    "FlyteContextManager",
    "FlyteEntities",
    "FrozenEnv",
    "FsspecFileSystems",
    "GCSConfig",
    "GenericPersistenceConfig",
    "Identifier",
    "IdentifierError",
    "Image",
    "ImageConfig",
    "ImageError",
    "InvalidUploadError",
    "LocalConfig",
    "MemoryTimeline",
    "Node",
    "NodeError",
    "NodeMetadata",
    "NullStats",
    "OsEntropy",
    "OsSignals",
    "OutputMetadata",
    "OutputMetadataTracker",
    "PlatformConfig",
    "Provenance",
    "RecordingStats",
    "ResolvedConfig",
    "ResourceEntry",
    "ResourceName",
    "ResourceRequirements",
    "ResourceSpec",
    "ResourceType",
    "Resources",
    "RetryPolicy",
    "RootFactory",
    "S3Config",
    "SecretNameError",
    "SecretNotFoundError",
    "SecretsConfig",
    "SecretsManager",
    "SecretsSource",
    "SerializableToString",
    "SerializationSettings",
    "SigintHandlers",
    "SignalInstallError",
    "Signals",
    "StackOrigin",
    "StatsClient",
    "StatsConfig",
    "SyncCheckpoint",
    "SystemClock",
    "TaskAttributeError",
    "TaskConfig",
    "TimelineDeck",
    "TimelineEntry",
    "TimelineSink",
    "TrackedOutput",
    "TransportError",
    "TransportStage",
    "UdpStatsClient",
    "UploadDataError",
    "Uploadable",
    "WorkflowExecutionIdentifier",
    "decode_transport",
    "decode_transport_text",
    "default_entrypoint_settings",
    "default_local_file_access_provider",
    "default_root_context",
    "developer_logger",
    "dnsify",
    "encode_transport_text",
    "flyte_context_Var",
    "get_specified_images",
    "load_config_file",
    "local_file_access_provider",
    "lookup_image",
    "parse_identifier",
    "parse_image_identifier",
    "parse_settings_dict",
    "parse_settings_json",
    "parse_workflow_execution_identifier",
    "render_decks",
    "resolve_config",
    "stats_client_for",
    "timeit",
    "unwrap_or_raise",
    "user_space_logger",
    "venv_root_from_interpreter",
]
