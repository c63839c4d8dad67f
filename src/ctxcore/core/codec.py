"""cattrs converters for ctxcore's records, built on first use (cattrs is not imported with
ctxcore)."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, TypeVar, cast, get_args

import attrs
from pyrsistent import PMap, PVector, pmap, pvector

from ctxcore.core import results
from ctxcore.core._repr import fields_repr
from ctxcore.core.compilation.node import Node
from ctxcore.core.compilation.resources import ResourceSpecValue, resource_spec_value
from ctxcore.core.compilation.state import CompilationState
from ctxcore.core.execution.decks import Deck
from ctxcore.core.execution.parameters import ExecutionParameters
from ctxcore.core.execution.state import ExecutionState
from ctxcore.core.identifiers import Identifier, WorkflowExecutionIdentifier

if TYPE_CHECKING:
    from cattrs import Converter

_T = TypeVar("_T")
_MICROSECOND = datetime.timedelta(microseconds=1)


def make_converter() -> Converter:
    """A new converter that knows ctxcore's persistent collections.

    ``PVector``/``PMap`` fields unstructure to lists/dicts and structure back; datetimes to ISO
    8601 strings, timedeltas to whole microseconds. Fields typed ``object`` or with a
    ``Protocol`` (``FileAccess``, ``StatsClient``, ...) pass through unchanged in both
    directions, as do the effect handles of ``ExecutionParameters`` (its logger, stats client
    and checkpoint). Modules with a wire format of their own start from this converter and
    register their hooks on their copy.
    """
    import cattrs  # deferred: `import ctxcore` stays cheap

    converter = cattrs.Converter()

    def is_pvector(t: object) -> bool:
        return getattr(t, "__origin__", t) is PVector

    def is_pmap(t: object) -> bool:
        return getattr(t, "__origin__", t) is PMap

    def structure_pvector(value: object, t: object) -> PVector[object]:
        (item_type,) = get_args(t) or (object,)
        items: list[object] = converter.structure(value, list[item_type])  # type: ignore[valid-type]
        return pvector(items)

    def structure_pmap(value: object, t: object) -> PMap[object, object]:
        key_type, value_type = get_args(t) or (object, object)
        entries: dict[object, object] = converter.structure(
            value,
            dict[key_type, value_type],  # type: ignore[valid-type]
        )
        return pmap(entries)

    converter.register_unstructure_hook_func(
        is_pvector, lambda v: [converter.unstructure(x) for x in v]
    )
    converter.register_structure_hook_func(is_pvector, structure_pvector)
    converter.register_structure_hook_func(is_pmap, structure_pmap)
    converter.register_structure_hook_func(lambda t: t is object, lambda v, _: v)
    converter.register_unstructure_hook_func(_is_protocol, lambda v: v)
    converter.register_structure_hook_func(_is_protocol, lambda v, _: v)
    converter.register_unstructure_hook(datetime.datetime, lambda v: v.isoformat())
    converter.register_structure_hook(datetime.datetime, _structure_datetime)
    converter.register_unstructure_hook(datetime.timedelta, lambda v: v // _MICROSECOND)
    converter.register_structure_hook(datetime.timedelta, _structure_timedelta)
    converter.register_structure_hook_func(_is_resource_spec, _structure_resource_spec)
    _register_execution_parameters(converter)
    _register_compilation_state(converter)
    # ExecutionState names ExecutionParameters only for type checkers (no import cycle at run
    # time); give cattrs the real class.
    attrs.resolve_types(ExecutionState, localns={"ExecutionParameters": ExecutionParameters})
    return converter


def _register_compilation_state(converter: Converter) -> None:
    """A state's nodes (a chain of cells, ``compilation/chain.py``) as a list under
    ``_nodes``, the form the pyrsistent vector had."""

    def unstructure(state: CompilationState) -> dict[str, object]:
        return {
            "prefix": state.prefix,
            "mode": state.mode,
            "task_resolver": state.task_resolver,  # typed `object`: passed through, as before
            "_nodes": [converter.unstructure(node) for node in state.nodes],
        }

    def structure(value: object, _: object) -> CompilationState:
        fields = converter.structure(value, dict[str, object])
        nodes: list[Node] = converter.structure(fields.get("_nodes", []), list[Node])
        return CompilationState(
            converter.structure(fields["prefix"], str),
            converter.structure(fields.get("mode", 1), int),
            fields.get("task_resolver"),
            nodes,
        )

    converter.register_unstructure_hook(CompilationState, unstructure)
    converter.register_structure_hook(CompilationState, structure)


def _is_protocol(t: object) -> bool:
    return isinstance(t, type) and bool(getattr(t, "_is_protocol", False))


def _structure_datetime(value: object, _: object) -> datetime.datetime:
    if not isinstance(value, str):
        raise TypeError(f"a datetime is an ISO 8601 string, not {type(value).__name__}")
    return datetime.datetime.fromisoformat(value)


def _structure_timedelta(value: object, _: object) -> datetime.timedelta:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"a timedelta is a number of microseconds, not {type(value).__name__}")
    return datetime.timedelta(microseconds=value)


def _is_resource_spec(t: object) -> bool:
    return t == ResourceSpecValue | None


def _structure_resource_spec(value: object, _: object) -> ResourceSpecValue | None:
    parsed = resource_spec_value(value)
    if isinstance(parsed, results.Failure):
        raise TypeError(parsed.failure())
    return parsed.unwrap()


def _register_execution_parameters(converter: Converter) -> None:
    """``ExecutionParameters`` takes its task attributes as ``**kwargs`` and holds effect
    handles (logger, stats, checkpoint, ...) whose types the core cannot name at run time:
    hooks written out by hand. The data fields are converted; every other field, present or
    added later, passes through by its ``__init__`` name."""

    def optional(cls: type[_T]) -> _Codec:
        return _Codec(
            lambda v: None if v is None else converter.unstructure(v, cls),
            lambda v: None if v is None else converter.structure(v, cls),
        )

    deck = _Codec(lambda v: converter.unstructure(v, Deck), lambda v: converter.structure(v, Deck))
    data: dict[str, _Codec] = {
        "execution_date": _Codec(
            lambda v: converter.unstructure(v, datetime.datetime),
            lambda v: converter.structure(v, datetime.datetime),
        ),
        "execution_id": optional(WorkflowExecutionIdentifier),
        "task_id": optional(Identifier),
        "decks": _Codec(
            lambda v: [deck.unstructure(d) for d in cast("Iterable[object]", v)],
            lambda v: [deck.structure(d) for d in cast("Iterable[object]", v)],
        ),
        "attributes": _Codec(lambda v: dict(cast("Mapping[str, object]", v)), lambda v: v),
    }

    def unstructure(params: ExecutionParameters) -> dict[str, object]:
        values = attrs.asdict(params, recurse=False)
        out: dict[str, object] = {}
        for field in attrs.fields(ExecutionParameters):
            name = field.alias or field.name
            codec = data.get(name)
            value = values[field.name]
            out[name] = value if codec is None else codec.unstructure(value)
        return out

    def structure(value: Mapping[str, object], _: object) -> ExecutionParameters:
        arguments = {
            key: item if key not in data else data[key].structure(item)
            for key, item in value.items()
        }
        return _call(ExecutionParameters, arguments)  # ``attributes=`` is the field itself

    # The ``_func`` forms: registering by class would make cattrs resolve the annotations.
    converter.register_unstructure_hook_func(lambda t: t is ExecutionParameters, unstructure)
    converter.register_structure_hook_func(lambda t: t is ExecutionParameters, structure)


def _call(cls: Callable[..., _T], arguments: Mapping[str, object]) -> _T:
    """``cls(**arguments)`` for arguments whose types were checked by the hooks that made them."""
    return cls(**arguments)


@attrs.frozen
class _Codec:
    __repr__ = fields_repr

    unstructure: Callable[[object], object]
    structure: Callable[[object], object]


@functools.cache
def get_converter() -> Converter:
    """The shared converter for ctxcore's records (built once, on first call)."""
    return make_converter()
