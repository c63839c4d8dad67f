"""The context envelope's JSON layout as msgspec types: a text in that layout is parsed and
type-checked in one pass of C (``decoded``), several times faster than ``json.loads`` followed
by the envelope's field-by-field reader.

How this works. ``decoded`` takes a text only when msgspec reads it into these types with
every bound met: this major and minor version, no field the layout does not name, a known
execution mode, each string a string, each number a number of its kind within the readers'
bounds, each section an object. The values it then gives are those ``json.loads`` gives for the
same text, and exactly the ones the envelope's general reader (``envelope._fields``) takes
unchanged. Anything else (a null where a default is meant, another minor version, an unknown
field, a value out of bounds, a lone surrogate, JSON that ``json`` reads and msgspec does not)
gives ``None``, and the general reader reads the text and names the field when it is wrong.
So this path can only be faster, never different, and which of the two reads a text cannot be
told from outside: a property test holds them together on generated and mutated texts.
Unknown fields are left to the general reader because msgspec skips them without converting
their values, and ``json`` refuses a text whose number it cannot convert (one over Python's
4,300-digit limit): taking them here would make the two differ.

When it is used: ``envelope._layout_reader`` (msgspec's import is paid only by processes that
read many envelopes).
"""

from __future__ import annotations

from typing import Annotated, Final, Literal

import msgspec

from ctxcore.core.config.records import S3Config
from ctxcore.core.execution.state import ExecutionMode
from ctxcore.core.handoff.limits import MAX_BACKOFF_SECONDS, MAX_RETRIES

__all__ = ["WireData", "WireEnvelope", "decoded"]

_S3_DEFAULTS: Final = S3Config()


class WireS3(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data_config.s3``; absent values are ``S3Config``'s defaults."""

    enable_debug: bool = False
    endpoint: str | None = None
    retries: Annotated[int, msgspec.Meta(ge=0, le=MAX_RETRIES)] = _S3_DEFAULTS.retries
    backoff_seconds: Annotated[float, msgspec.Meta(ge=0.0, le=MAX_BACKOFF_SECONDS)] = (
        _S3_DEFAULTS.backoff.total_seconds()
    )
    addressing_style: str | None = None


class WireGCS(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data_config.gcs``."""

    gsutil_parallelism: bool = False


class WireAzure(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data_config.azure`` (never a credential: the envelope carries none)."""

    account_name: str | None = None
    tenant_id: str | None = None
    client_id: str | None = None


class WireGeneric(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data_config.generic``."""

    attach_execution_metadata: bool = True


class WireData(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data_config``: each section absent for its defaults."""

    s3: WireS3 = WireS3()
    gcs: WireGCS = WireGCS()
    azure: WireAzure = WireAzure()
    generic: WireGeneric = WireGeneric()


class WireEnvelope(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The whole document, as ``ContextEnvelope.to_json`` writes it (a field at its default
    absent). The values of ids, custom context and trace context are checked by the record."""

    version: Literal["1.0"]
    execution_mode: ExecutionMode | None = None
    execution_id: str | None = None
    task_id: str | None = None
    raw_output_prefix: str | None = None
    output_metadata_prefix: str | None = None
    serialized_context: str | None = None
    data_config: WireData = WireData()
    credentials: tuple[str, ...] = ()
    custom_context: dict[str, str] = {}
    traceparent: str | None = None
    tracestate: str | None = None


_decode: Final = msgspec.json.Decoder(WireEnvelope).decode


def decoded(text: str | bytes) -> WireEnvelope | None:
    """``text`` read into the layout, or ``None`` when it is not in it (see the module)."""
    try:
        return _decode(text)
    except (msgspec.MsgspecError, ValueError, RecursionError):
        # not in the layout (MsgspecError), a str that is not UTF-8 (UnicodeEncodeError), or
        # nested deeper than the interpreter allows: the general reader says which field
        return None
