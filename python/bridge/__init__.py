"""Bridge from Python: ``from bridge import tf`` gives TF 1.x's graph-mode API, computed by Bridge's .NET facade.

Importing the package starts .NET in this process and loads the built Bridge assembly (see ``_runtime``).
"""
from __future__ import annotations

from . import _runtime
from .errors import BridgeError, BridgeLoadError

_runtime.load()

from . import tf  # noqa: E402  (needs the runtime)

__all__ = ["tf", "BridgeError", "BridgeLoadError"]
__version__ = "0.1.0"
