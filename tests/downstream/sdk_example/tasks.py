"""Tasks and workflows: compile into a CompilationState, or run in a local execution."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from returns.result import Result

from ctxcore import (
    CompilationState,
    Config,
    ConfigError,
    ExecutionMode,
    FlyteContext,
    FlyteContextManager,
    FlyteEntities,
    Identifier,
    IdentifierError,
    Node,
    NodeMetadata,
    ResolvedConfig,
    SecretsManager,
    SerializationSettings,
    parse_identifier,
    resolve_config,
    timeit,
)


class Task:
    """A function that becomes a node when called inside a workflow body."""

    def __init__(self, fn: Callable[[int], int]) -> None:
        self.fn = fn
        self.name = fn.__name__
        FlyteEntities.register(self)

    def __call__(self, value: int) -> int:
        ctx = FlyteContextManager.current_context()
        state = ctx.compilation_state
        if state is not None:
            node = Node(self.name, NodeMetadata(name=self.name), flyte_entity=self)
            FlyteContextManager.push_context(
                ctx.with_compilation_state(state.add_node(node)).build()
            )
            return value
        with timeit(self.name):
            return self.fn(value)


def task(fn: Callable[[int], int]) -> Task:
    """Declare a task."""
    return Task(fn)


def workflow(body: Callable[[], object]) -> CompilationState:
    """Compile ``body`` into the nodes it calls."""
    ctx = FlyteContextManager.current_context()
    with FlyteContextManager.with_context(ctx.with_new_compilation_state()) as compiling:
        body()
        top: FlyteContext = FlyteContextManager.current_context()
        state = top.compilation_state
        assert state is not None
        assert compiling.level <= top.level
        return state


def run_locally(t: Task, value: int, env: Mapping[str, str]) -> tuple[int, str]:
    """Run ``t`` in a local execution and read a secret the way user code would."""
    ctx = FlyteContextManager.current_context()
    state = ctx.new_execution_state().with_params(mode=ExecutionMode.LOCAL_TASK_EXECUTION)
    with FlyteContextManager.with_context(ctx.with_execution_state(state)):
        token: str = SecretsManager(env=env).get("sdk", "token")
        raw: bytes = SecretsManager(env=env).get("sdk", "token", encode_mode="rb")
        assert raw.decode() == token
        return t(value), token


def settings_from_environment(env: Mapping[str, str]) -> SerializationSettings | None:
    """The serialized context a container was started with, if any."""
    value = env.get("_F_SS_C")
    return None if value is None else SerializationSettings.from_transport(value)


def config_with_provenance(env: Mapping[str, str]) -> str:
    """Where the platform endpoint comes from, or what is wrong with the configuration."""
    resolved: Result[ResolvedConfig, ConfigError] = resolve_config(env, None)
    return resolved.map(lambda r: r.provenance["platform.endpoint"].describe()).value_or(
        "configuration is invalid"
    )


def endpoint() -> str:
    """The configured endpoint (raises ``ConfigError`` for bad values)."""
    return Config.auto().platform.endpoint


def task_id(text: str) -> Identifier | str:
    """An identifier, or the text back when it does not parse."""
    parsed: Result[Identifier, IdentifierError] = parse_identifier(text)
    return parsed.value_or(text)
