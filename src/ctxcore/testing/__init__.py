"""Testing kit for SDKs that embed ctxcore.

- Hypothesis strategies for every public record, generating only valid values; keyword
  arguments pin fields (``execution_states(mode=st.just(ExecutionMode.TASK_EXECUTION))``).
- In-memory fakes of every effect: ``FakeClock``, ``CounterEntropy``, ``MemoryFileSystems``,
  ``FakeSignals``, ``memory_file_access()``, ``memory_secrets()``, ``fake_root()`` (and
  ``ctxcore.RecordingStats``, ``ctxcore.MemoryTimeline``; a ``dict`` is a fake environment),
  and ``FakeAmbient``, the whole process faked for the core's shortcuts (``Config.auto()``...).
- Hostile inputs for decoders (``ctxcore.testing.bombs``: half a million wrong list items in a
  small serialized context, YAML alias and INI interpolation bombs) and ``gzip_bomb``.
- A pytest plugin (``ctxcore.testing.plugin``, registered automatically) with fixtures.

Names load on first access, so the pytest plugin works without hypothesis installed
(``pip install ctxcore[testing]`` brings it).
"""

from __future__ import annotations

from ctxcore._lazy import lazy_face

TYPE_CHECKING = False

if TYPE_CHECKING:
    from ctxcore.testing.ambient import *
    from ctxcore.testing.bombs import *
    from ctxcore.testing.fakes import *
    from ctxcore.testing.memory import *
    from ctxcore.testing.strategies.compilation import *
    from ctxcore.testing.strategies.config import *
    from ctxcore.testing.strategies.context import *
    from ctxcore.testing.strategies.execution import *
    from ctxcore.testing.strategies.serialization import *

# Packed a module a row (not a name a line, as the formatter would have it).
# fmt: off
_EXPORTS: dict[str, tuple[str, ...]] = {
    "ctxcore.testing.ambient": ("FakeAmbient",),
    "ctxcore.testing.bombs": (
        "ini_defaults_bomb", "ini_interpolation_bomb", "wrong_items_context", "wrong_items_json",
        "yaml_alias_bomb",
    ),
    "ctxcore.testing.fakes": (
        "CounterEntropy", "CountingTempDirs", "FakeClock", "FakeSecretProvider", "FakeSignals",
        "RecordingLogger",
    ),
    "ctxcore.testing.memory": (
        "fake_root", "memory_file_access", "memory_root", "memory_secrets", "MemoryFileAccess",
        "MemoryFileSystems", "StaticItem",
    ),
    "ctxcore.testing.strategies.compilation": (
        "compilation_states", "node_metadata", "nodes", "resource_requirements", "resources",
    ),
    "ctxcore.testing.strategies.context": (
        "context_builders", "contexts", "file_accesses", "output_metadata",
        "output_metadata_trackers", "stack_origins", "tracked_objects",
    ),
    "ctxcore.testing.strategies.execution": (
        "branch_eval_modes", "execution_modes", "execution_parameters", "execution_states",
        "identifier_parts", "identifiers", "node_execution_identifiers",
        "task_execution_identifiers", "workflow_execution_identifiers",
    ),
    "ctxcore.testing.strategies.config": (
        "auth_types", "azure_configs", "config_to_env", "config_to_ini", "config_to_yaml",
        "configs", "data_configs", "encode_text", "field_value", "gcs_configs",
        "generic_persistence_configs", "local_configs", "platform_configs", "s3_configs",
        "secrets_configs", "setting_texts", "stats_configs", "task_configs",
    ),
    "ctxcore.testing.strategies.serialization": (
        "entrypoint_settings", "envs", "fast_serialization_settings", "gzip_bomb", "image_configs",
        "image_identifiers", "images", "reference_sample_settings", "resource_specs",
        "serialization_settings",
    ),
}
"""The module that defines each name of the kit (see ``ctxcore``'s face for how this works)."""
# fmt: on

if not TYPE_CHECKING:
    __getattr__, __dir__, __all__ = lazy_face(__name__, _EXPORTS, globals())
