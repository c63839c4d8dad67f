"""A tiny workflow SDK built on ctxcore, written the way an embedding SDK would use it.

It is never run by the test suite: ``tests/downstream/check.sh`` type-checks it, strict, with
mypy and pyright against the *installed* ctxcore (a wheel built from this checkout), which
proves that ``py.typed`` ships and that the public names and their types are what users see.
"""

from sdk_example.tasks import Task, run_locally, task, workflow

__all__ = ["Task", "run_locally", "task", "workflow"]
