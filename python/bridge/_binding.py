"""tf's Python functions, derived from Bridge's C# facade by .NET reflection.

Every public method of a facade object (``Bridge.Binding.tf``, its ``nn``, ``train`` and ``summary``, and the objects
they return, such as optimizers) becomes a Python function of the same name. The C# parameter names are TF's keyword
names; each argument is converted as the C# parameter's type says (``object`` is a tensor argument, ``TF_DataType`` a
dtype, ``Shape`` a list of dimensions with None for unknown ones ...). Three small tables hold what reflection cannot
know: TF 1.x's positional orders where they differ from C#'s (``SIGNATURES``), TF 1.x's deprecated keyword names
(``ALIASES``), and what Bridge does with TF keyword arguments the C# methods lack (``IGNORED``, ``FOLDED``, ``HELP``).

Each function is generated on first use, as Python source (as ``collections.namedtuple`` does), so that a call
costs one Python frame: the argument checks and conversions are inlined, the .NET method is bound in advance.
"""
from __future__ import annotations

import builtins as _builtins
import fnmatch
import importlib
import inspect
import operator
import os
import types
import xml.etree.ElementTree as ET

import numpy as np

from . import _convert, _dtypes, _runtime, _signals, errors
from ._graph import Operation, Tensor, Variable, _Node, arg, dtype_of

_runtime.load()
import System  # type: ignore  # noqa: E402
from System.Reflection import BindingFlags, NullabilityInfoContext, NullabilityState  # type: ignore  # noqa: E402
from Bridge import NDArray as _NetNDArray, Operation as _NetOperation, Tensor as _NetTensor, TF_DataType, Variable as _NetVariable  # type: ignore  # noqa: E402
from Bridge import LearningRate as _NetLearningRate  # type: ignore  # noqa: E402
from Bridge.Interop import PythonInterop as _Interop  # type: ignore  # noqa: E402

# --- the tables -----------------------------------------------------------------------------------------------------

# TF 1.x's Python signatures where they differ from the C# methods' (checked against TF 1.x's API docs): another
# positional order, or parameters the C# method lacks (those are handled as IGNORED, FOLDED or default-only below).
# Keys are qualified names: "matmul", "train.AdamOptimizer", "Optimizer.minimize" (a method of a returned object,
# by the .NET class that declares it). C# parameters missing here are still accepted, as keyword-only arguments.
SIGNATURES = {
    "matmul": "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False, "
              "b_is_sparse=False, name=None",
    "argmax": "input, axis=None, name=None, dimension=None, output_type=int64",
    "argmin": "input, axis=None, name=None, dimension=None, output_type=int64",
    "math.argmax": "input, axis=None, name=None, dimension=None, output_type=int64",
    "math.argmin": "input, axis=None, name=None, dimension=None, output_type=int64",
    "linalg.matmul": "a, b, transpose_a=False, transpose_b=False, adjoint_a=False, adjoint_b=False, a_is_sparse=False, "
                     "b_is_sparse=False, name=None",
    "cumsum": "x, axis=0, exclusive=False, reverse=False, name=None",
    "cumprod": "x, axis=0, exclusive=False, reverse=False, name=None",
    "math.cumsum": "x, axis=0, exclusive=False, reverse=False, name=None",
    "math.cumprod": "x, axis=0, exclusive=False, reverse=False, name=None",
    "norm": "tensor, ord='euclidean', axis=None, keepdims=None, name=None",
    "linalg.norm": "tensor, ord='euclidean', axis=None, keepdims=None, name=None",
    "constant": "value, dtype=None, shape=None, name='Const', verify_shape=False",
    "transpose": "a, perm=None, name='transpose', conjugate=False",
    "ones_like": "tensor, dtype=None, name=None, optimize=True",
    "zeros_like": "tensor, dtype=None, name=None, optimize=True",
    "assign": "ref, value, validate_shape=None, use_locking=None, name=None",
    "assign_add": "ref, value, use_locking=None, name=None",
    "assign_sub": "ref, value, use_locking=None, name=None",
    "group": "*inputs, name=None",
    "gradients": "ys, xs, grad_ys=None, name='gradients', colocate_gradients_with_ops=False, gate_gradients=False, "
                 "aggregation_method=None, stop_gradients=None",
    "train.GradientDescentOptimizer": "learning_rate, use_locking=False, name='GradientDescent'",
    "train.AdamOptimizer": "learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, use_locking=False, name='Adam'",
    "train.MomentumOptimizer": "learning_rate, momentum, use_locking=False, name='Momentum', use_nesterov=False",
    "train.AdagradOptimizer": "learning_rate, initial_accumulator_value=0.1, use_locking=False, name='Adagrad'",
    "train.RMSPropOptimizer": "learning_rate, decay=0.9, momentum=0.0, epsilon=1e-10, use_locking=False, centered=False, "
                              "name='RMSProp'",
    "train.AdadeltaOptimizer": "learning_rate=0.001, rho=0.95, epsilon=1e-08, use_locking=False, name='Adadelta'",
    "train.exponential_decay": "learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None",
    "train.inverse_time_decay": "learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None",
    "Optimizer.apply_gradients": "grads_and_vars, global_step=None, name=None",
    "train.piecewise_constant": "x, boundaries, values, name=None",
    "train.natural_exp_decay": "learning_rate, global_step, decay_steps, decay_rate, staircase=False, name=None",
    "train.polynomial_decay": "learning_rate, global_step, decay_steps, end_learning_rate=0.0001, power=1.0, "
                              "cycle=False, name=None",
    "Optimizer.minimize": "loss, global_step=None, var_list=None, gate_gradients=1, aggregation_method=None, "
                          "colocate_gradients_with_ops=False, name=None, grad_loss=None",
    "Optimizer.compute_gradients": "loss, var_list=None, gate_gradients=1, aggregation_method=None, "
                                   "colocate_gradients_with_ops=False, grad_loss=None",
    "range": "start, limit=None, delta=1, dtype=None, name='range'",
    "linspace": "start, stop, num, name=None",
    "lin_space": "start, stop, num, name=None",
    "fill": "dims, value, name=None",
    "convert_to_tensor": "value, dtype=None, name=None, preferred_dtype=None",
    "slice": "input_, begin, size, name=None",
    "strided_slice": "input_, begin, end, strides=None, begin_mask=0, end_mask=0, ellipsis_mask=0, new_axis_mask=0, "
                     "shrink_axis_mask=0, var=None, name=None",
    "gather": "params, indices, validate_indices=None, name=None, axis=0",
    "gather_nd": "params, indices, name=None",
    "split": "value, num_or_size_splits, axis=0, num=None, name='split'",
    "tile": "input, multiples, name=None",
    "pad": "tensor, paddings, mode='CONSTANT', name=None, constant_values=0",
    "reverse": "tensor, axis, name=None",
    "reverse_v2": "tensor, axis, name=None",
    "boolean_mask": "tensor, mask, name='boolean_mask', axis=None",
    "broadcast_to": "input, shape, name=None",
    "meshgrid": "*args, indexing='xy', name=None",
    "summary.scalar": "name, tensor, collections=None, family=None",
    "summary.histogram": "name, values, collections=None, family=None",
    "summary.image": "name, tensor, max_outputs=3, collections=None, family=None",
    "summary.merge": "inputs, collections=None, name=None",
    "summary.merge_all": "key='summaries', scope=None, name=None",
    "decode_csv": "records, record_defaults, field_delim=',', use_quote_delim=True, name=None, na_value='', "
                  "select_cols=None",
    "FIFOQueue": "capacity, dtypes, shapes=None, names=None, shared_name=None, name='fifo_queue'",
    "RandomShuffleQueue": "capacity, min_after_dequeue, dtypes, shapes=None, names=None, seed=None, shared_name=None, "
                          "name='random_shuffle_queue'",
    "train.string_input_producer": "string_tensor, num_epochs=None, shuffle=True, seed=None, capacity=32, "
                                   "shared_name=None, name=None, cancel_op=None",
    "train.batch": "tensors, batch_size, num_threads=1, capacity=32, enqueue_many=False, shapes=None, "
                   "dynamic_pad=False, allow_smaller_final_batch=False, shared_name=None, name=None",
    "train.shuffle_batch": "tensors, batch_size, capacity, min_after_dequeue, num_threads=1, seed=None, "
                           "enqueue_many=False, shapes=None, allow_smaller_final_batch=False, shared_name=None, name=None",
    "train.Coordinator": "clean_stop_exception_types=None",
}

# TF 1.x's deprecated keyword names: the C# parameter each one stands for, and the functions (patterns of qualified
# names) that took it. Where SIGNATURES does not place them, they follow the C# parameters, in this order.
ALIASES = {
    "reduction_indices": ("axis", "reduce_* count_nonzero math.reduce_* math.count_nonzero"),
    "keep_dims": ("keepdims", "reduce_* count_nonzero math.reduce_* math.count_nonzero norm linalg.norm"),
    "dim": ("axis", "expand_dims nn.softmax nn.log_softmax nn.softmax_cross_entropy_with_logits_v2 nn.l2_normalize math.softmax math.log_softmax math.l2_normalize linalg.l2_normalize"),
    "squeeze_dims": ("axis", "squeeze"),
    "dimension": ("axis", "argmax argmin math.argmax math.argmin"),
}

# TF parameters (of SIGNATURES) that change nothing Bridge computes, whatever their value.
IGNORED = {
    "use_locking",  # a session runs one run at a time, so updates never race
    "optimize",  # ones_like/zeros_like: a graph-building shortcut in TF
    "a_is_sparse", "b_is_sparse",  # matmul: hints for TF's choice of kernel
    "caching_device",  # device placement
    "expected_shape",  # deprecated, ignored by TF 1.x itself
    "colocate_gradients_with_ops", "gate_gradients",  # device placement and parallelism of the gradient ops
    "conjugate",  # transpose: Bridge has no complex dtypes
    "validate_indices",  # gather: TF 1.x's CPU kernel always validates (InvalidArgumentError)
    "preferred_dtype",  # convert_to_tensor: a hint TF uses only where the conversion to it works
    "name",  # where the C# method names its ops itself (tf.group, tf.gradients, merge_all): names only
}
# TF parameters folded into a C# one: the adjoint of a real matrix is its transpose.
FOLDED = {"adjoint_a": "transpose_a", "adjoint_b": "transpose_b"}
# The other TF parameters of SIGNATURES work at their TF default only, and raise NotImplementedError otherwise; this
# says why and what to do instead, where there is more to say.
HELP = {
    "collections": "Bridge's summaries go to the SUMMARIES collection, which tf.summary.merge_all() merges. - help: leave "
                   "it out (merge the summaries you want with tf.summary.merge([...])).",
    "family": "- help: leave it out; name scopes (tf.name_scope) group summaries in TensorBoard.",
    "key": "Bridge has one summaries collection. - help: call tf.summary.merge_all(), or tf.summary.merge([...]).",
    "scope": "- help: leave it out, and filter the list in Python.",
}

# Functions returning one tensor per component, which TF 1.x returns as a lone tensor when there is one component
# (tf.train.batch([x], ...) is a tensor, tf.train.batch([x, y], ...) a list).
ONE_IS_TENSOR = {"train.batch", "train.shuffle_batch", "QueueBase.dequeue", "QueueBase.dequeue_many",
                 "QueueBase.dequeue_up_to"}
# Tensor parameters (C# object) that are not operands: a Python value there keeps TF's own conversion instead of taking
# the dtype of the function's other tensor argument (tf.cumsum(x, 1)'s axis stays int32 when x is float32).
NOT_OPERANDS = {"axis", "ord", "axes"}
# Tensor arguments that take a Python number as it is (C# checks it as TF's Python does before converting it):
# tf.nn.dropout's keep_prob must be in (0, 1] when a number, and converts to x's dtype.
RAW_NUMBERS = {"nn.dropout": {"keep_prob"}}
# Functions of two tensor arguments that do not share one dtype (others convert a Python value beside a tensor to
# that tensor's dtype, as TF's binary operators do): indices, shapes, masks, multiples and axes keep their own.
SEPARATE_DTYPES = {"gather", "gather_nd", "tile", "reverse", "reverse_v2", "broadcast_to", "fill", "boolean_mask",
                   "split", "reshape"}

# Functions whose value argument takes their dtype argument (others convert Python values as TF 1.x does by default).
VALUE_DTYPE = {"constant": ("value", "dtype")}  # (tf.Variable is Python's own: _variables.py)

# .NET classes returned as they are (Python passes them back to C#); other Bridge classes get a derived wrapper.
_RAW_CLASSES = {"Bridge.Graph", "Bridge.Session", "Bridge.InteractiveSession", "Bridge.NDArray"}

# --- argument conversion --------------------------------------------------------------------------------------------

_WRAPPERS = frozenset({Tensor, Variable, Operation})
_MISSING = type("_Missing", (), {"__repr__": lambda self: "<required>"})()
_nullability = NullabilityInfoContext()
# Bound once: looking a static method up on a .NET class through pythonnet costs about 2 us per call.
_MAKE_SHAPE, _MAKE_AXIS = _Interop.MakeShape, _Interop.MakeAxis
_SHAPE_OF_TENSOR, _AXIS_OF_TENSOR, _INT_OF_TENSOR = _Interop.ShapeFromTensor, _Interop.AxisFromTensor, _Interop.IntFromTensor


class _Spec:
    """What error messages say about one Python function: ``tf.add(x, y, name=None)``."""

    __slots__ = ("qualname", "signature", "call_signature")

    def __init__(self, qualname, signature):
        self.qualname, self.signature = qualname, signature
        self.call_signature = f"{qualname}{signature}"


def _type_error(spec, message):
    return errors.TypeError(f"{spec.qualname}: {message}. - help: call {spec.call_signature}.")


def _describe(v):
    if isinstance(v, Tensor):
        return "a tf.Tensor"
    if isinstance(v, Variable):
        return "a tf.Variable"
    return f"{v!r} ({type(v).__name__})"


def _pyclass(t):
    """The Python class pythonnet gives .NET type ``t`` (for System.Array[...] and generic types)."""
    if t.IsConstructedGenericType:
        base = _pyclass(t.GetGenericTypeDefinition())
        return base[tuple(_pyclass(a) for a in t.GetGenericArguments())]
    name = t.Name.split("`")[0]
    return getattr(importlib.import_module(t.Namespace), name)


def _element_type(t):
    """The element type of an array or IEnumerable<T> type (System.Object for the non-generic IEnumerable), else None."""
    if t.IsArray:
        return t.GetElementType()
    if t.FullName == "System.Collections.IEnumerable":
        return System.Type.GetType("System.Object")
    if t.IsGenericType and t.GetGenericTypeDefinition().FullName == "System.Collections.Generic.IEnumerable`1":
        return t.GetGenericArguments()[0]
    return None


_KINDS: dict = {}


def _kind(t) -> str:
    """The conversion a parameter of .NET type ``t`` gets."""
    k = _KINDS.get(t)
    if k is None:
        k = _KINDS[t] = _kind_of(t)
    return k


def _raw_number(v, arg):
    """A Python (or NumPy) real number as a .NET double; any other value converted by ``arg`` as a tensor argument."""
    if isinstance(v, (int, float, np.integer, np.floating)) and not isinstance(v, (bool, np.bool_)):
        return System.Double(float(v))
    return arg(v, None)


def _kind_of(t) -> str:
    inner = System.Nullable.GetUnderlyingType(t)
    if inner is not None:
        t = inner
    name = t.FullName or ""
    simple = {"System.Object": "tensor", "Bridge.TF_DataType": "dtype", "Bridge.Shape": "shape", "Bridge.Axis": "axis",
              "System.String": "str", "System.Boolean": "bool", "System.Int32": "int", "System.Int64": "int",
              "System.Single": "float", "System.Double": "float", "Bridge.Variable": "variable",
              "Bridge.Tensor": "tensor_only", "Bridge.ITensorOrOperation": "node", "Bridge.Operation": "node",
              "Bridge.NDArray": "ndarray", "Bridge.LearningRate": "learning_rate"}
    if name in simple:
        return simple[name]
    if name == "System.Int32[]":
        return "ints"
    if _element_type(t) is not None:
        return "list"
    if name.startswith("System.ValueTuple`"):
        return "tuple"
    return "other"


# How much an overload's parameter types are preferred when two overloads share their parameter names: the Shape,
# Axis and TF_DataType overloads take every Python form; IEnumerable (of objects) takes lists of any values.
_RANK = {"shape": 3, "axis": 3, "dtype": 3, "tensor": 2, "list": 1, "ints": 1, "str": 0}


def _rank(method) -> int:
    score = 0
    for p in method.params:
        score += _RANK.get(p.kind, 1)
        if p.kind == "list" and _element_type(p.ParameterType).FullName == "System.Object":
            score += 1
    return score


class _Param:
    """What the binding reads of a .NET ParameterInfo, read once (each read is a call through pythonnet)."""

    __slots__ = ("Name", "ParameterType", "HasDefaultValue", "DefaultValue", "nullable", "params_array", "kind")

    def __init__(self, p):
        self.Name = p.Name
        self.ParameterType = p.ParameterType
        self.HasDefaultValue = p.HasDefaultValue
        self.DefaultValue = p.DefaultValue if self.HasDefaultValue else None
        self.nullable = _nullability.Create(p).WriteState == NullabilityState.Nullable
        self.params_array = p.IsDefined(System.ParamArrayAttribute, False)
        self.kind = _kind(self.ParameterType)


class _Method:
    """A .NET MethodInfo with its parameters read once."""

    __slots__ = ("info", "Name", "params", "ReturnType", "DeclaringType")

    def __init__(self, m):
        self.info, self.Name = m, m.Name
        self.params = [_Param(p) for p in m.GetParameters()]
        self.ReturnType = m.ReturnType.FullName
        self.DeclaringType = m.DeclaringType.FullName


def _element_converter(t, spec, pname):
    """A function converting one element of a list argument to .NET type ``t``."""
    kind = _kind(t)
    where = f"{pname} must be a list of "
    if kind == "tensor":
        return lambda v: arg(v)
    if kind == "tensor_only":
        def tensor(v):
            if isinstance(v, Tensor):
                return v._t
            if isinstance(v, Variable):
                return v._t.AsTensor()
            raise _type_error(spec, f"{where}tensors, but one is {_describe(v)}, not a tensor")
        return tensor
    if kind == "variable":
        def variable(v):
            if isinstance(v, Variable):
                return v._t
            raise _type_error(spec, f"{where}tf.Variable objects, but one is {_describe(v)}")
        return variable
    if kind == "node":
        def node(v):
            if isinstance(v, (Tensor, Variable, Operation)):
                return v._t
            raise _type_error(spec, f"{where}tensors or operations, but one is {_describe(v)}")
        return node
    if kind == "tuple":
        parts = [_element_converter(a, spec, pname) for a in t.GetGenericArguments()]
        cls = _pyclass(t)

        # A tensor part may be None (compute_gradients' None gradients, which apply_gradients skips as TF does).
        optional = [_kind(a) in ("tensor", "tensor_only") for a in t.GetGenericArguments()]

        def pair(v):
            if not isinstance(v, (tuple, list)) or len(v) != len(parts):
                raise _type_error(spec, f"{where}{len(parts)}-tuples, but one is {_describe(v)}")
            return cls(*(None if x is None and o else c(x) for c, x, o in zip(parts, v, optional)))
        return pair
    one = _converter(t, spec, pname, _MISSING, False)
    return one


def _converter(t, spec, pname, default, nullable):
    """A function converting a Python argument to what the .NET parameter of type ``t`` takes. ``default`` is the C#
    default value (_MISSING if none), used for None; ``nullable`` says C# accepts null."""
    kind = _kind(t)
    if System.Nullable.GetUnderlyingType(t) is not None:
        nullable = True
    none = default if default is not _MISSING else None
    can_be_none = default is not _MISSING or nullable

    def required():
        return _type_error(spec, f"{pname} is required (None was given)")

    if kind == "tensor":
        return lambda v: arg(v)
    if kind == "dtype":
        def dtype(v):
            if v is None:
                if not can_be_none:
                    raise required()
                return none
            return _dtypes.as_dtype(v)._net
        return dtype
    if kind == "shape":
        def shape(v):
            if v is None:
                if not can_be_none:
                    raise _type_error(spec, f"{pname} must be a list of dimensions (None for any size), not None")
                return none
            if isinstance(v, (int, np.integer)) and not isinstance(v, bool):
                v = [v]
            if isinstance(v, _Node):  # a tensor whose value is known when the graph is built (TF's constant_value)
                net = v._t if isinstance(v, Tensor) else v._t.AsTensor()
                try:
                    return _SHAPE_OF_TENSOR(net, spec.qualname)
                except Exception as e:
                    raise _fail(e, spec) from None
            if isinstance(v, (list, tuple)) and any(isinstance(d, _Node) for d in v):  # auto-packed, as TF does
                try:
                    return _SHAPE_OF_TENSOR(arg(v), spec.qualname)
                except Exception as e:
                    raise _fail(e, spec) from None
            if not isinstance(v, (list, tuple, np.ndarray)):
                raise _type_error(spec, f"{pname} must be a list of dimensions known when the graph is built (ints, "
                                        f"None for any size), not {_describe(v)}")
            try:
                dims = [-1 if d is None else operator.index(d) for d in v]
            except TypeError:
                raise _type_error(spec, f"{pname} must be a list of ints and None, not {v!r}") from None
            return _MAKE_SHAPE(dims)
        return shape
    if kind == "axis":
        def axis(v):
            if v is None:
                return none
            if isinstance(v, (int, np.integer)):
                return _MAKE_AXIS([int(v)], True)
            if isinstance(v, _Node):  # a tensor whose value is known when the graph is built
                try:
                    return _AXIS_OF_TENSOR(v._t if isinstance(v, Tensor) else v._t.AsTensor())
                except Exception as e:
                    raise _fail(e, spec) from None
            try:
                return _MAKE_AXIS([operator.index(a) for a in v], False)
            except TypeError:
                raise _type_error(spec, f"{pname} must be an int or a list of ints, not {_describe(v)}") from None
        return axis
    if kind == "ints":
        def ints(v):
            if v is None:
                return none
            if isinstance(v, (int, np.integer)):
                v = [v]
            try:
                return System.Array[System.Int32]([operator.index(a) for a in v])
            except TypeError:
                raise _type_error(spec, f"{pname} must be a list of ints, not {_describe(v)}") from None
        return ints
    if kind == "bool":
        def boolean(v):
            if v is None:
                if not can_be_none:
                    raise required()
                return none
            return _builtins.bool(v)  # truthiness, as TF 1.x takes flags
        return boolean
    if kind in ("int", "float"):
        cast = int if kind == "int" else float
        what = "an int" if kind == "int" else "a number"

        def number(v):
            if v is None:
                if not can_be_none:
                    raise required()
                return none
            if kind == "int" and isinstance(v, _Node):  # a scalar tensor whose value is known when the graph is built
                try:
                    return _INT_OF_TENSOR(v._t if isinstance(v, Tensor) else v._t.AsTensor(), spec.qualname, pname)
                except Exception as e:
                    raise _fail(e, spec) from None
            if isinstance(v, (str, bytes, _Node, Operation)) or (kind == "int" and isinstance(v, (float, np.floating))):
                raise _type_error(spec, f"{pname} must be {what} known when the graph is built, not {_describe(v)}")
            try:
                return cast(operator.index(v) if kind == "int" else v)
            except (TypeError, ValueError):
                raise _type_error(spec, f"{pname} must be {what}, not {_describe(v)}") from None
        return number
    if kind == "learning_rate":
        def rate(v):  # a number or a scalar tensor, as TF 1.x's optimizers take their learning rate
            if v is None:
                if not can_be_none:
                    raise required()
                return none
            if isinstance(v, (str, bytes, Operation, _builtins.bool, np.bool_)):
                raise _type_error(spec, f"{pname} must be a number or a scalar tensor, not {_describe(v)}")
            return _NetLearningRate.FromObject(arg(v), spec.qualname)
        return rate
    if kind == "str":
        def string(v):
            if v is None:
                return none
            if isinstance(v, os.PathLike):
                return os.fspath(v)
            if isinstance(v, str):
                return v
            raise _type_error(spec, f"{pname} must be a string, not {_describe(v)}")
        return string
    if kind == "ndarray":
        def ndarray(v):  # a value: numbers, lists and numpy arrays as TF 1.x converts them
            if v is None:
                return none
            if isinstance(v, _NetNDArray):
                return v
            if isinstance(v, (_Node, Operation)):
                raise _type_error(spec, f"{pname} must be a value (numbers, lists, numpy arrays), not {_describe(v)}")
            return _convert.to_net(_convert.python_value(v))
        return ndarray
    if kind == "variable":
        def variable(v):
            if isinstance(v, Variable):
                return v._t
            if v is None and can_be_none:
                return none
            raise _type_error(spec, f"{pname} must be a tf.Variable, not {_describe(v)}")
        return variable
    if kind in ("tensor_only", "node", "tuple"):
        one = _element_converter(t, spec, pname)

        def single(v):
            if v is None and can_be_none:
                return none
            return one(v)
        return single
    if kind == "list":
        elem_t = _element_type(t)
        one = _element_converter(elem_t, spec, pname)
        cls = System.Array[_pyclass(elem_t)]
        # TF's queues (data_flow_ops._as_type_list, _as_shape_list) and py_func's Tout take one dtype for a list of
        # one, and one shape (a list of ints and Nones) for a list of one.
        of_dtypes = elem_t.FullName == "Bridge.TF_DataType"
        of_shapes = elem_t.FullName == "Bridge.Shape"

        def many(v):
            if v is None:
                if can_be_none:
                    return none
                raise _type_error(spec, f"{pname} must be a list, not None")
            if isinstance(v, (_Node, Operation)) or of_dtypes and isinstance(v, (_dtypes.DType, type, np.dtype, str)):
                v = [v]
            elif of_shapes and isinstance(v, (list, tuple)) and all(d is None or isinstance(d, (int, np.integer)) for d in v):
                v = [v]
            elif isinstance(v, (str, bytes, dict)) or not hasattr(v, "__iter__"):
                raise _type_error(spec, f"{pname} must be a list, not {_describe(v)}")
            return cls([one(x) for x in v])
        return many

    def other(v):  # a .NET object Python holds (a graph ...), or a wrapper of one
        if v is None:
            return none
        return getattr(v, "_t", v)
    return other


# --- results --------------------------------------------------------------------------------------------------------

def _result(r):
    """The Python value of a .NET result: tf wrappers for graph objects, lists for arrays, tuples for value tuples,
    derived wrappers for other Bridge objects (optimizers ...)."""
    if r is None:
        return None
    if isinstance(r, _NetTensor):
        return Tensor(r)
    if isinstance(r, _NetVariable):
        return Variable(r)
    if isinstance(r, _NetOperation):
        return Operation(r)
    if isinstance(r, TF_DataType):
        return _dtypes.from_net(r)
    if isinstance(r, System.Array):
        return [_result(x) for x in r]
    if isinstance(r, _NetLearningRate):  # an optimizer's rate, as TF keeps it: the float given, or the tensor
        return float(r.value) if r.tensor is None else Tensor(r.tensor)
    if not isinstance(r, System.Object):
        return r  # already a Python value (numbers, strings)
    t = r.GetType()
    name = t.FullName or ""
    if name.startswith("System.ValueTuple`"):
        return tuple(_result(getattr(r, f"Item{i + 1}")) for i in range(len(t.GetGenericArguments())))
    if t.Namespace == "Bridge" and name not in _RAW_CLASSES:
        return wrapper_class(t)(r)
    return r


# --- building the functions -----------------------------------------------------------------------------------------

def _python_default(p):
    """A C# parameter's default as Python shows it (None where C# has none or TF_DataType.DtInvalid)."""
    if not p.HasDefaultValue:
        return _MISSING
    v = p.DefaultValue
    if isinstance(v, TF_DataType):
        return None if v == TF_DataType.DtInvalid else _dtypes.from_net(v)
    return v


def _parse_signature(text):
    namespace = {d.name: d for d in _dtypes._ALL}
    exec(f"def _f({text}): pass", namespace)  # noqa: S102  (a constant of this module)
    return list(inspect.signature(namespace["_f"]).parameters.values())


def _aliases_of(qualname):
    return {a: target for a, (target, where) in ALIASES.items()
            if any(fnmatch.fnmatchcase(qualname, pat) for pat in where.split())}


_DOCS: dict | None = None


def _doc_text(element) -> str:
    """The text of a C# doc-comment element, references written as their names (<paramref name="x"/> is x)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag in ("paramref", "typeparamref"):
            parts.append(child.get("name", ""))
        elif child.tag == "see":
            parts.append(child.get("langword") or child.get("cref", "").split(":")[-1].split(".")[-1] or _doc_text(child))
        else:
            parts.append(_doc_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _docs():
    """The <summary> of each method in Bridge.xml (the C# doc comments, built beside Bridge.dll), by name."""
    global _DOCS
    if _DOCS is None:
        _DOCS = {}
        path = _runtime.build_dir() / "Bridge.xml"
        try:
            root = ET.parse(path).getroot()
        except (OSError, ET.ParseError):
            return _DOCS
        for m in root.iter("member"):
            key = m.get("name", "").split("(")[0]
            s = m.find("summary")
            if key.startswith(("M:", "T:")) and s is not None and key not in _DOCS:
                _DOCS[key] = " ".join(_doc_text(s).split())
    return _DOCS


def _build(qualname, short, method, target, is_method, python_name=None):
    """The Python function for one .NET method: ``target`` is the bound .NET method (for facade objects) or None (for
    wrapper classes: the function then takes ``self`` and calls ``self._t.<name>``)."""
    cs = method.params
    key = short
    params_array = bool(cs) and cs[-1].params_array
    aliases = {a: t for a, t in _aliases_of(short).items() if t in {p.Name for p in cs} and a not in {p.Name for p in cs}}
    cs_names = [p.Name for p in cs]

    # The Python parameters: TF's signature where the table gives it, else C#'s, then the aliases.
    if key in SIGNATURES:
        py = [(p.name, p.default if p.default is not inspect.Parameter.empty else _MISSING, p.kind)
              for p in _parse_signature(SIGNATURES[key])]
        named = {n for n, _, _ in py}
        py += [(n, _python_default(p), inspect.Parameter.KEYWORD_ONLY) for n, p in zip(cs_names, cs) if n not in named]
        py += [(a, None, inspect.Parameter.KEYWORD_ONLY) for a in aliases if a not in named]
    else:
        py = []
        for i, p in enumerate(cs):
            if params_array and i == len(cs) - 1:
                py.append((p.Name, _MISSING, inspect.Parameter.VAR_POSITIONAL))
            else:
                py.append((p.Name, None if p.Name in aliases.values() else _python_default(p),
                           inspect.Parameter.POSITIONAL_OR_KEYWORD))
        py += [(a, None, inspect.Parameter.POSITIONAL_OR_KEYWORD) for a in aliases]
    # A parameter with an alias may be given either way, so it defaults to None; so do the C# parameters TF's
    # signature makes optional.
    py = [(n, None if n in aliases.values() and d is _MISSING else d, k) for n, d, k in py]
    # Python needs the parameters without default first: later ones without a default become keyword-only.
    seen_default = False
    fixed = []
    for n, d, k in py:
        if k == inspect.Parameter.POSITIONAL_OR_KEYWORD:
            if d is not _MISSING:
                seen_default = True
            elif seen_default:
                k = inspect.Parameter.KEYWORD_ONLY
        fixed.append((n, d, k))
    py = fixed

    kinds = [inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.KEYWORD_ONLY]
    order = sorted(py, key=lambda x: kinds.index(x[2]))
    sig = inspect.Signature([inspect.Parameter(n, k, **({} if d is _MISSING or k == inspect.Parameter.VAR_POSITIONAL
                                                          else {"default": d})) for n, d, k in order])
    spec = _Spec(qualname, str(sig))
    ns = {"_spec": spec, "_fail": _fail, "_arg": arg, "_dof": dtype_of, "_W": _WRAPPERS, "_M": _MISSING,
          "_Tensor": Tensor, "_Variable": Variable, "_Operation": Operation, "_result": _result,
          "_bind_error": _bind_error, "_unsupported": _unsupported, "_both": _both, "_dt": _value_dtype, "_m": target}

    # The def line: every parameter has a default, and extra arguments are collected, so that a call that does not
    # fit raises our TypeError (naming the tf function and its signature) after one cheap test.
    head, body = (["self"] if is_method else []), []
    var_pos = next((n for n, d, k in order if k == inspect.Parameter.VAR_POSITIONAL), None)
    for n, d, k in order:
        if k == inspect.Parameter.VAR_POSITIONAL:
            head.append(f"*{n}")
            continue
        if k == inspect.Parameter.KEYWORD_ONLY and var_pos is None and "*_extra" not in head:
            head.append("*_extra")
        ns[f"_d_{n}"] = d
        head.append(f"{n}=_d_{n}")
    if var_pos is None and "*_extra" not in head:
        head.append("*_extra")
    head.append("**_kw")
    required = [n for n, d, k in order if d is _MISSING and k != inspect.Parameter.VAR_POSITIONAL]
    n_positional = sum(k == inspect.Parameter.POSITIONAL_OR_KEYWORD for n, d, k in order)
    extra = "_extra" if var_pos is None else "()"
    checks = ["_kw"] + (["_extra"] if var_pos is None else []) + [f"{n} is _M" for n in required]
    body.append(f"if {' or '.join(checks)}:")
    pairs = "".join(f"({n!r}, {n}), " for n in required)
    body.append(f"    raise _bind_error(_spec, {n_positional}, {extra}, _kw, ({pairs}))")

    # Aliases, folded and TF-only parameters.
    for a, t in aliases.items():
        body.append(f"if {a} is not None:")
        body.append(f"    if {t} is not None: raise _both(_spec, {t!r}, {a!r})")
        body.append(f"    {t} = {a}")
    for n, d, k in py:
        if n in cs_names or n in aliases:
            continue
        if n in FOLDED and FOLDED[n] in cs_names:
            body.append(f"if {n}: {FOLDED[n]} = True")
        elif n in IGNORED:
            continue
        else:
            body.append(f"if {n} is not _d_{n} and {n} != _d_{n}: raise _unsupported(_spec, {n!r}, {n})")

    # The .NET call, each argument converted by its C# type.
    operands = [p.Name for p in cs if p.kind in ("tensor", "variable") and p.Name not in NOT_OPERANDS]
    value_dtype = VALUE_DTYPE.get(short)
    exprs = []
    for i, p in enumerate(cs):
        n = p.Name
        kind = p.kind
        default = p.DefaultValue if p.HasDefaultValue else _MISSING
        nullable = p.nullable
        if params_array and i == len(cs) - 1:
            ns[f"_c_{n}"] = _converter(p.ParameterType, spec, n, _MISSING, False)
            exprs.append(f"_c_{n}({n})")
            continue
        if kind == "tensor" and n in NOT_OPERANDS:
            ns["_axes_arg"] = _axes_arg
            exprs.append(f"({n}._t if {n}.__class__ in _W else _axes_arg({n}))")
            continue
        if kind == "tensor" and n in RAW_NUMBERS.get(short, ()):
            ns["_raw_number"] = _raw_number
            exprs.append(f"({n}._t if {n}.__class__ in _W else _raw_number({n}, _arg))")
            continue
        if kind == "tensor":
            if value_dtype and value_dtype[0] == n and value_dtype[1] in cs_names:
                dt = f"_dt({value_dtype[1]})"
            elif len(operands) == 2 and short not in SEPARATE_DTYPES:
                other = operands[1 - operands.index(n)]
                dt = f"_dof({other})"
            else:
                dt = "None"
            exprs.append(f"({n}._t if {n}.__class__ in _W else _arg({n}, {dt}))")
            continue
        ns[f"_c_{n}"] = _converter(p.ParameterType, spec, n, default, nullable)
        if kind == "str":
            exprs.append(f"({n} if {n}.__class__ is str else _c_{n}({n}))")
        else:
            exprs.append(f"_c_{n}({n})")
    ret = method.ReturnType
    result = {"System.Void": "None", "Bridge.Tensor": "None if r is None else _Tensor(r)",
              "Bridge.Variable": "None if r is None else _Variable(r)",
              "Bridge.Operation": "None if r is None else _Operation(r)"}.get(ret, "_result(r)")
    if short in ONE_IS_TENSOR:
        result = "_one(_result(r))"
        ns["_one"] = _one
    callee = f"self._t.{method.Name}" if is_method else "_m"
    body.append("try:")
    body.append(f"    r = {callee}({', '.join(exprs)})")
    body.append("except Exception as e:")
    body.append("    raise _fail(e, _spec) from None")
    body.append(f"return {result}")

    fname = python_name or method.Name
    src = f"def {fname}({', '.join(head)}):\n" + "".join(f"    {line}\n" for line in body)
    exec(compile(src, f"<bridge {qualname}>", "exec"), ns)  # noqa: S102  (source generated here)
    fn = ns[fname]
    fn.__qualname__ = qualname
    if hasattr(fn.__code__, "co_qualname"):
        fn.__code__ = fn.__code__.replace(co_qualname=qualname)
    fn.__signature__ = sig if not is_method else sig.replace(
        parameters=[inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)] + list(sig.parameters.values()))
    fn.__module__ = "bridge.tf"
    fn._bridge_source = src
    doc = _docs().get(f"M:{method.DeclaringType}.{method.Name}")
    fn.__doc__ = f"{spec.call_signature}\n\n{doc}" if doc else spec.call_signature
    return fn


def _one(values):
    """A list of one tensor as the tensor (TF 1.x's _dequeue_return_value)."""
    return values[0] if isinstance(values, list) and len(values) == 1 else values
def _axes_arg(v):
    """An axis-like argument (NOT_OPERANDS): a pair of lists of ints (tensordot's axes, maybe of unequal lengths)
    becomes a .NET int[][]; anything else converts as TF converts a Python value."""
    if isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(x, (list, tuple)) for x in v):
        try:
            return System.Array[System.Array[System.Int32]]([System.Array[System.Int32]([operator.index(i) for i in x]) for x in v])
        except TypeError:
            pass
    return arg(v)


def _value_dtype(dtype):
    return None if dtype is None else _dtypes.as_dtype(dtype)


def _bind_error(spec, n_positional, extra, kwargs, required):
    """The TypeError of a call whose arguments do not fit the signature, in Python's words."""
    if kwargs:
        message = f"got an unexpected keyword argument {next(iter(kwargs))!r}"
    elif extra:
        message = f"takes {n_positional} positional arguments but {n_positional + len(extra)} were given"
    else:
        missing = [n for n, v in required if v is _MISSING]
        message = f"missing required argument{'s' if len(missing) > 1 else ''} " + ", ".join(map(repr, missing))
    return errors.TypeError(f"{spec.qualname}() {message}. - help: call {spec.call_signature}.")


def _unsupported(spec, name, value):
    why = HELP.get(name, "- help: leave it out.")
    return NotImplementedError(f"{spec.qualname}: {name}={value!r} is not supported by Bridge (only TF's default). {why}")


def _both(spec, name, alias):
    return errors.ValueError(f"{spec.qualname}: give {name}= or its deprecated name {alias}=, not both. - help: use {name}=.")


def _fail(e, spec):
    """The exception to raise for one raised by a .NET call: Bridge's errors become the Python exceptions of the same
    names; pythonnet's argument mismatch becomes a TypeError naming the tf function and its Python signature."""
    if isinstance(e, (errors.BridgeError, NotImplementedError)):
        return e
    t = errors.translate(e)
    if t is not e:
        if isinstance(t, errors.CancelledError):  # a run stopped by a signal handler: raise what the handler raised
            t = _signals.pending() or t
        return t
    if isinstance(e, _builtins.TypeError) and ("No method matches" in str(e) or "cannot be converted" in str(e)):
        return errors.TypeError(f"{spec.qualname}: the arguments do not match Bridge's method. - help: call "
                                f"{spec.call_signature}.")
    return e


# --- facade objects and wrapper classes ------------------------------------------------------------------------------

_FLAGS = BindingFlags.Public | BindingFlags.Instance


def _public_methods(t, declared_only=False):
    """The public instance methods of .NET type ``t`` by name (property accessors and System.Object's left out), as
    MethodInfo objects: their parameters are read when a function is built."""
    flags = _FLAGS | (BindingFlags.DeclaredOnly if declared_only else BindingFlags.Default)
    by_name: dict = {}
    for m in t.GetMethods(flags):
        if m.IsSpecialName or m.IsGenericMethodDefinition or m.DeclaringType.FullName == "System.Object":
            continue
        by_name.setdefault(m.Name, []).append(m)
    return by_name


def _choose(overloads):
    """The overloads Python dispatches between: of those with the same parameter names, the one whose types take the
    most Python forms (Shape over int[], TF_DataType over string, IEnumerable over IEnumerable<Tensor>)."""
    groups: dict = {}
    for m in overloads:
        groups.setdefault(tuple(p.Name for p in m.params), []).append(m)
    return [max(ms, key=_rank) for ms in groups.values()]


def _dispatcher(fns, qualname):
    """One function over overloads with different parameter names: the first whose signature the call fits."""
    sigs = [f.__signature__ for f in fns]

    def dispatch(*args, **kwargs):
        for f, s in zip(fns, sigs):
            try:
                s.bind(*args, **kwargs)
            except _builtins.TypeError:
                continue
            return f(*args, **kwargs)
        raise errors.TypeError(f"{qualname}() takes one of: " + "; ".join(f"{qualname}{s}" for s in sigs) + ".")
    dispatch.__name__ = qualname.split(".")[-1]
    dispatch.__qualname__ = qualname
    dispatch.__doc__ = "\n".join(f.__doc__ or "" for f in fns)
    dispatch.__signature__ = sigs[0]
    return dispatch


def function(net, prefix, name, overloads):
    """The Python function for the overloads ``name`` of facade object ``net``; ``prefix`` is the object's qualified
    name (``tf``, ``tf.nn``)."""
    short = (prefix.split(".", 1)[1] + "." if "." in prefix else "") + name
    methods = [_Method(m) for m in overloads]
    fns = []
    for m in _choose(methods):
        bound = getattr(net, name)
        if len(methods) > 1 and m.params:
            try:
                bound = bound.Overloads[tuple(p.ParameterType for p in m.params)]
            except TypeError:  # pythonnet then picks the overload by the converted arguments' types
                pass
        fns.append(_build(f"{prefix}.{name}", short, m, bound, False))
    if len(fns) == 1:
        return fns[0]
    return _dispatcher(sorted(fns, key=lambda f: -len(f.__signature__.parameters)), f"{prefix}.{name}")


def builders(net, prefix):
    """For each public method of facade object ``net``: a function that builds its Python function (functions are
    built on first use: building all of them at import would cost about 0.1 s)."""
    return {name: (lambda name=name, ms=ms: function(net, prefix, name, ms))
            for name, ms in _public_methods(net.GetType()).items()}


def api_objects(net, prefix):
    """The facade objects reachable as properties of ``net`` (``tf.nn``, ``tf.train``, ``tf.summary``): name -> (.NET
    object, qualified name)."""
    out = {}
    for p in net.GetType().GetProperties(_FLAGS):
        pt = p.PropertyType
        if pt.Namespace == "Bridge" and pt.IsClass and p.GetIndexParameters().Length == 0 and pt.FullName not in _RAW_CLASSES:
            out[p.Name] = (p.GetValue(net), f"{prefix}.{p.Name}")
    return out


def dtype_fields(net):
    """The facade's TF_DataType fields (tf.float32 ...) as Python DTypes; those Bridge lacks (DtInvalid) left out."""
    out = {}
    for f in net.GetType().GetFields(_FLAGS):
        if f.FieldType.FullName == "Bridge.TF_DataType":
            v = f.GetValue(net)
            if v != TF_DataType.DtInvalid:
                out[f.Name] = _dtypes.from_net(v)
    return out


def resolve(mod_dict, lazy, name, qualname):
    """Module ``__getattr__``: builds the function ``name`` from ``lazy`` (name -> builder), keeps it in the module."""
    b = lazy.get(name)
    if b is None:
        raise AttributeError(f"module {qualname!r} has no attribute {name!r}")
    value = mod_dict[name] = b()
    return value


class Namespace(types.ModuleType):
    """``tf.nn``, ``tf.train``, ``tf.summary``: a module of the functions of one facade object, built on first use."""

    def __init__(self, name, doc, lazy):
        super().__init__(name, doc)
        self._lazy = lazy

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return resolve(self.__dict__, self.__dict__["_lazy"], name, self.__name__)

    def __dir__(self):
        return sorted(set(self._lazy) | {n for n in self.__dict__ if not n.startswith("_")})


def namespace(net, prefix, lazy_extra=None):
    """The module of facade object ``net``: its functions, its sub-APIs, and ``lazy_extra`` (name -> builder of a
    Python-only value, which takes precedence)."""
    lazy = builders(net, prefix)
    lazy.update(lazy_extra or {})
    mod = Namespace(prefix, f"TF 1.x's {prefix}, derived from Bridge's C# facade ({net.GetType().Name}).", lazy)
    for name, (obj, qual) in api_objects(net, prefix).items():
        setattr(mod, name, namespace(obj, qual))
    return mod


_CLASSES: dict = {}


class NetObject:
    """Base of the derived wrappers of Bridge objects (optimizers ...): ``_t`` is the .NET object."""

    __slots__ = ("_t", "__weakref__")

    def __init__(self, net):
        self._t = net

    def __repr__(self):
        name = getattr(self._t, "name", None)
        return f"<{type(self).__qualname__}{'' if name is None else f' {name!r}'}>"


def wrapper_class(t):
    """The Python class wrapping objects of .NET class ``t``: its public methods derived as for the facade, its
    properties read-only; .NET base classes of Bridge become Python base classes (isinstance works as in TF)."""
    key = t.FullName
    cls = _CLASSES.get(key)
    if cls is not None:
        return cls
    base = t.BaseType
    bases = (wrapper_class(base),) if base is not None and base.Namespace == "Bridge" else (NetObject,)
    members: dict = {"__slots__": (), "__doc__": _docs().get(f"T:{key}"), "__module__": "bridge.tf"}
    for name, overloads in _public_methods(t, declared_only=True).items():
        m = max((_Method(o) for o in overloads), key=_rank)
        members[name] = _build(f"{t.Name}.{name}", f"{t.Name}.{name}", m, None, True)
    for p in t.GetProperties(_FLAGS | BindingFlags.DeclaredOnly):
        if p.GetIndexParameters().Length == 0 and p.CanRead:
            members[p.Name] = property(lambda self, _n=p.Name: _result(getattr(self._t, _n)))
    cls = type(t.Name, bases, members)
    _CLASSES[key] = cls
    return cls


def facade_methods(net) -> list:
    """The names of the public methods of facade object ``net`` (for the tests)."""
    return sorted(_public_methods(net.GetType()))


def build_all(mod) -> None:
    """Builds every function of a namespace (and its sub-namespaces) now (for the tests and tools)."""
    for name in dir(mod):
        value = getattr(mod, name)
        if isinstance(value, Namespace):
            build_all(value)
