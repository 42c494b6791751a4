"""TF 1.x's tf.cond and tf.control_dependencies in Python, over Bridge's C# (Ops/tf.ControlFlow.cs).

The branch functions are Python callables: each becomes a .NET function that C# calls once while it builds the
branch inside its cond context (as TF 1.x calls them). Their results (tensors, variables, ops, nested in tuples and
lists) go to C# as nested .NET arrays; C# checks that both branches match, merges the leaves, and the merged tensors
come back in the true branch's Python structure (a lone result, or a one-element list, is the tensor itself, as TF
1.x's non-strict cond gives).
"""
from __future__ import annotations

import contextlib

import System  # type: ignore
from Bridge import ITensorOrOperation as _NetNode  # type: ignore

from . import errors
from ._graph import Operation, Tensor, Variable, _Node, call, net_tf


def _to_net(value, fn):
    """A branch result for .NET: wrappers give their .NET object, sequences become object arrays."""
    if isinstance(value, (_Node, Operation)):
        return value._t
    if isinstance(value, (tuple, list)):
        return System.Array[System.Object]([_to_net(v, fn) for v in value])
    if value is None:
        raise errors.ValueError(f"tf.cond: {fn} returned None inside its result. - help: return tensors (or ops) only.")
    return value  # a number or an array: C# makes it a constant in the branch


def _structure(value):
    """The Python structure of a branch result: tuple/list kinds with their items, None for a leaf."""
    if isinstance(value, (tuple, list)):
        return (type(value), [_structure(v) for v in value])
    return None


def _rebuild(structure, net):
    from ._binding import _result
    if structure is None:
        return _result(net)
    kind, items = structure
    parts = [_rebuild(s, net[i]) for i, s in enumerate(items)]
    return kind(parts)


def cond(pred, true_fn=None, false_fn=None, strict=False, name=None, fn1=None, fn2=None):
    """TF 1.x's tf.cond(pred, true_fn, false_fn, strict=False, name=None) (also TF 1.0's fn1/fn2 keywords): the
    result of true_fn where the scalar bool ``pred`` is true at run time, else of false_fn. Both functions run once,
    when the graph is built; only the taken branch runs in a session (the other is dead: its random ops draw nothing,
    its assigns write nothing). Nested tuples/lists of tensors come back in the same structure; with strict=False a
    one-element result is the tensor itself."""
    if fn1 is not None:
        if true_fn is not None:
            raise errors.TypeError("tf.cond: cannot specify both 'fn1' and 'true_fn'. - help: use true_fn only.")
        true_fn = fn1
    if fn2 is not None:
        if false_fn is not None:
            raise errors.TypeError("tf.cond: cannot specify both 'fn2' and 'false_fn'. - help: use false_fn only.")
        false_fn = fn2
    for which, f in (("true_fn", true_fn), ("false_fn", false_fn)):
        if not callable(f):
            raise errors.TypeError(f"tf.cond: {which} must be callable. - help: pass a function of no arguments, "
                                   "e.g. lambda: tf.identity(x).")
    structures = {}

    def wrap(f, which):
        def build():
            r = f()
            if r is None:
                return None  # C# says that a branch must return something
            structures[which] = _structure(r)
            return _to_net(r, which)
        return System.Func[System.Object](build)

    if isinstance(pred, (_Node, Operation)):
        net_pred = pred._t
    elif isinstance(pred, bool):
        net_pred = System.Boolean(pred)
    else:
        from ._graph import arg
        net_pred = arg(pred)
    r = call(net_tf.cond, net_pred, wrap(true_fn, "true_fn"), wrap(false_fn, "false_fn"), name)
    st, sf = structures.get("true_fn"), structures.get("false_fn")
    if _shape_of(st) != _shape_of(sf):
        raise errors.ValueError(f"tf.cond: true_fn and false_fn must return the same structure: true_fn returned "
                                f"{_describe(st)} but false_fn returned {_describe(sf)}. - help: make both branches "
                                "return the same number of tensors, nested alike.")
    from ._binding import _result
    if st is None:
        return _result(r)
    if not isinstance(r, System.Array):  # C# unpacked a one-element result
        return st[0]([_result(r)]) if strict else _result(r)
    return _rebuild(st, r)


def _shape_of(s):
    return None if s is None else [_shape_of(x) for x in s[1]]


def _describe(s):
    return "Tensor" if s is None else "(" + ", ".join(_describe(x) for x in s[1]) + ")"


@contextlib.contextmanager
def control_dependencies(control_inputs):
    """TF 1.x's tf.control_dependencies(control_inputs): ops created inside the ``with`` block run after the given
    operations or tensors (and after those of enclosing blocks); None clears the enclosing blocks' dependencies."""
    if control_inputs is None:
        scope = call(net_tf.control_dependencies, None)
    else:
        nodes = []
        for c in control_inputs:
            if isinstance(c, (Tensor, Variable, Operation)):
                nodes.append(c._t)
            else:
                raise errors.TypeError(f"tf.control_dependencies: Control input must be Operation or Tensor: {c!r}. "
                                       "- help: pass a list of operations or tensors (or None).")
        scope = call(net_tf.control_dependencies, System.Array[_NetNode](nodes))
    try:
        yield None
    finally:
        scope.Dispose()


def none_means_none(namespace, name, parameter):
    """Makes ``namespace.name``'s ``parameter=None`` reach C# as None (the generated function passes the C# default
    for None): C# takes "" for it there (tf.contrib.layers.batch_norm's updates_collections=None, TF's forced updates,
    while its default is tf.GraphKeys.UPDATE_OPS)."""
    lazy = namespace.__dict__["_lazy"]
    build = lazy[name]

    def builder():
        f = build()

        def wrapped(*args, **kwargs):
            if parameter in kwargs and kwargs[parameter] is None:
                kwargs[parameter] = ""
            return f(*args, **kwargs)
        wrapped.__name__, wrapped.__qualname__, wrapped.__doc__ = f.__name__, f.__qualname__, f.__doc__
        return wrapped
    lazy[name] = builder
