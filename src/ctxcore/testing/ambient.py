"""``FakeAmbient``: an ambient (``ctxcore.core.ports.Ambient``) that reads nothing from the process.

Installed (``ctxcore.using_ambient(FakeAmbient(...))``, or the ``ctxcore_ambient`` fixture), it
answers the core's shortcuts into the process: ``Config.auto()`` and every ``X.auto()``,
``Config.explain()``, ``ConfigFile(path)``, ``ImageConfig.auto()``,
``DefaultImages.default_image()``, ``FlyteContext.current_context()`` and the defaults of
``ExecutionParameters``. Configuration is resolved by the same pure resolver as the process's,
from ``env`` and ``files`` instead of ``os.environ`` and the disk.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from typing import TypeVar

import attrs

from ctxcore.core._repr import fields_repr
from ctxcore.core.config.file import ConfigFile, parse_config_file
from ctxcore.core.config.records import SecretsConfig
from ctxcore.core.config.resolve import (
    ResolvedConfig,
    build_part,
    client_secret_location,
    part_for,
    resolve_config,
)
from ctxcore.core.context import FlyteContext
from ctxcore.core.errors import ConfigFileNotFoundError
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.ports import Entropy, FlyteIdlCodec, SecretsSource
from ctxcore.core.results import unwrap_or_raise
from ctxcore.core.serialization.images import FLYTE_INTERNAL_IMAGE_ENV_VAR, ImageFacts
from ctxcore.shell.context_stack import FlyteContextManager
from ctxcore.shell.secrets import SecretsManager
from ctxcore.testing.fakes import CounterEntropy
from ctxcore.testing.memory import memory_root

__all__ = [
    "FakeAmbient",
]

_T = TypeVar("_T")

NO_SECRET_FILES = "/nonexistent/ctxcore-fake-ambient"
"""The secrets directory of the default secrets manager: no secret is ever found in a file."""


def _no_files() -> dict[str, str]:
    return {}


@attrs.frozen(eq=False)
class FakeAmbient:
    """The process, faked: every answer comes from these fields.

    - ``env``: the environment (read live: a dict the test changes later is seen).
    - ``files``: ``{path: text}`` of the config files and client-secret files that exist.
    - ``config_file``: the path discovery finds (one of ``files``), or ``None`` for no file.
    - ``python_version``, ``sdk_version``: the interpreter and the installed flytekit, for the
      default image (``FLYTE_INTERNAL_IMAGE`` is read from ``env``).
    - ``context``: the current context; ``None`` means the context stack's.
    - ``root``: builds the root of a stack given no root factory (in memory by default).
    - ``secrets``: the default secrets source; ``None`` means a ``SecretsManager`` reading
      ``env`` and no file.
    - ``flyte_idl_codec``: the identifiers' conversions to flyteidl; ``None`` means the real
      ones (``ctxcore.flyteidl``, which needs the ``ctxcore[flyteidl]`` extra).

    ``ExecutionParameters.with_task_sandbox`` names a child working directory and creates
    nothing (no checkpoint either).
    """

    __repr__ = fields_repr

    env: Mapping[str, str] = attrs.field(factory=_no_files)
    files: Mapping[str, str] = attrs.field(factory=_no_files)
    config_file: str | None = None
    python_version: tuple[int, int] = (3, 11)
    sdk_version: str | None = None
    context: FlyteContext | None = None
    root: Callable[[], FlyteContext] = memory_root
    secrets: SecretsSource | None = None
    flyte_idl_codec: FlyteIdlCodec | None = None

    def current_context(self) -> FlyteContext:
        """``context``, or the top of the context stack."""
        return FlyteContextManager.current_context() if self.context is None else self.context

    def default_root(self) -> FlyteContext:
        """What ``root`` builds."""
        return self.root()

    def environment(self) -> Mapping[str, str]:
        """``env``."""
        return self.env

    def config_part(
        self, record: type[_T], config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> _T:
        """``record`` resolved from ``env`` (or the given one) and the config file."""
        environ = self.env if env is None else env
        file = self.load_config_file(config_file, env)
        part = part_for(record)
        secrets = self._secret_files(environ, file) if part.reads_client_secret else None
        return unwrap_or_raise(build_part(part, environ, file, secret_files=secrets))

    def explain_config(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ResolvedConfig:
        """The resolved ``Config`` with the provenance of every field."""
        environ = self.env if env is None else env
        file = self.load_config_file(config_file, env)
        secrets = self._secret_files(environ, file)
        return unwrap_or_raise(resolve_config(environ, file, secret_files=secrets))

    def load_config_file(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ConfigFile | None:
        """A ``ConfigFile`` as is, a path read from ``files``, or the ``config_file`` one."""
        if isinstance(config_file, ConfigFile):
            return config_file
        location = self.config_file if config_file is None else config_file
        return None if location is None else self.read_config_file(location)

    def read_config_file(self, location: str) -> ConfigFile:
        """The file at ``location`` in ``files``; ``ConfigFileNotFoundError`` when absent."""
        text = self.files.get(location)
        if text is None:
            raise ConfigFileNotFoundError("the file does not exist", file=location, path=location)
        return unwrap_or_raise(parse_config_file(location, text))

    def image_facts(self, env: Mapping[str, str] | None) -> ImageFacts:
        """``python_version``, ``sdk_version`` and ``FLYTE_INTERNAL_IMAGE`` from ``env``."""
        environ = self.env if env is None else env
        internal = environ.get(FLYTE_INTERNAL_IMAGE_ENV_VAR) or None
        return ImageFacts(self.python_version, internal, self.sdk_version)

    def default_secrets(self) -> SecretsSource:
        """``secrets``, or a ``SecretsManager`` reading ``env`` only."""
        if self.secrets is not None:
            return self.secrets
        configured = self.config_part(SecretsConfig, None, None)
        config = attrs.evolve(configured, default_dir=NO_SECRET_FILES)
        return SecretsManager(config, env=self.env)

    def flyte_idl(self) -> FlyteIdlCodec:
        """``flyte_idl_codec``, or ``ctxcore.flyteidl``'s (pure: it reads nothing)."""
        if self.flyte_idl_codec is not None:
            return self.flyte_idl_codec
        from ctxcore import flyteidl  # the module is the codec

        return flyteidl

    def task_sandbox(
        self, params: ExecutionParameters, entropy: Entropy | None
    ) -> ExecutionParameters.Builder:
        """A builder whose working directory is a named child of ``params``' (not created)."""
        name = (entropy or CounterEntropy()).random_hex()
        return params.builder().with_params(
            working_dir=posixpath.join(params.working_directory, name)
        )

    def _secret_files(self, env: Mapping[str, str], file: ConfigFile | None) -> dict[str, str]:
        location = unwrap_or_raise(client_secret_location(env, file))
        text = None if location is None else self.files.get(location)
        return {} if location is None or text is None else {location: text}
