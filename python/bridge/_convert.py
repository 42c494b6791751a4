"""numpy <-> Bridge NDArray, one memory copy each way and no per-element Python loop."""
from __future__ import annotations

import numpy as np

from . import _runtime
from .errors import TypeError as BridgeTypeError

_Bridge = _runtime.load()
from Bridge.Interop import PythonInterop as _Interop  # type: ignore  # noqa: E402

DTYPE_NAMES = tuple(_Interop.DTypeNames)  # the dtype codes shared with C#: the index is the code
DTYPES = tuple(np.dtype(n) for n in DTYPE_NAMES)
CODE = {d: i for i, d in enumerate(DTYPES)}
_INT32 = np.iinfo(np.int32)
# Bound once: looking a static method up on a .NET class through pythonnet costs about 2 us per call.
_FROM_BUFFER = _Interop.FromBuffer


def _check_copy(a: np.ndarray, dtype, what) -> None:
    """Bridge's memory limit (ResourceExhaustedError naming the shape and bytes) before numpy makes a converted or
    contiguous copy of ``a``: a broadcast view (np.broadcast_to) of a few bytes can stand for terabytes."""
    target = a.dtype if dtype is None else np.dtype(dtype)
    if target not in CODE:
        return  # refused below with its own message
    if a.dtype == target and a.flags.c_contiguous and a.flags.aligned:
        return  # no copy
    try:
        _Interop.CheckAllocation(what, [int(d) for d in a.shape], target.name)
    except Exception as e:  # noqa: BLE001 - Bridge's ResourceExhaustedError, as the Python class of that name
        from .errors import translate
        t = translate(e)
        if t is e:
            raise
        raise t from None


def contiguous(value, dtype=None, what="value") -> np.ndarray:
    """``value`` as a C-contiguous numpy array of a dtype Bridge has (converted, or refused with a clear message)."""
    if isinstance(value, np.ndarray):
        _check_copy(value, dtype, what)
    try:
        a = np.asarray(value, dtype=dtype)
    except (ValueError, TypeError) as e:
        raise BridgeTypeError(f"{what}: cannot convert {type(value).__name__} to a numpy array ({e}). - help: pass numbers, "
                              "rectangular lists of numbers, or numpy arrays.") from None
    if a.dtype not in CODE:
        raise BridgeTypeError(f"{what}: numpy arrays of dtype {a.dtype} cannot cross into Bridge. - help: convert with "
                              f"arr.astype(np.float32) (Bridge has {', '.join(DTYPE_NAMES)}).")
    if not a.flags.c_contiguous or not a.flags.aligned:
        a = np.ascontiguousarray(a)  # one copy, so that C# can read the buffer as is
    return a


def python_value(value, dtype=None) -> np.ndarray:
    """A Python number or (nested) list as TF 1.x converts it: floats become float32 and ints int32 (int64 when they do
    not fit), unless ``dtype`` (the other operand's) is given; numpy arrays keep their dtype."""
    if isinstance(value, (np.ndarray, np.generic)):
        return contiguous(value, dtype)
    if dtype is not None:
        if np.dtype(dtype).kind in "iub" and (bad := _float_leaf(value)) is not None:
            # TF 1.x's _AssertCompatible: a float never converts to an integer (or bool) dtype, not even 2.0.
            raise BridgeTypeError(f"Expected {np.dtype(dtype).name}, got {bad!r} of type '{type(bad).__name__}' instead. "
                                  "- help: write the number as an int (2, not 2.0), or tf.cast the tensor to a float dtype.")
        return contiguous(value, dtype)
    a = np.asarray(value)
    if a.dtype == np.float64:
        a = a.astype(np.float32)
    elif a.dtype == np.int64 and (a.size == 0 or (a.min() >= _INT32.min and a.max() <= _INT32.max)):
        a = a.astype(np.int32)
    return contiguous(a)


def _float_leaf(value):
    """The first float in a Python number or (nested) list, as TF 1.x's _FilterInt finds it; None if there is none."""
    if isinstance(value, (list, tuple)):
        for v in value:
            bad = _float_leaf(v)
            if bad is not None:
                return bad
        return None
    return value if isinstance(value, (float, np.floating)) else None


def to_net(array: np.ndarray):
    """A Bridge NDArray holding a copy of ``array`` (already contiguous, see ``contiguous``)."""
    return _FROM_BUFFER(array.ctypes.data, list(array.shape), array.dtype.name)


_UNPIN = _Interop.Unpin


class _Pinned:
    """The owner of a numpy array over a pinned .NET array (a fetched result no variable, constant or queue shares): numpy
    reads and writes the .NET memory in place, and the pin is freed when the last view of the array is collected."""

    __slots__ = ("__array_interface__", "_handle")

    def __init__(self, address: int, handle: int, shape: tuple, dtype: np.dtype):
        self.__array_interface__ = {"data": (address, False), "shape": shape, "typestr": dtype.str, "version": 3}
        self._handle = handle

    def __del__(self):
        handle, self._handle = self._handle, 0
        if handle:
            try:
                _UNPIN(handle)
            except Exception:  # noqa: BLE001 - the runtime is already gone at interpreter exit
                pass


def pinned(address_and_handle, shape: tuple, dtype: np.dtype) -> np.ndarray:
    """The numpy array over the .NET storage ``PreparedRun.Pin`` pinned (``[address, handle]``), without a copy."""
    address, handle = int(address_and_handle[0]), int(address_and_handle[1])
    return np.asarray(_Pinned(address, handle, shape, dtype))


def from_net(nd) -> np.ndarray:
    """A numpy array (a numpy scalar for rank 0, as TF returns) holding a copy of Bridge NDArray ``nd``."""
    out = np.empty(tuple(_Interop.ShapeOf(nd)), dtype=np.dtype(_Interop.DTypeOf(nd)))
    if out.size:
        _Interop.CopyTo(nd, out.ctypes.data)
    return out[()] if out.ndim == 0 else out
