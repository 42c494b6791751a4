"""Bridge's errors as Python exceptions with the same names and messages.

Each .NET ``Bridge.*`` exception surfaces as the class of the same name here; those named like Python built-ins also
derive from the built-in (``bridge.errors.ValueError`` is a ``ValueError``), so ``except ValueError`` works as with TF.
"""
from __future__ import annotations

import builtins
import re


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


class OutOfRangeError(OpError):
    """An input ran out (TF's tf.errors.OutOfRangeError): a closed queue has fewer elements than a dequeue asks for."""


class NotFoundError(OpError):
    """A file named at run time does not exist (TF's tf.errors.NotFoundError), e.g. a reader's file."""


class ResourceExhaustedError(OpError):
    """A value too large for this process (TF's tf.errors.ResourceExhaustedError, "OOM when allocating tensor"): its
    element count overflows, or its bytes exceed what the machine can give. Raised before anything is allocated."""


_BY_NAME = {c.__name__: c for c in (ValueError, TypeError, RuntimeError, IndexError, LookupError,
                                    InvalidArgumentError, FailedPreconditionError, DataLossError, CancelledError,
                                    OutOfRangeError, NotFoundError, ResourceExhaustedError)}


# C# idioms in the "- help:" part of Bridge's messages (written for C# users) and their Python spelling, in order.
_DTYPES = {"FLOAT": "float32", "DOUBLE": "float64", "INT32": "int32", "INT64": "int64", "INT16": "int16",
           "INT8": "int8", "UINT8": "uint8", "BOOL": "bool", "STRING": "string"}
_CS_TO_PY = [
    (re.compile(r"-1 \(None\)"), "None"),  # "with -1 (None) for dimensions of any size"
    # Array literals: new[] { -1, 3 }, new int?[] { null, 3 }, new float[] { 1f }
    (re.compile(r"new\s*(?:[A-Za-z_][\w.]*\??)?\s*\[\s*\]\s*\{\s*([^{}]*?)\s*\}"), r"[\1]"),
    # Named arguments: tf.reduce_mean(x, axis: 1), pass validate_shape: false
    (re.compile(r"([(,]\s*)([A-Za-z_]\w*):\s+"), r"\1\2="),
    (re.compile(r"\b([a-z]+_[a-z_]+):\s+(?=true\b|false\b|null\b|-?\d)"), r"\1="),
    (re.compile(r"\btrue\b"), "True"),
    (re.compile(r"\bfalse\b"), "False"),
    (re.compile(r"\bnull\b"), "None"),
    (re.compile(r"\((float|double|int|long|bool)\)\s*(\w+)"),
     lambda m: f"{ {'double': 'float', 'long': 'int'}.get(m[1], m[1])}({m[2]})"),  # (float)a
    (re.compile(r"\bTF_DataType\.TF_([A-Z0-9]+)"), lambda m: f"tf.{_DTYPES.get(m[1], m[1].lower())}"),
    (re.compile(r"\b(\d+\.\d+(?:e[+-]?\d+)?|\d+e[+-]?\d+)[fFdD]\b"), r"\1"),  # 1e-8f, 0.5f
    # A feed given as a C# tuple: sess.run(..., (X, value))
    (re.compile(r"sess\.run\(([^()]*?),\s*\((\w+),\s*(\w+)\)\)"), r"sess.run(\1, feed_dict={\2: \3})"),
    (re.compile(r"\bwrite \((\w+), (\w+)\)"), r"write {\1: \2}"),
]
_PLACEHOLDER_CALL = re.compile(r"tf\.placeholder\(([^()]*)\)")


def python_message(message: str) -> str:
    """Bridge's message in Python's words: the C# idioms of its "- help:" part (array literals, named arguments
    ``axis: 1``, ``true``/``null``, casts) written as Python writes them; ``null`` becomes None everywhere."""
    head, sep, tail = message.partition("- help:")
    head = re.sub(r"\bnull\b", "None", head)
    if not sep:
        return head
    for pattern, repl in _CS_TO_PY:
        tail = pattern.sub(repl, tail)
    # In a placeholder's shape, -1 is written None in Python (TF 1.x's TensorShape refuses -1).
    tail = _PLACEHOLDER_CALL.sub(lambda m: "tf.placeholder(" + re.sub(r"(?<![\w.])-1\b", "None", m[1]) + ")", tail)
    return head + sep + tail


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
        return cls(python_message(str(message)))
    return BridgeError(f"{type(net).__name__}: {python_message(str(message))}")
