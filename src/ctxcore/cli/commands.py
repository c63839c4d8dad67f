"""The ``config``, ``context``, ``schema`` and ``secrets`` commands: read-only views for people and
machines."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Final, TextIO

import attrs

from ctxcore.core.codec import get_converter
from ctxcore.core.config.entries import ConfigEntry, entries_of
from ctxcore.core.config.file import ConfigFile
from ctxcore.core.config.reader import Provenance
from ctxcore.core.config.records import Config, SecretsConfig
from ctxcore.core.config.resolve import ResolvedConfig
from ctxcore.core.config.unknown import (
    BUILTIN,
    find_renamed,
    find_unknown,
)
from ctxcore.core.errors import ConfigError, SecretNameError, SecretNotFoundError
from ctxcore.core.handoff.envelope import ContextEnvelope
from ctxcore.core.serialization.settings import SerializationSettings
from ctxcore.effects.environment import process_environment
from ctxcore.shell.config_loader import explain_discovery, load_config_file
from ctxcore.shell.secrets import SecretsManager

SCHEMAS: Final[Mapping[str, Callable[[], dict[str, object]]]] = {
    "serialization-settings": SerializationSettings.json_schema,
    "context-envelope": ContextEnvelope.json_schema,
}
"""What ``schema`` prints: a record's name on the command line → its JSON Schema."""

MAX_INPUT_BYTES = 8 << 20
"""Largest input the ``context`` commands read from a file or standard input."""


def _read_argument(value: str) -> str:
    """``value`` itself, or standard input when it is ``-`` (bounded; Python has no stdin when
    its descriptor is closed, as by ``<&-``)."""
    if value != "-":
        return value
    stdin: TextIO | None = sys.stdin
    if stdin is None:
        raise ValueError("standard input is closed (give the value instead of -)")
    text = stdin.read(MAX_INPUT_BYTES + 1)
    if len(text) > MAX_INPUT_BYTES:
        raise ValueError(f"standard input is larger than {MAX_INPUT_BYTES} bytes")
    return text.strip()


def _provenance_json(origin: Provenance) -> dict[str, object]:
    value: object = "<redacted>" if origin.sensitive and origin.value is not None else origin.value
    return {
        "value": get_converter().unstructure(value),
        "source": origin.source,
        "name": origin.name,
        "location": origin.location,
        "detail": origin.detail,
        "renamed_to": origin.renamed_to,
        "shadowed": [_provenance_json(hidden) for hidden in origin.shadowed],
    }


def plugin_entries(specs: Sequence[str]) -> dict[str, ConfigEntry[object]]:
    """The configuration entries that ``--entries MODULE[:CLASS]`` names (``entries_of``)."""
    groups: list[object] = []
    for spec in specs:
        module_name, _, attribute = spec.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as error:
            raise ValueError(f"--entries {spec}: cannot import {module_name}: {error}") from None
        group = getattr(module, attribute, None) if attribute else module
        if group is None:
            raise ValueError(f"--entries {spec}: {module_name} has no {attribute}")
        groups.append(group)
    return entries_of(*groups)


def _resolved(config_file: str | None, entries: Sequence[str]) -> ResolvedConfig:
    if entries:
        named = plugin_entries(entries)
        env = process_environment()
        file = load_config_file(config_file, env=env)
        return Config.explain(file, env=env).with_entries(named, file, env)
    return Config.explain(config_file)


def check_config(
    out: TextIO, *, config_file: str | None, as_json: bool, entries: Sequence[str] = ()
) -> int:
    """Print every unknown name (with where it is and a suggestion) and the error, if any, of
    the configuration; 1 when there is any, else 0. An old name of a renamed setting is printed
    as a warning (with the new name) and does not make the check fail: it is read, as the
    reference read it, so the configuration works; the warning says what to rename."""
    env = process_environment()
    errors: list[str] = []
    file: ConfigFile | None = None
    known = BUILTIN.with_entries(plugin_entries(entries).values())
    try:
        file = load_config_file(config_file, env=env)
        Config.explain(file, env=env)  # for its errors: each names where it is
    except ConfigError as error:
        errors.append(error.message)
    unknown = find_unknown(env, file, known)
    renamed = find_renamed(env, file)
    if as_json:
        document = {
            "unknown": [attrs.asdict(name) for name in unknown],
            "renamed": [attrs.asdict(name) for name in renamed],
            "errors": errors,
        }
        out.write(json.dumps(document, indent=2) + "\n")
    else:
        for line in errors:
            out.write(f"error: {line}\n")
        for name in unknown:
            out.write(f"unknown: {name.describe()}\n")
        for old in renamed:
            out.write(f"warning: {old.describe()}\n")
        if not errors and not unknown:
            warned = f"; {len(renamed)} deprecated name(s), above" if renamed else ""
            out.write(f"ok: no unknown names, no errors{warned}\n")
    return 1 if errors or unknown else 0


def show_config(
    out: TextIO,
    *,
    config_file: str | None,
    explain: bool,
    as_json: bool,
    entries: Sequence[str] = (),
) -> int:
    """Print the configuration resolved from the environment and the config file, and the
    configuration entries ``entries`` names (a plugin's: ``MODULE[:CLASS]``)."""
    resolved = _resolved(config_file, entries)
    if as_json:
        fields = {path: _provenance_json(origin) for path, origin in resolved.provenance.items()}
        document: object = (
            {
                **fields,
                "discovery": _discovery_json(config_file),
                "unknown": [attrs.asdict(name) for name in resolved.unknown],
                "renamed": [attrs.asdict(name) for name in resolved.renamed],
            }
            if explain
            else {path: field["value"] for path, field in fields.items()}
        )
        out.write(json.dumps(document, indent=2) + "\n")
    elif explain:
        out.write(resolved.describe() + "\n")
        out.write("\nconfig file discovery, in order:\n")
        if config_file is not None:
            out.write(f"  --config {config_file}: taken: given on the command line\n")
        else:
            out.writelines(f"  {step.describe()}\n" for step in explain_discovery())
        if resolved.unknown:
            out.write("\nunknown names (no entry reads them):\n")
            out.writelines(f"  {name.describe()}\n" for name in resolved.unknown)
        if resolved.renamed:
            out.write("\nrenamed names (deprecated: use the new name):\n")
            out.writelines(f"  {name.describe()}\n" for name in resolved.renamed)
    else:
        for path, origin in resolved.provenance.items():
            out.write(f"{path} = {origin.shown_value()}\n")
    return 0


def _discovery_json(config_file: str | None) -> list[dict[str, object]]:
    if config_file is not None:
        return [
            {
                "candidate": "--config",
                "path": config_file,
                "taken": True,
                "reason": "given on the command line",
            }
        ]
    return [
        {"candidate": s.candidate, "path": s.path, "taken": s.taken, "reason": s.reason}
        for s in explain_discovery()
    ]


def decode_context(out: TextIO, value: str) -> int:
    """Print an ``_F_SS_C`` value as readable JSON."""
    settings = SerializationSettings.from_transport(_read_argument(value))
    out.write(json.dumps(settings.to_dict(), indent=2) + "\n")
    return 0


def encode_context(out: TextIO, value: str) -> int:
    """Print the ``_F_SS_C`` value of settings given as JSON."""
    settings = SerializationSettings.from_json(_read_argument(value))
    out.write(settings.serialized_context + "\n")
    return 0


def show_schema(out: TextIO, record: str) -> int:
    """Print the JSON Schema (draft 2020-12) of ``record``'s JSON layout."""
    out.write(json.dumps(SCHEMAS[record](), indent=2) + "\n")
    return 0


def where_secret(out: TextIO, group: str, key: str, version: str | None) -> int:
    """Print where a secret would be looked up; never its value."""
    manager = SecretsManager()
    env_var = manager.get_secrets_env_var(group, key, version)
    unprefixed = env_var.removeprefix(manager.env_prefix)
    out.write(f"environment variable: {env_var}\n")
    out.write(f"environment variable in local executions: {unprefixed}\n")
    out.write(f"file: {manager.get_secrets_file(group, key, version)}\n")
    return 0


def secret_spec(text: str) -> tuple[str, str | None]:
    """``GROUP[:KEY]`` as ``(group, key)``; a ``ValueError`` for a name that is empty or not
    plain (the command line's usage error)."""
    group, colon, key = text.partition(":")
    if not group or (colon and not key):
        raise ValueError(f"{text!r} is not GROUP or GROUP:KEY")
    _plain(group, key or None, None)
    return group, key or None


def secret_version(text: str) -> str:
    """``text``, a secret's group_version; a ``ValueError`` when it is not a plain name."""
    _plain("group", None, text)
    return text


def _plain(group: str, key: str | None, version: str | None) -> None:
    try:  # the manager's own check of each part, with nothing looked up
        SecretsManager(SecretsConfig(), env={}).get_secrets_env_var(group, key, version)
    except SecretNameError as error:
        raise ValueError(error.message) from None


def check_secrets(
    out: TextIO, secrets: Sequence[tuple[str, str | None]], version: str | None
) -> int:
    """Say of each secret whether it can be found (``SecretsManager.verify``: no value is read)
    and, for each missing one, every place it was looked for; 1 when any is missing, else 0."""
    manager = SecretsManager()
    try:
        manager.verify([(group, key, version) for group, key in secrets])
    except SecretNotFoundError as error:
        missing = error.missing or (error,)
    else:
        missing = ()
    absent = {(secret.group, secret.key) for secret in missing}
    for group, key in secrets:
        if (group, key) not in absent:
            out.write(f"found: {_spec_text(group, key, version)}\n")
    for secret in missing:
        places = (f"env {secret.env_var}", f"file {secret.file_path}", *secret.looked_in)
        looked_in = ", ".join(places)
        spec = _spec_text(secret.group or "", secret.key, version)
        out.write(f"missing: {spec}: looked in {looked_in}\n")
    return 1 if missing else 0


def _spec_text(group: str, key: str | None, version: str | None) -> str:
    named = f"{group}:{key}" if key else group
    return f"{named} (version {version})" if version else named
