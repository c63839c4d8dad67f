"""The hand-off at the edge: ``FlyteContextManager.envelope``/``enter``/``bind_portable`` in this
process, and the property that no secret of any configuration or secrets manager travels."""

from __future__ import annotations

import copy
import pickle
import pickletools
from typing import Any

import attrs
import cloudpickle
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctxcore import (
    Config,
    ContextEnvelope,
    EnvelopeError,
    ExecutionState,
    FileAccessProvider,
    FlyteContext,
    FlyteContextManager,
    PortableCall,
    SecretsManager,
)
from ctxcore.testing.strategies.config import configs
from tests.integrations.contexts import handoff_params

_SECRET_FIELDS = (
    ("platform", "client_credentials_secret"),
    ("data_config.s3", "access_key_id"),
    ("data_config.s3", "secret_access_key"),
    ("data_config.azure", "account_key"),
    ("data_config.azure", "client_secret"),
)
_NAMES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)


def _marked(config: Config) -> tuple[Config, list[str]]:
    """``config`` with each secret it has made recognisable (a one-letter secret would be found
    in any JSON), and those secrets."""
    secrets: list[str] = []

    def mark(record: Any, path: str) -> Any:
        changes: dict[str, str] = {}
        for where, name in _SECRET_FIELDS:
            value = getattr(record, name, None) if where == path else None
            if value:
                changes[name] = f"S3CR3T{len(secrets)}-{value}"
                secrets.append(changes[name])
        return attrs.evolve(record, **changes) if changes else record

    data = config.data_config
    data = attrs.evolve(
        data,
        s3=mark(data.s3, "data_config.s3"),
        azure=mark(data.azure, "data_config.azure"),
    )
    return attrs.evolve(
        config, platform=mark(config.platform, "platform"), data_config=data
    ), secrets


def _context(config: Config, manager: SecretsManager) -> FlyteContext:
    access = FileAccessProvider(
        "/nonexistent-sandbox", "s3://bucket/raw/", data_config=config.data_config, env={}
    )
    params = handoff_params(access.raw_output_prefix, secrets=manager)
    state = ExecutionState("/nonexistent-sandbox", user_space_params=params)
    return FlyteContext.Builder(file_access=access, execution_state=state).build()


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    configs(),
    st.dictionaries(st.tuples(_NAMES, _NAMES), _NAMES, max_size=4),
    st.dictionaries(_NAMES, _NAMES, max_size=3),
)
def test_no_secret_of_any_config_or_secrets_manager_travels(
    config: Config, values: dict[tuple[str, str], str], custom: dict[str, str]
) -> None:
    config, secrets = _marked(config)
    probe = SecretsManager(config.secrets, env={})
    env = {
        probe.get_secrets_env_var(group, key): f"S3CR3T-sm-{value}"
        for (group, key), value in values.items()
    }
    secrets += env.values()
    manager = SecretsManager(config.secrets, env=env)
    context = _context(config, manager).with_custom_context(custom).build()
    with FlyteContextManager.isolated(root=lambda: context):
        envelope = FlyteContextManager.envelope()
        bound = FlyteContextManager.bind_portable(len)
    carried = [
        envelope.to_json(),
        repr(envelope),
        *envelope.to_env().values(),
        pickle.dumps(envelope).decode("latin-1"),
        cloudpickle.dumps(bound).decode("latin-1"),
    ]
    for secret in secrets:
        assert not any(secret in text for text in carried), secret
    assert set(envelope.credentials) <= {
        f"{where.split('.')[-1]}.{name}" for where, name in _SECRET_FIELDS[1:]
    }


def _root(custom: dict[str, str]) -> FlyteContext:
    config = Config()
    context = _context(config, SecretsManager(config.secrets, env={}))
    return context.with_custom_context(custom).build()


def test_enter_applies_the_envelope_on_this_process_root() -> None:
    with FlyteContextManager.isolated(root=lambda: _root({"team": "ml"})):
        envelope = FlyteContextManager.envelope()
        size = FlyteContextManager.size()
        with FlyteContextManager.enter(envelope) as entered:
            assert FlyteContextManager.current_context() is entered
            assert entered.custom_context == {"team": "ml"}
            assert FlyteContextManager.envelope() == envelope
            assert FlyteContextManager.size() == size + 1
        assert FlyteContextManager.size() == size


def test_a_bad_envelope_pushes_nothing() -> None:
    bad = ContextEnvelope(serialized_context="@@@")
    size = FlyteContextManager.size()
    with pytest.raises(EnvelopeError), FlyteContextManager.enter(bad):
        pass  # pragma: no cover - not reached
    assert FlyteContextManager.size() == size


def _custom_context() -> dict[str, str]:
    return dict(FlyteContextManager.current_context().custom_context)


def test_bind_portable_runs_in_the_callers_context_after_a_pickle_round_trip() -> None:
    with FlyteContextManager.isolated(root=lambda: _root({})):
        with FlyteContextManager.with_context(
            FlyteContextManager.current_context().with_custom_context({"k": "v"})
        ):
            bound = FlyteContextManager.bind_portable(_custom_context)
        assert _custom_context() == {}
        assert pickle.loads(pickle.dumps(bound))() == {"k": "v"}
        assert cloudpickle.loads(cloudpickle.dumps(bound))() == {"k": "v"}
        assert _custom_context() == {}
        assert "_custom_context" in repr(bound)


def _current() -> FlyteContext:
    return FlyteContextManager.current_context()


def _bound_in(custom: dict[str, str]) -> PortableCall[[], FlyteContext]:
    with FlyteContextManager.with_context(
        FlyteContextManager.current_context().with_custom_context(custom)
    ):
        return FlyteContextManager.bind_portable(_current)


def test_a_portable_call_applies_its_envelope_once_per_worker_root() -> None:
    with FlyteContextManager.isolated(root=lambda: _root({})):
        bound = pickle.loads(pickle.dumps(_bound_in({"k": "v"})))
        first, again = bound(), pickle.loads(pickle.dumps(bound))()
        assert first is again  # one envelope, one root: built once
        assert first.custom_context == {"k": "v"}
        other = _bound_in({"k": "w"})()
        assert other is not first
        assert other.custom_context == {"k": "w"}
        assert FlyteContextManager.size() == 1


def _filesystems(context: FlyteContext) -> object:
    access = context.file_access
    assert isinstance(access, FileAccessProvider)
    return access.filesystems


def test_a_portable_call_is_applied_again_to_a_changed_worker_root() -> None:
    first_root, second_root = _root({}), _root({})
    with FlyteContextManager.isolated(root=lambda: first_root):
        data = pickle.dumps(_bound_in({"k": "v"}))
        before = pickle.loads(data)()
        assert _filesystems(before) is _filesystems(first_root)
    with FlyteContextManager.isolated(root=lambda: second_root):
        after = pickle.loads(data)()
        assert after is not before
        assert _filesystems(after) is _filesystems(second_root)
        assert after.custom_context == {"k": "v"}


def test_a_portable_call_pickles_its_envelope_as_json_made_once() -> None:
    with FlyteContextManager.isolated(root=lambda: _root({})):
        bound = _bound_in({"k": "v"})
        data = pickle.dumps(bound)
        assert bound.envelope.to_json().encode() in data
        assert pickle.dumps(bound) == data
        assert pickle.loads(data).envelope == bound.envelope


def test_a_portable_call_pickles_as_its_class_and_a_state() -> None:
    with FlyteContextManager.isolated(root=lambda: _root({})):
        bound = _bound_in({"k": "v"})
        data = pickle.dumps(bound)
        looked_up = [op.name for op, _, _ in pickletools.genops(data) if op.name.endswith("GLOBAL")]
        assert looked_up == ["STACK_GLOBAL", "STACK_GLOBAL"]  # the class and fn, nothing else
        assert copy.copy(bound)() is bound()
