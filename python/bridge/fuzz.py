"""The differential fuzzer (issue 15): random op cases, run by Bridge under each placement in turn, against a NumPy model
of TF 1.x's semantics.

Each case is one op (element-wise unary and binary ops, comparisons, reductions, matmul, transpose, concat, reshape,
cast, argmax/argmin) on random shapes (zero-size included) of a random dtype: every dtype Bridge has, so that those
TF 1.x's kernels do not take (the op's DTypes table, as its OpDef declares it) must be rejected. Inputs are fed
through placeholders, with fully known static shapes or with None dimensions (the run-time checks). A case passes when
Bridge and the model agree: the same dtype, shape and values (exact for exact ops, an explicit tolerance for TF's
float32 transcendental functions and for sums and products, whose addition order TF fixes), or both reject it, Bridge
with one of TF's errors (TypeError, ValueError at build time, InvalidArgumentError at run time) whose message names
the function and says what to do ("- help:").

Known differences owned by other work are listed in EXPECTED, each with the issue item it belongs to and a probe: a
concrete case that must still differ. ``check_expected`` fails loudly for an entry whose probe agrees (fixed: remove
the entry), so the table shrinks as the fixes land.

``python3 -m bridge fuzz --cases N [--seed S]`` runs N cases in worker processes (a crash kills only its worker and is
reported with the case that killed it) and prints the cases run, the differences, the expected ones and the crashes.
"""
from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys
import time
from typing import Any, Callable

import numpy as np

DTYPES = ("float32", "float64", "int32", "int64", "uint8", "int16", "int8", "bool")
FLOATS = ("float32", "float64")
INTS = ("int32", "int64", "uint8", "int16", "int8")
PLACEMENTS = ("by-size", "managed", "torch")


class Rejected(Exception):
    """The model's verdict that TF 1.x rejects the case (at build or run time)."""


@dataclasses.dataclass
class Case:
    op: str                      # the fuzzer's op name (a key of OPS)
    dtype: str
    inputs: list                 # numpy arrays
    params: dict
    static: bool = True          # placeholders with fully known shapes (else None dimensions)
    index: int = -1

    def describe(self) -> str:
        shapes = ", ".join(f"{a.dtype}{list(a.shape)}" for a in self.inputs)
        return f"case {self.index}: {self.op}({shapes}, {self.params}) static={self.static}"


@dataclasses.dataclass
class Outcome:
    kind: str                    # "value" or "error"
    value: Any = None
    error: str = ""


# ---- values ----

def _values(rng: np.random.Generator, dtype: str, shape, op: str) -> np.ndarray:
    n = int(np.prod(shape)) if shape else 1
    if dtype == "bool":
        return rng.random(n).reshape(shape) < 0.5
    if dtype in FLOATS:
        kind = rng.random()
        if kind < 0.5:
            v = rng.uniform(-10, 10, n)
        elif kind < 0.8:
            v = rng.integers(-5, 6, n).astype(np.float64)  # ties, exact halves, zeros
            v += rng.choice([0.0, 0.5], n)
        else:
            v = rng.standard_normal(n) * 10.0 ** rng.integers(-3, 4)
        if op in ("cast",):
            v = np.clip(v, -100, 100)
        return v.astype(dtype).reshape(shape)
    info = np.iinfo(dtype)
    if rng.random() < 0.2:  # the extremes: two's-complement wrap
        extreme = np.array([info.min, info.max, 0, 1, -1 if info.min < 0 else 2], dtype=object)
        v = np.array([int(x) for x in rng.choice(extreme, n)], dtype=dtype)
    else:
        lo, hi = max(info.min, -50), min(info.max, 50)
        v = rng.integers(lo, hi + 1, n).astype(dtype)
    return v.reshape(shape)


def _shape(rng: np.random.Generator, max_rank: int = 3, zero: float = 0.1) -> tuple:
    rank = int(rng.integers(0, max_rank + 1))
    return tuple(0 if rng.random() < zero else int(rng.integers(1, 5)) for _ in range(rank))


# ---- the NumPy model of TF 1.x ----

def _ftz(a: np.ndarray) -> np.ndarray:
    """TF's CPU kernels run with flush-to-zero and denormals-are-zero: float results below the normal range are 0."""
    a = np.array(a)
    if a.dtype.kind == "f":
        a[np.abs(a) < np.finfo(a.dtype).tiny] = 0
    return a


def _daz(a: np.ndarray) -> np.ndarray:
    return _ftz(a)


def _with_dtype(r, dtype) -> np.ndarray:
    return np.asarray(r).astype(dtype, copy=False)


def _broadcast(x, y):
    try:
        return np.broadcast_shapes(x.shape, y.shape)
    except ValueError:
        raise Rejected("incompatible shapes") from None


def _unary(f: Callable) -> Callable:
    def model(case):
        (x,) = case.inputs
        with np.errstate(all="ignore"):
            return _ftz(_with_dtype(f(_daz(x)), x.dtype))
    return model


def _binary(f: Callable, out: str | None = None) -> Callable:
    def model(case):
        x, y = case.inputs
        _broadcast(x, y)
        with np.errstate(all="ignore"):
            r = f(_daz(x), _daz(y))
        return _ftz(_with_dtype(r, out or x.dtype))
    return model


def _sigmoid(x):
    return (1.0 / (1.0 + np.exp(-x.astype(np.float64)))).astype(x.dtype)


def _axes(case, rank) -> list[int]:
    axis = case.params.get("axis")
    if axis is None:
        return list(range(rank))
    axes = axis if isinstance(axis, list) else [axis]
    out = []
    for a in axes:
        if not -rank <= a < max(rank, 1) or (rank == 0 and a not in (0, -1)):
            raise Rejected("axis out of range")
        out.append(a % rank if rank else 0)
    return out


def _reduce(kind: str) -> Callable:
    def model(case):
        (x,) = case.inputs
        rank = x.ndim
        axes = _axes(case, rank) if rank else []
        keep = case.params.get("keepdims", False)
        if rank == 0:
            return x.copy()
        ax = tuple(sorted(set(axes)))
        dt = x.dtype
        with np.errstate(all="ignore"):
            if kind == "sum":
                r = np.sum(x, axis=ax, keepdims=keep, dtype=dt)
            elif kind == "prod":
                r = np.prod(x, axis=ax, keepdims=keep, dtype=dt)
            elif kind in ("max", "min"):
                if x.size == 0:
                    # TF 1.x: the reducer's initial value, the dtype's lowest (max) or highest (min) value.
                    fill = (np.finfo(dt).min if kind == "max" else np.finfo(dt).max) if dt.kind == "f" else \
                        (np.iinfo(dt).min if kind == "max" else np.iinfo(dt).max)
                    shape = tuple(1 if i in ax else d for i, d in enumerate(x.shape)) if keep else \
                        tuple(d for i, d in enumerate(x.shape) if i not in ax)
                    r = np.full(shape, fill, dt)
                else:
                    r = (np.max if kind == "max" else np.min)(x, axis=ax, keepdims=keep)
            else:  # mean
                count = int(np.prod([x.shape[a] for a in ax])) if ax else 1
                if dt.kind == "f":
                    r = (np.sum(x, axis=ax, keepdims=keep, dtype=np.float64) / count).astype(dt) if count else \
                        np.full(np.sum(x, axis=ax, keepdims=keep).shape, np.nan, dt)
                else:
                    if count == 0:
                        raise Skip("integer mean over an empty axis (0/0 in TF's kernel)")
                    s = np.sum(x, axis=ax, keepdims=keep, dtype=dt)  # wraps in the dtype, as TF's accumulator
                    r = np.vectorize(lambda v: _trunc_div(int(v), count), otypes=[object])(s).astype(dt) if s.size else s
        return _ftz(np.asarray(r, dtype=dt))
    return model


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b > 0) else -q


class Skip(Exception):
    """A case whose TF 1.x behaviour is undefined (not generated again)."""


def _argminmax(kind: str) -> Callable:
    def model(case):
        (x,) = case.inputs
        axis = case.params["axis"]
        if x.ndim == 0 or not -x.ndim <= axis < x.ndim:
            raise Rejected("axis out of range")
        if x.shape[axis] == 0:
            raise Rejected("empty axis")
        r = (np.argmax if kind == "max" else np.argmin)(x, axis=axis)
        return np.asarray(r, dtype=np.int64)
    return model


def _matmul(case):
    a, b = case.inputs
    ta, tb = case.params["transpose_a"], case.params["transpose_b"]
    if a.ndim != 2 or b.ndim != 2:
        raise Rejected("rank")
    a2 = a.T if ta else a
    b2 = b.T if tb else b
    if a2.shape[1] != b2.shape[0]:
        raise Rejected("inner dimensions")
    if a.dtype.kind == "f":
        return _ftz((a2.astype(np.float64) @ b2.astype(np.float64)).astype(a.dtype))
    if a2.size and b2.size:
        return _wrap(a2.astype(object) @ b2.astype(object), a.dtype)
    return np.zeros((a2.shape[0], b2.shape[1]), a.dtype)


def _wrap(values: np.ndarray, dtype) -> np.ndarray:
    """Python ints wrapped to ``dtype`` as two's complement (TF's integer kernels)."""
    dt = np.dtype(dtype)
    bits = dt.itemsize * 8
    signed = dt.kind == "i"
    def one(v):
        v = int(v) % (1 << bits)
        return v - (1 << bits) if signed and v >= 1 << (bits - 1) else v
    return np.array([one(v) for v in values.ravel()], dtype=dt).reshape(values.shape)


def _transpose(case):
    (x,) = case.inputs
    perm = case.params["perm"]
    if sorted(perm) != list(range(x.ndim)):
        raise Rejected("perm is not a permutation of the dimensions")
    return np.transpose(x, perm).copy()


def _concat(case):
    xs = case.inputs
    axis = case.params["axis"]
    rank = xs[0].ndim
    if rank == 0 or not -rank <= axis < rank:
        raise Rejected("axis")
    a = axis % rank
    for x in xs[1:]:
        if x.ndim != rank or any(x.shape[i] != xs[0].shape[i] for i in range(rank) if i != a):
            raise Rejected("shapes")
    return np.concatenate(xs, axis=a)


def _reshape(case):
    (x,) = case.inputs
    target = case.params["shape"]
    if target.count(-1) > 1:
        raise Rejected("two -1")
    known = int(np.prod([d for d in target if d != -1]))
    if -1 in target:
        if known == 0 or x.size % known:
            raise Rejected("count")
        target = [x.size // known if d == -1 else d for d in target]
    elif known != x.size:
        raise Rejected("count")
    return x.reshape(target).copy()


def _cast(case):
    (x,) = case.inputs
    to = np.dtype(case.params["to"])
    if to == np.bool_:
        return x != 0
    if x.dtype.kind == "f" and to.kind in "iu":
        return np.trunc(x).astype(np.int64).astype(to)  # in range by construction: C++'s truncation, then wrap
    return _ftz(x.astype(to))


@dataclasses.dataclass
class OpSpec:
    name: str
    tf_name: str                 # the tf.* function
    op_type: str                 # Bridge's OpDef type (for its DTypes table)
    arity: int
    model: Callable
    domain: tuple = DTYPES       # the dtypes generated (the model defines TF 1.x's behaviour on them)
    tol: str = "exact"           # "exact", "ulp" (transcendental), "sum" (order-dependent sums), "matmul"


OPS: dict[str, OpSpec] = {s.name: s for s in [
    OpSpec("negative", "negative", "Neg", 1, _unary(np.negative), FLOATS + INTS),
    OpSpec("abs", "abs", "Abs", 1, _unary(np.abs), FLOATS + INTS),
    OpSpec("square", "square", "Square", 1, _unary(lambda x: x * x), FLOATS + INTS),
    OpSpec("sqrt", "sqrt", "Sqrt", 1, _unary(np.sqrt), FLOATS),
    OpSpec("exp", "exp", "Exp", 1, _unary(np.exp), FLOATS, "ulp"),
    OpSpec("log", "log", "Log", 1, _unary(np.log), FLOATS, "ulp"),
    OpSpec("tanh", "tanh", "Tanh", 1, _unary(np.tanh), FLOATS, "ulp"),
    OpSpec("sigmoid", "sigmoid", "Sigmoid", 1, _unary(_sigmoid), FLOATS, "ulp"),
    OpSpec("sign", "sign", "Sign", 1, _unary(np.sign), FLOATS + ("int32", "int64")),
    OpSpec("floor", "floor", "Floor", 1, _unary(np.floor), FLOATS),
    OpSpec("ceil", "ceil", "Ceil", 1, _unary(np.ceil), FLOATS),
    OpSpec("reciprocal", "reciprocal", "Reciprocal", 1, _unary(lambda x: 1 / x), FLOATS),
    OpSpec("add", "add", "Add", 2, _binary(np.add)),
    OpSpec("subtract", "subtract", "Sub", 2, _binary(np.subtract)),
    OpSpec("multiply", "multiply", "Mul", 2, _binary(np.multiply)),
    OpSpec("divide", "divide", "RealDiv", 2, _binary(np.divide), FLOATS),
    OpSpec("maximum", "maximum", "Maximum", 2, _binary(np.maximum)),
    OpSpec("minimum", "minimum", "Minimum", 2, _binary(np.minimum)),
    OpSpec("equal", "equal", "Equal", 2, _binary(np.equal, "bool")),
    OpSpec("not_equal", "not_equal", "NotEqual", 2, _binary(np.not_equal, "bool")),
    OpSpec("less", "less", "Less", 2, _binary(np.less, "bool")),
    OpSpec("less_equal", "less_equal", "LessEqual", 2, _binary(np.less_equal, "bool")),
    OpSpec("greater", "greater", "Greater", 2, _binary(np.greater, "bool")),
    OpSpec("greater_equal", "greater_equal", "GreaterEqual", 2, _binary(np.greater_equal, "bool")),
    OpSpec("reduce_sum", "reduce_sum", "Sum", 1, _reduce("sum"), tol="sum"),
    OpSpec("reduce_mean", "reduce_mean", "Mean", 1, _reduce("mean"), tol="sum"),
    OpSpec("reduce_prod", "reduce_prod", "Prod", 1, _reduce("prod"), tol="sum"),
    OpSpec("reduce_max", "reduce_max", "Max", 1, _reduce("max")),
    OpSpec("reduce_min", "reduce_min", "Min", 1, _reduce("min")),
    OpSpec("argmax", "argmax", "ArgMax", 1, _argminmax("max")),
    OpSpec("argmin", "argmin", "ArgMin", 1, _argminmax("min")),
    OpSpec("matmul", "matmul", "MatMul", 2, _matmul, tol="matmul"),
    OpSpec("transpose", "transpose", "Transpose", 1, _transpose),
    OpSpec("concat", "concat", "Concat", -1, _concat),
    OpSpec("reshape", "reshape", "Reshape", 1, _reshape),
    OpSpec("cast", "cast", "Cast", 1, _cast),
]}


# ---- case generation ----

def make_case(rng: np.random.Generator, index: int, op_names=None) -> Case:
    names = op_names or list(OPS)
    spec = OPS[names[int(rng.integers(len(names)))]]
    dtype = spec.domain[int(rng.integers(len(spec.domain)))]
    params: dict = {}
    if spec.name in ("matmul",):
        m, k, n = (int(rng.integers(0 if rng.random() < 0.1 else 1, 6)) for _ in range(3))
        ta, tb = bool(rng.random() < 0.3), bool(rng.random() < 0.3)
        k2 = k if rng.random() < 0.9 else k + 1
        sa = (k, m) if ta else (m, k)
        sb = (n, k2) if tb else (k2, n)
        inputs = [_values(rng, dtype, sa, spec.name), _values(rng, dtype, sb, spec.name)]
        params = {"transpose_a": ta, "transpose_b": tb}
    elif spec.arity == 2:
        s = _shape(rng)
        if rng.random() < 0.5:  # broadcast: drop leading dims and set some to 1
            t = list(s[int(rng.integers(0, len(s) + 1)):])
            t = [1 if rng.random() < 0.3 else d for d in t]
        else:
            t = list(s)
        if rng.random() < 0.05 and t:
            t[-1] += 1  # incompatible (unless it was 0 → 1, which broadcasts)
        if rng.random() < 0.5:
            s, t = tuple(t), s
        inputs = [_values(rng, dtype, tuple(s), spec.name), _values(rng, dtype, tuple(t), spec.name)]
    elif spec.name == "concat":
        s = list(_shape(rng)) or [int(rng.integers(1, 4))]
        axis = int(rng.integers(-len(s), len(s)))
        count = int(rng.integers(1, 4))
        inputs = []
        for _ in range(count):
            t = list(s)
            t[axis] = int(rng.integers(0, 4))
            if rng.random() < 0.05:
                t[(axis + 1) % len(t)] += 1 if len(t) > 1 else 0
            inputs.append(_values(rng, dtype, tuple(t), spec.name))
        params = {"axis": axis}
    else:
        s = _shape(rng)
        x = _values(rng, dtype, s, spec.name)
        inputs = [x]
        if spec.name.startswith("reduce_"):
            r = rng.random()
            if r < 0.3 or not s:
                params["axis"] = None
            elif r < 0.7:
                params["axis"] = int(rng.integers(-len(s), len(s)))
            else:
                k = int(rng.integers(1, len(s) + 1))
                params["axis"] = sorted(int(a) for a in rng.choice(len(s), k, replace=False))
            params["keepdims"] = bool(rng.random() < 0.3)
        elif spec.name in ("argmax", "argmin"):
            params["axis"] = int(rng.integers(-max(len(s), 1), max(len(s), 1))) if s else 0
        elif spec.name == "transpose":
            perm = [int(p) for p in rng.permutation(len(s))]
            if perm and rng.random() < 0.05:
                perm[0] = -1 if rng.random() < 0.5 else perm[-1]  # not a permutation (negative, or a repeat)
            params["perm"] = perm
        elif spec.name == "reshape":
            params["shape"] = _reshape_target(rng, x.size)
        elif spec.name == "cast":
            params["to"] = DTYPES[int(rng.integers(len(DTYPES)))]
            if dtype in FLOATS and params["to"] in ("uint8",):
                inputs = [np.abs(x)]
    return Case(spec.name, dtype, inputs, params, static=bool(rng.random() < 0.6), index=index)


def _reshape_target(rng, size: int) -> list[int]:
    dims = []
    rest = size
    for _ in range(int(rng.integers(0, 4))):
        divisors = [d for d in range(1, 7) if rest % d == 0] if rest else [0, 1, 2]
        d = divisors[int(rng.integers(len(divisors)))]
        dims.append(d)
        rest = rest // d if d else 0
    if rest != 1 or rng.random() < 0.5:
        dims.append(rest)
    dims = dims or [1] if size == 1 else dims
    if dims and rng.random() < 0.3:
        dims[int(rng.integers(len(dims)))] = -1
    if rng.random() < 0.05:
        dims.append(2)  # a wrong element count (usually)
    return dims


# ---- the model's and Bridge's outcomes ----

_TABLE: dict[str, set] | None = None


def dtype_table() -> dict[str, set]:
    """Each OpDef's dtypes (TF 1.x's CPU kernel registrations, as Bridge declares them)."""
    global _TABLE
    if _TABLE is None:
        from . import _convert  # noqa: F401  (loads Bridge)
        from Bridge.Interop import PythonInterop  # type: ignore
        _TABLE = {}
        for line in PythonInterop.OpDTypes():
            name, _, dts = str(line).partition(": ")
            _TABLE[name] = set(dts.split(",")) if dts else set()
    return _TABLE


def model(case: Case) -> Outcome:
    spec = OPS[case.op]
    allowed = dtype_table().get(spec.op_type)
    if allowed is not None and case.dtype not in allowed:
        return Outcome("error", error="dtype")
    if case.op == "cast" and case.params["to"] not in allowed:
        return Outcome("error", error="dtype")
    try:
        return Outcome("value", value=spec.model(case))
    except Rejected as e:
        return Outcome("error", error=str(e))


def build(tf, case: Case):
    spec = OPS[case.op]
    phs = []
    for a in case.inputs:
        shape = list(a.shape) if case.static else [None] * a.ndim
        phs.append(tf.placeholder(getattr(tf, case.dtype), shape))
    f = getattr(tf, spec.tf_name)
    p = case.params
    if spec.name.startswith("reduce_"):
        t = f(phs[0], axis=p["axis"], keep_dims=p["keepdims"])
    elif spec.name in ("argmax", "argmin"):
        t = f(phs[0], axis=p["axis"])
    elif spec.name == "matmul":
        t = f(phs[0], phs[1], transpose_a=p["transpose_a"], transpose_b=p["transpose_b"])
    elif spec.name == "transpose":
        t = f(phs[0], perm=p["perm"])
    elif spec.name == "concat":
        t = f(phs, axis=p["axis"])
    elif spec.name == "reshape":
        t = f(phs[0], p["shape"])
    elif spec.name == "cast":
        t = f(phs[0], getattr(tf, p["to"]))
    else:
        t = f(*phs)
    return phs, t


def bridge_outcomes(tf, interop, case: Case) -> dict[str, Outcome]:
    """Bridge's outcome under each placement (the graph is built once; an error when building is every placement's)."""
    from . import errors
    tf.reset_default_graph()
    try:
        phs, t = build(tf, case)
    except (errors.TypeError, errors.ValueError) as e:
        return {p: Outcome("error", error=f"{type(e).__name__}: {e}") for p in PLACEMENTS}
    except Exception as e:  # noqa: BLE001 - any other exception is a finding
        return {p: Outcome("error", error=f"UNCLEAR {type(e).__name__}: {e}") for p in PLACEMENTS}
    out = {}
    with tf.Session() as sess:
        for placement in PLACEMENTS:
            previous = interop.SetPlacement(placement)
            try:
                v = sess.run(t, dict(zip(phs, case.inputs)))
                out[placement] = Outcome("value", value=np.asarray(v))
            except (errors.InvalidArgumentError, errors.ValueError, errors.TypeError) as e:
                out[placement] = Outcome("error", error=f"{type(e).__name__}: {e}")
            except Exception as e:  # noqa: BLE001
                out[placement] = Outcome("error", error=f"UNCLEAR {type(e).__name__}: {e}")
            finally:
                interop.SetPlacement(previous)
    return out


def _close(spec: OpSpec, case: Case, want: np.ndarray, got: np.ndarray) -> bool:
    if got.dtype != want.dtype or got.shape != want.shape:
        return False
    if spec.tol == "exact" or want.dtype.kind not in "f":
        return np.array_equal(want, got, equal_nan=want.dtype.kind == "f")
    w, g = want.astype(np.float64), got.astype(np.float64)
    same = (w == g) | (np.isnan(w) & np.isnan(g))
    f32 = want.dtype == np.float32
    if spec.tol == "ulp":
        # TF's float32 exp/log/tanh/sigmoid are Eigen's polynomial approximations: within a few ulps of the exact value.
        rtol = 4e-6 if f32 else 1e-13
        scale = np.abs(w)
        atol = np.finfo(want.dtype).tiny
    else:
        # Sums and products in TF's order: bounded by the sum of magnitudes (products: relative).
        rtol = 2e-5 if f32 else 1e-12
        x = case.inputs[0].astype(np.float64)
        if spec.tol == "matmul":
            a, b = (np.abs(v.astype(np.float64)) for v in case.inputs)
            a = a.T if case.params["transpose_a"] else a
            b = b.T if case.params["transpose_b"] else b
            scale = a @ b
        elif case.op == "reduce_prod":
            scale = np.abs(w)
        else:
            scale = np.abs(_reduce("sum")(dataclasses.replace(case, inputs=[np.abs(x)]))).astype(np.float64)
            if case.op == "reduce_mean":
                scale = np.abs(w) + scale / max(1, x.size)
        atol = np.finfo(want.dtype).tiny
    with np.errstate(all="ignore"):
        ok = same | (np.abs(w - g) <= rtol * scale + atol)
    return bool(np.all(ok))


def _clear(message: str, fn: str) -> bool:
    return "- help:" in message and f"tf.{fn}" in message and not message.startswith("UNCLEAR")


@dataclasses.dataclass
class Finding:
    case: Case
    placement: str
    what: str
    expected: str | None = None  # the EXPECTED entry that explains it


def compare(case: Case, want: Outcome, got: dict[str, Outcome]) -> list[Finding]:
    spec = OPS[case.op]
    findings = []
    for placement, g in got.items():
        if want.kind == "error":
            if g.kind == "value":
                findings.append(Finding(case, placement, f"TF rejects ({want.error}); Bridge gives {_brief(g.value)}"))
            elif not _clear(g.error, spec.tf_name):
                findings.append(Finding(case, placement, f"unclear error: {g.error[:300]}"))
        elif g.kind == "error":
            findings.append(Finding(case, placement, f"Bridge rejects what TF computes ({_brief(want.value)}): {g.error[:300]}"))
        elif not _close(spec, case, want.value, g.value):
            findings.append(Finding(case, placement, f"differs: TF {_brief(want.value)}, Bridge {_brief(g.value)}"))
    for f in findings:
        f.expected = next((e.id for e in EXPECTED if e.matches(f)), None)
    return findings


def _brief(a: np.ndarray) -> str:
    a = np.asarray(a)
    body = np.array2string(a.ravel()[:8], threshold=8, max_line_width=200)
    return f"{a.dtype}{list(a.shape)} {body}{' ...' if a.size > 8 else ''}"


def run_case(tf, interop, case: Case) -> list[Finding]:
    try:
        want = model(case)
    except Skip:
        return []
    return compare(case, want, bridge_outcomes(tf, interop, case))


# ---- the expected differences (owned by the issue 15 fixes of the other helper; each is still checked) ----

def _arr(v, dt):
    return np.array(v, dtype=dt)


@dataclasses.dataclass
class Expected:
    id: str
    item: str                                   # the issue item it belongs to
    matches: Callable[[Finding], bool]          # which random findings it explains
    probe: Case                                 # a concrete case that must still differ

    def still_differs(self, tf, interop) -> bool:
        return bool(run_case(tf, interop, dataclasses.replace(self.probe)))


def _is(*ops, dtypes=None, placements=None, what=None):
    def m(f: Finding) -> bool:
        return (f.case.op in ops and (dtypes is None or f.case.dtype in dtypes)
                and (placements is None or f.placement in placements) and (what is None or what in f.what))
    return m


_ARITHMETIC = ("negative", "abs", "square", "add", "subtract", "multiply", "reduce_sum", "reduce_mean", "reduce_prod",
               "matmul")


def _int_overflow(f: Finding) -> bool:
    """Whether an integer case's exact result (Python ints) leaves the dtype's range, or passes 2^53 (float64's exact
    integers) on the way: then TF's two's-complement wrap decides the value, which issue 15 says Bridge misses."""
    case = f.case
    if case.dtype not in INTS or case.op not in _ARITHMETIC or not f.what.startswith("differs"):
        return False
    info = np.iinfo(case.dtype)
    xs = [a.astype(object) for a in case.inputs]
    big = 2 ** 53
    if any(a.size and max(abs(int(v)) for v in a.ravel()) > big for a in xs):
        return True
    spec_unary = {"negative": lambda x: -x, "abs": lambda x: abs(x), "square": lambda x: x * x}
    if case.op in spec_unary:
        r = spec_unary[case.op](xs[0])
    elif case.op in ("add", "subtract", "multiply"):
        r = {"add": np.add, "subtract": np.subtract, "multiply": np.multiply}[case.op](xs[0], xs[1])
    elif case.op == "matmul":
        a = xs[0].T if case.params["transpose_a"] else xs[0]
        b = xs[1].T if case.params["transpose_b"] else xs[1]
        r = a @ b if a.size and b.size else np.zeros(0, object)
        if r.size and max(abs(int(v)) for v in (abs(a) @ abs(b)).ravel()) > big:
            return True
    else:
        x = xs[0]
        ax = tuple(range(x.ndim)) if case.params.get("axis") is None else tuple(
            a % x.ndim for a in (case.params["axis"] if isinstance(case.params["axis"], list) else [case.params["axis"]]))
        if x.ndim == 0:
            return False
        r = np.prod(x, axis=ax) if case.op == "reduce_prod" else np.sum(x, axis=ax)
        if case.op != "reduce_prod" and x.size and int(np.max(np.sum(abs(x), axis=ax))) > big:
            return True
    r = np.asarray(r, dtype=object).ravel()
    return any(int(v) < info.min or int(v) > info.max or abs(int(v)) > big for v in r)


EXPECTED: list[Expected] = [
    # Known differences, each with the issue item it belongs to and a probe that must still differ (a fixed entry
    # fails test_every_expected_difference_still_differs and is removed). Empty since issue 15's integer wrap,
    # empty reductions (TF 1.0's identities: -3.4028235e+38 for a float32 max, TF issues #3510 and #4131), libtorch's
    # empty-axis argmax and negative transpose permutations were fixed.
]


def check_expected(tf, interop) -> list[str]:
    """The EXPECTED entries whose probe no longer differs (fixed: remove them from the table)."""
    return [f"{e.id} ({e.item}): its probe {e.probe.describe()} now agrees with TF 1.x; remove the entry"
            for e in EXPECTED if not e.still_differs(tf, interop)]


# ---- running ----

def run(cases: int, seed: int, start: int = 0, out=None, op_names=None) -> dict:
    """Runs cases start..start+cases-1 of seed ``seed``; returns counts and the findings. Writes "case I" before each
    case (flushed) to ``out`` when given, so that a parent can name the case that killed a worker."""
    from bridge import tf
    from Bridge.Interop import PythonInterop  # type: ignore
    findings: list[Finding] = []
    run_count = 0
    for i in range(start, start + cases):
        rng = np.random.default_rng([seed, i])
        case = make_case(rng, i, op_names)
        if out is not None:
            out.write(f"case {i}\n")
            out.flush()
        findings.extend(run_case(tf, PythonInterop, case))
        run_count += 1
    return {"cases": run_count, "findings": findings}


def _worker(argv) -> int:
    seed, start, count = (int(v) for v in argv)
    r = run(count, seed, start, out=sys.stdout)
    for f in r["findings"]:
        sys.stdout.write(f"finding\t{f.expected or '-'}\t{f.placement}\t{f.case.describe()}\t{f.what}\n")
    sys.stdout.write(f"done {r['cases']}\n")
    return 0


def main(argv) -> int:
    """``python3 -m bridge fuzz [--cases N] [--seed S] [--batch B]``: the long run, in worker processes."""
    cases, seed, batch = 1000, 15, 2000
    i = 0
    while i < len(argv):
        if argv[i] in ("--cases", "--seed", "--batch") and i + 1 < len(argv):
            v = int(argv[i + 1])
            if argv[i] == "--cases":
                cases = v
            elif argv[i] == "--seed":
                seed = v
            else:
                batch = v
            i += 2
        elif argv[i] == "--worker":
            return _worker(argv[i + 1:i + 4])
        else:
            sys.stderr.write("usage: python3 -m bridge fuzz [--cases N] [--seed S] [--batch B]\n")
            return 2
    t0 = time.time()
    done, crashes, findings = 0, [], []
    start = 0
    while start < cases:
        count = min(batch, cases - start)
        p = subprocess.run([sys.executable, "-m", "bridge.fuzz", "--worker", str(seed), str(start), str(count)],
                           capture_output=True, text=True, env=os.environ)
        last = None
        finished = False
        for line in p.stdout.splitlines():
            if line.startswith("case "):
                last = int(line.split()[1])
            elif line.startswith("finding\t"):
                findings.append(line.split("\t")[1:])
            elif line.startswith("done "):
                done += int(line.split()[1])
                finished = True
        if not finished:
            crashed = last if last is not None else start
            rng = np.random.default_rng([seed, crashed])
            crashes.append(f"{make_case(rng, crashed).describe()}: worker exit code {p.returncode}: {p.stderr.strip()[-500:]}")
            done += crashed - start + 1
            start = crashed + 1
            continue
        start += count
    unexplained = [f for f in findings if f[0] == "-"]
    print(f"bridge fuzz: seed {seed}, {done} cases x {len(PLACEMENTS)} placements in {time.time() - t0:.0f} s")
    print(f"  differences: {len(findings)} ({len(findings) - len(unexplained)} expected, {len(unexplained)} unexplained)")
    print(f"  crashes: {len(crashes)}")
    by = {}
    for f in findings:
        by.setdefault(f[0], []).append(f)
    for key, fs in sorted(by.items()):
        print(f"  [{key}] {len(fs)}")
        for f in fs[:5]:
            print(f"    {f[1]}: {f[2]}: {f[3][:400]}")
    for c in crashes:
        print(f"  CRASH {c}")
    return 1 if unexplained or crashes else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
