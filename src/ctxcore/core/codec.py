"""cattrs converters for ctxcore's records, built on first use (cattrs is not imported with
ctxcore)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, get_args

from pyrsistent import PMap, PVector, pmap, pvector

if TYPE_CHECKING:
    from cattrs import Converter


def make_converter() -> Converter:
    """A new converter that knows ctxcore's persistent collections.

    ``PVector``/``PMap`` fields unstructure to lists/dicts and structure back. Fields typed
    ``object`` pass through unchanged in both directions. Modules with a wire format of their
    own start from this converter and register their hooks on their copy.
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
    converter.register_unstructure_hook_func(
        is_pmap,
        lambda m: {converter.unstructure(k): converter.unstructure(v) for k, v in m.items()},
    )
    converter.register_structure_hook_func(is_pvector, structure_pvector)
    converter.register_structure_hook_func(is_pmap, structure_pmap)
    converter.register_structure_hook_func(lambda t: t is object, lambda v, _: v)
    return converter


@functools.cache
def get_converter() -> Converter:
    """The shared converter for ctxcore's records (built once, on first call)."""
    return make_converter()
