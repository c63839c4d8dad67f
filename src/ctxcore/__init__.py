"""ctxcore: the execution-context layer of a workflow SDK, as frozen records and pure functions.

Everything public is importable from here (``__all__``). Importing has no side effects (no
directory, configuration read, signal handler or root context); names load on first access.

How this face works. ``_EXPORTS`` says which module defines each public name; the lazy face
(``ctxcore._lazy``) imports it when the name is first asked for. Type checkers read the
``TYPE_CHECKING`` block: a star import per module, whose ``__all__`` is its row of the table
(``tests/architecture/test_public_api.py``). Importing ctxcore installs the process's ambient,
through which ``Config.auto()`` and the like reach the process (``ctxcore.core.ambient``).
"""

from __future__ import annotations

from ctxcore._ambient import ProcessAmbient as _ProcessAmbient
from ctxcore._lazy import lazy_face
from ctxcore.core.ambient import install_ambient as _install_ambient
from ctxcore.effects import _EXPORTS as _EFFECTS  # pyright: ignore[reportPrivateUsage]

TYPE_CHECKING = False  # not imported from typing: `import ctxcore` must not pay for typing

if TYPE_CHECKING:
    from ctxcore._ambient import *
    from ctxcore._version import __version__ as __version__
    from ctxcore.core.ambient import *
    from ctxcore.core.compilation.dnsify import *
    from ctxcore.core.compilation.node import *
    from ctxcore.core.compilation.resources import *
    from ctxcore.core.compilation.state import *
    from ctxcore.core.config.entries import *
    from ctxcore.core.config.file import *
    from ctxcore.core.config.reader import *
    from ctxcore.core.config.records import *
    from ctxcore.core.config.resolve import *
    from ctxcore.core.config.unknown import *
    from ctxcore.core.config.values import *
    from ctxcore.core.context import *
    from ctxcore.core.errors import *
    from ctxcore.core.execution.decks import *
    from ctxcore.core.execution.output_metadata import *
    from ctxcore.core.execution.parameters import *
    from ctxcore.core.execution.state import *
    from ctxcore.core.handoff.envelope import *
    from ctxcore.core.handoff.trace import *
    from ctxcore.core.handoff.worker import *
    from ctxcore.core.identifiers import *
    from ctxcore.core.ports import *
    from ctxcore.core.results import *
    from ctxcore.core.serialization.decoding import *
    from ctxcore.core.serialization.entrypoint import *
    from ctxcore.core.serialization.env import *
    from ctxcore.core.serialization.images import *
    from ctxcore.core.serialization.settings import *
    from ctxcore.core.serialization.transport import *
    from ctxcore.core.storage.options import *
    from ctxcore.core.storage.retry import *
    from ctxcore.effects.clock import *
    from ctxcore.effects.entropy import *
    from ctxcore.effects.environment import *
    from ctxcore.effects.filesystems import *
    from ctxcore.effects.local_fsspec import *
    from ctxcore.effects.logs import *
    from ctxcore.effects.signals import *
    from ctxcore.effects.stats import *
    from ctxcore.effects.tempdirs import *
    from ctxcore.effects.timeline import *
    from ctxcore.shell.checkpoint import *
    from ctxcore.shell.config_loader import *
    from ctxcore.shell.context_stack import *
    from ctxcore.shell.entities import *
    from ctxcore.shell.file_access import *
    from ctxcore.shell.redaction import *
    from ctxcore.shell.root import *
    from ctxcore.shell.secret_providers import *
    from ctxcore.shell.secrets import *
    from ctxcore.shell.signals import *
    from ctxcore.shell.storage_options import *
    from ctxcore.shell.timing import *

_install_ambient(_ProcessAmbient())

# Packed a module a row (not a name a line, as the formatter would have it).
# fmt: off
_EXPORTS: dict[str, tuple[str, ...]] = {
    "ctxcore._version": ("__version__",),
    "ctxcore._ambient": ("ProcessAmbient",),
    "ctxcore.core.ambient": ("current_ambient", "install_ambient", "using_ambient"),
    "ctxcore.core.compilation.dnsify": ("dnsify",),
    "ctxcore.core.compilation.node": (
        "Alias", "Cache", "Node", "NodeMetadata", "TIMEOUT_OVERRIDE_SENTINEL",
    ),
    "ctxcore.core.compilation.resources": (
        "ExtendedResources", "ResourceEntry", "ResourceName", "ResourceRequirements", "Resources",
    ),
    "ctxcore.core.compilation.state": ("CompilationState",),
    "ctxcore.core.config.entries": (
        "bool_transformer", "comma_list_transformer", "ConfigEntry", "entries_of",
        "get_config_file", "int_transformer", "LegacyConfigEntry", "set_if_exists",
        "YamlConfigEntry",
    ),
    "ctxcore.core.config.file": ("ConfigFile", "get_specified_images"),
    "ctxcore.core.config.reader": ("Provenance",),
    "ctxcore.core.config.records": (
        "AzureBlobStorageConfig", "Config", "DataConfig", "GCSConfig", "GenericPersistenceConfig",
        "LocalConfig", "PlatformConfig", "S3Config", "SecretsConfig", "StatsConfig", "TaskConfig",
    ),
    "ctxcore.core.config.resolve": ("resolve_config", "ResolvedConfig"),
    "ctxcore.core.config.unknown": ("RenamedName", "UnknownName"),
    "ctxcore.core.config.values": ("AuthType",),
    "ctxcore.core.context": ("FlyteContext", "StackOrigin"),
    "ctxcore.core.errors": (
        "AmbientError", "ClientSecretFileNotFound", "ClientSecretFileNotFoundError", "ConfigError",
        "ConfigFileNotFound", "ConfigFileNotFoundError", "ConfigOptionNotFoundError",
        "ContextStackError", "CtxcoreError", "DataNotFoundError", "DataTransferError",
        "DownloadDataError", "EnvelopeError", "FlyteDataNotFoundException", "IdentifierError",
        "ImageError", "IniDuplicateOptionError", "IniDuplicateSectionError", "IniFileError",
        "IniInternalSectionError", "IniInterpolationDepthError", "IniInterpolationError",
        "IniInterpolationMissingOptionError", "IniInterpolationSyntaxError",
        "IniMissingSectionHeaderError", "IniParsingError", "InvalidUploadError",
        "MissingCredentialsError", "MissingExtraError", "NodeError", "RetryDeadlineError",
        "SecretFileError", "SecretNameError", "SecretNotFoundError", "SecretPermissionError",
        "SecretProviderError", "SecretProviderTimeoutError", "SecretValueError",
        "SignalInstallError", "SpecialFileError", "TaskAttributeError", "TransportError",
        "TransportStage", "UploadDataError",
    ),
    "ctxcore.core.execution.decks": ("Deck", "render_decks", "TimelineDeck", "TimelineEntry"),
    "ctxcore.core.execution.output_metadata": (
        "OutputMetadata", "OutputMetadataTracker", "SerializableToString", "TrackedOutput",
    ),
    "ctxcore.core.execution.parameters": ("ExecutionParameters", "ExecutionParametersBuilder"),
    "ctxcore.core.execution.state": ("BranchEvalMode", "ExecutionMode", "ExecutionState"),
    "ctxcore.core.handoff.envelope": (
        "BAGGAGE_ENV_VAR", "ContextEnvelope", "CREDENTIAL_FIELDS", "ENVELOPE_ENV_VAR",
        "envelope_of", "MAX_ENVELOPE_BYTES", "TRACEPARENT_ENV_VAR", "TRACESTATE_ENV_VAR",
    ),
    "ctxcore.core.handoff.trace": (
        "checked_custom_context", "decode_baggage", "derived_traceparent", "encode_baggage",
        "MAX_CUSTOM_CONTEXT_BYTES", "MAX_CUSTOM_CONTEXT_ENTRIES", "MAX_TRACESTATE_CHARS",
        "TraceContext",
    ),
    "ctxcore.core.handoff.worker": ("worker_builder",),
    "ctxcore.core.identifiers": (
        "Identifier", "NodeExecutionIdentifier", "parse_identifier",
        "parse_workflow_execution_identifier", "ResourceType", "TaskExecutionIdentifier",
        "WorkflowExecutionIdentifier",
    ),
    "ctxcore.core.ports": (
        "Ambient", "CheckpointLike", "Clock", "Entropy", "Environment", "FileAccess", "FileSystem",
        "FileSystems", "FlyteIdlCodec", "IdentifierMessage", "NodeExecutionIdentifierMessage",
        "RedirectableFileAccess", "SecretProvider", "SecretsSource", "Signals", "StatsClient",
        "TaskExecutionIdentifierMessage", "TempDirs", "TimelineSink",
        "WorkflowExecutionIdentifierMessage",
    ),
    "ctxcore.core.results": ("unwrap_or_raise",),
    "ctxcore.core.serialization.decoding": ("parse_settings_dict", "parse_settings_json"),
    "ctxcore.core.serialization.images": (
        "DEFAULT_IMAGE_NAME", "DefaultImages", "FLYTE_INTERNAL_IMAGE_ENV_VAR", "Image",
        "ImageConfig", "ImageFacts", "lookup_image", "parse_image_identifier", "PythonVersion",
    ),
    "ctxcore.core.serialization.entrypoint": (
        "default_entrypoint_settings", "DEFAULT_FLYTEKIT_ENTRYPOINT_FILELOC",
        "DEFAULT_RUNTIME_PYTHON_INTERPRETER", "EntrypointSettings", "venv_root_from_interpreter",
    ),
    "ctxcore.core.serialization.env": ("FrozenEnv",),
    "ctxcore.core.serialization.settings": (
        "DEFAULT_IN_CONTAINER_SRC_PATH", "DOMAIN_PLACEHOLDER", "FastSerializationSettings",
        "PROJECT_PLACEHOLDER", "ResourceSpec", "SerializationSettings", "VERSION_PLACEHOLDER",
    ),
    "ctxcore.core.serialization.transport": (
        "decode_transport", "decode_transport_text", "DEFAULT_MAX_TRANSPORT_SIZE",
        "encode_transport_text", "SERIALIZED_CONTEXT_ENV_VAR",
    ),
    "ctxcore.core.storage.options": (
        "azure_setup_args", "get_fsspec_storage_options", "s3_setup_args",
    ),
    "ctxcore.core.storage.retry": ("RetryPolicy",),
    **_EFFECTS,  # the implementations (ctxcore.effects), served here too
    "ctxcore.shell.checkpoint": ("Checkpoint", "SyncCheckpoint"),
    "ctxcore.shell.config_loader": ("load_config_file", "read_file_if_exists"),
    "ctxcore.shell.context_stack": (
        "ContextSnapshot", "flyte_context_Var", "FlyteContextManager", "PortableCall",
        "RootFactory",
    ),
    "ctxcore.shell.entities": ("EntityRegistry", "FlyteEntities"),
    "ctxcore.shell.file_access": ("FileAccessProvider", "Uploadable"),
    "ctxcore.shell.root": (
        "default_local_file_access_provider", "default_root_context", "local_file_access_provider",
    ),
    "ctxcore.shell.redaction": ("SecretRedactionFilter",),
    "ctxcore.shell.secret_providers": ("FileSecretProvider", "HttpSecretProvider"),
    "ctxcore.shell.secrets": ("SecretsManager",),
    "ctxcore.shell.signals": ("SigintHandlers",),
    "ctxcore.shell.storage_options": ("get_additional_fsspec_call_kwargs",),
    "ctxcore.shell.timing": ("timeit",),
}
"""The module that defines each public name, and the names it defines."""
# fmt: on

if not TYPE_CHECKING:  # hidden from type checkers, so a misspelt name is still an error
    __getattr__, __dir__, __all__ = lazy_face(__name__, _EXPORTS, globals())
