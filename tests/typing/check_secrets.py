"""What a user's type checker sees of secrets: a declared variable, verification, providers.

Checked by mypy and pyright (both strict), never run; see ``check_core.py`` for the rules.
"""

from __future__ import annotations

import attrs
from typing_extensions import assert_type

from ctxcore import (
    FileSecretProvider,
    HttpSecretProvider,
    SecretProvider,
    SecretsConfig,
    SecretsManager,
)
from ctxcore.testing import FakeSecretProvider

secrets = SecretsManager(SecretsConfig(), env={})

# get(..., env_var=): keyword-only, a variable's name
assert_type(secrets.get("group", "key", env_var="MY_TOKEN"), str)
assert_type(secrets.get("group", "key", encode_mode="rb", env_var="MY_TOKEN"), bytes)
assert_type(secrets.get("group", "key", None, "rb", env_var=None), bytes)
secrets.get("group", "key", env_var=3)  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
secrets.get("group", "key", None, "r", "MY_TOKEN")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue]


# verify(declared): (group, key, group_version) triples or Secret-like records; returns nothing
@attrs.frozen
class Declared:
    group: str | None
    key: str | None
    group_version: str | None = None
    env_var: str | None = None


assert_type(secrets.verify([("group", "key", None), Declared("group", "other")]), None)
assert_type(secrets.verify(Declared("g", None, "v1") for _ in range(2)), None)
secrets.verify([("group", "key")])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
secrets.verify(["group"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
secrets.verify(("group", "key", None))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# SecretProvider: anything with lookup(group, key, group_version) -> str | None
class Vault:
    def lookup(self, group: str, key: str | None, group_version: str | None) -> str | None:
        return None


class NoLookup:
    def fetch(self, group: str, key: str | None, group_version: str | None) -> str | None:
        return None


class BytesLookup:
    def lookup(self, group: str, key: str | None, group_version: str | None) -> bytes | None:
        return None


providers: list[SecretProvider] = [
    Vault(),
    FileSecretProvider("/run/secrets.env"),
    HttpSecretProvider("http://127.0.0.1:8200/secrets"),
    FakeSecretProvider({("group", "key", None): "value"}),
]
SecretsManager(SecretsConfig(), env={}, providers=providers, provider_timeout=None)
assert_type(Vault().lookup("group", None, None), "str | None")
missing_lookup: SecretProvider = NoLookup()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
wrong_answer: SecretProvider = BytesLookup()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
SecretsManager(providers=[NoLookup()])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
SecretsManager(providers=[Vault()], provider_timeout="10")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
