"""A minimal loader of .NET into this process, over the .NET hosting API (hostfxr), for machines without the
``pythonnet`` PyPI package.

It does what ``pythonnet.load("coreclr")`` does: start the runtime from a runtimeconfig.json, load pythonnet's
``Python.Runtime.dll`` and call its ``Loader.Initialize``, which makes ``import clr`` work.
"""
from __future__ import annotations

import atexit
import ctypes
import os
import sys
from pathlib import Path

from .errors import BridgeLoadError

_HOSTFXR_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER = 5
_ENTRY = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int)  # pythonnet's ComponentEntryPoint
_state: dict = {}


def _version_key(name: str) -> tuple:
    return tuple(int(p) if p.isdigit() else -1 for p in name.split("-")[0].split("."))


def find_hostfxr(dotnet_root: Path) -> Path:
    """The libhostfxr of the highest version under ``dotnet_root/host/fxr``."""
    fxr = dotnet_root / "host" / "fxr"
    lib = "hostfxr.dll" if sys.platform == "win32" else ("libhostfxr.dylib" if sys.platform == "darwin" else "libhostfxr.so")
    versions = sorted((p for p in fxr.glob("*") if (p / lib).exists()), key=lambda p: _version_key(p.name)) if fxr.is_dir() else []
    if not versions:
        raise BridgeLoadError(f"no .NET host (host/fxr/*/{lib}) under {dotnet_root}. - help: install the .NET 10 runtime "
                              "or SDK, or set DOTNET_ROOT to the folder that holds the dotnet executable.")
    return versions[-1] / lib


def _encode(s: str):
    # hostfxr takes char_t*: UTF-8 on Unix, UTF-16 on Windows.
    return ctypes.c_wchar_p(s) if sys.platform == "win32" else ctypes.c_char_p(s.encode("utf-8"))


def load(dotnet_root: Path, runtime_config: Path, python_runtime_dll: Path) -> None:
    """Starts .NET (once per process) and initialises pythonnet's runtime on the running interpreter."""
    if _state:
        return
    hostfxr = ctypes.CDLL(str(find_hostfxr(dotnet_root)))
    char_p = ctypes.c_wchar_p if sys.platform == "win32" else ctypes.c_char_p
    hostfxr.hostfxr_initialize_for_runtime_config.argtypes = [char_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_void_p)]
    hostfxr.hostfxr_initialize_for_runtime_config.restype = ctypes.c_int32
    hostfxr.hostfxr_get_runtime_delegate.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.POINTER(ctypes.c_void_p)]
    hostfxr.hostfxr_get_runtime_delegate.restype = ctypes.c_int32
    hostfxr.hostfxr_close.argtypes = [ctypes.c_void_p]

    handle = ctypes.c_void_p()
    rc = hostfxr.hostfxr_initialize_for_runtime_config(_encode(str(runtime_config)).value, None, ctypes.byref(handle))
    if rc not in (0, 1, 2) or not handle.value:  # Success, Success_HostAlreadyInitialized, Success_DifferentRuntimeProperties
        raise BridgeLoadError(f"the .NET runtime could not start (hostfxr_initialize_for_runtime_config returned "
                              f"0x{rc & 0xFFFFFFFF:08x} for {runtime_config}). - help: install the .NET runtime that file "
                              "names (Microsoft.NETCore.App 10.x), e.g. with the .NET 10 SDK; 0x80008096 means it is missing.")
    fp = ctypes.c_void_p()
    rc = hostfxr.hostfxr_get_runtime_delegate(handle, _HOSTFXR_LOAD_ASSEMBLY_AND_GET_FUNCTION_POINTER, ctypes.byref(fp))
    if rc != 0:
        hostfxr.hostfxr_close(handle)
        raise BridgeLoadError(f"the .NET runtime started but gave no loader (hostfxr_get_runtime_delegate returned 0x{rc & 0xFFFFFFFF:08x}).")
    load_fn = ctypes.CFUNCTYPE(ctypes.c_int, char_p, char_p, char_p, ctypes.c_void_p, ctypes.c_void_p,
                               ctypes.POINTER(ctypes.c_void_p))(fp.value)

    def entry(method: str) -> _ENTRY:
        ep = ctypes.c_void_p()
        rc = load_fn(_encode(str(python_runtime_dll)).value, _encode("Python.Runtime.Loader, Python.Runtime").value,
                     _encode(method).value, None, None, ctypes.byref(ep))
        if rc != 0:
            raise BridgeLoadError(f"could not load Python.Runtime.Loader.{method} from {python_runtime_dll} (0x{rc & 0xFFFFFFFF:08x}). "
                                  "- help: rebuild Bridge (dotnet build src/Bridge.Cli) so that pythonnet's Python.Runtime.dll is beside Bridge.dll.")
        return _ENTRY(ep.value)

    initialize, shutdown = entry("Initialize"), entry("Shutdown")
    # An empty argument makes pythonnet use the symbols of the interpreter already running (no libpython path needed).
    if initialize(ctypes.c_char_p(b""), 0) != 0:
        raise BridgeLoadError("pythonnet's runtime failed to initialise on this interpreter.")
    _state.update(hostfxr=hostfxr, handle=handle, shutdown=shutdown, keep=(load_fn, initialize))
    atexit.register(_shutdown)


def _shutdown() -> None:
    """Stops pythonnet's runtime before the interpreter goes away (the recipe of pythonnet's own loader)."""
    shutdown = _state.pop("shutdown", None)
    if shutdown is not None and os.environ.get("BRIDGE_SKIP_SHUTDOWN") != "1":
        shutdown(ctypes.c_char_p(b""), 0)
