"""What a user's type checker sees of configuration, serialization and the edge.

Checked by mypy and pyright (both strict), never run; see ``check_core.py`` for the rules.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping
from pathlib import Path

from returns.result import Result
from typing_extensions import assert_type

from ctxcore import (
    Ambient,
    AuthType,
    Config,
    ConfigError,
    ConfigFile,
    DataConfig,
    ExecutionParameters,
    ExecutionParametersBuilder,
    FileAccessProvider,
    FileSystem,
    Image,
    ImageConfig,
    ImageFacts,
    NullStats,
    PlatformConfig,
    ProcessAmbient,
    Provenance,
    RecordingStats,
    ResolvedConfig,
    S3Config,
    SecretsConfig,
    SecretsManager,
    SerializationSettings,
    StatsClient,
    SyncCheckpoint,
    TransportError,
    current_ambient,
    decode_transport,
    install_ambient,
    resolve_config,
    stats_client_for,
    timeit,
    user_space_logger,
    using_ambient,
)
from ctxcore.testing import FakeAmbient

# Configuration: Result in the core, exceptions at the edge
resolved = resolve_config({}, None)
assert_type(resolved, Result[ResolvedConfig, ConfigError])
assert_type(resolved.unwrap().config, Config)
assert_type(resolved.unwrap().provenance, Mapping[str, Provenance])
assert_type(Config.auto(), Config)
assert_type(Config.auto(env={"FLYTE_PLATFORM_URL": "x"}).platform, PlatformConfig)
assert_type(Config.for_sandbox().platform.auth_mode, AuthType)
assert_type(PlatformConfig.auto().endpoint, str)
assert_type(DataConfig().s3.backoff, datetime.timedelta)
assert_type(ConfigFile("config.yaml", "admin: {}"), ConfigFile)
Config().platform = PlatformConfig()  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
S3Config(retries="3")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
resolve_config({"A": 1}, None)  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]

# Serialization settings and the _F_SS_C transport
settings = SerializationSettings.for_image("repo/image:v1", version="v1")
assert_type(settings, SerializationSettings)
assert_type(settings.serialized_context, str)
assert_type(SerializationSettings.from_transport("..."), SerializationSettings)
assert_type(decode_transport("..."), Result[SerializationSettings, TransportError])
assert_type(settings.with_serialized_context(), SerializationSettings)
assert_type(settings.new_builder().with_project("p").build(), SerializationSettings)
assert_type(settings.image_config, ImageConfig)
assert_type(Image(name="default", fqn="repo/image", tag="v1").full, str)
settings.project = "p"  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
SerializationSettings.from_transport(b"bytes")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# Secrets: str by default, bytes with encode_mode="rb"
secrets = SecretsManager(SecretsConfig(), env={})
assert_type(secrets.get("group", "key"), str)
assert_type(secrets.get("group", "key", encode_mode="rb"), bytes)
assert_type(secrets.get_secrets_env_var("group", "key"), str)
secrets.get("group", "key", encode_mode="w")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
SecretsManager(env={"A": b"bytes"})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]

# Files and checkpoints
files = FileAccessProvider("/tmp/sandbox", "s3://bucket/raw", data_config=DataConfig(), env={})
assert_type(files.raw_output_fs, FileSystem)
assert_type(files.local_sandbox_dir, Path)
assert_type(files.put_raw_data(b"x"), str)
assert_type(files.put_raw_data(io.BytesIO(b"x")), str)
assert_type(files.get_data("s3://bucket/a", "/tmp/a"), None)
assert_type(files.put_data("/tmp/a", "s3://bucket/a"), str)
assert_type(files.recursive_paths("a", "b"), tuple[str, str])
files.put_raw_data(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
FileAccessProvider("/tmp/sandbox", "s3://bucket", filesystems=object())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
checkpoint = SyncCheckpoint("/tmp/cp", file_access=files)
assert_type(checkpoint.read(), bytes | None)
assert_type(checkpoint.restore(), Path | None)
checkpoint.write("text")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]

# Execution parameters, stats and timing
params = ExecutionParameters(
    datetime.datetime.now(datetime.timezone.utc),
    "/tmp/work",
    NullStats(),
    None,
    user_space_logger,
    "/tmp/raw/",
)
assert_type(params.builder(), ExecutionParametersBuilder)
assert_type(params.new_builder().build(), ExecutionParameters)
assert_type(ExecutionParameters.new_builder(params), ExecutionParametersBuilder)
assert_type(params.get("spark_session"), object)
assert_type(params.stats, StatsClient)
stats: StatsClient = RecordingStats()
assert_type(stats_client_for(Config().stats), StatsClient)
now = datetime.datetime.now(datetime.timezone.utc)
ExecutionParameters(now, "/w", object(), None, user_space_logger, "/r/")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@timeit("step")
def step(x: int) -> str:
    return str(x)


assert_type(step(1), str)
step("1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


# -- the ambient seam -----------------------------------------------------------------------------
process: Ambient = ProcessAmbient()
fake: Ambient = FakeAmbient(env={"FLYTE_PLATFORM_URL": "x"})
assert_type(current_ambient(), Ambient)
assert_type(install_ambient(fake), Ambient | None)
with using_ambient(fake) as installed:
    assert_type(installed, Ambient)
assert_type(S3Config.auto(env={}), S3Config)
assert_type(Config.auto("/c.yaml"), Config)
assert_type(ImageConfig.auto(env={}), ImageConfig)
assert_type(fake.image_facts(None), ImageFacts)
not_an_ambient: Ambient = object()  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
Config.auto(env={"X": 1})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
