"""TF 1.x's tf.layers.dense, conv2d, max_pooling2d, average_pooling2d, tf.contrib.layers.fully_connected and
batch_norm, and tf.contrib.framework.arg_scope in Python.

The layers are Bridge's C# functions (tf.Layers.Core.cs, tf.Layers.Contrib.cs); this module adds what only Python has:
Python callables (activations, normalizers, initializers, regularizers) become .NET delegates, and TF's explicit None
(``activation_fn=None``: no activation; ``biases_initializer=None``: no bias) is told apart from an argument left out.

arg_scope is TF's own algorithm over a Python stack (contrib/framework/python/ops/arg_scope.py): ``add_arg_scope`` marks
a function, ``with arg_scope([f, g], k=v):`` sets defaults for the marked functions, nested scopes add to the enclosing
one, arguments given in the call win. Every function of tf.contrib.layers whose C# method is marked [AddArgScope] is
marked here too (so dropout takes arg_scope once its C# method opts in); batch_norm is marked here (TF's is
@add_arg_scope).
"""
from __future__ import annotations

import contextlib
import functools
import inspect

from . import _binding, errors
from ._graph import Tensor, Variable, _Node, arg, call, net_tf
from ._variables import _initializer, _regularizer

import System  # type: ignore  # noqa: E402
from System.Collections.Generic import Dictionary, IReadOnlyDictionary  # type: ignore  # noqa: E402
from Bridge import ArgScope as _NetArgScope, Tensor as _NetTensor  # type: ignore  # noqa: E402

_EXPLICIT_NONE = getattr(_NetArgScope, "None")  # C#'s ArgScope.None (None is a Python keyword)
_UNSET = type("_Unset", (), {"__repr__": lambda self: "<TF default>"})()

# --- arg_scope --------------------------------------------------------------------------------------------------------

_ARGSTACK = [{}]
_DECORATED: dict = {}  # key -> the keyword arguments an arg_scope may set


def _current_arg_scope():
    if not _ARGSTACK:
        _ARGSTACK.append({})
    return _ARGSTACK[-1]


def _key_op(op):
    return getattr(op, "_key_op", None)


def _name_op(op):
    return (getattr(op, "__module__", None), getattr(op, "__name__", repr(op)))


def _kwarg_names(func):
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):
        return []
    return [n for n, p in sig.parameters.items() if p.default is not inspect.Parameter.empty]


@contextlib.contextmanager
def arg_scope(list_ops_or_scope, **kwargs):
    """TF 1.x's tf.contrib.framework.arg_scope(list_ops_or_scope, **kwargs): inside the block, the functions listed
    (marked with add_arg_scope: fully_connected, flatten ...) take ``kwargs`` as the defaults of the arguments they are
    not given; nested scopes add to the enclosing one; a dict (what ``with arg_scope(...) as sc`` gave) re-enters a
    scope, and then kwargs must be empty."""
    if isinstance(list_ops_or_scope, dict):
        if kwargs:
            raise errors.ValueError("When attempting to re-use a scope by suppling a dictionary, kwargs must be empty. "
                                    "- help: arg_scope(sc) alone, or a list of functions with the arguments.")
        current_scope = list_ops_or_scope.copy()
    else:
        if not isinstance(list_ops_or_scope, (list, tuple)):
            raise errors.TypeError("list_ops_or_scope must either be a list/tuple or reused scope (i.e. dict) - help: "
                                   "arg_scope([fully_connected], activation_fn=tf.nn.relu).")
        current_scope = _current_arg_scope().copy()
        for op in list_ops_or_scope:
            key = _key_op(op)
            if key is None or key not in _DECORATED:
                raise errors.ValueError(f"{_name_op(op)} is not decorated with @add_arg_scope - help: arg_scope takes "
                                        "functions such as tf.contrib.layers.fully_connected.")
            merged = dict(current_scope.get(key, {}))
            merged.update(kwargs)
            current_scope[key] = merged
    _ARGSTACK.append(current_scope)
    try:
        yield current_scope
    finally:
        _ARGSTACK.pop()


def add_arg_scope(func, key=None):
    """TF 1.x's @add_arg_scope: the function takes the innermost arg_scope's arguments for it (explicit ones win)."""
    key = key or f"{getattr(func, '__module__', '')}.{getattr(func, '__qualname__', repr(func))}"

    @functools.wraps(func)
    def func_with_args(*args, **kwargs):
        scope = _current_arg_scope()
        if key in scope:
            merged = dict(scope[key])
            merged.update(kwargs)
            kwargs = merged
        return func(*args, **kwargs)

    _DECORATED.setdefault(key, _kwarg_names(func))
    func_with_args._key_op = key
    return func_with_args


def has_arg_scope(func):
    """TF 1.x's has_arg_scope(func): whether the function is decorated with add_arg_scope."""
    return _key_op(func) in _DECORATED


def arg_scoped_arguments(func):
    """TF 1.x's arg_scoped_arguments(func): the keyword arguments an arg_scope can set for the function."""
    assert has_arg_scope(func)
    return list(_DECORATED[_key_op(func)])


def current_arg_scope():
    """The innermost arg_scope's values ({function key: {argument: value}})."""
    return _current_arg_scope()


# --- callables as .NET delegates --------------------------------------------------------------------------------------

def _net_tensor(value, fn, what):
    if isinstance(value, Tensor):
        return value._t
    if isinstance(value, Variable):
        return value._t.AsTensor()
    if value is None:
        return None
    raise errors.TypeError(f"{fn}: {what} returned {value!r}, not a tensor. - help: it must return a tf.Tensor.")


def _activation(f, fn, pname):
    """A Python activation (tf.nn.relu, a lambda ...) as a .NET Func<Tensor, Tensor>; None is TF's explicit None."""
    if f is None:
        return _NetArgScope.NoActivation
    if not callable(f):
        raise errors.TypeError(f"{fn}: {pname} must be a callable (e.g. tf.nn.relu) or None, not {f!r}.")
    return System.Func[_NetTensor, _NetTensor](lambda t, _f=f: _net_tensor(_f(Tensor(t)), fn, pname))


def _activity(f, fn):
    if f is None:
        return None
    if not callable(f):
        raise errors.TypeError(f"{fn}: activity_regularizer must be a callable taking the output, not {f!r}.")
    return System.Func[_NetTensor, _NetTensor](lambda t, _f=f: _net_tensor(_f(Tensor(t)), fn, "activity_regularizer"))


def _normalizer(f, params, fn):
    """normalizer_fn(outputs, **normalizer_params) with the Python keyword arguments as they are."""
    if f is None:
        return _NetArgScope.NoNormalizer
    if not callable(f):
        raise errors.TypeError(f"{fn}: normalizer_fn must be a callable (e.g. tf.contrib.layers.batch_norm) or None, not {f!r}.")
    kw = dict(params or {})
    return System.Func[_NetTensor, IReadOnlyDictionary[System.String, System.Object], _NetTensor](
        lambda t, _p, _f=f: _net_tensor(_f(Tensor(t), **kw), fn, "normalizer_fn"))


def _init(init, fn):
    """An initializer; TF's explicit None is ArgScope.None (tf.get_variable's default, or no bias for biases)."""
    if init is None:
        return _EXPLICIT_NONE
    return _initializer(init, fn)


def _strings(names, fn, pname):
    if names is None:
        return None
    if isinstance(names, str):
        names = [names]
    if not hasattr(names, "__iter__"):
        raise errors.TypeError(f"{fn}: {pname} must be a list of collection names, not {names!r}.")
    return System.Array[System.String]([str(n) for n in names])


def _collections(cols, fn):
    if isinstance(cols, dict):
        d = Dictionary[System.String, System.Object]()
        for k, v in cols.items():
            d[str(k)] = _strings(v, fn, "variables_collections")
        return d
    return _strings(cols, fn, "variables_collections")


def _inputs(x):
    return x._t if isinstance(x, _Node) else arg(x)


def _int(v, fn, pname):
    if isinstance(v, bool) or not isinstance(v, int):
        try:
            import numpy as np
            if isinstance(v, np.integer):
                return int(v)
        except ImportError:  # pragma: no cover
            pass
        raise errors.ValueError(f"{pname} should be int or long, got {v!r}. - help: {fn}: pass the number of outputs as an int.")
    return v


def _reuse(reuse):
    return True if reuse is True else None


# --- the layers -------------------------------------------------------------------------------------------------------

def dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None, bias_initializer=_UNSET,
          kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, trainable=True, name=None,
          reuse=None):
    """tf.layers.dense(inputs, units, activation=None, use_bias=True, kernel_initializer=None,
    bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
    trainable=True, name=None, reuse=None): TF 1.0's Dense layer (see Bridge's C# layers_api.dense)."""
    fn = "tf.layers.dense"
    units = _int(units, fn, "units")
    act = None if activation is None else _activation(activation, fn, "activation")
    b_init = None if bias_initializer is _UNSET else _init(bias_initializer, fn)
    k_init = None if kernel_initializer is None else _initializer(kernel_initializer, fn)
    return Tensor(call(net_tf.layers.dense, _inputs(inputs), units, act if act is not None else _NetArgScope.NoActivation,
                       bool(use_bias), k_init, b_init, _regularizer(kernel_regularizer, fn), _regularizer(bias_regularizer, fn),
                       _activity(activity_regularizer, fn), bool(trainable), name, _reuse(reuse)))


def _ints(v):
    """An int or a list/tuple of ints for C#'s normalize_tuple (an int[]); anything else is passed for C# to refuse."""
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return System.Int32(v)
    if isinstance(v, (list, tuple)) and all(isinstance(e, int) and not isinstance(e, bool) for e in v):
        return System.Array[System.Int32]([int(e) for e in v])
    try:
        import numpy as np
        if isinstance(v, np.integer):
            return System.Int32(int(v))
    except ImportError:  # pragma: no cover
        pass
    return System.String(repr(v)) if v is not None else None


def conv2d(inputs, filters, kernel_size, strides=(1, 1), padding='valid', data_format='channels_last',
           dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None, bias_initializer=_UNSET,
           kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None, trainable=True, name=None,
           reuse=None):
    """tf.layers.conv2d(inputs, filters, kernel_size, strides=(1, 1), padding='valid', data_format='channels_last',
    dilation_rate=(1, 1), activation=None, use_bias=True, kernel_initializer=None,
    bias_initializer=tf.zeros_initializer(), kernel_regularizer=None, bias_regularizer=None, activity_regularizer=None,
    trainable=True, name=None, reuse=None): TF 1.0's Conv2D layer (see Bridge's C# layers_api.conv2d)."""
    fn = "tf.layers.conv2d"
    filters = _int(filters, fn, "filters")
    act = None if activation is None else _activation(activation, fn, "activation")
    b_init = None if bias_initializer is _UNSET else _init(bias_initializer, fn)
    k_init = None if kernel_initializer is None else _initializer(kernel_initializer, fn)
    return Tensor(call(net_tf.layers.conv2d, _inputs(inputs), filters, _ints(kernel_size), _ints(strides), str(padding),
                       str(data_format), _ints(dilation_rate), act if act is not None else _NetArgScope.NoActivation,
                       bool(use_bias), k_init, b_init, _regularizer(kernel_regularizer, fn),
                       _regularizer(bias_regularizer, fn), _activity(activity_regularizer, fn), bool(trainable), name,
                       _reuse(reuse)))


def max_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last', name=None):
    """tf.layers.max_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last', name=None)."""
    return Tensor(call(net_tf.layers.max_pooling2d, _inputs(inputs), _ints(pool_size), _ints(strides), str(padding),
                       str(data_format), name))


def average_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last', name=None):
    """tf.layers.average_pooling2d(inputs, pool_size, strides, padding='valid', data_format='channels_last',
    name=None)."""
    return Tensor(call(net_tf.layers.average_pooling2d, _inputs(inputs), _ints(pool_size), _ints(strides),
                       str(padding), str(data_format), name))


def _relu(x):
    from . import tf
    return tf.nn.relu(x)


def fully_connected(inputs, num_outputs, activation_fn=_relu, normalizer_fn=None, normalizer_params=None,
                    weights_initializer=_UNSET, weights_regularizer=None, biases_initializer=_UNSET,
                    biases_regularizer=None, reuse=None, variables_collections=None, outputs_collections=None,
                    trainable=True, scope=None):
    """tf.contrib.layers.fully_connected(inputs, num_outputs, activation_fn=tf.nn.relu, normalizer_fn=None,
    normalizer_params=None, weights_initializer=xavier_initializer(), weights_regularizer=None,
    biases_initializer=tf.zeros_initializer(), biases_regularizer=None, reuse=None, variables_collections=None,
    outputs_collections=None, trainable=True, scope=None): TF 1.0's layer (see Bridge's C# contrib_layers_api)."""
    fn = "tf.contrib.layers.fully_connected"
    num_outputs = _int(num_outputs, fn, "num_outputs")
    if scope is not None and not isinstance(scope, str):
        scope = getattr(scope, "name", scope)
        if not isinstance(scope, str):
            raise errors.TypeError(f"{fn}: scope must be a string, not {scope!r}.")
    w_init = None if weights_initializer is _UNSET else _init(weights_initializer, fn)
    b_init = None if biases_initializer is _UNSET else _init(biases_initializer, fn)
    return Tensor(call(net_tf.contrib.layers.fully_connected, _inputs(inputs), num_outputs,
                       _activation(activation_fn, fn, "activation_fn"), _normalizer(normalizer_fn, normalizer_params, fn),
                       None, w_init, _regularizer(weights_regularizer, fn), b_init, _regularizer(biases_regularizer, fn),
                       _reuse(reuse), _collections(variables_collections, fn),
                       _strings(outputs_collections, fn, "outputs_collections"), bool(trainable), scope))


def _param_initializers(inits, fn):
    """batch_norm's param_initializers, a dict from 'beta', 'gamma', 'moving_mean', 'moving_variance' to initializers."""
    if inits is None:
        return None
    if not isinstance(inits, dict):
        raise errors.TypeError(f"{fn}: param_initializers must be a dict (keys 'beta', 'gamma', 'moving_mean', "
                               f"'moving_variance'), not {inits!r}. - help: e.g. {{'beta': tf.zeros_initializer()}}.")
    d = Dictionary[System.String, System.Object]()
    for k, v in inits.items():
        if k not in ("beta", "gamma", "moving_mean", "moving_variance"):
            # TF 1.0 reads only these four keys (param_initializers.get(...)); any other is ignored there too.
            continue
        d[str(k)] = _initializer(v, fn)
    return d


def _float(v, fn, pname):
    try:
        return float(v)
    except (TypeError, ValueError):
        raise errors.TypeError(f"{fn}: {pname} must be a number, not {v!r}.") from None


_UPDATE_OPS = "update_ops"


def batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
               param_initializers=None, updates_collections=_UPDATE_OPS, is_training=True, reuse=None,
               variables_collections=None, outputs_collections=None, trainable=True, batch_weights=None,
               fused=False, data_format="NHWC", zero_debias_moving_mean=False, scope=None):
    """tf.contrib.layers.batch_norm(inputs, decay=0.999, center=True, scale=False, epsilon=0.001, activation_fn=None,
    param_initializers=None, updates_collections=tf.GraphKeys.UPDATE_OPS, is_training=True, reuse=None,
    variables_collections=None, outputs_collections=None, trainable=True, batch_weights=None, fused=False,
    data_format='NHWC', zero_debias_moving_mean=False, scope=None): TF 1.0's layer (see Bridge's C#
    contrib_layers_api.batch_norm). activation_fn is a Python callable (tf.nn.relu, a lambda) or None;
    param_initializers a dict of initializers for 'beta', 'gamma', 'moving_mean', 'moving_variance'."""
    fn = "tf.contrib.layers.batch_norm"
    if scope is not None and not isinstance(scope, str):
        scope = getattr(scope, "name", scope)
        if not isinstance(scope, str):
            raise errors.TypeError(f"{fn}: scope must be a string, not {scope!r}.")
    if updates_collections is not None and not isinstance(updates_collections, str):
        raise errors.TypeError(f"{fn}: updates_collections must be a collection name (tf.GraphKeys.UPDATE_OPS) or None, "
                               f"not {updates_collections!r}.")
    act = None if activation_fn is None else _activation(activation_fn, fn, "activation_fn")
    return Tensor(call(net_tf.contrib.layers.batch_norm, _inputs(inputs), _float(decay, fn, "decay"), bool(center),
                       bool(scale), _float(epsilon, fn, "epsilon"), act, _param_initializers(param_initializers, fn),
                       updates_collections, arg(is_training), _reuse(reuse),
                       _strings(variables_collections, fn, "variables_collections"),
                       _strings(outputs_collections, fn, "outputs_collections"), bool(trainable),
                       None if batch_weights is None else _inputs(batch_weights), bool(fused), str(data_format),
                       bool(zero_debias_moving_mean), scope))


_FC_KEY = "tf.contrib.layers.fully_connected"
_BN_KEY = "tf.contrib.layers.batch_norm"


def _arg_scope_key(overloads):
    for m in overloads:
        for a in m.GetCustomAttributes(False):
            if a.GetType().Name == "AddArgScopeAttribute":
                return a.key
    return None


def install(tf_globals):
    """Puts the Python layers into tf.layers and tf.contrib.layers, arg_scope into tf.contrib.framework, and marks
    the tf.contrib.layers functions whose C# methods are [AddArgScope]."""
    layers = tf_globals["layers"]
    layers._lazy["dense"] = lambda: dense
    layers._lazy["conv2d"] = lambda: conv2d
    layers._lazy["max_pooling2d"] = lambda: max_pooling2d
    layers._lazy["average_pooling2d"] = lambda: average_pooling2d
    contrib = tf_globals["contrib"]
    cl = contrib.layers
    for name, overloads in _binding._public_methods(net_tf.contrib.layers.GetType()).items():
        key = _arg_scope_key(overloads)
        if key is None:
            continue
        if key == _FC_KEY:
            cl._lazy[name] = lambda: add_arg_scope(fully_connected, _FC_KEY)
        else:
            cl._lazy[name] = lambda _b=cl._lazy[name], _k=key: add_arg_scope(_b(), _k)
    # batch_norm: Python callables (activation_fn) and dicts (param_initializers) become .NET here; TF 1.0's is
    # @add_arg_scope, so Python's arg_scope applies to it.
    cl._lazy["batch_norm"] = lambda: add_arg_scope(batch_norm, _BN_KEY)
    getattr(cl, "batch_norm")
    fw = contrib.framework
    for name, value in {"arg_scope": arg_scope, "add_arg_scope": add_arg_scope, "has_arg_scope": has_arg_scope,
                        "arg_scoped_arguments": arg_scoped_arguments, "current_arg_scope": current_arg_scope}.items():
        fw._lazy[name] = lambda _v=value: _v
    # Built now: a decorated function must be marked before an arg_scope lists it.
    for name in list(cl._lazy):
        if name in cl.__dict__:
            continue
        overloads = _binding._public_methods(net_tf.contrib.layers.GetType()).get(name)
        if overloads and _arg_scope_key(overloads):
            getattr(cl, name)
