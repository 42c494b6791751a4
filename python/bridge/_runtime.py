"""Finds Bridge's build output and loads it into this process (through pythonnet's PyPI package where installed,
else the built-in hostfxr loader)."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .errors import BridgeLoadError

def _repository() -> Path:
    """The repository whose build this package uses: the checkout it sits in (python/bridge), else, for a copy installed
    by ``pip install ./python``, the one its build recorded (``_source.py``, written by setup.py)."""
    here = Path(__file__).resolve().parents[2]
    if (here / "Bridge.sln").exists():
        return here
    try:
        from ._source import REPOSITORY
    except ImportError:
        return here
    return Path(REPOSITORY)


REPO = _repository()
BUILD_COMMAND = "dotnet build src/Bridge.Cli"
# The CLI's output folder already holds Bridge.dll, TorchSharp, its natives and (for us) Python.Runtime.dll:
# reusing it avoids a further project copying libtorch's 500 MB of natives.
_CANDIDATES = ("artifacts/bin/Bridge.Cli/debug", "artifacts/bin/Bridge.Cli/release")
_REQUIRED = ("Bridge.dll", "Python.Runtime.dll", "Bridge.Cli.runtimeconfig.json")

loader_used: str | None = None


def dotnet_root() -> Path:
    """The .NET installation: DOTNET_ROOT, else the folder of the ``dotnet`` executable on PATH (links resolved)."""
    env = os.environ.get("DOTNET_ROOT")
    if env:
        return Path(env)
    exe = shutil.which("dotnet")
    if exe is None:
        for guess in ("/usr/share/dotnet", "/usr/lib/dotnet", str(Path.home() / ".dotnet")):
            if Path(guess, "host", "fxr").is_dir():
                return Path(guess)
        raise BridgeLoadError("no `dotnet` found on PATH (nor DOTNET_ROOT set). - help: install the .NET 10 SDK "
                              "(https://dot.net), or set DOTNET_ROOT to the folder that holds the dotnet executable.")
    return Path(exe).resolve().parent


def build_dir() -> Path:
    """Bridge's build output: BRIDGE_DOTNET_DIR, else the newest of the CLI's debug and release output folders."""
    env = os.environ.get("BRIDGE_DOTNET_DIR")
    if env:
        d = Path(env)
        missing = [f for f in _REQUIRED if not (d / f).exists()]
        if missing:
            raise BridgeLoadError(f"BRIDGE_DOTNET_DIR={env} lacks {', '.join(missing)}. - help: point it at Bridge.Cli's "
                                  f"output folder (e.g. {REPO / _CANDIDATES[0]}), or unset it after `{BUILD_COMMAND}`.")
        return d
    built = [REPO / c for c in _CANDIDATES if all((REPO / c / f).exists() for f in _REQUIRED)]
    if not built:
        raise BridgeLoadError(f"Bridge is not built: {REPO / _CANDIDATES[0]} lacks {', '.join(_REQUIRED)}. - help: run "
                              f"`{BUILD_COMMAND}` in {REPO} (or `dotnet build`), or set BRIDGE_DOTNET_DIR to a folder holding them.")
    return max(built, key=lambda d: (d / "Bridge.dll").stat().st_mtime)


def _pythonnet_available() -> bool:
    try:
        import pythonnet  # noqa: F401
    except ImportError:
        return False
    return True


_build: Path | None = None
_natives_loaded = False


def ensure_natives() -> None:
    """Starts Bridge's engine once, before the first session runs (not at import: loading libtorch takes about 0.5 s).

    Hosted here .NET has no deps.json, so it would not find TorchSharp's native library in the build folder: the
    library's own native fix (src/Bridge/Engine/Torch/TorchNativeFix.cs, which also makes it load on Debian 12) loads
    it from there as the engine starts.
    """
    global _natives_loaded
    if not _natives_loaded and _build is not None:
        from Bridge.Interop import PythonInterop  # type: ignore
        try:
            PythonInterop.StartEngine()
        except Exception as e:  # Bridge's RuntimeError, with its help
            message = getattr(e, "Message", None) or str(e)
            raise BridgeLoadError(f"{message} (build folder: {_build}; rebuild with `{BUILD_COMMAND}`)") from None
        _natives_loaded = True


def _soften_pythonnet_exit(pythonnet) -> None:
    """pythonnet's exit hook runs a full shutdown of its runtime, which took 3.5 s of every script's exit here (and
    more on a busy machine: an interrupted lab seemed to hang). Bridge holds no Python object that needs it, so exit
    as the built-in loader does: pythonnet's soft shutdown. Uses pythonnet 3's loader assembly; left as it is if absent."""
    assembly = getattr(pythonnet, "_LOADER_ASSEMBLY", None)
    unload = getattr(pythonnet, "unload", None)
    if assembly is None or unload is None or os.environ.get("BRIDGE_PYTHONNET_FULL_SHUTDOWN") == "1":
        return
    import atexit
    atexit.unregister(unload)
    soft = assembly.get_function("Python.Runtime.Loader.Shutdown")
    atexit.register(lambda: soft(b""))


def load(loader: str | None = None):
    """Starts .NET, loads Bridge.dll and returns its ``Bridge`` namespace.

    ``loader`` (or the BRIDGE_LOADER environment variable) picks ``pythonnet`` or ``builtin``; by default pythonnet's
    package is used where it is importable.
    """
    global loader_used
    if "clr" in sys.modules and loader_used:
        import Bridge  # type: ignore
        return Bridge
    d = build_dir()
    config = d / "Bridge.Cli.runtimeconfig.json"
    choice = loader or os.environ.get("BRIDGE_LOADER") or ("pythonnet" if _pythonnet_available() else "builtin")
    if choice not in ("pythonnet", "builtin"):
        raise BridgeLoadError(f"BRIDGE_LOADER={choice!r} is not a loader. - help: use 'pythonnet' or 'builtin'.")
    # The host first, whichever loader runs: pythonnet's own error for a missing host names no cause.
    from . import _hostfxr
    root = dotnet_root()
    _hostfxr.find_hostfxr(root)
    if choice == "pythonnet":
        import pythonnet
        try:
            pythonnet.load("coreclr", runtime_config=str(config), dotnet_root=str(root))
        except Exception as e:  # clr_loader raises RuntimeError with hostfxr's code
            raise BridgeLoadError(f"the .NET runtime could not start through pythonnet ({e}). - help: install the .NET 10 runtime.") from e
        _soften_pythonnet_exit(pythonnet)
    else:
        _hostfxr.load(root, config, d / "Python.Runtime.dll")
    global _build
    _build = d
    import clr  # type: ignore  (made by pythonnet's runtime)
    clr.AddReference(str(d / "Bridge.dll"))
    loader_used = choice
    import Bridge  # type: ignore
    return Bridge
