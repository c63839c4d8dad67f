"""What a user's type checker sees of the configuration-entry API (issue 12).

Checked by mypy and pyright (both strict), never run. ``assert_type`` pins a type; a line
ending in ``# type: ignore[...]  # pyright: ignore[...]`` must fail to type-check.
"""

from __future__ import annotations

import datetime

from typing_extensions import assert_type

from ctxcore import (
    ConfigEntry,
    ConfigFile,
    LegacyConfigEntry,
    YamlConfigEntry,
    bool_transformer,
    comma_list_transformer,
    get_config_file,
    int_transformer,
    read_file_if_exists,
    set_if_exists,
)
from ctxcore.config_entries import AWS, Credentials, Platform, StatsD

cfg = get_config_file(None)
assert_type(cfg, ConfigFile | None)

# The value type follows the legacy entry's type, or the transform's result.
assert_type(LegacyConfigEntry("s", "o"), LegacyConfigEntry[str])
assert_type(LegacyConfigEntry("s", "o", bool), LegacyConfigEntry[bool])
assert_type(YamlConfigEntry("a.b"), YamlConfigEntry[str])
assert_type(ConfigEntry(LegacyConfigEntry("s", "o")).read(cfg), str | None)
assert_type(ConfigEntry(LegacyConfigEntry("s", "o", bool)).read(), bool | None)
assert_type(ConfigEntry(LegacyConfigEntry("s", "o", int)).read(cfg, env={}), int | None)
seconds = ConfigEntry(
    LegacyConfigEntry("s", "o", datetime.timedelta),
    transform=lambda x: datetime.timedelta(seconds=int(x)),
)
assert_type(seconds.read(cfg), datetime.timedelta | None)
flag: ConfigEntry[bool] = ConfigEntry(LegacyConfigEntry("s", "o", bool))
assert_type(flag.read(), bool | None)

# The catalogue is typed entry by entry.
assert_type(Platform.INSECURE.read(cfg), bool | None)
assert_type(Platform.URL.read(cfg), str | None)
assert_type(AWS.RETRIES.read(cfg), int | None)
assert_type(AWS.BACKOFF_SECONDS.read(cfg), datetime.timedelta | None)
assert_type(Credentials.COMMAND.read(cfg), list[str] | None)
assert_type(StatsD.HOST.read(cfg), str | None)

# Transformers: text becomes the type; anything else passes through.
assert_type(bool_transformer("x"), bool)
assert_type(comma_list_transformer("a,b"), list[str])
assert_type(int_transformer("3"), int)
assert_type(int_transformer(3), int)
assert_type(set_if_exists({"a": 1}, "b", None), dict[str, int])
assert_type(read_file_if_exists("x"), str | None)

# Must fail: a bool entry's value is not a str; entries are frozen; a str is not a type.
text: str = ConfigEntry(LegacyConfigEntry("s", "o", bool)).read() or ""  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
Platform.INSECURE.read(cfg).upper()  # type: ignore[union-attr]  # pyright: ignore[reportOptionalMemberAccess, reportAttributeAccessIssue, reportUnknownMemberType]
flag.sensitive = True  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
LegacyConfigEntry("s", "o", "bool")  # type: ignore[call-overload]  # pyright: ignore[reportArgumentType]
not_int: ConfigEntry[int] = ConfigEntry(LegacyConfigEntry("s", "o", bool), transform=str)  # type: ignore[arg-type]  # pyright: ignore[reportAssignmentType]
