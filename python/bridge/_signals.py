"""Ctrl-C during one long ``sess.run``: the .NET executor calls Python's signal handlers between ops.

pythonnet releases the GIL around .NET calls and Python runs its signal handlers only between bytecodes, so by itself
a SIGINT would wait for the run to return. ``enable`` gives Bridge (src/Bridge/Interop/PythonSignals.cs) the addresses
of the few C API functions it needs, taken from ``ctypes.pythonapi`` (the running interpreter, whatever its library
file): during a run made from the main thread, about every 20 ms between ops and before the run's first write, .NET
takes the GIL and calls ``PyErr_CheckSignals``. If the handler raises (the default one raises KeyboardInterrupt), the
run stops having written no variable, and ``pending`` hands the handler's exception back for ``call`` to raise.
Where the functions cannot be found, nothing is enabled and a SIGINT is raised when the run returns.
"""
from __future__ import annotations

import ctypes
import threading

from Bridge.Interop import PythonSignals as _PythonSignals  # type: ignore

_FUNCTIONS = ("PyGILState_Ensure", "PyGILState_Release", "PyErr_CheckSignals", "PyErr_Fetch",
              "PyErr_NormalizeException", "PyException_SetTraceback", "Py_DecRef")
_decref = None
enabled = False


def enable() -> bool:
    """Enables interruptible runs if called from the main thread (where Python runs signal handlers); idempotent."""
    global enabled, _decref
    if enabled or threading.current_thread() is not threading.main_thread():
        return enabled
    try:
        api = ctypes.pythonapi
        addresses = [ctypes.cast(getattr(api, name), ctypes.c_void_p).value or 0 for name in _FUNCTIONS]
        # Our own prototype: setting argtypes on ctypes.pythonapi.Py_DecRef would change it for everyone.
        _decref = ctypes.PYFUNCTYPE(None, ctypes.c_void_p)(("Py_DecRef", api))
    except (AttributeError, OSError):
        return False
    enabled = bool(_PythonSignals.Enable(*addresses))
    return enabled


def pending():
    """The exception a signal handler raised during the run .NET just stopped, or None."""
    address = _PythonSignals.TakePendingException()
    if not address:
        return None
    exc = ctypes.cast(address, ctypes.py_object).value  # a new reference
    _decref(address)  # the one .NET held
    return exc
