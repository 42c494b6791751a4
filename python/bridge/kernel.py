"""A Jupyter kernel for original TF 1.x notebooks on Bridge: IPython's kernel with ``import tensorflow`` giving Bridge.

``python3 -m bridge kernel install [--user | --prefix DIR | --dir DIR]`` writes the kernelspec "bridge" ("Python 3
(Bridge, TF 1.x)"); Jupyter then starts ``python3 -m bridge kernel -f CONNECTION_FILE``, which installs the same
module aliases as ``python3 -m bridge run`` (``_aliases``) and runs Debian's ipykernel. Cells run as in any Python
kernel, and their values show as IPython shows them (numpy's repr for the arrays ``eval()`` returns).
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

NAME = "bridge"
DISPLAY_NAME = "Python 3 (Bridge, TF 1.x)"
PYTHON_DIR = Path(__file__).resolve().parents[1]  # the folder holding the bridge package


def spec() -> dict:
    """The kernel.json: this interpreter, this copy of the package (PYTHONPATH), IPython's connection file."""
    path = os.environ.get("PYTHONPATH")
    return {
        "argv": [sys.executable, "-m", "bridge", "kernel", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "python",
        "env": {"PYTHONPATH": str(PYTHON_DIR) + (os.pathsep + path if path else "")},
        "metadata": {"debugger": False},
    }


def install(target: Path) -> Path:
    """Writes ``target/NAME/kernel.json`` (target is a ``kernels`` folder); returns the kernel's folder."""
    folder = target / NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(spec(), indent=1) + "\n")
    return folder


def kernels_dir(args: list[str]) -> Path:
    """Where ``install`` writes: --dir DIR (a kernels folder), --prefix DIR (DIR/share/jupyter/kernels), or --user
    (the default: Jupyter's user data folder, ~/.local/share/jupyter/kernels, or $JUPYTER_DATA_DIR/kernels)."""
    if args[:1] == ["--dir"] and len(args) == 2:
        return Path(args[1])
    if args[:1] == ["--prefix"] and len(args) == 2:
        return Path(args[1]) / "share" / "jupyter" / "kernels"
    if args in ([], ["--user"]):
        data = os.environ.get("JUPYTER_DATA_DIR") or str(Path.home() / ".local" / "share" / "jupyter")
        return Path(data) / "kernels"
    raise ValueError(f"python3 -m bridge kernel install: unexpected arguments {' '.join(args)!r}. - help: "
                     "python3 -m bridge kernel install [--user | --prefix DIR | --dir DIR]")


def main(args: list[str]) -> int:
    """``kernel install [...]`` writes the kernelspec; ``kernel -f FILE`` (as Jupyter starts it) runs the kernel."""
    if args[:1] == ["install"]:
        try:
            folder = install(kernels_dir(args[1:]))
        except ValueError as e:
            print(e, file=sys.stderr)
            return 2
        print(f"Installed the Jupyter kernel {NAME!r} ({DISPLAY_NAME}) in {folder}")
        return 0
    try:
        from ipykernel import kernelapp
    except ImportError:
        print("python3 -m bridge kernel: ipykernel is missing. - help: sudo apt-get install python3-ipykernel",
              file=sys.stderr)
        return 1
    from . import _aliases
    _aliases.install()
    kernelapp.launch_new_instance(argv=args)
    return 0
