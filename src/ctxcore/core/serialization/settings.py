"""Serialization settings: what registration and the task entry point need to know.

``SerializationSettings`` has the reference's fields, order and defaults, and its JSON layout
(``to_json``: keys in field order, ``", "``/``": "`` separators, ``null`` for ``None``, nested
records as objects), so the ``_F_SS_C`` serialized context is exchangeable with the reference in
both directions. Unlike the reference, every record here is frozen: ``new_builder`` gives an
immutable builder and ``with_serialized_context`` a new settings value.

The cattrs converter is built on first use; importing this module does not import cattrs, and
neither do ``to_json`` nor ``from_json``/``from_transport`` of the usual settings (``layout``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Final

import attrs

from ctxcore.core import results
from ctxcore.core._records import init_fields
from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.resources import Resources
from ctxcore.core.errors import TransportError
from ctxcore.core.results import unwrap_or_raise
from ctxcore.core.serialization.decoding import (
    parse_settings_dict,
    settings_converter,
    settings_or_error,
)
from ctxcore.core.serialization.entrypoint import (
    DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    EntrypointSettings,
    default_entrypoint_settings,
    venv_root_from_interpreter,
)
from ctxcore.core.serialization.env import FrozenEnv, frozen_env
from ctxcore.core.serialization.images import DEFAULT_IMAGE_NAME, Image, ImageConfig
from ctxcore.core.serialization.layout import settings_json
from ctxcore.core.serialization.transport import (
    DEFAULT_MAX_TRANSPORT_SIZE,
    SERIALIZED_CONTEXT_ENV_VAR,
    decode_transport,
    decode_transport_or_error,
    encode_transport_text,
)

DEFAULT_IN_CONTAINER_SRC_PATH: Final = "/root"
"""Where fast-registered code is placed in the container."""

PROJECT_PLACEHOLDER: Final = "{{ registration.project }}"
DOMAIN_PLACEHOLDER: Final = "{{ registration.domain }}"
VERSION_PLACEHOLDER: Final = "{{ registration.version }}"

__all__ = [
    "DEFAULT_IN_CONTAINER_SRC_PATH",
    "DOMAIN_PLACEHOLDER",
    "PROJECT_PLACEHOLDER",
    "VERSION_PLACEHOLDER",
    "FastSerializationSettings",
    "ResourceSpec",
    "SerializationSettings",
]


@attrs.frozen
class FastSerializationSettings:
    """Fast registration: whether it is on, where code goes, where its archive is."""

    __repr__ = fields_repr

    enabled: bool = False
    destination_dir: str | None = None
    distribution_location: str | None = None


@attrs.frozen
class ResourceSpec:
    """Default resource requests and limits of the tasks being serialized."""

    __repr__ = fields_repr

    requests: Resources
    limits: Resources


@attrs.frozen(init=False)
class SerializationSettings:
    """Settings for serializing (registering) entities and for running them in a container.

    Fields, order and defaults are the reference's; the order is also the JSON key order.
    ``flytekit_virtualenv_root`` is derived from ``python_interpreter`` when not given.
    ``env`` accepts any ``str → str`` mapping and is stored as an immutable ``FrozenEnv``.
    """

    __repr__ = fields_repr

    # The defaults tell the decoder which keys may be missing; ``__init__`` has the real ones
    # (``flytekit_virtualenv_root`` is derived there).
    image_config: ImageConfig
    project: str | None = None
    domain: str | None = None
    version: str | None = None
    env: FrozenEnv | None = None
    default_resources: ResourceSpec | None = None
    git_repo: str | None = None
    python_interpreter: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER
    flytekit_virtualenv_root: str = ""
    fast_serialization_settings: FastSerializationSettings | None = None
    source_root: str | None = None

    def __init__(
        self,
        image_config: ImageConfig,
        project: str | None = None,
        domain: str | None = None,
        version: str | None = None,
        env: Mapping[str, str] | None = None,
        default_resources: ResourceSpec | None = None,
        git_repo: str | None = None,
        python_interpreter: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER,
        flytekit_virtualenv_root: str | None = None,
        fast_serialization_settings: FastSerializationSettings | None = None,
        source_root: str | None = None,
    ) -> None:
        init_fields(
            self,
            image_config,
            project,
            domain,
            version,
            frozen_env(env),
            default_resources,
            git_repo,
            python_interpreter,
            (
                venv_root_from_interpreter(python_interpreter)
                if flytekit_virtualenv_root is None
                else flytekit_virtualenv_root
            ),
            fast_serialization_settings,
            source_root,
        )

    @staticmethod
    def venv_root_from_interpreter(interpreter_path: str) -> str:
        """``dirname(dirname(interpreter_path))``: ``/opt/venv/bin/python3`` -> ``/opt/venv``."""
        return venv_root_from_interpreter(interpreter_path)

    @staticmethod
    def default_entrypoint_settings(interpreter_path: str) -> EntrypointSettings:
        """The entry point ``<venv root>/bin/entrypoint.py`` of ``interpreter_path``."""
        return default_entrypoint_settings(interpreter_path)

    @property
    def entrypoint_settings(self) -> EntrypointSettings:
        """The entry point for ``python_interpreter`` (``flytekit_virtualenv_root`` is not
        consulted, as in the reference)."""
        return default_entrypoint_settings(self.python_interpreter)

    @staticmethod
    def for_image(
        image: str,
        version: str,
        project: str = "",
        domain: str = "",
        python_interpreter_path: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER,
    ) -> SerializationSettings:
        """Settings whose default image is ``image`` (which needs a tag or digest)."""
        return SerializationSettings(
            image_config=ImageConfig(
                default_image=Image.look_up_image_info(DEFAULT_IMAGE_NAME, image)
            ),
            project=project,
            domain=domain,
            version=version,
            python_interpreter=python_interpreter_path,
        )

    def should_fast_serialize(self) -> bool:
        """True when fast-serialization settings are present and enabled."""
        return (
            self.fast_serialization_settings is not None
            and self.fast_serialization_settings.enabled
        )

    def new_builder(self) -> SerializationSettings.Builder:
        """An immutable builder holding these settings' values."""
        return SerializationSettings.Builder(
            project=self.project,
            domain=self.domain,
            version=self.version,
            image_config=self.image_config,
            env=self.env,
            default_resources=self.default_resources,
            git_repo=self.git_repo,
            flytekit_virtualenv_root=self.flytekit_virtualenv_root,
            python_interpreter=self.python_interpreter,
            fast_serialization_settings=self.fast_serialization_settings,
            source_root=self.source_root,
        )

    # -- JSON -----------------------------------------------------------------------------

    def to_dict(self) -> dict[str, object]:
        """The settings as JSON-ready ``dict``/``list``/scalar values, keys in field order."""
        result: dict[str, object] = settings_converter().unstructure(self)
        return result

    def to_json(self) -> str:
        """The reference's JSON: keys in field order, ``", "`` and ``": "`` separators.

        Exactly ``json.dumps(self.to_dict())``, written directly in the usual case
        (``layout.settings_json``, held to it by a property test)."""
        written = settings_json(self)
        return json.dumps(self.to_dict()) if written is None else written

    @classmethod
    def json_schema(cls) -> dict[str, object]:
        """A JSON Schema (draft 2020-12) of the ``to_json()`` layout, generated from the field
        types (``ctxcore.core.serialization.schema``): every value ``to_json()`` produces
        validates against it. A new dict each call. ``python -m ctxcore schema
        serialization-settings`` prints it."""
        from ctxcore.core.serialization.schema import record_json_schema

        return record_json_schema(SerializationSettings)

    @classmethod
    def from_dict(cls, d: Mapping[str, object]) -> SerializationSettings:
        """Settings from ``to_dict`` output; missing keys but ``image_config`` take defaults.

        Raises ``TransportError`` (a ``ValueError``) naming the field that is wrong.
        """
        return unwrap_or_raise(parse_settings_dict(d))

    @classmethod
    def from_json(
        cls, s: str | bytes, *, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
    ) -> SerializationSettings:
        """Settings from ``to_json`` output (at most ``max_size`` bytes of it).

        Raises ``TransportError`` (a ``ValueError``) for text that is not a JSON object, or
        naming the field that is wrong.
        """
        settings = settings_or_error(s, max_size=max_size)
        if isinstance(settings, TransportError):
            raise settings
        return settings

    # -- The serialized context (_F_SS_C) -------------------------------------------------

    @property
    def serialized_context(self) -> str:
        """These settings as an ``_F_SS_C`` value: base64 of gzip of ``to_json()``.

        The JSON leaves out ``_F_SS_C`` itself. A value already cached in ``env`` is returned
        only when it still describes these settings (the reference returned it even after the
        settings had changed); otherwise the value is computed afresh.
        """
        cached = self._cached_context()
        if cached is not None:
            return cached
        return encode_transport_text(self._without_context().to_json())

    def with_serialized_context(self) -> SerializationSettings:
        """Settings whose ``env`` also carries ``_F_SS_C`` = ``serialized_context``.

        These settings when their cached value is still current; nothing is changed in place.
        """
        if self._cached_context() is not None:
            return self
        base = self._without_context()
        context = encode_transport_text(base.to_json())
        env = (base.env or FrozenEnv()).set(SERIALIZED_CONTEXT_ENV_VAR, context)
        return attrs.evolve(base, env=env)

    @classmethod
    def from_transport(
        cls, s: str, *, max_size: int = DEFAULT_MAX_TRANSPORT_SIZE
    ) -> SerializationSettings:
        """Decode an ``_F_SS_C`` value (from this library or the reference).

        Raises ``TransportError`` (a ``ValueError``) for bad base64, bad or truncated gzip,
        more than ``max_size`` inflated bytes (default 1 MiB), text that is not UTF-8 or not
        a JSON object, and fields of the wrong type (the message names the field).
        """
        settings = decode_transport_or_error(s, max_size)
        if isinstance(settings, TransportError):
            raise settings
        return settings

    def _without_context(self) -> SerializationSettings:
        if self.env is None or SERIALIZED_CONTEXT_ENV_VAR not in self.env:
            return self
        return attrs.evolve(self, env=self.env.discard(SERIALIZED_CONTEXT_ENV_VAR))

    def _cached_context(self) -> str | None:
        """The ``_F_SS_C`` value in ``env`` if it decodes to these settings (an empty and an
        absent ``env`` count as the same: the reference encodes either before adding it)."""
        if not self.env or SERIALIZED_CONTEXT_ENV_VAR not in self.env:
            return None
        cached = self.env[SERIALIZED_CONTEXT_ENV_VAR]
        decoded = decode_transport(cached)
        if not isinstance(decoded, results.Success):
            return None
        if _env_normalized(decoded.unwrap()) != _env_normalized(self._without_context()):
            return None
        return cached

    @attrs.frozen
    class Builder:
        """An immutable recipe for ``SerializationSettings``: every ``with_*`` returns a new
        builder and ``build()`` a new settings value. Fields in the reference's order."""

        __repr__ = fields_repr

        project: str | None
        domain: str | None
        version: str | None
        image_config: ImageConfig
        env: FrozenEnv | None = attrs.field(default=None, converter=frozen_env)
        default_resources: ResourceSpec | None = None
        git_repo: str | None = None
        flytekit_virtualenv_root: str | None = None
        python_interpreter: str | None = None
        fast_serialization_settings: FastSerializationSettings | None = None
        source_root: str | None = None

        def with_project(self, project: str | None) -> SerializationSettings.Builder:
            """A new builder with ``project`` replaced."""
            return attrs.evolve(self, project=project)

        def with_domain(self, domain: str | None) -> SerializationSettings.Builder:
            """A new builder with ``domain`` replaced."""
            return attrs.evolve(self, domain=domain)

        def with_version(self, version: str | None) -> SerializationSettings.Builder:
            """A new builder with ``version`` replaced."""
            return attrs.evolve(self, version=version)

        def with_image_config(self, image_config: ImageConfig) -> SerializationSettings.Builder:
            """A new builder with ``image_config`` replaced."""
            return attrs.evolve(self, image_config=image_config)

        def with_env(self, env: Mapping[str, str] | None) -> SerializationSettings.Builder:
            """A new builder with ``env`` replaced."""
            return attrs.evolve(self, env=frozen_env(env))

        def with_default_resources(
            self, default_resources: ResourceSpec | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``default_resources`` replaced."""
            return attrs.evolve(self, default_resources=default_resources)

        def with_git_repo(self, git_repo: str | None) -> SerializationSettings.Builder:
            """A new builder with ``git_repo`` replaced."""
            return attrs.evolve(self, git_repo=git_repo)

        def with_flytekit_virtualenv_root(
            self, flytekit_virtualenv_root: str | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``flytekit_virtualenv_root`` replaced."""
            return attrs.evolve(self, flytekit_virtualenv_root=flytekit_virtualenv_root)

        def with_python_interpreter(
            self, python_interpreter: str | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``python_interpreter`` replaced."""
            return attrs.evolve(self, python_interpreter=python_interpreter)

        def with_fast_serialization_settings(
            self, fss: FastSerializationSettings | None
        ) -> SerializationSettings.Builder:
            """A new builder with ``fast_serialization_settings`` replaced."""
            return attrs.evolve(self, fast_serialization_settings=fss)

        def with_source_root(self, source_root: str | None) -> SerializationSettings.Builder:
            """A new builder with ``source_root`` replaced."""
            return attrs.evolve(self, source_root=source_root)

        def build(self) -> SerializationSettings:
            """The settings this builder describes.

            A ``None`` interpreter means the default one (the reference passed ``None``
            through, which broke the derived virtual-environment root).
            """
            return SerializationSettings(
                image_config=self.image_config,
                project=self.project,
                domain=self.domain,
                version=self.version,
                env=self.env,
                default_resources=self.default_resources,
                git_repo=self.git_repo,
                python_interpreter=(
                    DEFAULT_RUNTIME_PYTHON_INTERPRETER
                    if self.python_interpreter is None
                    else self.python_interpreter
                ),
                flytekit_virtualenv_root=self.flytekit_virtualenv_root,
                fast_serialization_settings=self.fast_serialization_settings,
                source_root=self.source_root,
            )


def _env_normalized(settings: SerializationSettings) -> SerializationSettings:
    return settings if settings.env is None or settings.env else attrs.evolve(settings, env=None)
