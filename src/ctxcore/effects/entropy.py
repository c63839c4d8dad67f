"""The entropy effect: random names for paths."""

from __future__ import annotations

import os
from typing import Protocol, runtime_checkable


@runtime_checkable
class Entropy(Protocol):
    """Where random names come from."""

    def random_hex(self) -> str:
        """32 lowercase hexadecimal characters (128 random bits)."""
        ...


class OsEntropy:
    """Random names from the operating system.

    ``os.urandom`` keeps no state in the process, so forked workers never repeat each other's
    names (the reference's seeded PRNG did).
    """

    def random_hex(self) -> str:
        return os.urandom(16).hex()
