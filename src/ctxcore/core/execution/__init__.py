"""Execution: the state a workflow runs in (``ExecutionState``), the user-facing parameters of a
task (``ExecutionParameters`` and its builder), decks and timelines, and output metadata."""
