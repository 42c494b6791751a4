"""Python wrappers of Bridge's graph objects (Tensor, Variable, Operation) with TF 1.x's Python operators."""
from __future__ import annotations

import weakref

import numpy as np

from . import _convert, _dtypes, _runtime
from .errors import CancelledError, translate

_runtime.load()
import System  # type: ignore  # noqa: E402
from Bridge import Binding as _Binding, Operation as _NetOperation, Tensor as _NetTensor, Variable as _NetVariable  # type: ignore  # noqa: E402
from Bridge.Interop import PythonInterop as _Interop  # type: ignore  # noqa: E402
from . import _signals  # noqa: E402

net_tf = _Binding.tf  # the C# facade object every tf.* call goes to


def call(fn, *args):
    """Calls a .NET method; a Bridge exception becomes the Python exception of the same name, with Bridge's message."""
    try:
        return fn(*args)
    except Exception as e:  # pythonnet raises .NET exceptions as Python exceptions of the .NET type
        t = translate(e)
        if t is e:
            raise
        if isinstance(t, CancelledError):  # a run stopped by a signal handler: raise what the handler raised
            t = _signals.pending() or t
        raise t from None


class TensorShape(tuple):
    """A static shape as TF 1.x prints it: ``(?, 3)``; unknown dimensions are None. ``TensorShape.unknown()`` is a shape
    of unknown rank (a placeholder made without a shape): ``ndims`` is None and it prints ``<unknown>``."""

    _rank_known = True

    @classmethod
    def unknown(cls) -> "TensorShape":
        s = cls(())
        s._rank_known = False
        return s

    def as_list(self) -> list:
        if not self._rank_known:
            raise ValueError("as_list() is not defined on an unknown TensorShape.")
        return list(self)

    @property
    def ndims(self):
        return len(self) if self._rank_known else None

    def __str__(self) -> str:
        if not self._rank_known:
            return "<unknown>"
        inner = ", ".join("?" if d is None else str(d) for d in self)
        return f"({inner},)" if len(self) == 1 else f"({inner})"

    def __repr__(self) -> str:
        return f"TensorShape({list(self)})" if self._rank_known else "TensorShape(None)"


class _Node:
    """What Tensor and Variable share: the .NET object, the dtype, and the operators."""

    __slots__ = ("_t", "_dtype", "__weakref__")
    # numpy must hand `ndarray (op) tensor` to our reflected operators instead of looping over the array.
    __array_ufunc__ = None
    __array_priority__ = 1000

    def __init__(self, net):
        self._t = net
        self._dtype = _dtypes.from_net(net.dtype)

    @property
    def dtype(self) -> _dtypes.DType:
        return self._dtype

    @property
    def shape(self) -> TensorShape:
        dims = _Interop.ShapeOf(self._t if isinstance(self, Tensor) else self._t.AsTensor())
        if dims is None:
            return TensorShape.unknown()
        return TensorShape(None if d < 0 else int(d) for d in dims)

    def set_shape(self, shape):
        """TF's set_shape: fills in unknown dimensions (or the rank); a shape that contradicts what is known is a ValueError."""
        net = self._t if isinstance(self, Tensor) else self._t.AsTensor()
        dims = [-1 if d is None else int(d) for d in shape]
        call(setattr, net, "shape", _Interop.MakeShape(dims))

    def get_shape(self) -> TensorShape:
        return self.shape

    @property
    def name(self) -> str:
        return str(self._t.name)

    @property
    def graph(self):
        return self._t.graph

    def eval(self, feed_dict=None, session=None):
        """The value, computed by ``session`` or the default session (``with tf.Session() as s``, tf.InteractiveSession)."""
        from ._session import default_session
        return (session or default_session("eval()")).run(self, feed_dict)

    # Python's operators map to the tf ops, as in TF 1.x; numbers and arrays on either side take the tensor's dtype.
    def __add__(self, o): return binary(net_tf.add, self, o, "add")
    def __radd__(self, o): return binary(net_tf.add, o, self, "add")
    def __sub__(self, o): return binary(net_tf.subtract, self, o, "sub")
    def __rsub__(self, o): return binary(net_tf.subtract, o, self, "sub")
    def __mul__(self, o): return binary(net_tf.multiply, self, o, "mul")
    def __rmul__(self, o): return binary(net_tf.multiply, o, self, "mul")
    def __truediv__(self, o): return binary(net_tf.truediv, self, o, "truediv")
    def __rtruediv__(self, o): return binary(net_tf.truediv, o, self, "truediv")
    def __matmul__(self, o): return binary(_matmul, self, o)
    def __rmatmul__(self, o): return binary(_matmul, o, self)
    def __gt__(self, o): return binary(net_tf.greater, self, o)
    def __lt__(self, o): return binary(net_tf.less, self, o)
    def __ge__(self, o): return binary(net_tf.greater_equal, self, o)
    def __le__(self, o): return binary(net_tf.less_equal, self, o)
    def __neg__(self): return wrap(call(net_tf.negative, self._t, None))
    def __abs__(self): return wrap(call(net_tf.abs, self._t, None))
    def __pow__(self, o): return binary(net_tf.pow, self, o, "pow")
    def __rpow__(self, o): return binary(net_tf.pow, o, self, "pow")
    def __floordiv__(self, o): return binary(net_tf.floordiv, self, o, "floordiv")
    def __rfloordiv__(self, o): return binary(net_tf.floordiv, o, self, "floordiv")
    def __mod__(self, o): return binary(net_tf.floormod, self, o, "mod")
    def __rmod__(self, o): return binary(net_tf.floormod, o, self, "mod")
    def __and__(self, o): return binary(net_tf.logical_and, self, o, "and")
    def __rand__(self, o): return binary(net_tf.logical_and, o, self, "and")
    def __or__(self, o): return binary(net_tf.logical_or, self, o, "or")
    def __ror__(self, o): return binary(net_tf.logical_or, o, self, "or")
    def __xor__(self, o): return binary(net_tf.logical_xor, self, o, "xor")
    def __rxor__(self, o): return binary(net_tf.logical_xor, o, self, "xor")
    def __invert__(self): return wrap(call(net_tf.logical_not, self._t, None))

    # TF 1.x tensors hash and compare by identity (they are dict keys in feed_dict).
    __hash__ = object.__hash__

    def __eq__(self, other):
        return self is other

    def __bool__(self):
        raise TypeError("Using a tf.Tensor as a Python bool is not allowed. - help: use tf.cond or compare values after sess.run.")

    def __getitem__(self, index):
        """TF 1.x's slicing (_SliceHelper): ints and scalar int tensors take one element and drop the dimension,
        slices ``a:b:c`` slice, ``tf.newaxis`` (None) adds a dimension of size 1, ``...`` stands for the full slices
        the other entries leave; one StridedSlice op."""
        net = self._t if isinstance(self, Tensor) else self._t.AsTensor()
        begin, end, strides, masks = _slice_spec(index)
        b, e, st = (arg(v) for v in (begin, end, strides))
        return wrap(call(lambda: net_tf.strided_slice(net, b, e, st, *masks, "strided_slice")))


def _slice_spec(index):
    """begin, end, strides and the five masks of a Python index, as TF 1.x's _SliceHelper builds them."""
    if not isinstance(index, tuple):
        index = (index,)
    begin, end, strides = [], [], []
    masks = [0, 0, 0, 0, 0]  # begin, end, ellipsis, new axis, shrink axis

    def bound(v):
        if v is None or isinstance(v, _Node) or (isinstance(v, (int, np.integer)) and not isinstance(v, bool)):
            return v if not isinstance(v, np.integer) else int(v)
        raise TypeError(f"slice indices must be integers or None or have an __index__ method, not {v!r}")

    for i, s in enumerate(index):
        bit = 1 << i
        if isinstance(s, slice):
            start, stop, step = bound(s.start), bound(s.stop), bound(s.step)
            strides.append(1 if step is None else step)
            if start is None:
                begin.append(0)
                masks[0] |= bit
            else:
                begin.append(start)
            if stop is None:
                end.append(0)
                masks[1] |= bit
            else:
                end.append(stop)
        elif s is Ellipsis or s is None:
            begin.append(0)
            end.append(0)
            strides.append(1)
            masks[2 if s is Ellipsis else 3] |= bit
        elif (isinstance(s, (int, np.integer)) and not isinstance(s, bool)) or isinstance(s, _Node):
            if isinstance(s, _Node) and s.dtype.name not in ("int32", "int64"):
                raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                                f"tf.int32/tf.int64 tensors are valid indices, got {s!r}")
            v = int(s) if not isinstance(s, _Node) else s
            begin.append(v)
            end.append(v + 1)
            strides.append(1)
            masks[4] |= bit
        else:
            raise TypeError("Only integers, slices (`:`), ellipsis (`...`), tf.newaxis (`None`) and scalar "
                            f"tf.int32/tf.int64 tensors are valid indices, got {s!r}")
    return begin, end, strides, masks


class Tensor(_Node):
    """A symbolic tensor: the output of an op in the default graph; its value comes from Session.run or .eval()."""

    __slots__ = ()

    @property
    def op(self) -> "Operation":
        return Operation(self._t.op)

    def __str__(self) -> str:
        # TF 1.x's str(tensor), which print() shows: Tensor("Add:0", shape=(), dtype=float32); a shape of unknown
        # rank is left out, as TF does: Tensor("add:0", dtype=float32).
        shape = f", shape={self.shape}" if self.shape.ndims is not None else ""
        return f'Tensor("{self.name}"{shape}, dtype={self.dtype.name})'

    def __repr__(self) -> str:
        return f'<tf.Tensor \'{self.name}\' shape={self.shape} dtype={self.dtype.name}>'


class Variable(_Node):
    """A tf.Variable: its value lives in the session; operators and ops read its current value. One Python object
    per variable (while it is referenced), so that ``v in tf.trainable_variables()`` holds as in TF."""

    __slots__ = ()

    def __new__(cls, net):
        v = _VARIABLES.get(net)
        if v is None:
            v = object.__new__(cls)
            _VARIABLES[net] = v
        return v

    @property
    def trainable(self) -> bool:
        return bool(self._t.trainable)

    def value(self) -> "Tensor":
        """The snapshot tensor ops read ("name/read:0")."""
        return Tensor(self._t.AsTensor())

    def read_value(self) -> "Tensor":
        """A new Identity op "read" reading the variable (TF's Variable.read_value)."""
        return Tensor(call(self._t.read_value))

    @property
    def initializer(self) -> "Operation":
        return Operation(self._t.initializer)

    @property
    def initial_value(self) -> Tensor:
        return Tensor(self._t.initial_value)

    @property
    def op(self) -> "Operation":
        return Operation(self._t.op)

    # TF 1.x's Variable.assign(value, use_locking=False, name=None, read_value=True): the new value, or with
    # read_value=False the assign op; use_locking changes nothing (a session runs one run at a time).
    def assign(self, value, use_locking=False, name=None, read_value=True):
        t = wrap(call(net_tf.assign, self._t, arg(value, self._dtype), True, name))
        return t if read_value else t.op

    def assign_add(self, delta, use_locking=False, name=None, read_value=True):
        t = wrap(call(net_tf.assign_add, self._t, arg(delta, self._dtype), name))
        return t if read_value else t.op

    def assign_sub(self, delta, use_locking=False, name=None, read_value=True):
        t = wrap(call(net_tf.assign_sub, self._t, arg(delta, self._dtype), name))
        return t if read_value else t.op

    def __repr__(self) -> str:
        return f"<tf.Variable '{self.name}' shape={self.shape} dtype={self.dtype.name}_ref>"


_VARIABLES: "weakref.WeakValueDictionary" = weakref.WeakValueDictionary()


class Operation:
    """A graph operation without a value (an initializer, a training step); Session.run returns None for it."""

    __slots__ = ("_t", "__weakref__")

    def __init__(self, net):
        self._t = net

    @property
    def name(self) -> str:
        return str(self._t.name)

    @property
    def type(self) -> str:
        return str(self._t.type)

    def run(self, feed_dict=None, session=None):
        """Runs the op in ``session`` or the default session."""
        from ._session import default_session
        (session or default_session("run()")).run(self, feed_dict)

    def __repr__(self) -> str:
        return f'<tf.Operation \'{self.name}\' type={self.type}>'


def wrap(net):
    """The Python wrapper of a .NET Tensor, Variable or Operation (lists of them become lists)."""
    if isinstance(net, _NetTensor):
        return Tensor(net)
    if isinstance(net, _NetVariable):
        return Variable(net)
    if isinstance(net, _NetOperation):
        return Operation(net)
    if net is None:
        return None
    if isinstance(net, System.Array):
        return [wrap(x) for x in net]
    raise TypeError(f"Bridge returned an unexpected {type(net).__name__}")


def dtype_of(value):
    """The numpy dtype name of a wrapped tensor or variable, else None."""
    return value._dtype.name if isinstance(value, _Node) else None


def arg(value, dtype=None):
    """A tf.* argument for .NET: wrappers give their .NET object; numbers, lists and arrays become an NDArray
    (``dtype``, a DType or name, is the dtype the value must take: the other operand's)."""
    if isinstance(value, (_Node, Operation)):
        return value._t
    if value is None:
        return None
    if isinstance(value, (list, tuple)) and any(isinstance(v, _Node) for v in value):
        return net_list(value)
    if _is_text(value):
        return _net_text(value)
    name = dtype.name if isinstance(dtype, _dtypes.DType) else dtype
    if name is None and type(value) is float:
        # A bare Python float goes to .NET as a double literal, so that the op converts it as TF 1.x does: float32
        # alone, a TypeError against an integer operand (tf.add(int32_tensor, 2.0)); an ndarray of it would be cast.
        return System.Double(value)
    return _convert.to_net(_convert.python_value(value, name))


def _is_text(value) -> bool:
    """Strings and bytes (or lists of them) make TF string tensors, as in TF 1.x."""
    while isinstance(value, (list, tuple)) and value:
        value = value[0]
    return isinstance(value, (str, bytes, np.str_, np.bytes_))


def _net_text(value):
    """Python text as .NET strings (nested lists as .NET lists), which Bridge stores as UTF-8 bytes."""
    if isinstance(value, (list, tuple)):
        items = System.Collections.Generic.List[System.Object]()
        for v in value:
            items.Add(_net_text(v))
        return items
    if isinstance(value, (bytes, np.bytes_)):
        value = bytes(value).decode("utf-8")
    return System.String(str(value))


def net_list(values, dtype=None):
    """A .NET List<object> of converted arguments (for tf.stack, tf.concat, tf.gradients)."""
    items = System.Collections.Generic.List[System.Object]()
    for v in values:
        items.Add(arg(v, dtype))
    return items


def _matmul(a, b, name):
    return net_tf.matmul(a, b, False, False, name)


def binary(fn, x, y, name=None):
    """A binary op: a non-tensor operand takes the tensor operand's dtype, as TF 1.x converts it."""
    return wrap(call(fn, arg(x, dtype_of(y)), arg(y, dtype_of(x)), name))
