"""TF 1.x's variables API in Python: tf.Variable, tf.get_variable, tf.variable_scope, graph collections, tf.GraphKeys.

The C# facade does the work (Ops/tf.Variables.cs, tf.VariableScope.cs, tf.Initializers.cs); this module converts
what only Python has: callables (initializers, regularizers, a callable initial_value) become .NET delegates, any
Python object may sit in a collection, ``reuse`` takes tf.AUTO_REUSE, and ``with tf.variable_scope(...) as vs`` gives
a VariableScope with TF's attribute names.
"""
from __future__ import annotations

import re

from . import _binding, _dtypes, _runtime, errors
from ._graph import Operation, Tensor, Variable, _Node, arg, call, net_tf, wrap

_runtime.load()
import System  # type: ignore  # noqa: E402
from Bridge import GraphKeys as _NetGraphKeys, Initializer as _NetInitializer, ReuseMode as _NetReuseMode  # type: ignore  # noqa: E402
from Bridge import Operation as _NetOperation, Shape as _NetShape, TF_DataType, Tensor as _NetTensor, Variable as _NetVariable  # type: ignore  # noqa: E402
from Bridge import VariableScope as _NetVariableScope  # type: ignore  # noqa: E402
from Bridge.Interop import PythonInterop as _Interop  # type: ignore  # noqa: E402
import clr  # type: ignore  # noqa: E402


class _ReuseMode:
    """The type of tf.AUTO_REUSE (TF's _ReuseMode enum)."""

    __slots__ = ()

    def __repr__(self):
        return "<_ReuseMode.AUTO_REUSE: 1>"

    def __str__(self):
        return "_ReuseMode.AUTO_REUSE"


AUTO_REUSE = _ReuseMode()


class GraphKeys:
    """TF 1.x's tf.GraphKeys: the standard collection names (GLOBAL_VARIABLES is "variables" ...)."""


for _p in clr.GetClrType(_NetGraphKeys).GetProperties():
    setattr(GraphKeys, _p.Name, str(_p.GetValue(net_tf.GraphKeys)))


# --- conversions ----------------------------------------------------------------------------------------------------

def _dtype(d):
    return TF_DataType.DtInvalid if d is None else _dtypes.as_dtype(d)._net


def _shape(shape, fn):
    if shape is None:
        return None
    if isinstance(shape, (int,)) and not isinstance(shape, bool):
        shape = [shape]
    if hasattr(shape, "as_list") and not isinstance(shape, _Node):
        shape = shape.as_list()
    try:
        dims = [-1 if d is None else int(d) for d in shape]
    except TypeError:
        raise errors.TypeError(f"{fn}: shape must be a list of ints (None for an unknown dimension), not {shape!r}. "
                               f"- help: e.g. shape=[784, 256].") from None
    return _Interop.MakeShape(dims)


def _strings(names, fn, what):
    if names is None:
        return None
    if isinstance(names, str) or not hasattr(names, "__iter__"):
        raise errors.ValueError(f"{fn}: {what} must be a list, tuple, or set, not {names!r}. - help: e.g. "
                                f"{what}=[tf.GraphKeys.GLOBAL_VARIABLES].")
    return System.Array[System.String]([str(n) for n in names])


def _tensor_value(value, dtype=None):
    """What a Python callable returned, for .NET: a tensor stays one, values become NDArrays."""
    return arg(value, dtype)


def _initializer(init, fn):
    """An initializer for .NET: Bridge's initializer objects as they are, tensors and values as values, and a Python
    callable ``f(shape, dtype=None, partition_info=None)`` as a .NET function called with the shape and dtype."""
    if init is None:
        return None
    net = getattr(init, "_t", None)
    if isinstance(net, _NetInitializer):
        return net
    if isinstance(init, (_Node, Operation)):
        return init._t
    if isinstance(init, type) or (getattr(init, "__module__", None) == "bridge.tf"
                                   and getattr(init, "__name__", "").endswith("_initializer")):
        init = init()  # TF 1.15 instantiates an initializer class given as it is (tf.zeros_initializer)
        net = getattr(init, "_t", None)
        if isinstance(net, _NetInitializer):
            return net
    if callable(init):
        def make(shape, dtype, _f=init):
            dims = [None if d < 0 else int(d) for d in shape.dims]
            return _tensor_value(_f(dims, dtype=_dtypes.from_net(dtype), partition_info=None))
        return System.Func[_NetShape, TF_DataType, System.Object](make)
    return arg(init)


def _regularizer(reg, fn):
    """A regularizer for .NET: a Python callable taking the variable, returning a loss tensor (or None)."""
    if reg is None:
        return None
    if not callable(reg):
        raise errors.TypeError(f"{fn}: regularizer must be a callable taking the variable, not {reg!r}. - help: e.g. "
                               f"regularizer=lambda w: 0.01 * tf.nn.l2_loss(w).")

    def apply(v, _f=reg):
        loss = _f(Variable(v))
        if loss is None:
            return None
        if isinstance(loss, Variable):
            return loss._t.AsTensor()
        if isinstance(loss, Tensor):
            return loss._t
        from . import tf as _tf
        return _tf.constant(loss)._t
    return System.Func[_NetVariable, _NetTensor](apply)


def _reuse(reuse):
    if reuse is None or reuse is False:
        return None
    if reuse is True:
        return True
    if reuse is AUTO_REUSE:
        return net_tf.AUTO_REUSE
    raise errors.ValueError(f"The reuse parameter must be True or False or None (or tf.AUTO_REUSE), not {reuse!r}.")


def _unsupported(fn, **kwargs):
    for k, v in kwargs.items():
        if v is not None:
            raise NotImplementedError(f"{fn}: {k}={v!r} is not supported by Bridge (only TF's default). - help: leave it out.")


def _item(value):
    """A collection item for .NET: graph objects as their .NET objects, anything else as the Python object itself."""
    return value._t if isinstance(value, (_Node, Operation)) else value


def _py_item(x):
    if isinstance(x, (_NetTensor, _NetVariable, _NetOperation)):
        return wrap(x)
    return _binding._result(x) if isinstance(x, System.Object) else x


# --- tf.Variable ----------------------------------------------------------------------------------------------------

def Variable_(initial_value=None, trainable=True, collections=None, validate_shape=True, caching_device=None,
              name=None, variable_def=None, dtype=None, expected_shape=None, import_scope=None, constraint=None,
              use_resource=None, shape=None):
    """TF 1.x's tf.Variable(initial_value, trainable=True, collections=None, validate_shape=True, caching_device=None,
    name=None, variable_def=None, dtype=None, expected_shape=None, import_scope=None): a variable initialised to a
    tensor, a value, or what a callable of no arguments returns (made under "name/Initializer/", as TF)."""
    fn = "tf.Variable"
    _unsupported(fn, variable_def=variable_def, import_scope=import_scope, constraint=constraint, shape=shape)
    if use_resource:
        raise NotImplementedError(f"{fn}: use_resource=True is not supported by Bridge (ref variables only). - help: leave it out.")
    if initial_value is None:
        raise errors.ValueError(f"{fn}: initial_value must be specified. - help: pass a tensor, a value or a function making one.")
    value_dtype = None if dtype is None else _dtypes.as_dtype(dtype)
    if callable(initial_value) and not isinstance(initial_value, (_Node, Operation)):
        init = System.Func[System.Object](lambda _f=initial_value: _tensor_value(_f(), value_dtype))
    else:
        init = arg(initial_value, value_dtype)
    cols = _strings(collections, fn, "collections")
    return wrap(call(net_tf.Variable, init, bool(trainable), cols, bool(validate_shape), None, name, None, _dtype(dtype),
                     None, None))


# --- tf.get_variable and tf.variable_scope ------------------------------------------------------------------------

def get_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=None, collections=None,
                 caching_device=None, partitioner=None, validate_shape=True, use_resource=None, custom_getter=None,
                 constraint=None, synchronization=None, aggregation=None):
    """TF 1.x's tf.get_variable: the variable "scope/name" of the current variable scope, made or (when the scope
    reuses) returned; see Bridge's C# tensorflow.get_variable for the defaults and errors."""
    fn = "tf.get_variable"
    _unsupported(fn, partitioner=partitioner, custom_getter=custom_getter, constraint=constraint,
                 synchronization=synchronization, aggregation=aggregation)
    if use_resource:
        raise NotImplementedError(f"{fn}: use_resource=True is not supported by Bridge (ref variables only). - help: leave it out.")
    if not isinstance(name, str):
        raise errors.TypeError(f"{fn}: name must be a string, not {name!r}. - help: tf.get_variable(\"W\", shape=[3, 4]).")
    return wrap(call(net_tf.get_variable, name, _shape(shape, fn), _dtype(dtype), _initializer(initializer, fn),
                     _regularizer(regularizer, fn), None if trainable is None else bool(trainable),
                     _strings(collections, fn, "collections"), None, None, bool(validate_shape), None, None, None))


def get_local_variable(name, shape=None, dtype=None, initializer=None, regularizer=None, trainable=False,
                       collections=None, caching_device=None, partitioner=None, validate_shape=True, use_resource=None,
                       custom_getter=None, constraint=None, synchronization=None, aggregation=None):
    """TF 1.x's tf.get_local_variable: tf.get_variable in LOCAL_VARIABLES, not trainable by default."""
    cols = list(collections or []) + [GraphKeys.LOCAL_VARIABLES]
    return get_variable(name, shape, dtype, initializer, regularizer, trainable, cols, caching_device, partitioner,
                        validate_shape, use_resource, custom_getter, constraint, synchronization, aggregation)


class VariableScope:
    """TF 1.x's VariableScope: the name prefix of tf.get_variable and its defaults."""

    __slots__ = ("_t",)

    def __init__(self, net):
        self._t = net

    @property
    def name(self) -> str:
        return str(self._t.name)

    @property
    def original_name_scope(self) -> str:
        return str(self._t.original_name_scope)

    @property
    def reuse(self):
        r = self._t.reuse
        return AUTO_REUSE if isinstance(r, _NetReuseMode) else bool(r)

    @property
    def initializer(self):
        i = self._t.default_initializer
        return None if i is None else _py_item(i)

    @property
    def regularizer(self):
        return self._t.default_regularizer

    @property
    def dtype(self):
        return _dtypes.from_net(self._t.default_dtype)

    def reuse_variables(self):
        """From now on tf.get_variable in this scope returns existing variables (reuse=True)."""
        self._t.reuse_variables()

    def set_initializer(self, initializer):
        self._t.set_initializer(_initializer(initializer, "VariableScope.set_initializer"))

    def set_regularizer(self, regularizer):
        self._t.set_regularizer(_regularizer(regularizer, "VariableScope.set_regularizer"))

    def set_dtype(self, dtype):
        self._t.set_dtype(_dtype(dtype))

    def get_collection(self, name):
        scope = self.name + "/" if self.name else None
        return get_collection(name, None if scope is None else re.escape(scope))

    def trainable_variables(self):
        return self.get_collection(GraphKeys.TRAINABLE_VARIABLES)

    def global_variables(self):
        return self.get_collection(GraphKeys.GLOBAL_VARIABLES)

    def local_variables(self):
        return self.get_collection(GraphKeys.LOCAL_VARIABLES)

    def __eq__(self, other):
        return isinstance(other, VariableScope) and bool(self._t.Equals(other._t))

    def __hash__(self):
        return int(self._t.GetHashCode())

    def __repr__(self):
        return f"<tf.VariableScope {self.name!r}>"


class variable_scope:
    """TF 1.x's tf.variable_scope(name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
    caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None, use_resource=None,
    constraint=None, auxiliary_name_scope=True): ``with tf.variable_scope("layer1") as vs:`` prefixes tf.get_variable's
    names with "layer1/" and opens the name scope "layer1" (made unique)."""

    def __init__(self, name_or_scope, default_name=None, values=None, initializer=None, regularizer=None,
                 caching_device=None, partitioner=None, custom_getter=None, reuse=None, dtype=None, use_resource=None,
                 constraint=None, auxiliary_name_scope=True):
        fn = "tf.variable_scope"
        _unsupported(fn, partitioner=partitioner, custom_getter=custom_getter, constraint=constraint)
        if use_resource:
            raise NotImplementedError(f"{fn}: use_resource=True is not supported by Bridge (ref variables only). - help: leave it out.")
        if default_name is None and name_or_scope is None:
            raise errors.TypeError("If default_name is None then name_or_scope is required")
        if name_or_scope is not None and not isinstance(name_or_scope, (str, VariableScope)):
            raise errors.TypeError("VariableScope: name_or_scope must be a string or VariableScope.")
        if not isinstance(auxiliary_name_scope, bool):
            raise errors.TypeError(f"The auxiliary_name_scope must be `True` or `False`, while get {auxiliary_name_scope}")
        self._args = (name_or_scope._t if isinstance(name_or_scope, VariableScope) else name_or_scope, default_name,
                      None, _initializer(initializer, fn), _regularizer(regularizer, fn), None, None, None,
                      _reuse(reuse), _dtype(dtype), None, None, auxiliary_name_scope)
        self._ctx = None

    def __enter__(self) -> VariableScope:
        self._ctx = call(net_tf.variable_scope, *self._args)
        return VariableScope(self._ctx.scope)

    def __exit__(self, exc_type, exc, tb):
        ctx, self._ctx = self._ctx, None
        if ctx is not None:
            call(ctx.Dispose)
        return False


def get_variable_scope() -> VariableScope:
    """The current variable scope (tf.get_variable_scope())."""
    return VariableScope(net_tf.get_variable_scope())


# --- collections ----------------------------------------------------------------------------------------------------

def add_to_collection(name, value):
    """Adds ``value`` (any object) to the default graph's collection ``name``."""
    call(net_tf.add_to_collection, str(name), _item(value))


def add_to_collections(names, value):
    """Adds ``value`` to each of the collections ``names`` (each once; one name may be given as a string)."""
    if isinstance(names, str):
        names = [names]
    for n in dict.fromkeys(names):
        add_to_collection(n, value)


def get_collection(key, scope=None):
    """A list of the items of the default graph's collection ``key``; with ``scope``, those whose ``name`` matches
    it from the start (re.match, as TF), items without a name left out."""
    items = [_py_item(x) for x in call(net_tf.get_collection, str(key), None)]
    if scope is None:
        return items
    regex = re.compile(scope)
    out = []
    for item in items:
        try:
            if regex.match(item.name):
                out.append(item)
        except AttributeError:
            pass
    return out


def get_collection_ref(key):
    raise NotImplementedError("tf.get_collection_ref (a live list) is not supported in Bridge's Python API. - help: use "
                              "tf.get_collection(key) to read and tf.add_to_collection(key, value) to add.")


def global_variables(scope=None):
    """The GLOBAL_VARIABLES collection (filtered by ``scope`` as get_collection)."""
    return get_collection(GraphKeys.GLOBAL_VARIABLES, scope)


def trainable_variables(scope=None):
    """The TRAINABLE_VARIABLES collection (filtered by ``scope`` as get_collection)."""
    return get_collection(GraphKeys.TRAINABLE_VARIABLES, scope)


def local_variables(scope=None):
    """The LOCAL_VARIABLES collection (filtered by ``scope`` as get_collection)."""
    return get_collection(GraphKeys.LOCAL_VARIABLES, scope)


def model_variables(scope=None):
    """The MODEL_VARIABLES collection (filtered by ``scope`` as get_collection)."""
    return get_collection(GraphKeys.MODEL_VARIABLES, scope)


def all_variables():
    """TF 1.0's name of global_variables (deprecated)."""
    return global_variables()
