"""TF 1.x dtypes (``tf.float32`` ...) on the Python side, each tied to numpy's and to Bridge's TF_DataType."""
from __future__ import annotations

import numpy as np

from . import _runtime
from .errors import TypeError as BridgeTypeError

_runtime.load()
from Bridge import TF_DataType as _TF  # type: ignore  # noqa: E402


class DType:
    """A TF dtype: ``name`` (``float32``), ``as_numpy_dtype`` and the .NET enum value Bridge takes."""

    __slots__ = ("name", "as_numpy_dtype", "_net")

    def __init__(self, name: str, net, numpy_type=None):
        self.name = name
        self.as_numpy_dtype = numpy_type or np.dtype(name).type
        self._net = net

    @property
    def is_floating(self) -> bool:
        return np.dtype(self.as_numpy_dtype).kind == "f"

    @property
    def is_integer(self) -> bool:
        return np.dtype(self.as_numpy_dtype).kind in "iu"

    @property
    def base_dtype(self) -> "DType":
        return self

    def __repr__(self) -> str:
        return f"tf.{self.name}"


float32 = DType("float32", _TF.TF_FLOAT)
float64 = DType("float64", _TF.TF_DOUBLE)
int32 = DType("int32", _TF.TF_INT32)
int64 = DType("int64", _TF.TF_INT64)
int16 = DType("int16", _TF.TF_INT16)
int8 = DType("int8", _TF.TF_INT8)
uint8 = DType("uint8", _TF.TF_UINT8)
bool_ = DType("bool", _TF.TF_BOOL)
string = DType("string", _TF.TF_STRING, np.object_)  # summaries; fetched as bytes (TF's numpy type is object)

_ALL = (float32, float64, int32, int64, int16, int8, uint8, bool_, string)
_BY_NAME = {d.name: d for d in _ALL}
_BY_NAME.update({"float": float32, "double": float64, "int": int32})
# Keyed by the .NET enum values themselves: they hash and compare as their .NET values do, and int() of one costs
# about 4 us through pythonnet (paid by every op's result otherwise).
_BY_NET = {d._net: d for d in _ALL}


def as_dtype(value) -> DType:
    """A DType from a DType, a name (``"float"``), a numpy dtype or type, or a .NET TF_DataType."""
    if isinstance(value, DType):
        return value
    if isinstance(value, str) and value in _BY_NAME:
        return _BY_NAME[value]
    if isinstance(value, _TF):
        return _BY_NET[value]
    try:
        return _BY_NAME[np.dtype(value).name]
    except (TypeError, KeyError):
        raise BridgeTypeError(f"{value!r} is not a dtype Bridge has. - help: use tf.float32, tf.float64, tf.int32, "
                              "tf.int64, tf.bool, tf.uint8, tf.int16 or tf.int8.") from None


def from_net(net) -> DType:
    """The DType of a .NET TF_DataType."""
    return _BY_NET[net]
