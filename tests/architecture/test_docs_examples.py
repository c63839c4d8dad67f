"""Every ``python`` code block of the README and the docs runs, as written.

A block runs on its own, in a namespace of its own, unless its page says
``<!-- docs-examples: one namespace -->``: then the page's blocks run in order in one namespace,
as one example, so that a tutorial's later steps use what its earlier steps defined. Either way
each block must leave the context stack as it found it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctxcore import FlyteContextManager, flyte_context_Var

_ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
ONE_NAMESPACE = "<!-- docs-examples: one namespace -->"


def blocks(page: Path) -> list[str]:
    """The ``python`` blocks of ``page``, in order."""
    return [match.group(1) for match in _BLOCK.finditer(page.read_text(encoding="utf-8"))]


def _examples() -> Iterator[tuple[str, list[tuple[str, str]]]]:
    for page in [_ROOT / "README.md", *sorted((_ROOT / "docs").rglob("*.md"))]:
        where = page.relative_to(_ROOT)
        named = [(f"{where}#{n}", code) for n, code in enumerate(blocks(page), start=1)]
        if ONE_NAMESPACE in page.read_text(encoding="utf-8"):
            if named:
                yield f"{where}#1-{len(named)}", named
        else:
            yield from ((name, [(name, code)]) for name, code in named)


_EXAMPLES = dict(_examples())


def test_the_docs_have_examples() -> None:
    assert len(_EXAMPLES) >= 4


@pytest.mark.parametrize("name", sorted(_EXAMPLES))
def test_example_runs(name: str) -> None:
    token = flyte_context_Var.set(None)
    namespace: dict[str, object] = {"__name__": "__docs__"}
    try:
        for block, code in _EXAMPLES[name]:
            exec(compile(code, block, "exec"), namespace)
            assert FlyteContextManager.size() == 1, f"{block} left a context pushed"
    finally:
        flyte_context_Var.reset(token)
