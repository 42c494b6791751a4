"""TF 1.x's API (``tf.placeholder``, ``tf.matmul``, ``tf.Session`` ...) over Bridge's C# facade.

The functions, and the ``tf.nn``, ``tf.train`` and ``tf.summary`` namespaces, are derived from the facade object
``Bridge.Binding.tf`` by .NET reflection (see ``_binding``): a public method added to the facade in C# is here with no
Python edit. This module adds only what Python needs on top: sessions that return numpy values, ``name_scope`` as a
context manager, the FileWriter that takes the bytes ``sess.run`` returns, dtypes, errors, and TF 1.x's old names.

Helpers here are private (``_name``); ``dir(tf)`` lists TF's names only.
"""
import contextlib as _contextlib
import sys as _sys
import types as _types

from . import _binding, _dtypes, _session
from . import errors  # tf.errors.InvalidArgumentError ...
from ._dtypes import DType, as_dtype, string  # noqa: F401  (TF names)
from ._graph import Operation, Tensor, TensorShape, call as _call, net_tf as _net_tf  # noqa: F401
from ._summary import FileWriter as _FileWriter

import clr as _clr  # type: ignore
from Bridge import Optimizer as _NetOptimizer  # type: ignore

# The TF release whose semantics Bridge follows (TF 1.0's fetch rules, the 2017 labs' recorded outputs); scripts that
# check for 1.x read it.
__version__ = "1.0.0"

# Every public method of the C# facade, under its C# name (which is TF's), built on first use (see __getattr__).
_lazy = _binding.builders(_net_tf, "tf")

# tf.float32 ... from the facade's dtype fields (tf.bool from `@bool`); tf.string is Python-only (summaries' dtype).
globals().update(_binding.dtype_fields(_net_tf))

# tf.nn, tf.train, tf.summary ...: the facade's sub-APIs, with the Python-only names they need.
_EXTRA = {
    "train": {"Optimizer": lambda: _binding.wrapper_class(_clr.GetClrType(_NetOptimizer))},
    "summary": {"FileWriter": lambda: _FileWriter},
}
for _name, (_obj, _qual) in _binding.api_objects(_net_tf, "tf").items():
    globals()[_name] = _binding.namespace(_obj, _qual, _EXTRA.get(_name))


def _tf(name):
    """tf.<name>, built if it was not yet."""
    return getattr(_sys.modules[__name__], name)


# --- Python-only: what the C# facade does differently in Python ---------------------------------------------------

newaxis = None  # TF 1.x's tf.newaxis: x[:, tf.newaxis] adds a dimension of size 1


def get_default_session():
    """The innermost default session (``with sess.as_default()``, ``with tf.Session() as sess``,
    tf.InteractiveSession), or None."""
    return _session._defaults[-1] if _session._defaults else None


@_contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """Prefixes the names of the ops made inside with ``name/``."""
    scope = _call(_net_tf.name_scope, name or default_name)
    try:
        yield name
    finally:
        scope.Dispose()


# --- TF 1.x's other names for the same functions ------------------------------------------------------------------

# tf.sub ... are the same functions as tf.subtract ...
for _old, _new in {"sub": "subtract", "mul": "multiply", "div": "divide", "pack": "stack", "unpack": "unstack"}.items():
    _lazy[_old] = lambda _new=_new: _tf(_new)


def to_float(x, name="ToFloat"):
    """``tf.cast(x, tf.float32)``."""
    return _tf("cast")(x, float32, name)  # noqa: F821  (tf.float32: a dtype field of the facade)


def to_double(x, name="ToDouble"):
    """``tf.cast(x, tf.float64)``."""
    return _tf("cast")(x, float64, name)  # noqa: F821  (tf.float64: a dtype field of the facade)


def to_int32(x, name="ToInt32"):
    """``tf.cast(x, tf.int32)``."""
    return _tf("cast")(x, int32, name)  # noqa: F821  (tf.int32: a dtype field of the facade)


def to_int64(x, name="ToInt64"):
    """``tf.cast(x, tf.int64)``."""
    return _tf("cast")(x, int64, name)  # noqa: F821  (tf.int64: a dtype field of the facade)


def disable_v2_behavior():
    """TF 1.15's switch to TF 1.x behaviour (``tf.compat.v1.disable_v2_behavior()``): Bridge is TF 1.x, nothing to do."""


def disable_eager_execution():
    """TF 1.15's switch to graph mode: Bridge is graph mode only, nothing to do."""


dtypes = _types.ModuleType("tf.dtypes", "TF's dtypes.")
for _d in _dtypes._ALL:
    setattr(dtypes, _d.name, _d)
dtypes.DType, dtypes.as_dtype = DType, as_dtype

Session = _session.Session  # runs return numpy values
InteractiveSession = _session.InteractiveSession

__all__ = sorted(set(_lazy) | {n for n in globals() if not n.startswith("_")})


def __getattr__(name):
    return _binding.resolve(globals(), _lazy, name, "tf")


def __dir__():
    return __all__
