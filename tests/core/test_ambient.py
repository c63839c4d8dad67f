"""The ambient seam: the core's shortcuts into the process go through the installed ambient.

With a ``FakeAmbient`` installed, ``Config.auto()``, ``ConfigFile(path)``, ``ImageConfig.auto()``,
``DefaultImages``, ``FlyteContext.current_context()`` and the ``ExecutionParameters`` defaults
answer from the fake and read nothing from the process. The process's own ambient, installed by
importing ctxcore, is tested in ``tests/shell/test_ambient.py``.
"""

from __future__ import annotations

import datetime
import logging

import attrs
import pytest

import ctxcore.core.ambient as ambient_module
from ctxcore import (
    AmbientError,
    AzureBlobStorageConfig,
    Config,
    ConfigFile,
    ConfigFileNotFoundError,
    DataConfig,
    DefaultImages,
    ExecutionParameters,
    FlyteContext,
    FlyteContextManager,
    GCSConfig,
    GenericPersistenceConfig,
    Image,
    ImageConfig,
    LocalConfig,
    NullStats,
    PlatformConfig,
    S3Config,
    SecretsConfig,
    StatsConfig,
    TaskConfig,
    current_ambient,
    install_ambient,
    using_ambient,
)
from ctxcore.testing import FakeAmbient, MemoryFileAccess, memory_root

_YAML = "admin:\n  endpoint: from.file\nimages:\n  spark: r/spark:1\n"


def _params() -> ExecutionParameters:
    return ExecutionParameters(
        execution_date=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc),
        tmp_dir="/work/user_space",
        stats=NullStats(),
        execution_id=None,
        logging=logging.getLogger("test"),
        raw_output_prefix="/raw",
    )


# -- installing -------------------------------------------------------------------------------


def test_using_ambient_installs_for_the_block_and_puts_back_the_previous() -> None:
    before = current_ambient()
    fake = FakeAmbient()
    seen: list[object] = []

    def fail_inside() -> None:
        with using_ambient(fake) as entered:
            seen.extend([entered, current_ambient()])
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        fail_inside()
    assert seen == [fake, fake]
    assert current_ambient() is before


def test_install_ambient_returns_the_one_it_replaces() -> None:
    before = current_ambient()
    fake = FakeAmbient()
    try:
        assert install_ambient(fake) is before
        assert current_ambient() is fake
    finally:
        assert install_ambient(before) is fake


def test_an_exit_before_any_enter_puts_back_no_ambient() -> None:
    """Nothing was replaced, so nothing is put back: the slot is empty and asking is the typed
    error, not an answer from a made-up ambient."""
    before = current_ambient()
    try:
        using_ambient(FakeAmbient()).__exit__(None, None, None)
        with pytest.raises(AmbientError, match="no ambient is installed"):
            current_ambient()
    finally:
        install_ambient(before)


def test_no_ambient_is_a_typed_error() -> None:
    # The core's own slot, emptied for the block by hand (no monkeypatch in core tests).
    installed = ambient_module._installed  # pyright: ignore[reportPrivateUsage]
    ambient_module._installed = None  # pyright: ignore[reportPrivateUsage]
    try:
        with pytest.raises(AmbientError, match="no ambient is installed"):
            Config.auto()
        with pytest.raises(RuntimeError):
            FlyteContext.current_context()
    finally:
        ambient_module._installed = installed  # pyright: ignore[reportPrivateUsage]


# -- configuration through a fake ---------------------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [
        Config,
        PlatformConfig,
        SecretsConfig,
        StatsConfig,
        DataConfig,
        S3Config,
        GCSConfig,
        AzureBlobStorageConfig,
        GenericPersistenceConfig,
        LocalConfig,
        TaskConfig,
    ],
)
def test_every_auto_gives_its_own_record(
    ctxcore_ambient: FakeAmbient, record: type[object]
) -> None:
    auto = getattr(record, "auto")  # noqa: B009 - the same call for every record
    assert type(auto()) is record
    assert auto() == record()


def test_auto_of_a_subclass_gives_the_subclass_with_its_own_defaults() -> None:
    @attrs.frozen
    class SdkConfig(Config):
        retries_of_mine: int = 7

    with using_ambient(FakeAmbient(env={"FLYTE_PLATFORM_URL": "sdk"})):
        config = SdkConfig.auto()
    assert type(config) is SdkConfig
    assert config.platform.endpoint == "sdk"
    assert config.retries_of_mine == 7


def test_config_files_come_from_the_fake(ctxcore_env: dict[str, str]) -> None:
    fake = FakeAmbient(env=ctxcore_env, files={"/c/config.yaml": _YAML}, config_file=None)
    with using_ambient(fake):
        assert Config.auto("/c/config.yaml").platform.endpoint == "from.file"
        assert Config.auto().platform.endpoint == PlatformConfig().endpoint  # nothing found
        assert ConfigFile("/c/config.yaml").yaml_config == {
            "admin": {"endpoint": "from.file"},
            "images": {"spark": "r/spark:1"},
        }
        with pytest.raises(ConfigFileNotFoundError) as missing:
            ConfigFile("/c/absent.yaml")
        assert missing.value.filename == "/c/absent.yaml"
    with using_ambient(attrs.evolve(fake, config_file="/c/config.yaml")):
        assert Config.auto().platform.endpoint == "from.file"
        explained = Config.explain()
        assert explained.provenance["platform.endpoint"].source == "file"


def test_for_endpoint_keeps_the_reference_rules_through_the_ambient() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_ID": "id", "FLYTE_PLATFORM_INSECURE": "true"}
    fake = FakeAmbient(env=env, files={"/c.yaml": "admin:\n  clientId: file-id\n"})
    with using_ambient(fake):
        dropped = Config.for_endpoint("x")
        kept = Config.for_endpoint("x", config_file="/c.yaml")
    assert dropped.platform == PlatformConfig(endpoint="x")
    assert kept.platform.endpoint == "x"
    assert kept.platform.client_id == "id"


def test_a_client_secret_file_is_read_from_the_fake() -> None:
    env = {"FLYTE_CREDENTIALS_CLIENT_SECRET_LOCATION": "/s/secret"}
    with using_ambient(FakeAmbient(env=env, files={"/s/secret": "hush\n"})):
        platform = PlatformConfig.auto()
    assert platform.client_credentials_secret == "hush"
    assert "hush" not in repr(platform)


# -- images, secrets, sandboxes, contexts ------------------------------------------------------


def test_images_come_from_the_fake_file_and_facts() -> None:
    fake = FakeAmbient(env={}, files={"/c.yaml": _YAML}, python_version=(3, 9), sdk_version="1.2.3")
    with using_ambient(fake):
        assert DefaultImages.default_image() == "cr.flyte.org/flyteorg/flytekit:py3.9-1.2.3"
        assert DefaultImages.find_image_for() == "cr.flyte.org/flyteorg/flytekit:py3.9-1.2.3"
        internal = {"FLYTE_INTERNAL_IMAGE": "r/internal:7"}
        assert DefaultImages.default_image(env=internal) == "r/internal:7"
        config = ImageConfig.auto("/c.yaml", img_name="r/default:1")
        spark = Image("spark", "r/spark", "1")
        assert config.images == (Image("default", "r/default", "1"), spark)
        default = ImageConfig.auto_default_image("/c.yaml", env=internal)
        assert default.default_image == Image("default", "r/internal", "7")


def test_execution_parameters_defaults_come_from_the_fake(ctxcore_env: dict[str, str]) -> None:
    ctxcore_env["_FSEC_GROUP_KEY"] = "s3cr3t"
    with using_ambient(FakeAmbient(env=ctxcore_env)):
        params = _params()
        assert params.secrets.get("group", "key") == "s3cr3t"
        sandboxed = params.with_task_sandbox().build()
    assert sandboxed.working_directory.startswith("/work/user_space/")
    assert sandboxed.checkpoint_or_none is None


def test_current_context_is_the_fake_s_when_it_has_one() -> None:
    context = memory_root()
    with using_ambient(FakeAmbient(context=context)):
        assert FlyteContext.current_context() is context
    assert FlyteContext.current_context() is FlyteContextManager.current_context()


def test_a_stack_without_a_root_factory_gets_the_ambient_s_root() -> None:
    access = MemoryFileAccess()
    fake = FakeAmbient(root=lambda: memory_root(access))
    with using_ambient(fake), FlyteContextManager.isolated() as root:
        assert root.file_access is access
        assert FlyteContext.current_context() is root
