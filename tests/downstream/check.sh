#!/usr/bin/env bash
# Typing tests: what a downstream user's type checkers see, with both mypy and pyright strict.
# Lines that must fail carry `# type: ignore[code]  # pyright: ignore[rule]`; an ignore that is
# not needed is itself an error, so a line that stops failing fails this check.
set -euo pipefail
cd "$(dirname "$0")/../.."
mypy tests/typing
pyright tests/typing
