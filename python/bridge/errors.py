"""Bridge's errors as Python exceptions with the same names and messages.

Each .NET ``Bridge.*`` exception surfaces as the class of the same name here; those named like Python built-ins also
derive from the built-in (``bridge.errors.ValueError`` is a ``ValueError``), so ``except ValueError`` works as with TF.
"""
from __future__ import annotations

import builtins


class BridgeError(Exception):
    """Base of every error from Bridge's .NET side."""


class BridgeLoadError(BridgeError, ImportError):
    """.NET or Bridge could not be loaded; the message names the fix."""


class ValueError(BridgeError, builtins.ValueError):
    """A bad argument found while building the graph (TF's ValueError)."""


class TypeError(BridgeError, builtins.TypeError):
    """A wrong type of argument (TF's TypeError)."""


class RuntimeError(BridgeError, builtins.RuntimeError):
    """Misuse of a session or graph (TF's RuntimeError)."""


class IndexError(BridgeError, builtins.IndexError):
    """An index out of range (Python's IndexError)."""


class LookupError(BridgeError, builtins.LookupError):
    """Something looked up is not defined."""


class OpError(BridgeError):
    """Base of the errors raised while a graph runs (TF's tf.errors.OpError)."""


class InvalidArgumentError(OpError):
    """A bad value found while running the graph (TF's tf.errors.InvalidArgumentError)."""


class FailedPreconditionError(OpError):
    """A variable read before its initializer ran (TF's tf.errors.FailedPreconditionError)."""


class DataLossError(OpError):
    """Corrupt or truncated stored data (TF's tf.errors.DataLossError)."""


class CancelledError(OpError):
    """A run stopped between ops before it wrote anything (TF's tf.errors.CancelledError). A run stopped by Ctrl-C
    raises KeyboardInterrupt (whatever the SIGINT handler raised) instead."""


_BY_NAME = {c.__name__: c for c in (ValueError, TypeError, RuntimeError, IndexError, LookupError,
                                    InvalidArgumentError, FailedPreconditionError, DataLossError, CancelledError)}


def translate(exc: BaseException) -> BaseException:
    """The Python exception for a .NET exception raised through pythonnet (others are returned unchanged)."""
    net = exc
    # Reflection wraps exceptions thrown by invoked methods; the inner one is Bridge's.
    while type(net).__name__ == "TargetInvocationException" and getattr(net, "InnerException", None) is not None:
        net = net.InnerException
    message = getattr(net, "Message", None)
    if message is None:
        return exc
    cls = _BY_NAME.get(type(net).__name__)
    namespace = getattr(getattr(net, "GetType", lambda: None)(), "Namespace", None)
    if cls is not None and namespace == "Bridge":
        return cls(str(message))
    return BridgeError(f"{type(net).__name__}: {message}")
