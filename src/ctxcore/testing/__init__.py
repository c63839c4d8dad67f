"""Testing kit for SDKs that embed ctxcore.

- Hypothesis strategies for every public record, generating only valid values; keyword
  arguments pin fields (``execution_states(mode=st.just(ExecutionMode.TASK_EXECUTION))``).
- In-memory fakes of every effect: ``FakeClock``, ``CounterEntropy``, ``MemoryFileSystems``,
  ``FakeSignals``, ``memory_file_access()``, ``memory_secrets()``, ``fake_root()`` (and
  ``ctxcore.RecordingStats``, ``ctxcore.MemoryTimeline``; a ``dict`` is a fake environment).
- A pytest plugin (``ctxcore.testing.plugin``, registered automatically) with fixtures.

Names load on first access, so the pytest plugin works without hypothesis installed
(``pip install ctxcore[testing]`` brings it).
"""

from __future__ import annotations

import importlib

TYPE_CHECKING = False

if TYPE_CHECKING:
    from ctxcore.testing.fakes import (
        CounterEntropy,
        FakeClock,
        FakeSignals,
        MemoryFileAccess,
        MemoryFileSystems,
        StaticItem,
        fake_root,
        memory_file_access,
        memory_root,
        memory_secrets,
    )
    from ctxcore.testing.strategies import (
        branch_eval_modes,
        compilation_states,
        context_builders,
        contexts,
        execution_modes,
        execution_parameters,
        execution_states,
        file_accesses,
        identifier_parts,
        identifiers,
        node_metadata,
        nodes,
        output_metadata,
        output_metadata_trackers,
        resource_requirements,
        resources,
        stack_origins,
        tracked_objects,
        workflow_execution_identifiers,
    )
    from ctxcore.testing.strategies_config import (
        auth_types,
        azure_configs,
        config_to_env,
        config_to_ini,
        config_to_yaml,
        configs,
        data_configs,
        encode_text,
        field_value,
        gcs_configs,
        generic_persistence_configs,
        local_configs,
        platform_configs,
        s3_configs,
        secrets_configs,
        setting_texts,
        stats_configs,
        task_configs,
    )
    from ctxcore.testing.strategies_serialization import (
        entrypoint_settings,
        envs,
        fast_serialization_settings,
        gzip_bomb,
        image_configs,
        image_identifiers,
        images,
        reference_sample_settings,
        resource_specs,
        serialization_settings,
    )

_EXPORTS: dict[str, str] = {
    "CounterEntropy": "ctxcore.testing.fakes",
    "FakeClock": "ctxcore.testing.fakes",
    "FakeSignals": "ctxcore.testing.fakes",
    "MemoryFileAccess": "ctxcore.testing.fakes",
    "MemoryFileSystems": "ctxcore.testing.fakes",
    "StaticItem": "ctxcore.testing.fakes",
    "auth_types": "ctxcore.testing.strategies_config",
    "azure_configs": "ctxcore.testing.strategies_config",
    "branch_eval_modes": "ctxcore.testing.strategies",
    "compilation_states": "ctxcore.testing.strategies",
    "config_to_env": "ctxcore.testing.strategies_config",
    "config_to_ini": "ctxcore.testing.strategies_config",
    "config_to_yaml": "ctxcore.testing.strategies_config",
    "configs": "ctxcore.testing.strategies_config",
    "context_builders": "ctxcore.testing.strategies",
    "contexts": "ctxcore.testing.strategies",
    "data_configs": "ctxcore.testing.strategies_config",
    "encode_text": "ctxcore.testing.strategies_config",
    "entrypoint_settings": "ctxcore.testing.strategies_serialization",
    "envs": "ctxcore.testing.strategies_serialization",
    "execution_modes": "ctxcore.testing.strategies",
    "execution_parameters": "ctxcore.testing.strategies",
    "execution_states": "ctxcore.testing.strategies",
    "fake_root": "ctxcore.testing.fakes",
    "fast_serialization_settings": "ctxcore.testing.strategies_serialization",
    "field_value": "ctxcore.testing.strategies_config",
    "file_accesses": "ctxcore.testing.strategies",
    "gcs_configs": "ctxcore.testing.strategies_config",
    "generic_persistence_configs": "ctxcore.testing.strategies_config",
    "gzip_bomb": "ctxcore.testing.strategies_serialization",
    "identifier_parts": "ctxcore.testing.strategies",
    "identifiers": "ctxcore.testing.strategies",
    "image_configs": "ctxcore.testing.strategies_serialization",
    "image_identifiers": "ctxcore.testing.strategies_serialization",
    "images": "ctxcore.testing.strategies_serialization",
    "local_configs": "ctxcore.testing.strategies_config",
    "memory_file_access": "ctxcore.testing.fakes",
    "memory_root": "ctxcore.testing.fakes",
    "memory_secrets": "ctxcore.testing.fakes",
    "node_metadata": "ctxcore.testing.strategies",
    "nodes": "ctxcore.testing.strategies",
    "output_metadata": "ctxcore.testing.strategies",
    "output_metadata_trackers": "ctxcore.testing.strategies",
    "platform_configs": "ctxcore.testing.strategies_config",
    "reference_sample_settings": "ctxcore.testing.strategies_serialization",
    "resource_requirements": "ctxcore.testing.strategies",
    "resource_specs": "ctxcore.testing.strategies_serialization",
    "resources": "ctxcore.testing.strategies",
    "s3_configs": "ctxcore.testing.strategies_config",
    "secrets_configs": "ctxcore.testing.strategies_config",
    "serialization_settings": "ctxcore.testing.strategies_serialization",
    "setting_texts": "ctxcore.testing.strategies_config",
    "stack_origins": "ctxcore.testing.strategies",
    "stats_configs": "ctxcore.testing.strategies_config",
    "task_configs": "ctxcore.testing.strategies_config",
    "tracked_objects": "ctxcore.testing.strategies",
    "workflow_execution_identifiers": "ctxcore.testing.strategies",
}

if not TYPE_CHECKING:

    def __getattr__(name: str) -> object:
        module = _EXPORTS.get(name)
        if module is None:
            raise AttributeError(f"module 'ctxcore.testing' has no attribute {name!r}")
        value: object = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(__all__)


__all__ = [
    "CounterEntropy",
    "FakeClock",
    "FakeSignals",
    "MemoryFileAccess",
    "MemoryFileSystems",
    "StaticItem",
    "auth_types",
    "azure_configs",
    "branch_eval_modes",
    "compilation_states",
    "config_to_env",
    "config_to_ini",
    "config_to_yaml",
    "configs",
    "context_builders",
    "contexts",
    "data_configs",
    "encode_text",
    "entrypoint_settings",
    "envs",
    "execution_modes",
    "execution_parameters",
    "execution_states",
    "fake_root",
    "fast_serialization_settings",
    "field_value",
    "file_accesses",
    "gcs_configs",
    "generic_persistence_configs",
    "gzip_bomb",
    "identifier_parts",
    "identifiers",
    "image_configs",
    "image_identifiers",
    "images",
    "local_configs",
    "memory_file_access",
    "memory_root",
    "memory_secrets",
    "node_metadata",
    "nodes",
    "output_metadata",
    "output_metadata_trackers",
    "platform_configs",
    "reference_sample_settings",
    "resource_requirements",
    "resource_specs",
    "resources",
    "s3_configs",
    "secrets_configs",
    "serialization_settings",
    "setting_texts",
    "stack_origins",
    "stats_configs",
    "task_configs",
    "tracked_objects",
    "workflow_execution_identifiers",
]
