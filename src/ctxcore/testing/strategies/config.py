"""Hypothesis strategies for the configuration records, and encoders that turn a record back
into the environment / INI / YAML that resolves to it.

The strategies generate values every configuration source can express: non-empty strings
without whitespace, commas, ``%`` or ``dns:///``; positive integers within each setting's range
(``MAX_STORAGE_RETRIES``, ``MAX_BACKOFF_SECONDS``, ``MAX_PORT``); non-empty lists. Pin any
field with a keyword argument, as a value or as a strategy::

    configs(platform=platform_configs(rpc_retries=3), local_sandbox_path=None)

``rpc_retries`` has no environment variable or file key, so pin it to 3 (its default) when a
test resolves a config back from its encoding.
"""

from __future__ import annotations

import datetime
import string
from collections.abc import Mapping
from typing import Protocol, TypeVar

from hypothesis import strategies as st

from ctxcore.core.config.catalogue import (
    MAX_BACKOFF_SECONDS,
    MAX_PORT,
    MAX_STORAGE_RETRIES,
    SETTINGS,
    Setting,
)
from ctxcore.core.config.records import (
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
from ctxcore.core.config.values import AuthType

__all__ = [
    "auth_types",
    "azure_configs",
    "config_to_env",
    "config_to_ini",
    "config_to_yaml",
    "configs",
    "data_configs",
    "encode_text",
    "field_value",
    "gcs_configs",
    "generic_persistence_configs",
    "local_configs",
    "platform_configs",
    "s3_configs",
    "secrets_configs",
    "setting_texts",
    "stats_configs",
    "task_configs",
]

R = TypeVar("R")

_ALPHABET = string.ascii_letters + string.digits + "-_./:@+"


def setting_texts() -> st.SearchStrategy[str]:
    """Strings any source carries unchanged (env, INI after trimming, YAML after quoting)."""
    return st.text(_ALPHABET, min_size=1, max_size=24).filter(lambda t: "dns:///" not in t)


def _optional_text() -> st.SearchStrategy[str | None]:
    return st.none() | setting_texts()


def _text_lists() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(setting_texts(), min_size=1, max_size=4).map(tuple)


def _positive(high: int) -> st.SearchStrategy[int]:
    return st.integers(min_value=1, max_value=high)


def auth_types() -> st.SearchStrategy[AuthType]:
    """Any ``AuthType`` member."""
    return st.sampled_from(AuthType)


def _pin(value: object) -> st.SearchStrategy[object]:
    return value if isinstance(value, st.SearchStrategy) else st.just(value)  # pyright: ignore[reportUnknownVariableType]


def _records(
    record: type[R], fields: Mapping[str, st.SearchStrategy[object]], pinned: Mapping[str, object]
) -> st.SearchStrategy[R]:
    unknown = set(pinned) - set(fields)
    if unknown:
        raise TypeError(f"{record.__name__} has no field(s) {sorted(unknown)}")
    chosen = {name: _pin(pinned[name]) if name in pinned else s for name, s in fields.items()}
    return st.builds(record, **chosen)


def platform_configs(**pinned: object) -> st.SearchStrategy[PlatformConfig]:
    """``PlatformConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "endpoint": setting_texts(),
        "insecure": st.booleans(),
        "insecure_skip_verify": st.booleans(),
        "ca_cert_file_path": _optional_text(),
        "console_endpoint": _optional_text(),
        "command": st.none() | _text_lists(),
        "proxy_command": st.none() | _text_lists(),
        "client_id": _optional_text(),
        "client_credentials_secret": _optional_text(),
        "scopes": st.just(()) | _text_lists(),
        "auth_mode": auth_types(),
        "audience": _optional_text(),
        "rpc_retries": st.integers(min_value=0, max_value=10),
        "http_proxy_url": _optional_text(),
    }
    return _records(PlatformConfig, fields, pinned)


def secrets_configs(**pinned: object) -> st.SearchStrategy[SecretsConfig]:
    """``SecretsConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "env_prefix": setting_texts(),
        "default_dir": setting_texts(),
        "file_prefix": setting_texts(),
    }
    return _records(SecretsConfig, fields, pinned)


def stats_configs(**pinned: object) -> st.SearchStrategy[StatsConfig]:
    """``StatsConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "host": setting_texts(),
        "port": _positive(MAX_PORT),
        "disabled": st.booleans(),
        "disabled_tags": st.booleans(),
    }
    return _records(StatsConfig, fields, pinned)


def s3_configs(**pinned: object) -> st.SearchStrategy[S3Config]:
    """``S3Config`` records (whole-second back-off)."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "enable_debug": st.booleans(),
        "endpoint": _optional_text(),
        "retries": _positive(MAX_STORAGE_RETRIES),
        "backoff": _positive(MAX_BACKOFF_SECONDS).map(lambda n: datetime.timedelta(seconds=n)),
        "access_key_id": _optional_text(),
        "secret_access_key": _optional_text(),
        "adressing_style": st.none() | st.sampled_from(["path", "virtual", "auto"]),
    }
    return _records(S3Config, fields, pinned)


def gcs_configs(**pinned: object) -> st.SearchStrategy[GCSConfig]:
    """``GCSConfig`` records."""
    return _records(GCSConfig, {"gsutil_parallelism": st.booleans()}, pinned)


def azure_configs(**pinned: object) -> st.SearchStrategy[AzureBlobStorageConfig]:
    """``AzureBlobStorageConfig`` records."""
    names = ("account_name", "account_key", "tenant_id", "client_id", "client_secret")
    fields: dict[str, st.SearchStrategy[object]] = {name: _optional_text() for name in names}
    return _records(AzureBlobStorageConfig, fields, pinned)


def generic_persistence_configs(**pinned: object) -> st.SearchStrategy[GenericPersistenceConfig]:
    """``GenericPersistenceConfig`` records."""
    return _records(GenericPersistenceConfig, {"attach_execution_metadata": st.booleans()}, pinned)


def data_configs(**pinned: object) -> st.SearchStrategy[DataConfig]:
    """``DataConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "s3": s3_configs(),
        "gcs": gcs_configs(),
        "azure": azure_configs(),
        "generic": generic_persistence_configs(),
    }
    return _records(DataConfig, fields, pinned)


def local_configs(**pinned: object) -> st.SearchStrategy[LocalConfig]:
    """``LocalConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "cache_enabled": st.booleans(),
        "cache_overwrite": st.booleans(),
    }
    return _records(LocalConfig, fields, pinned)


def task_configs(**pinned: object) -> st.SearchStrategy[TaskConfig]:
    """``TaskConfig`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "project": setting_texts(),
        "domain": setting_texts(),
        "org": setting_texts(),
    }
    return _records(TaskConfig, fields, pinned)


def configs(**pinned: object) -> st.SearchStrategy[Config]:
    """``Config`` records."""
    fields: dict[str, st.SearchStrategy[object]] = {
        "platform": platform_configs(),
        "secrets": secrets_configs(),
        "stats": stats_configs(),
        "data_config": data_configs(),
        "local_sandbox_path": _optional_text(),
    }
    return _records(Config, fields, pinned)


# --- encoders ------------------------------------------------------------------------------------


def field_value(record: object, path: str) -> object:
    """The value at a dotted field path (``"platform.endpoint"``) of a record."""
    value = record
    for name in path.split("."):
        value = getattr(value, name)
    return value


def encode_text(value: object) -> str:
    """A field value as the text of an environment variable or INI option."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, AuthType):
        return value.value
    if isinstance(value, datetime.timedelta):
        return str(int(value.total_seconds()))
    if isinstance(value, tuple):
        return ",".join(str(item) for item in value)  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    return str(value)


def _expressed(record: object) -> list[tuple[Setting[object], str]]:
    """The settings that carry this config's non-empty values, with their text."""
    out: list[tuple[Setting[object], str]] = []
    for setting in SETTINGS:
        try:
            value = field_value(record, setting.path)
        except AttributeError:
            continue
        if value is None or value == ():
            continue
        out.append((setting, encode_text(value)))
    return out


def config_to_env(config: Config) -> dict[str, str]:
    """The ``FLYTE_*`` environment that resolves to ``config`` (with ``rpc_retries`` 3)."""
    return {setting.env_var: text for setting, text in _expressed(config)}


def config_to_ini(config: Config) -> str:
    """The legacy INI file that resolves to ``config`` (with ``rpc_retries`` 3)."""
    sections: dict[str, list[str]] = {}
    for setting, text in _expressed(config):
        sections.setdefault(setting.section, []).append(f"{setting.option} = {text}")
    return "".join(
        f"[{name}]\n" + "".join(line + "\n" for line in lines) + "\n"
        for name, lines in sections.items()
    )


def config_to_yaml(config: Config) -> str:
    """A YAML file with every value of ``config`` that has a YAML key (others are left out)."""
    import yaml

    document: dict[str, object] = {}
    tables: dict[str, dict[str, object]] = {"": document}
    for setting, text in _expressed(config):
        if setting.yaml_key is None:
            continue
        *parents, leaf = setting.yaml_key.split(".")
        table = document
        path = ""
        for parent in parents:
            path = f"{path}.{parent}"
            if path not in tables:
                tables[path] = table[parent] = {}
            table = tables[path]
        value = field_value(config, setting.path)
        if isinstance(value, bool):
            table[leaf] = value
        elif isinstance(value, tuple):
            table[leaf] = text.split(",")
        else:
            table[leaf] = text
    # types-PyYAML (6.0.12.20261122 on) types safe_dump's `width` with typeshed's new
    # `_typeshed.FloatInt`, which the typeshed bundled in pyright 1.1.414 does not define, so
    # pyright strict sees the whole function as partially unknown. Fetched untyped and given the
    # one call shape used here, the call stays checked by both checkers.
    safe_dump: _SafeDump = getattr(yaml, "safe_dump")  # noqa: B009
    return safe_dump(document, sort_keys=False)


class _SafeDump(Protocol):
    """``yaml.safe_dump`` as ``config_to_yaml`` calls it: a document to YAML text."""

    def __call__(self, data: Mapping[str, object], /, *, sort_keys: bool) -> str: ...
