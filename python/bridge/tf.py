"""TF 1.x's API (``tf.placeholder``, ``tf.matmul``, ``tf.Session`` ...) over Bridge's C# facade.

Each function maps Python's keyword arguments onto the C# method of the same name; values that are not tensors
(numbers, lists, numpy arrays) are converted as TF 1.x converts them (see ``_convert.python_value``).
"""
from __future__ import annotations

import atexit
import builtins
import contextlib
import os
import types
import weakref

import numpy as np

from . import _dtypes
from . import errors  # noqa: F401  (tf.errors.InvalidArgumentError ...)
from ._dtypes import DType, as_dtype, bool_ as bool, float32, float64, int8, int16, int32, int64, string, uint8  # noqa: F401
from ._graph import Operation, Tensor, Variable as _VariableType, arg, binary, call, net_list, net_tf, wrap
from ._session import InteractiveSession, Session  # noqa: F401

import System  # type: ignore
from Bridge.Interop import PythonInterop as _Interop  # type: ignore

__all__ = []  # everything public here is TF's name


def _dt(dtype, default=None):
    return (as_dtype(dtype) if dtype is not None else default)


def _net_dt(dtype):
    from Bridge import TF_DataType  # type: ignore
    return as_dtype(dtype)._net if dtype is not None else TF_DataType.DtInvalid


def _shape(shape):
    if shape is None:
        return None
    if isinstance(shape, (int, np.integer)):
        shape = [shape]
    return _Interop.MakeShape([-1 if d is None else int(d) for d in shape])


def _axis(axis):
    if axis is None:
        return None
    if isinstance(axis, (int, np.integer)):
        return _Interop.MakeAxis([int(axis)], True)
    return _Interop.MakeAxis([int(a) for a in axis], False)


def _ints(values):
    return None if values is None else System.Array[System.Int32]([int(v) for v in values])


# --- graph, seeds, sessions -----------------------------------------------------------------------------------------

def set_random_seed(seed):
    """Sets the graph-level seed: random ops then draw TF 1.x's values (op seed = the op id, as TF 1.x)."""
    call(net_tf.set_random_seed, int(seed))


def reset_default_graph():
    """Starts a new, empty default graph."""
    call(net_tf.reset_default_graph)


def get_default_graph():
    """The default graph (the .NET Graph object)."""
    return net_tf.get_default_graph()


def get_default_session():
    """The innermost default session, or None."""
    from ._session import _defaults
    return _defaults[-1] if _defaults else None


@contextlib.contextmanager
def name_scope(name, default_name=None, values=None):
    """Prefixes the names of the ops made inside with ``name/``."""
    scope = call(net_tf.name_scope, name or default_name)
    try:
        yield name
    finally:
        scope.Dispose()


# --- values ---------------------------------------------------------------------------------------------------------

def constant(value, dtype=None, shape=None, name="Const", verify_shape=False):
    """A constant tensor; Python floats give float32 and ints int32, numpy arrays keep their dtype."""
    return wrap(call(net_tf.constant, arg(value, _dt(dtype)), _net_dt(dtype), _shape(shape), name))


def placeholder(dtype, shape=None, name=None):
    """A tensor fed at run time; None in ``shape`` means any size."""
    return wrap(call(net_tf.placeholder, as_dtype(dtype)._net, _shape(shape), name))


def Variable(initial_value=None, trainable=True, collections=None, validate_shape=True, caching_device=None,
             name=None, variable_def=None, dtype=None, **_):
    """A variable initialised from ``initial_value`` by tf.global_variables_initializer()."""
    return wrap(call(net_tf.Variable, arg(initial_value, _dt(dtype)), name, trainable, _net_dt(dtype), validate_shape))


def global_variables_initializer():
    """The op that runs every variable's initializer."""
    return wrap(call(net_tf.global_variables_initializer))


initialize_all_variables = global_variables_initializer


def global_variables():
    return [wrap(v) for v in call(net_tf.global_variables)]


def trainable_variables():
    return [wrap(v) for v in call(net_tf.trainable_variables)]


def assign(ref, value, validate_shape=None, use_locking=None, name=None):
    """An op that stores ``value`` in variable ``ref`` and returns the new value."""
    return wrap(call(net_tf.assign, ref._t, arg(value, ref.dtype), validate_shape is not False, name))


def assign_add(ref, value, use_locking=None, name=None):
    return wrap(call(net_tf.assign_add, ref._t, arg(value, ref.dtype), name))


def assign_sub(ref, value, use_locking=None, name=None):
    return wrap(call(net_tf.assign_sub, ref._t, arg(value, ref.dtype), name))


def group(*inputs, name=None):
    """An op that runs all ``inputs``."""
    from Bridge import ITensorOrOperation  # type: ignore
    items = System.Array[ITensorOrOperation]([i._t for i in inputs])
    return wrap(call(net_tf.group, items))


def random_normal(shape, mean=0.0, stddev=1.0, dtype=float32, seed=None, name=None):
    """Normal random values from TF 1.x's Philox generator."""
    return wrap(call(net_tf.random_normal, _shape(shape), float(mean), float(stddev), as_dtype(dtype)._net,
                     None if seed is None else int(seed), name))


def random_uniform(shape, minval=0, maxval=None, dtype=float32, seed=None, name=None):
    """Uniform random values in [minval, maxval) from TF 1.x's Philox generator."""
    return wrap(call(net_tf.random_uniform, _shape(shape), float(minval), 1.0 if maxval is None else float(maxval),
                     as_dtype(dtype)._net, None if seed is None else int(seed), name))


def ones(shape, dtype=float32, name=None):
    return wrap(call(net_tf.ones, _shape(shape), as_dtype(dtype)._net, name))


def zeros(shape, dtype=float32, name=None):
    return wrap(call(net_tf.zeros, _shape(shape), as_dtype(dtype)._net, name))


def ones_like(tensor, dtype=None, name=None, optimize=True):
    return wrap(call(net_tf.ones_like, arg(tensor), _net_dt(dtype), name))


def zeros_like(tensor, dtype=None, name=None, optimize=True):
    return wrap(call(net_tf.zeros_like, arg(tensor), _net_dt(dtype), name))


# --- math -----------------------------------------------------------------------------------------------------------

def add(x, y, name=None): return binary(net_tf.add, x, y, name)
def subtract(x, y, name=None): return binary(net_tf.subtract, x, y, name)
def multiply(x, y, name=None): return binary(net_tf.multiply, x, y, name)
def divide(x, y, name=None): return binary(net_tf.divide, x, y, name)
def truediv(x, y, name=None): return binary(net_tf.truediv, x, y, name)
def equal(x, y, name=None): return binary(net_tf.equal, x, y, name)
def not_equal(x, y, name=None): return binary(net_tf.not_equal, x, y, name)
def greater(x, y, name=None): return binary(net_tf.greater, x, y, name)
def less(x, y, name=None): return binary(net_tf.less, x, y, name)
def greater_equal(x, y, name=None): return binary(net_tf.greater_equal, x, y, name)
def less_equal(x, y, name=None): return binary(net_tf.less_equal, x, y, name)


sub, mul, div = subtract, multiply, divide


def _unary(fn):
    def op(x, name=None):
        return wrap(call(fn, arg(x), name))
    return op


negative = _unary(net_tf.negative)
square = _unary(net_tf.square)
sqrt = _unary(net_tf.sqrt)
exp = _unary(net_tf.exp)
log = _unary(net_tf.log)
abs = _unary(net_tf.abs)
sigmoid = _unary(net_tf.sigmoid)
for _f, _doc in ((negative, "-x"), (square, "x * x"), (sqrt, "sqrt(x)"), (exp, "e**x (TF 1.x's float32 exp)"),
                 (log, "ln(x) (TF 1.x's float32 log)"), (abs, "|x|"), (sigmoid, "1 / (1 + exp(-x))")):
    _f.__doc__ = f"Element-wise {_doc}."


def matmul(a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False,
           b_is_sparse=False, name=None):
    """The matrix product, adding in TF 1.x's order."""
    x, y = arg(a, getattr(b, "dtype", None)), arg(b, getattr(a, "dtype", None))
    return wrap(call(net_tf.matmul, x, y, builtins.bool(transpose_a or adjoint_a), builtins.bool(transpose_b or adjoint_b), name))


def cast(x, dtype, name=None):
    """``x`` converted to ``dtype`` (floats to ints truncate toward zero)."""
    return wrap(call(net_tf.cast, arg(x), as_dtype(dtype)._net, name))


to_float = lambda x, name="ToFloat": cast(x, float32, name)  # noqa: E731


# --- reductions -----------------------------------------------------------------------------------------------------

def _reduction(fn):
    def op(input_tensor, axis=None, keepdims=None, name=None, reduction_indices=None, keep_dims=None):
        axis = axis if axis is not None else reduction_indices
        keep = builtins.bool(keepdims if keepdims is not None else keep_dims)
        return wrap(call(fn, arg(input_tensor), _axis(axis), keep, name))
    return op


reduce_mean = _reduction(net_tf.reduce_mean)
reduce_sum = _reduction(net_tf.reduce_sum)
reduce_max = _reduction(net_tf.reduce_max)
reduce_min = _reduction(net_tf.reduce_min)
reduce_prod = _reduction(net_tf.reduce_prod)
reduce_mean.__doc__ = "The mean over ``axis`` (all axes if None); integer means truncate, as TF 1.x."
reduce_sum.__doc__ = "The sum over ``axis`` (all axes if None), adding in TF 1.x's order."


def argmax(input, axis=None, name=None, dimension=None, output_type=int64):
    """The index of the largest value along ``axis`` (default 0), int64."""
    axis = axis if axis is not None else (dimension if dimension is not None else 0)
    return wrap(call(net_tf.argmax, arg(input), int(axis), name, as_dtype(output_type)._net))


def argmin(input, axis=None, name=None, dimension=None, output_type=int64):
    axis = axis if axis is not None else (dimension if dimension is not None else 0)
    return wrap(call(net_tf.argmin, arg(input), int(axis), name, as_dtype(output_type)._net))


def arg_max(input, dimension, name=None, output_type=int64):
    return argmax(input, dimension, name, output_type=output_type)


def arg_min(input, dimension, name=None, output_type=int64):
    return argmin(input, dimension, name, output_type=output_type)


# --- shapes and arrays ----------------------------------------------------------------------------------------------

def shape(input, name=None, out_type=int32):
    """The shape of ``input`` as a 1-D int32 tensor (known at run time)."""
    return wrap(call(net_tf.shape, arg(input), name, as_dtype(out_type)._net))


def rank(input, name=None):
    return wrap(call(net_tf.rank, arg(input), name))


def size(input, name=None, out_type=int32):
    return wrap(call(net_tf.size, arg(input), name, as_dtype(out_type)._net))


def reshape(tensor, shape, name=None):
    """``tensor`` with a new shape (one dimension may be -1)."""
    return wrap(call(net_tf.reshape, arg(tensor), _shape(shape), name))


def squeeze(input, axis=None, name=None, squeeze_dims=None):
    return wrap(call(net_tf.squeeze, arg(input), _axis(axis if axis is not None else squeeze_dims), name))


def expand_dims(input, axis=None, name=None, dim=None):
    return wrap(call(net_tf.expand_dims, arg(input), int(axis if axis is not None else dim), name))


def transpose(a, perm=None, name="transpose", conjugate=False):
    """``a`` with its dimensions permuted (reversed when ``perm`` is None)."""
    return wrap(call(net_tf.transpose, arg(a), _ints(perm), name))


def one_hot(indices, depth, on_value=None, off_value=None, axis=None, dtype=None, name=None):
    """One-hot vectors: ``on_value`` at each index, ``off_value`` elsewhere (float32 by default)."""
    return wrap(call(net_tf.one_hot, arg(indices), int(depth), 1.0 if on_value is None else float(on_value),
                     0.0 if off_value is None else float(off_value), -1 if axis is None else int(axis),
                     as_dtype(dtype or float32)._net, name))


def stack(values, axis=0, name="stack"):
    """Packs a list of rank-R tensors (or lists) into one rank-(R+1) tensor along ``axis``."""
    items = net_list(values)
    return wrap(call(net_tf.stack, System.Collections.IEnumerable(items), int(axis), name))


pack = stack


def unstack(value, num=None, axis=0, name="unstack"):
    return wrap(call(net_tf.unstack, arg(value), num, int(axis), name))


def concat(values, axis, name="concat"):
    return wrap(call(net_tf.concat, net_list(values), int(axis), name))


# --- training -------------------------------------------------------------------------------------------------------

def gradients(ys, xs, grad_ys=None, name="gradients", **_):
    """Symbolic d(sum ys)/dx for each x in ``xs``."""
    many = lambda v: net_list(v) if isinstance(v, (list, tuple)) else arg(v)  # noqa: E731
    return wrap(call(net_tf.gradients, many(ys), many(xs), None))


class _Optimizer:
    """An optimizer: ``minimize(loss)`` returns the op of one training step."""

    def __init__(self, net):
        self._o = net

    def minimize(self, loss, global_step=None, var_list=None, gate_gradients=1, aggregation_method=None,
                 colocate_gradients_with_ops=False, name=None, grad_loss=None):
        from Bridge import Variable as NetVariable  # type: ignore
        vl = None if var_list is None else System.Collections.Generic.List[NetVariable]([v._t for v in var_list])
        gs = None if global_step is None else global_step._t
        loss_t = loss._t if isinstance(loss, Tensor) else loss._t.AsTensor()
        return wrap(call(self._o.minimize, loss_t, gs, vl, name))


def _gd(learning_rate, use_locking=False, name="GradientDescent"):
    """Plain gradient descent: var -= learning_rate * grad."""
    return _Optimizer(call(net_tf.train.GradientDescentOptimizer, float(learning_rate), name))


def _adam(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name="Adam"):
    """Adam with TF 1.x's update and defaults."""
    return _Optimizer(call(net_tf.train.AdamOptimizer, float(learning_rate), float(beta1), float(beta2), float(epsilon), name))


train = types.SimpleNamespace(GradientDescentOptimizer=_gd, AdamOptimizer=_adam, Optimizer=_Optimizer)


def _softmax(logits, axis=None, name=None, dim=None):
    """exp(x) / sum(exp(x)) along ``axis`` (default -1)."""
    a = axis if axis is not None else (dim if dim is not None else -1)
    return wrap(call(net_tf.nn.softmax, arg(logits), int(a), name))


nn = types.SimpleNamespace(softmax=_softmax, sigmoid=sigmoid)


# --- summaries (TensorBoard) ----------------------------------------------------------------------------------------

def _no_collections(fn, collections, family=None):
    if collections is not None or family is not None:
        raise NotImplementedError(f"tf.summary.{fn}: collections= and family= are not supported: Bridge keeps every "
                                  "summary in the graph's one summaries collection, which tf.summary.merge_all() merges. "
                                  "- help: leave them out, or merge the summaries you want with tf.summary.merge([...]).")


def _scalar_summary(name, tensor, collections=None, family=None):
    """A summary op of one scalar value; its tag is ``name`` in the current name scope ("Cost/Cost"). Its value, as
    sess.run returns it, is a serialized Summary protobuf (bytes)."""
    _no_collections("scalar", collections, family)
    return wrap(call(net_tf.summary.scalar, str(name), arg(tensor)))


def _histogram_summary(name, values, collections=None, family=None):
    """A summary op of a histogram of all of ``values`` (TF 1.x's buckets); its value is a serialized Summary (bytes)."""
    _no_collections("histogram", collections, family)
    return wrap(call(net_tf.summary.histogram, str(name), arg(values)))


def _summary_tensors(inputs):
    from Bridge import Tensor as NetTensor  # type: ignore
    items = System.Collections.Generic.List[NetTensor]()
    for t in inputs:
        if not isinstance(t, Tensor):
            raise errors.TypeError(f"tf.summary.merge: {t!r} is not a summary tensor. - help: pass the values of "
                                   "tf.summary.scalar and tf.summary.histogram.")
        items.Add(t._t)
    return items


def _merge(inputs, collections=None, name=None):
    """One op whose value merges the given summaries into one serialized Summary (bytes)."""
    _no_collections("merge", collections)
    return wrap(call(net_tf.summary.merge, _summary_tensors(inputs), name))


def _merge_all(key="summaries", scope=None, name=None):
    """One op merging every summary of the default graph, or None if it has none (as TF 1.x)."""
    if key != "summaries" or scope is not None:
        raise NotImplementedError("tf.summary.merge_all: key= and scope= are not supported (Bridge has one summaries "
                                  "collection). - help: call tf.summary.merge_all(), or tf.summary.merge([...]).")
    return wrap(call(net_tf.summary.merge_all))


def _net_graph(graph, what):
    from Bridge import Graph as NetGraph  # type: ignore
    if graph is None or isinstance(graph, NetGraph):
        return graph
    raise errors.TypeError(f"FileWriter.{what}: expected a graph (sess.graph or tf.get_default_graph()), got "
                           f"{type(graph).__name__}. - help: pass sess.graph.")


class FileWriter:
    """tf.summary.FileWriter: writes TensorBoard event files (``events.out.tfevents.<time>.<host>``) in ``logdir``,
    created if missing; with ``graph`` (e.g. ``sess.graph``) the graph first. Buffered events reach the disk every
    ``flush_secs`` seconds, on flush() and on close(). A context manager that closes itself."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        if graph_def is not None or session is not None:
            raise NotImplementedError("tf.summary.FileWriter: graph_def= and session= are not supported. - help: pass "
                                      "graph=sess.graph (or call writer.add_graph(sess.graph)).")
        self._logdir = os.fspath(logdir)
        self._w = call(net_tf.summary.FileWriter, self._logdir, _net_graph(graph, "__init__"), float(flush_secs),
                       filename_suffix)
        _open_writers.add(self)

    def get_logdir(self) -> str:
        return self._logdir

    def add_summary(self, summary, global_step=None):
        """Adds ``summary``, the value of a summary op as sess.run returns it (serialized bytes), at ``global_step``."""
        if isinstance(summary, np.ndarray) and summary.dtype == object and summary.size == 1:
            summary = summary.item()
        if not isinstance(summary, (bytes, bytearray, memoryview)):
            raise errors.TypeError(f"FileWriter.add_summary: expected the value of a summary op (serialized Summary "
                                   f"bytes), got {type(summary).__name__}. - help: pass what sess.run(merged_summary) "
                                   "returned.")
        data = np.frombuffer(summary, dtype=np.uint8)
        call(_Interop.AddSummary, self._w, data.ctypes.data if data.size else 0, data.size,
             0 if global_step is None else int(global_step))

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds ``graph`` (e.g. ``sess.graph``), shown in TensorBoard's Graphs tab."""
        if graph_def is not None:
            raise NotImplementedError("FileWriter.add_graph: graph_def= is not supported. - help: pass sess.graph.")
        call(self._w.add_graph, _net_graph(graph, "add_graph"))

    def flush(self):
        """Writes the buffered events to disk."""
        call(self._w.flush)

    def close(self):
        """Flushes and closes the file; events added later are dropped (as TF 1.x)."""
        _open_writers.discard(self)
        call(self._w.close)

    def reopen(self):
        raise NotImplementedError("FileWriter.reopen is not supported. - help: make a new tf.summary.FileWriter(logdir).")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# Writers still open when Python exits are closed then, so that their buffered events reach the disk (scripts such
# as lab 09-4 never call close(); .NET does not flush them at exit).
_open_writers: "weakref.WeakSet[FileWriter]" = weakref.WeakSet()


@atexit.register
def _close_open_writers():
    for w in list(_open_writers):
        w.close()


summary = types.SimpleNamespace(scalar=_scalar_summary, histogram=_histogram_summary, merge=_merge,
                                merge_all=_merge_all, FileWriter=FileWriter)
