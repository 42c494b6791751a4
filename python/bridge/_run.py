"""``python3 -m bridge run``: an original TF 1.x script or notebook, unmodified, on Bridge.

A script runs as ``python3 FILE.py`` would run it: as ``__main__`` (``__file__`` its absolute path), ``sys.argv`` =
[FILE, args...], its folder first on ``sys.path``, with ``import tensorflow`` giving Bridge (``_aliases``). A notebook's
code cells run in order in one ``__main__`` namespace, each cell's last expression displayed as IPython displays it.
An exception ends the run with the script's (or cell's) traceback, without the runner's frames, and exit code 1;
``SystemExit`` passes through.
"""
from __future__ import annotations

import ast
import io
import json
import linecache
import os
import pprint
import sys
import tokenize
import traceback
import types

from . import _aliases


class UsageError(Exception):
    """A command-line mistake (missing or unsuitable file): printed with its help line, exit code 2."""


def run_file(path: str, args: list[str]) -> int:
    """Runs ``path`` (.py or .ipynb) with ``args``; returns the exit code (SystemExit raised by the script propagates)."""
    if not os.path.exists(path):
        raise UsageError(f"bridge run: {path}: no such file. - help: give the path of a .py script or .ipynb notebook, "
                         "relative to the current directory or absolute.")
    if os.path.isdir(path):
        raise UsageError(f"bridge run: {path} is a directory. - help: give the path of a .py script or .ipynb notebook.")
    ext = os.path.splitext(path)[1].lower()
    if ext == ".py":
        with open(path, "rb") as f:
            source = f.read()
        cells = None
    elif ext == ".ipynb":
        cells = notebook_cells(path)
    else:
        raise UsageError(f"bridge run: {path} is neither a Python script (.py) nor a notebook (.ipynb). - help: "
                         "`python3 -m bridge run FILE.py [ARGS...]` or `python3 -m bridge run NOTEBOOK.ipynb`; C# "
                         "scripts (.csx) run with `dotnet run --project src/Bridge.Cli -- run FILE.csx`.")
    full = os.path.abspath(path)
    _aliases.install()
    module = _main_module(full if cells is None else None)
    sys.argv[:] = [path, *args]
    _set_path0(os.path.dirname(full))
    sys.modules["__main__"] = module
    if cells is None:
        return _run_script(source, full, module)
    return _run_notebook(cells, path, module)


def _main_module(file: str | None) -> types.ModuleType:
    m = types.ModuleType("__main__")
    m.__dict__.update(__builtins__=__builtins__ if isinstance(__builtins__, dict) else __builtins__.__dict__,
                      __spec__=None, __package__=None, __loader__=None)
    if file is not None:
        m.__file__ = file
        m.__cached__ = None
    return m


def _set_path0(folder: str) -> None:
    """The script's folder first on sys.path, in place of the current directory ``-m`` put there (as ``python3 FILE``)."""
    if sys.path and not sys.flags.safe_path and sys.path[0] in ("", os.getcwd()):
        sys.path[0] = folder
    else:
        sys.path.insert(0, folder)


def _run_script(source: bytes, filename: str, module) -> int:
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except SyntaxError as e:
        return _report(e, None)
    try:
        exec(code, module.__dict__)
    except SystemExit:
        raise
    except BaseException as e:  # noqa: B902  (KeyboardInterrupt too: reported as Python would)
        return _report(e, {filename})
    return 0


# --- notebooks ----------------------------------------------------------------------------------------------------

def notebook_cells(path: str) -> list[str]:
    """The sources of the notebook's code cells, in order (nbformat 4, or 3's worksheets)."""
    try:
        with open(path, encoding="utf-8") as f:
            nb = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise UsageError(f"bridge run: {path} is not a notebook: its JSON does not parse ({e}). - help: give a Jupyter "
                         "notebook (.ipynb) as saved by Jupyter.") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if cells is None and isinstance(nb, dict) and isinstance(nb.get("worksheets"), list):  # nbformat 3
        cells = [c for w in nb["worksheets"] for c in w.get("cells", [])]
    if not isinstance(cells, list):
        raise UsageError(f"bridge run: {path} is not a notebook: it has no list of cells. - help: give a Jupyter "
                         "notebook (.ipynb) as saved by Jupyter.")
    out = []
    for c in cells:
        if isinstance(c, dict) and c.get("cell_type") == "code":
            src = c.get("source", c.get("input", ""))
            out.append("".join(src) if isinstance(src, list) else str(src))
    return out


def _strip_magics(source: str, cell: int) -> str | None:
    """The cell without its IPython lines (``%magic``, ``!shell``), each noted on stderr; None for a cell magic
    (``%%time`` ...), whose whole cell is skipped. Skipped lines become ``pass`` at their indentation, so that line
    numbers and blocks stay as they were."""
    lines = source.splitlines(keepends=True)
    first = next((ln.strip() for ln in lines if ln.strip()), "")
    if first.startswith("%%"):
        print(f"bridge run: cell {cell}: skipped, it is an IPython cell magic ({first.split()[0]})", file=sys.stderr)
        return None
    for i, ln in enumerate(lines):
        s = ln.lstrip()
        if s.startswith(("%", "!")):
            print(f"bridge run: cell {cell}, line {i + 1}: skipped IPython line: {s.rstrip()}", file=sys.stderr)
            lines[i] = ln[:len(ln) - len(s)] + "pass\n"
    return "".join(lines)


def _quiet(source: str) -> bool:
    """IPython's rule: a cell whose last token (comments aside) is ``;`` displays nothing."""
    last = None
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
                                tokenize.ENDMARKER):
                last = tok
    except (tokenize.TokenError, SyntaxError):
        return False
    return last is not None and last.type == tokenize.OP and last.string == ";"


def _display(value, namespace) -> None:
    """What IPython's display hook prints for a cell's value: nothing for None, else its pretty repr."""
    if value is None:
        return
    namespace["_"] = value
    sys.stdout.write(pprint.pformat(value, sort_dicts=False) + "\n")
    sys.stdout.flush()


def _run_notebook(cells: list[str], path: str, module) -> int:
    ns = module.__dict__
    name = os.path.basename(path)
    for n, raw in enumerate(cells, 1):
        source = _strip_magics(raw, n)
        if source is None or not source.strip():
            continue
        filename = f"<{name} cell {n}>"
        # The cell's lines for tracebacks (mtime None: linecache.checkcache keeps the entry).
        linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
        try:
            tree = ast.parse(source, filename)
            last = None
            if tree.body and isinstance(tree.body[-1], ast.Expr) and not _quiet(source):
                last = ast.Expression(tree.body.pop().value)
            exec(compile(tree, filename, "exec", dont_inherit=True), ns)
            if last is not None:
                _display(eval(compile(last, filename, "eval", dont_inherit=True), ns), ns)
        except SystemExit:
            raise
        except BaseException as e:  # noqa: B902
            sys.stdout.flush()
            print(f"bridge run: {path}: cell {n} failed; the cells after it were not run.", file=sys.stderr)
            return _report(e, {filename})
        sys.stdout.flush()
    return 0


# --- errors -------------------------------------------------------------------------------------------------------

def _report(e: BaseException, files: set[str] | None) -> int:
    """Prints ``e`` as Python prints an uncaught exception, its traceback from the first frame in ``files`` (the
    runner's frames left out); returns the exit code Python would give (1; 130 for KeyboardInterrupt)."""
    tb = e.__traceback__
    if files is None:
        tb = None
    else:
        while tb is not None and tb.tb_frame.f_code.co_filename not in files:
            tb = tb.tb_next
    sys.stdout.flush()
    e = e.with_traceback(tb)  # the default hook prints e.__traceback__, whatever its third argument
    if sys.excepthook is sys.__excepthook__:
        traceback.print_exception(type(e), e, tb)  # the same text, with the lines of notebook cells (from linecache)
    else:
        sys.excepthook(type(e), e, tb)
    sys.stderr.flush()
    return 130 if isinstance(e, KeyboardInterrupt) else 1
