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
from . import _saver

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
def _start_queue_runners():
    net = _binding.function(_net_tf.train, "tf.train", "start_queue_runners",
                            _binding._public_methods(_net_tf.train.GetType())["start_queue_runners"])

    def start_queue_runners(sess=None, coord=None, daemon=True, start=True, collection="queue_runners"):
        """TF 1.x's tf.train.start_queue_runners: starts the graph's queue runners in ``sess`` (the default session,
        ``with sess.as_default()``, if None); returns TF's threads (stand-ins: Bridge runs the runners inside the
        session's runs)."""
        if sess is None:
            sess = get_default_session()
            if sess is None:
                raise errors.ValueError("Cannot start queue runners: No default session is registered. Use `with "
                                        "sess.as_default()` or pass an explicit session to tf.start_queue_runners(sess=sess)")
        if collection != "queue_runners":
            raise NotImplementedError("tf.train.start_queue_runners: Bridge has one collection of queue runners. - help: "
                                      "leave collection out.")
        return net(sess=sess, coord=coord, daemon=daemon, start=start)
    return start_queue_runners


class _Coordinator:
    """TF 1.x's tf.train.Coordinator: Bridge's C# Coordinator (``_t``, which the queue runners report to), with the
    Python exceptions given to request_stop kept in Python, so that join() re-raises them as they were."""

    def __init__(self, clean_stop_exception_types=None):
        self._t = _call(_net_tf.train.Coordinator)
        self._clean = tuple(clean_stop_exception_types) if clean_stop_exception_types is not None else (errors.OutOfRangeError,)
        self._exc = None

    def request_stop(self, ex=None):
        """Asks the queue runners to stop (their queues close); ``ex`` is re-raised by join() unless it is a clean stop."""
        if ex is not None and self._exc is None and not self.should_stop() and not isinstance(ex, self._clean):
            self._exc = ex
        _call(self._t.request_stop)

    def should_stop(self):
        """Whether a stop was requested."""
        return self._t.should_stop()

    def clear_stop(self):
        """Forgets a stop request."""
        self._exc = None
        _call(self._t.clear_stop)

    def wait_for_stop(self, timeout=None):
        """Whether a stop was requested (Bridge never waits: its queue runners are not threads)."""
        return self._t.should_stop()

    def register_thread(self, thread):
        """Nothing to do: Bridge's queue runners are not threads."""

    @_contextlib.contextmanager
    def stop_on_exception(self):
        """Requests a stop with the exception raised in the block (OutOfRangeError: a clean stop)."""
        try:
            yield
        except Exception as e:  # noqa: BLE001  (TF's contract: any exception stops the coordinator)
            self.request_stop(e)

    def raise_requested_exception(self):
        """Re-raises the exception given to request_stop, if any."""
        if self._exc is not None:
            raise self._exc
        _call(self._t.raise_requested_exception)

    def join(self, threads=None, stop_grace_period_secs=120, ignore_live_threads=False):
        """Waits for the threads (Bridge runs none) and re-raises the exception a stop was requested with."""
        self.raise_requested_exception()


def _global_step(sess, global_step_tensor):
    """tf.train.global_step(sess, global_step_tensor): the global step's value in ``sess``, a Python int (as TF 1.x;
    Python sessions wrap the .NET one, so this is the Python-side twin of the C# method)."""
    return int(sess.run(global_step_tensor))


_EXTRA = {
    "train": {"Optimizer": lambda: _binding.wrapper_class(_clr.GetClrType(_NetOptimizer)),
              "start_queue_runners": _start_queue_runners,
              "Coordinator": lambda: _Coordinator, "global_step": lambda: _global_step,
              "Saver": lambda: _saver.Saver, "SaverDef": lambda: _saver.SaverDef,
              "load_variable": lambda: _saver.load_variable, "list_variables": lambda: _saver.list_variables},
    "summary": {"FileWriter": lambda: _FileWriter},
}
for _name, (_obj, _qual) in _binding.api_objects(_net_tf, "tf").items():
    globals()[_name] = _binding.namespace(_obj, _qual, _EXTRA.get(_name))

# tf.layers.dense and tf.contrib.layers.fully_connected with Python callables; tf.contrib.framework.arg_scope.
from . import _layers as _layers_module  # noqa: E402
_layers_module.install(globals())


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
    """Prefixes the names of the ops made inside with ``name/`` (made unique); gives the scope's full name with a
    trailing "/" ("layer1/"), which re-enters the scope when given as a name; None or "" is the top scope."""
    scope = _call(_net_tf.name_scope, name if name is not None else default_name)
    try:
        yield scope.name
    finally:
        scope.Dispose()


# tf.Variable with TF 1.x's positional arguments and a callable initial_value; tf.get_variable, tf.variable_scope,
# the collections and tf.GraphKeys, with Python callables and objects (see _variables).
from ._variables import (  # noqa: E402
    AUTO_REUSE, GraphKeys, VariableScope, Variable_ as Variable, add_to_collection, add_to_collections, all_variables,
    get_collection, get_collection_ref, get_local_variable, get_variable, get_variable_scope, global_variables,
    local_variables, model_variables, trainable_variables, variable_scope)

# tf.cond with Python branch functions and structures, tf.control_dependencies as a `with` block (see _control_flow).
from ._control_flow import cond, control_dependencies, none_means_none as _none_means_none  # noqa: E402

# tf.contrib.layers.batch_norm's updates_collections=None (forced updates) is not its default (UPDATE_OPS).
_none_means_none(contrib.layers, "batch_norm", "updates_collections")  # noqa: F821  (tf.contrib: a namespace)


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
