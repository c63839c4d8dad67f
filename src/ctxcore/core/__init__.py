"""The functional core: frozen records and pure transitions, grouped by concept.

Nothing in this package reads the environment, the file system, the clock or a source of
randomness, or imports anything above itself; the import-linter contracts in
``pyproject.toml`` and ``tests/architecture/test_purity.py`` keep it that way. It reaches the
process only through the installed ambient (``ctxcore.core.ambient``).
"""
