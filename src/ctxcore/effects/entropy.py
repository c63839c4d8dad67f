"""Random names from the operating system (the ``Entropy`` port)."""

from __future__ import annotations

import os

__all__ = [
    "OsEntropy",
]


class OsEntropy:
    """Random names from the operating system.

    ``os.urandom`` keeps no state in the process, so forked workers never repeat each other's
    names (the reference's seeded PRNG did).
    """

    def random_hex(self) -> str:
        return os.urandom(16).hex()
