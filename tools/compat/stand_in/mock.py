"""``mock``, the PyPI backport of ``unittest.mock`` that flytekit's tests import."""

from unittest.mock import ANY, AsyncMock, MagicMock, Mock, call, mock_open, patch, sentinel

__all__ = ["ANY", "AsyncMock", "MagicMock", "Mock", "call", "mock_open", "patch", "sentinel"]
