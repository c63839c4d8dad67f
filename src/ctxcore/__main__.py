"""``python -m ctxcore``."""

import sys

from ctxcore.cli import main

sys.exit(main())
