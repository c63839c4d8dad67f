"""The process's ambient: the ``Ambient`` port (``ctxcore.core.ports``) performed by the shell.

The package face installs one ``ProcessAmbient`` when ``ctxcore`` is imported, and the core's
static shortcuts (``Config.auto()``, ``FlyteContext.current_context()``, ``ImageConfig.auto()``,
...) reach the process through it (``ctxcore.core.ambient`` says how). Each method imports the
shell when first called, so installing it costs nothing and imports nothing.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not from typing: importing ctxcore must stay free
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Protocol, TypeVar

    from ctxcore.core.config.file import ConfigFile
    from ctxcore.core.config.resolve import ResolvedConfig
    from ctxcore.core.context import FlyteContext
    from ctxcore.core.execution.parameters import ExecutionParameters
    from ctxcore.core.ports import Entropy, FlyteIdlCodec, SecretsSource
    from ctxcore.core.serialization.images import ImageFacts

    _T = TypeVar("_T")

    class _ConfigPart(Protocol):
        def __call__(
            self,
            record: type[_T],
            config_file: str | ConfigFile | None,
            env: Mapping[str, str] | None,
        ) -> _T: ...


__all__ = [
    "ProcessAmbient",
]


class ProcessAmbient:
    """This process: its context stack, environment (``os.environ``), config files,
    interpreter and disk."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "ProcessAmbient()"

    def current_context(self) -> FlyteContext:
        from ctxcore.shell.context_stack import FlyteContextManager

        return FlyteContextManager.current_context()

    def default_root(self) -> FlyteContext:
        from ctxcore.shell.root import default_root_context

        return default_root_context()

    def environment(self) -> Mapping[str, str]:
        from ctxcore.effects.environment import process_environment

        return process_environment()

    def config_part(
        self, record: type[_T], config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> _T:
        return (_config_part or _bind_config_part())(record, config_file, env)

    def explain_config(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ResolvedConfig:
        from ctxcore.shell.config_loader import explain_config

        return explain_config(config_file, env=env)

    def load_config_file(
        self, config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> ConfigFile | None:
        from ctxcore.shell.config_loader import load_config_file

        return load_config_file(config_file, env=env)

    def read_config_file(self, location: str) -> ConfigFile:
        from ctxcore.shell.config_loader import read_config_file

        return read_config_file(location)

    def image_facts(self, env: Mapping[str, str] | None) -> ImageFacts:
        from ctxcore.shell.images import image_facts

        return image_facts(env)

    def default_secrets(self) -> SecretsSource:
        from ctxcore.shell.secrets import SecretsManager

        return SecretsManager()

    def flyte_idl(self) -> FlyteIdlCodec:
        from ctxcore import flyteidl  # the module is the codec

        return flyteidl

    def task_sandbox(
        self, params: ExecutionParameters, entropy: Entropy | None
    ) -> ExecutionParameters.Builder:
        from ctxcore.shell.sandbox import task_sandbox

        return task_sandbox(params, entropy=entropy)


_config_part: _ConfigPart | None = None
"""What ``config_part`` runs, bound on its first call: an import statement costs 1-3 µs on
every call, a tenth of an env-only ``Config.auto()`` (W8)."""


def _bind_config_part() -> _ConfigPart:
    global _config_part
    from ctxcore.core.config.resolve import part_for
    from ctxcore.shell.config_loader import auto_part

    def config_part(
        record: type[_T], config_file: str | ConfigFile | None, env: Mapping[str, str] | None
    ) -> _T:
        return auto_part(part_for(record), config_file, env=env)

    _config_part = config_part
    return config_part
