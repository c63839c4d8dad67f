"""A stand-in ``flytekit`` for running flytekit's own unit tests of the context layer against
ctxcore (``make compat``). It is not a flytekit: each module path of the context layer is a
module whose names are ctxcore's (``tools/compat/modules.py`` says which); a module path
outside the context layer fails to import, naming itself."""

from __future__ import annotations

import sys

from compat_modules import install

install(sys.modules[__name__])
