"""Secrets declared under their own variable, verified without reading, from providers, and
redacted from logs."""

from __future__ import annotations

import http.server
import logging
import tempfile
import threading
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ctxcore import (
    FileSecretProvider,
    HttpSecretProvider,
    SecretNotFoundError,
    SecretProvider,
    SecretProviderError,
    SecretProviderTimeoutError,
    SecretRedactionFilter,
    SecretsConfig,
    SecretsManager,
)
from ctxcore.shell.redaction import (
    MAX_REMEMBERED_SECRETS,
    forget_secrets,
    redact,
    remember_secret,
)
from ctxcore.testing import FakeSecretProvider

from .leaks import exposures, shows


def _manager(
    tmp_path: Path,
    env: dict[str, str] | None = None,
    *,
    providers: Sequence[SecretProvider] = (),
    provider_timeout: float | None = 10.0,
) -> SecretsManager:
    config = SecretsConfig(default_dir=str(tmp_path))
    return SecretsManager(
        config, env=env or {}, providers=providers, provider_timeout=provider_timeout
    )


def test_a_declared_variable_is_read_first(tmp_path: Path) -> None:
    sm = _manager(tmp_path, {"MY_TOKEN": " declared ", "_FSEC_G_K": "usual"})
    assert sm.get("g", "k", env_var="MY_TOKEN") == "declared"
    assert sm.get("g", "k", env_var="UNSET") == "usual"
    assert sm.get("g", "k", None, "rb", env_var="MY_TOKEN") == b"declared"


@attrs.frozen
class _Secret:
    group: str | None
    key: str | None
    group_version: str | None = None
    env_var: str | None = None


def test_verify_lists_every_missing_secret_and_where_it_looked(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "file").write_text("x")
    provider = FakeSecretProvider({("p", "k", None): "v"}, name="vault")
    sm = _manager(tmp_path, {"_FSEC_G_ENV": "x", "DECLARED": "y"}, providers=[provider])
    sm.verify([("g", "env", None), ("g", "file", None), _Secret("d", "k", env_var="DECLARED")])
    sm.verify([("p", "k", None)])
    with pytest.raises(SecretNotFoundError) as caught:
        sm.verify([("a", "one", None), _Secret("b", "two", env_var="B_TWO"), ("g", "env", None)])
    error = caught.value
    assert [(m.group, m.key) for m in error.missing] == [("a", "one"), ("b", "two")]
    assert "2 secrets are missing" in str(error)
    assert "env _FSEC_B_TWO" in str(error)
    assert "env B_TWO" in str(error)
    assert "provider vault" in str(error)
    assert str(tmp_path / "a" / "one") in str(error)


def test_providers_are_asked_after_env_and_files_in_order(tmp_path: Path) -> None:
    first = FakeSecretProvider({("g", "k", None): "first"})
    second = FakeSecretProvider({("g", "k", None): "second", ("g", "o", None): "other"})
    sm = _manager(tmp_path, {"_FSEC_G_E": "env"}, providers=[first, second])
    assert isinstance(first, SecretProvider)
    assert sm.get("g", "e") == "env"
    assert first.calls == []
    assert sm.get("g", "k") == "first"
    assert sm.get("g", "o") == "other"
    assert second.calls == [("g", "o", None)]
    with pytest.raises(SecretNotFoundError, match="provider fake"):
        sm.get("g", "missing")


def test_a_failing_provider_is_a_typed_error_naming_it_never_the_value(tmp_path: Path) -> None:
    failing = FakeSecretProvider(failure=RuntimeError("token=sup3r-s3cret"), name="vault")
    sm = _manager(tmp_path, providers=[failing])
    with pytest.raises(SecretProviderError) as caught:
        sm.get("g", "k")
    assert "vault" in str(caught.value)
    assert "RuntimeError" in str(caught.value)
    assert not shows("sup3r-s3cret", exposures(caught.value))


def test_a_slow_provider_times_out_with_a_typed_error(tmp_path: Path) -> None:
    slow = FakeSecretProvider({("g", "k", None): "v"}, delay=2.0, name="slow")
    sm = _manager(tmp_path, providers=[slow], provider_timeout=0.05)
    with pytest.raises(SecretProviderTimeoutError, match="slow"):
        sm.get("g", "k")
    with pytest.raises(ValueError, match="provider_timeout"):
        _manager(tmp_path, provider_timeout=0)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("s.json", '{"G_K": "from-json", "OTHER": "x"}'),
        ("s.env", "# comment\n\nexport OTHER=x\nG_K='from-json'\n"),
    ],
)
def test_the_file_provider_reads_json_and_dotenv(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    provider = FileSecretProvider(str(path))
    sm = _manager(tmp_path, providers=[provider])
    assert sm.get("g", "k") == "from-json"
    assert provider.lookup("nope", None, None) is None
    assert FileSecretProvider(str(tmp_path / "missing.env")).lookup("g", "k", None) is None


def test_a_malformed_secrets_file_names_the_line_never_a_value(tmp_path: Path) -> None:
    path = tmp_path / "s.env"
    path.write_text("G_K=fine\nsup3r-s3cret\n")
    with pytest.raises(SecretProviderError) as caught:
        _manager(tmp_path, providers=[FileSecretProvider(str(path))]).get("g", "x")
    assert "ValueError" in str(caught.value)
    assert not shows("sup3r-s3cret", exposures(caught.value))


class _Service(http.server.BaseHTTPRequestHandler):
    secrets: ClassVar[dict[str, str]] = {"/G_K": "from-http", "/G_V1_K": "versioned"}

    def do_GET(self) -> None:
        if self.headers.get("Authorization") != "Bearer t":
            self.send_response(403)
            self.end_headers()
            return
        value = self.secrets.get(self.path)
        self.send_response(404 if value is None else 200)
        self.end_headers()
        if value is not None:
            self.wfile.write(value.encode())

    def log_message(self, format: str, *args: object) -> None:
        return


@pytest.fixture
def service() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Service)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_http_provider_asks_a_local_service(tmp_path: Path, service: str) -> None:
    provider = HttpSecretProvider(service, headers={"Authorization": "Bearer t"})
    sm = _manager(tmp_path, providers=[provider])
    assert sm.get("g", "k") == "from-http"
    assert sm.get("g", "k", "v1") == "versioned"
    with pytest.raises(SecretNotFoundError):
        sm.get("g", "none")
    refused = _manager(tmp_path, providers=[HttpSecretProvider(service)])
    with pytest.raises(SecretProviderError, match="RuntimeError"):
        refused.get("g", "k")
    with pytest.raises(ValueError, match="loopback"):
        HttpSecretProvider("http://example.com/secrets")


_VALUES = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=0x2FF), min_size=6, max_size=40
).filter(lambda v: v.strip() == v)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=50)
@given(value=_VALUES, template=st.sampled_from(["%s", "token=%s!", "a %s b %s"]))
def test_the_redaction_filter_removes_every_returned_secret(
    tmp_path: Path, value: str, template: str
) -> None:
    forget_secrets()
    sm = _manager(tmp_path, {"_FSEC_G_K": value})
    assert sm.get("g", "k") == value
    record = logging.LogRecord(
        "x", logging.INFO, __file__, 1, template, (value,) * template.count("%s"), None
    )
    try:
        raise ValueError(f"boom {value}")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    assert SecretRedactionFilter().filter(record)
    assert value not in record.getMessage()
    assert "<redacted>" in record.getMessage()
    assert record.exc_text is not None
    assert value not in record.exc_text
    forget_secrets()


def test_past_the_bound_the_oldest_secret_is_forgotten_and_the_newest_redacted() -> None:
    """A process that reads more distinct secrets than it remembers (rotating tokens) keeps
    redacting the ones it reads now; one it reads again after it was forgotten is redacted
    again."""
    forget_secrets()
    try:
        for number in range(MAX_REMEMBERED_SECRETS):
            remember_secret(f"old-secret-{number:05}")
        remember_secret("newest-secret")
        assert redact("a newest-secret b") == "a <redacted> b"
        assert redact("old-secret-00000") == "old-secret-00000"  # the oldest, forgotten
        assert redact("old-secret-00001") == "<redacted>"
        remember_secret("old-secret-00000")  # read again
        assert redact("old-secret-00000") == "<redacted>"
        assert redact("old-secret-00001") == "old-secret-00001"  # now the oldest
    finally:
        forget_secrets()


_ENV_VALUES = st.none() | st.sampled_from(["", " ", "\t\n", "v", " v "])
_ANSWERS = st.lists(st.sampled_from([None, "", "  ", "\n", "a", " a "]), max_size=3)


@settings(max_examples=300, deadline=None)
@given(
    prefixed=_ENV_VALUES,
    bare=_ENV_VALUES,
    declared=_ENV_VALUES,
    declare=st.booleans(),
    file=st.sampled_from(["none", "empty", "text", "directory", "parent is a file"]),
    answers=_ANSWERS,
)
def test_verify_reports_missing_exactly_when_get_raises_not_found(
    prefixed: str | None,
    bare: str | None,
    declared: str | None,
    declare: bool,
    file: str,
    answers: list[str | None],
) -> None:
    env = {
        name: value
        for name, value in (("_FSEC_G_K", prefixed), ("G_K", bare), ("MINE", declared))
        if value is not None
    }
    env_var = "MINE" if declare else None
    with tempfile.TemporaryDirectory() as secrets_dir:
        root = Path(secrets_dir)
        if file == "parent is a file":
            (root / "g").write_text("")
        else:
            (root / "g").mkdir()
        if file in ("empty", "text"):
            (root / "g" / "k").write_text("" if file == "empty" else "t")
        elif file == "directory":
            (root / "g" / "k").mkdir()
        asked_by_get = [
            FakeSecretProvider({("g", "k", None): a} if a is not None else {}) for a in answers
        ]
        asked_by_verify = [
            FakeSecretProvider({("g", "k", None): a} if a is not None else {}) for a in answers
        ]
        get_raises = False
        try:
            _manager(root, env, providers=asked_by_get, provider_timeout=None).get(
                "g", "k", env_var=env_var
            )
        except SecretNotFoundError:
            get_raises = True
        sm = _manager(root, env, providers=asked_by_verify, provider_timeout=None)
        missing: tuple[SecretNotFoundError, ...] = ()
        try:
            sm.verify([_Secret("g", "k", env_var=env_var)])
        except SecretNotFoundError as error:
            missing = error.missing
    assert [(m.group, m.key) for m in missing] == ([("g", "k")] if get_raises else [])
    assert [p.calls for p in asked_by_verify] == [p.calls for p in asked_by_get]
