"""The functional core: frozen records and pure transitions.

Nothing in this package reads the environment, the file system, the clock or a source of
randomness; the import-linter contracts in ``pyproject.toml`` and ``tests/architecture/test_purity.py``
keep it that way.
"""
