"""Every ``python`` code block of the README and the docs runs, as written."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctxcore import FlyteContextManager, flyte_context_Var

_ROOT = Path(__file__).resolve().parents[2]
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _examples() -> Iterator[tuple[str, str]]:
    for page in [_ROOT / "README.md", *sorted((_ROOT / "docs").rglob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        for number, match in enumerate(_BLOCK.finditer(text), start=1):
            yield f"{page.relative_to(_ROOT)}#{number}", match.group(1)


_EXAMPLES = dict(_examples())


def test_the_docs_have_examples() -> None:
    assert len(_EXAMPLES) >= 4


@pytest.mark.parametrize("name", sorted(_EXAMPLES))
def test_example_runs(name: str) -> None:
    token = flyte_context_Var.set(None)
    try:
        exec(compile(_EXAMPLES[name], name, "exec"), {"__name__": "__docs__"})
        assert FlyteContextManager.size() == 1, "an example left a context pushed"
    finally:
        flyte_context_Var.reset(token)
