"""Hypothesis strategies for images and serialization settings.

Every strategy generates valid values only, and each field can be pinned by passing a strategy
for it as a keyword argument (``None`` keeps the default strategy)::

    serialization_settings(project=st.just("flytesnacks"), env=st.none())
    images(tag=st.none(), digest=st.none())          # images with neither tag nor digest

Generated environments never contain ``_F_SS_C`` (the serialized context is derived from the
settings, so a stray value would not survive an encode/decode round trip).
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping

from hypothesis import strategies as st

from ctxcore.core.compilation.resources import Resources
from ctxcore.core.serialization.entrypoint import EntrypointSettings
from ctxcore.core.serialization.images import Image, ImageConfig
from ctxcore.core.serialization.settings import (
    FastSerializationSettings,
    ResourceSpec,
    SerializationSettings,
)
from ctxcore.core.serialization.transport import SERIALIZED_CONTEXT_ENV_VAR
from ctxcore.testing.strategies._base import SearchStrategy, pick, text
from ctxcore.testing.strategies.compilation import resources

__all__ = [
    "entrypoint_settings",
    "envs",
    "fast_serialization_settings",
    "gzip_bomb",
    "image_configs",
    "image_identifiers",
    "images",
    "reference_sample_settings",
    "resource_specs",
    "serialization_settings",
]


def _optional_text(max_size: int = 24) -> SearchStrategy[str | None]:
    return st.none() | text(max_size)


_REF_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_."


def _ref_part(max_size: int = 12) -> SearchStrategy[str]:
    return st.text(_REF_ALPHABET, min_size=1, max_size=max_size)


@st.composite
def _image(
    draw: st.DrawFn,
    name: SearchStrategy[str],
    fqn: SearchStrategy[str],
    tag: SearchStrategy[str | None] | None,
    digest: SearchStrategy[str | None] | None,
) -> Image:
    drawn_tag = draw(pick(tag, _optional_text()))
    default_digest = st.none() if drawn_tag else _optional_text()
    drawn_digest = draw(pick(digest, default_digest))
    if drawn_tag and drawn_digest:  # both pinned to values: drop the digest, keep it valid
        drawn_digest = None
    return Image(name=draw(name), fqn=draw(fqn), tag=drawn_tag, digest=drawn_digest)


def images(
    *,
    name: SearchStrategy[str] | None = None,
    fqn: SearchStrategy[str] | None = None,
    tag: SearchStrategy[str | None] | None = None,
    digest: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[Image]:
    """Images with a tag, a digest or neither (never both)."""
    return _image(pick(name, text()), pick(fqn, text(40)), tag, digest)


def image_identifiers(
    *, with_tag_or_digest: bool | None = None
) -> SearchStrategy[tuple[str, str, str | None, str | None]]:
    """``(identifier, fqn, tag, digest)``: registry-style image identifiers and their parts
    (a registry port is included at times, to exercise the ``:`` rule).

    ``with_tag_or_digest`` pins whether a tag or digest is present (``None``: either way).
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, str, str | None, str | None]:
        host = draw(_ref_part())
        port = draw(st.none() | st.integers(1, 65535))
        path = draw(st.lists(_ref_part(), min_size=1, max_size=3))
        fqn = "/".join([host if port is None else f"{host}:{port}", *path])
        kinds = {None: ("none", "tag", "digest"), True: ("tag", "digest"), False: ("none",)}
        kind = draw(st.sampled_from(kinds[with_tag_or_digest]))
        if kind == "tag":
            tag = draw(_ref_part())
            return f"{fqn}:{tag}", fqn, tag, None
        if kind == "digest":
            digest = "sha256:" + draw(st.text("0123456789abcdef", min_size=8, max_size=64))
            return f"{fqn}@{digest}", fqn, None, digest
        return fqn, fqn, None, None

    return build()


def image_configs(
    *,
    default_image: SearchStrategy[Image | None] | None = None,
    images: SearchStrategy[tuple[Image, ...] | None] | None = None,
) -> SearchStrategy[ImageConfig]:
    """Image configurations, either assembled freely or as ``create_from`` makes them."""
    default = pick(default_image, st.none() | _all_images())
    others = pick(images, st.none() | st.lists(_all_images(), max_size=3).map(tuple))
    return st.builds(ImageConfig, default_image=default, images=others)


def _all_images() -> SearchStrategy[Image]:
    return images()


def resource_specs(
    *,
    requests: SearchStrategy[Resources] | None = None,
    limits: SearchStrategy[Resources] | None = None,
) -> SearchStrategy[ResourceSpec]:
    """Default requests and limits (``ctxcore.testing.strategies.resources`` for each)."""
    return st.builds(
        ResourceSpec,
        requests=pick(requests, resources()),
        limits=pick(limits, resources()),
    )


def fast_serialization_settings(
    *,
    enabled: SearchStrategy[bool] | None = None,
    destination_dir: SearchStrategy[str | None] | None = None,
    distribution_location: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[FastSerializationSettings]:
    """Fast-registration settings."""
    return st.builds(
        FastSerializationSettings,
        enabled=pick(enabled, st.booleans()),
        destination_dir=pick(destination_dir, _optional_text()),
        distribution_location=pick(distribution_location, _optional_text(60)),
    )


def entrypoint_settings(
    *, path: SearchStrategy[str | None] | None = None
) -> SearchStrategy[EntrypointSettings]:
    """Entry-point settings."""
    return st.builds(EntrypointSettings, path=pick(path, _optional_text()))


def envs(*, max_size: int = 6) -> SearchStrategy[Mapping[str, str]]:
    """Environments (plain dicts, in generated order) without ``_F_SS_C``."""
    names = text(16).filter(lambda name: name != SERIALIZED_CONTEXT_ENV_VAR)
    return st.dictionaries(names, text(), max_size=max_size)


def serialization_settings(
    *,
    image_config: SearchStrategy[ImageConfig] | None = None,
    project: SearchStrategy[str | None] | None = None,
    domain: SearchStrategy[str | None] | None = None,
    version: SearchStrategy[str | None] | None = None,
    env: SearchStrategy[Mapping[str, str] | None] | None = None,
    default_resources: SearchStrategy[ResourceSpec | None] | None = None,
    git_repo: SearchStrategy[str | None] | None = None,
    python_interpreter: SearchStrategy[str] | None = None,
    flytekit_virtualenv_root: SearchStrategy[str | None] | None = None,
    fast_serialization_settings: SearchStrategy[FastSerializationSettings | None] | None = None,
    source_root: SearchStrategy[str | None] | None = None,
) -> SearchStrategy[SerializationSettings]:
    """Serialization settings; ``flytekit_virtualenv_root`` is ``None`` (derived from the
    interpreter) about half the time."""
    return st.builds(
        SerializationSettings,
        image_config=pick(image_config, image_configs()),
        project=pick(project, _optional_text()),
        domain=pick(domain, _optional_text()),
        version=pick(version, _optional_text()),
        env=pick(env, st.none() | envs()),
        default_resources=pick(default_resources, st.none() | resource_specs()),
        git_repo=pick(git_repo, _optional_text()),
        python_interpreter=pick(python_interpreter, st.just("/opt/venv/bin/python3") | text(40)),
        flytekit_virtualenv_root=pick(flytekit_virtualenv_root, _optional_text()),
        fast_serialization_settings=pick(
            fast_serialization_settings, st.none() | _fast_serialization_settings()
        ),
        source_root=pick(source_root, _optional_text()),
    )


def _fast_serialization_settings() -> SearchStrategy[FastSerializationSettings]:
    return fast_serialization_settings()


def reference_sample_settings() -> SerializationSettings:
    """The settings the reference's interop samples were made from: a default image, project
    ``flytesnacks``, domain ``development``, version ``v1-anchor``, five env entries and
    fast-serialization settings. Its ``to_json()`` and ``serialized_context`` are the
    reference's, byte for byte."""
    image = Image(name="default", fqn="ghcr.io/flyteorg/flytekit", tag="py3.11-1.16.31")
    return SerializationSettings(
        image_config=ImageConfig.create_from(image),
        project="flytesnacks",
        domain="development",
        version="v1-anchor",
        env={f"ENV_KEY_{i}": f"value-{i}" for i in range(5)},
        fast_serialization_settings=FastSerializationSettings(
            enabled=True,
            destination_dir="/root",
            distribution_location="s3://my-bucket/fast/abc123.tar.gz",
        ),
    )


def gzip_bomb(size: int) -> bytes:
    """A valid gzip member that inflates to ``size`` zero bytes (about ``size / 1000`` bytes
    long; built 1 MiB at a time, so making it costs little memory)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    chunk = b"\x00" * (1 << 20)
    parts = [bytes.fromhex("1f8b08000000000002ff")]
    crc = 0
    whole, rest = divmod(size, len(chunk))
    for piece in [chunk] * whole + [chunk[:rest]]:
        crc = zlib.crc32(piece, crc)
        parts.append(compressor.compress(piece))
    parts.append(compressor.flush())
    parts.append(crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little"))
    return b"".join(parts)
