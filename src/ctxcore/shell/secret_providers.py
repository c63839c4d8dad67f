"""Two ``SecretProvider``s in the box: a local file of secrets and a local HTTP secret service.

Both name a secret as the environment does, without the prefix: ``GROUP[_VERSION][_KEY]`` in
upper case (``SecretsManager.get_secrets_env_var`` less ``_FSEC_``). Neither keeps a value it
does not return, and their errors say where and why, never what.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Final

from ctxcore.shell.bounded_read import MAX_SECRET_FILE_BYTES, read_at_most, utf8_or_none

__all__ = ["FileSecretProvider", "HttpSecretProvider"]

_LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})


def secret_name(group: str, key: str | None, group_version: str | None) -> str:
    """``GROUP[_VERSION][_KEY]``, upper case, empty parts skipped."""
    return "_".join(p.upper() for p in (group, group_version, key) if p)


class FileSecretProvider:
    """Secrets from a file: a JSON object of names to strings (a path ending in ``.json``) or
    ``.env`` lines ``NAME=value`` (``#`` comments, blank lines, an optional ``export``, values
    optionally in matching quotes). Read at each lookup (so an edit is seen), at most
    ``MAX_SECRET_FILE_BYTES``. A missing file has no secrets; a malformed one is a
    ``ValueError`` naming the file and line, never a value."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.name: str = f"file {path}"

    def __repr__(self) -> str:
        return f"FileSecretProvider({self.path!r})"

    def lookup(self, group: str, key: str | None, group_version: str | None) -> str | None:
        try:
            data = read_at_most(self.path, MAX_SECRET_FILE_BYTES)
        except FileNotFoundError:
            return None
        if len(data) > MAX_SECRET_FILE_BYTES:
            del data
            raise ValueError(f"{self.path} is larger than {MAX_SECRET_FILE_BYTES} bytes")
        wanted = secret_name(group, key, group_version)
        if self.path.endswith(".json"):
            return self._from_json(data, wanted)
        return self._from_dotenv(data, wanted)

    def _from_json(self, data: bytes, wanted: str) -> str | None:
        document = _json_object(data)
        del data
        if document is None:
            raise ValueError(f"{self.path} is not a JSON object of names to strings")
        value = document.get(wanted)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{self.path}: the value of {wanted} is not a string")
        return value

    def _from_dotenv(self, data: bytes, wanted: str) -> str | None:
        text = utf8_or_none(data)
        del data
        if text is None:
            raise ValueError(f"{self.path} is not UTF-8 text")
        for number, line in enumerate(text.splitlines(), start=1):
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            stripped = stripped.removeprefix("export ").lstrip()
            name, equals, value = stripped.partition("=")
            if not equals:
                raise ValueError(f"{self.path}, line {number}: expected NAME=value")
            if name.strip() != wanted:
                continue
            value = value.strip()
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
                value = value[1:-1]
            return value
        return None


def _json_object(data: bytes) -> dict[str, object] | None:
    """The JSON object, or ``None`` (in a helper: a decode error holds the whole input)."""
    try:
        document: object = json.loads(data)
    except ValueError:
        return None
    return document if isinstance(document, dict) else None  # pyright: ignore[reportUnknownVariableType]


class HttpSecretProvider:
    """Secrets from a local HTTP secret service: ``GET <base_url>/<NAME>`` answers the value
    as the body (200), or 404 when it does not have it; anything else is an error naming the
    status. Plain ``http`` only to a loopback address (a secret never crosses a network in
    clear); ``timeout`` seconds per request; a body of at most ``MAX_SECRET_FILE_BYTES``.
    ``headers`` (a token for the service) are sent with every request and never shown."""

    def __init__(
        self, base_url: str, *, timeout: float = 5.0, headers: dict[str, str] | None = None
    ) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        if parsed.scheme not in ("http", "https"):
            raise ValueError(f"a secret service URL must be http or https, not {base_url!r}")
        if parsed.scheme == "http" and parsed.hostname not in _LOOPBACK:
            raise ValueError(f"plain http is allowed only to a loopback address: {base_url!r}")
        self.base_url: str = base_url.rstrip("/")
        self.timeout = timeout
        self._headers = dict(headers or {})
        self.name: str = f"http {self.base_url}"

    def __repr__(self) -> str:
        return f"HttpSecretProvider({self.base_url!r})"

    def lookup(self, group: str, key: str | None, group_version: str | None) -> str | None:
        name = urllib.parse.quote(secret_name(group, key, group_version), safe="")
        request = urllib.request.Request(f"{self.base_url}/{name}", headers=self._headers)
        status = _fetch(request, self.timeout)
        if isinstance(status, int):
            if status == 404:
                return None
            raise RuntimeError(f"{self.base_url} answered status {status}")
        if status is None:
            raise RuntimeError(f"{self.base_url} answered more than {MAX_SECRET_FILE_BYTES} bytes")
        text = utf8_or_none(status)
        del status
        if text is None:
            raise RuntimeError(f"{self.base_url} answered bytes that are not UTF-8")
        return text


def _fetch(request: urllib.request.Request, timeout: float) -> bytes | int | None:
    """The body, the status of an error answer, or ``None`` for a body over the bound."""
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            body: bytes = answer.read(MAX_SECRET_FILE_BYTES + 1)
    except urllib.error.HTTPError as error:
        return error.code
    return None if len(body) > MAX_SECRET_FILE_BYTES else body
