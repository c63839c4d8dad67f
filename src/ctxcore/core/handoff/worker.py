"""A context envelope applied on a worker: the worker's own root, with the envelope's facts.

How this works. ``worker_builder`` starts from the worker's own root context (its sandbox, its
secrets, its credentials) and applies the envelope: the execution mode, ids and prefixes, the
serialization settings, the custom context and the trace context, and a file access writing
under the envelope's raw-output prefix with the envelope's data configuration and the worker's
own credentials. Everything is decoded and checked before anything is built, so an envelope is
applied whole or not at all. When the envelope says the caller had credentials for the store
that the worker's configuration lacks, the worker's file-system source refuses that store with
``MissingCredentialsError`` on first use: outputs never go quietly somewhere else.

Pure: it builds records and asks the root's file access for a redirected copy (which creates
nothing); no environment, file or clock is read here.
"""

from __future__ import annotations

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.records import DataConfig
from ctxcore.core.context import FlyteContext
from ctxcore.core.errors import EnvelopeError, MissingCredentialsError, shown
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.handoff.envelope import ContextEnvelope, configured_credentials
from ctxcore.core.identifiers import Identifier, WorkflowExecutionIdentifier
from ctxcore.core.ports import FileAccess, FileSystem, FileSystems, RedirectableFileAccess

__all__ = [
    "worker_builder",
]

_STORE_PROTOCOLS = {
    "s3": frozenset({"s3", "s3a"}),
    "azure": frozenset({"abfs", "abfss", "az"}),
}
"""The fsspec protocols of the stores each group of ``CREDENTIAL_FIELDS`` opens."""


@attrs.frozen
class _RequiringCredentials:
    """A file-system source that refuses the store whose credentials the worker lacks."""

    __repr__ = fields_repr

    inner: FileSystems
    store: str
    protocols: frozenset[str]
    missing: tuple[str, ...]

    def filesystem(self, protocol: str, **options: object) -> FileSystem:
        if protocol in self.protocols:
            raise MissingCredentialsError(self.store, self.missing)
        return self.inner.filesystem(protocol, **options)


def data_config_of(context: FlyteContext) -> DataConfig | None:
    """The data configuration of ``context``'s file access, when it has one."""
    if isinstance(context.file_access, RedirectableFileAccess):
        return context.file_access.data_config
    return None


def _with_own_credentials(wanted: DataConfig, own: DataConfig) -> DataConfig:
    return attrs.evolve(
        wanted,
        s3=attrs.evolve(
            wanted.s3,
            access_key_id=own.s3.access_key_id,
            secret_access_key=own.s3.secret_access_key,
        ),
        azure=attrs.evolve(
            wanted.azure, account_key=own.azure.account_key, client_secret=own.azure.client_secret
        ),
    )


def _worker_file_access(access: FileAccess, envelope: ContextEnvelope, prefix: str) -> FileAccess:
    if not isinstance(access, RedirectableFileAccess):
        if access.raw_output_prefix.rstrip("/") == prefix.rstrip("/"):
            return access
        raise EnvelopeError(
            "raw_output_prefix",
            f"this worker's root file access ({type(access).__name__}) cannot write under "
            f"{shown(prefix)}; give the worker a root whose file access can be redirected",
        )
    own = access.data_config
    protocol = prefix.split("://", 1)[0] if "://" in prefix else "file"
    have = configured_credentials(own)
    missing = tuple(
        name
        for name in envelope.credentials
        if name not in have and protocol in _STORE_PROTOCOLS[name.split(".", 1)[0]]
    )
    filesystems = None
    if missing:
        protocols = _STORE_PROTOCOLS[missing[0].split(".", 1)[0]]
        filesystems = _RequiringCredentials(access.filesystems, prefix, protocols, missing)
    config = _with_own_credentials(envelope.data_config, own)
    return access.with_raw_output(prefix, config, filesystems=filesystems)


def _refuse_unplaced_ids(envelope: ContextEnvelope) -> None:
    """A root without execution parameters has nowhere to put the envelope's ids and metadata
    prefix (building parameters would need a clock, which the core does not read): an error
    naming the first of them, rather than a worker that quietly runs as no execution."""
    for field, value in (
        ("execution_id", envelope.execution_id),
        ("task_id", envelope.task_id),
        ("output_metadata_prefix", envelope.output_metadata_prefix),
    ):
        if value is not None:
            raise EnvelopeError(
                field,
                "this worker's root context has no execution parameters to carry it; give the "
                "worker a root with user_space_params",
            )


def worker_builder(root: FlyteContext, envelope: ContextEnvelope) -> FlyteContext.Builder:
    """A builder of ``root`` (the worker's own root context) with ``envelope`` applied; what
    ``FlyteContextManager.enter`` pushes.

    Raises ``EnvelopeError`` when the envelope's settings do not decode, the root's file
    access cannot write where the envelope says, or the root has no execution parameters for
    the envelope's ids; nothing is built then.
    """
    settings = envelope.serialization_settings
    execution_id = (
        None
        if envelope.execution_id is None
        else WorkflowExecutionIdentifier.from_python_std(envelope.execution_id)
    )
    task_id = None if envelope.task_id is None else Identifier.from_python_std(envelope.task_id)
    prefix = envelope.raw_output_prefix
    access = (
        root.file_access
        if prefix is None
        else _worker_file_access(root.file_access, envelope, prefix)
    )
    params = root.user_space_params
    if params is None:
        _refuse_unplaced_ids(envelope)
    else:
        params = (
            ExecutionParameters.new_builder(params)
            .with_params(
                execution_id=execution_id,
                task_id=task_id,
                raw_output_prefix=access.raw_output_prefix,
                output_metadata_prefix=envelope.output_metadata_prefix,
            )
            .build()
        )
    state = root.execution_state
    if state is None:  # then the root has no parameters either: they are its state's
        state = ExecutionState(
            working_dir=str(access.local_sandbox_dir), mode=envelope.execution_mode
        )
    else:
        state = state.with_params(mode=envelope.execution_mode, user_space_params=params)
    builder = root.new_builder().with_file_access(access).with_execution_state(state)
    if settings is not None:
        builder = builder.with_serialization_settings(settings)
    return builder.with_custom_context(envelope.custom_context).with_trace_context(
        envelope.trace_context
    )
