"""``python3 -m bridge``: runs original TF 1.x scripts and notebooks, unmodified, on Bridge (see ``_run``)."""
from __future__ import annotations

import sys

USAGE = """\
Usage: python3 -m bridge <command> [options]

Commands:
  run FILE.py [--] [ARGS...]  Run an original TF 1.x script, unmodified, on Bridge: in it,
                              `import tensorflow as tf` is Bridge's tf (as `from bridge import
                              tf`), and `from tensorflow.examples.tutorials.mnist import
                              input_data` Bridge's MNIST loader. The script runs as `python3
                              FILE.py ARGS...` would run it (__main__, sys.argv = [FILE, ARGS...],
                              its folder on sys.path); one `--` after FILE is dropped.
  run NOTEBOOK.ipynb          Run a Jupyter notebook's code cells in order, printing each cell's
                              last expression as IPython displays it (none after a trailing `;`).
                              IPython lines (%magic, !shell) are skipped with a note on stderr.

  kernel install [--user | --prefix DIR | --dir DIR]
                              Install the Jupyter kernel "bridge" (Python 3 with Bridge as
                              `tensorflow`), so Jupyter runs original TF 1.x notebooks on
                              Bridge; Jupyter starts it as `python3 -m bridge kernel -f FILE`.

  fuzz [--cases N] [--seed S] [--batch B]
                              The differential fuzzer (issue 15): N random op cases (default 1000)
                              under each placement against a NumPy model of TF 1.x, in worker
                              processes of B cases; prints cases run, differences (expected ones
                              by their entry in bridge.fuzz.EXPECTED, and unexplained), crashes.
                              Exit code 1 if any difference is unexplained or a worker crashed.

Options:
  -h, --help                  Show this help.

Exit codes: 0 done; 1 the script raised (its traceback is printed); 2 a usage error; a
SystemExit's own code.
"""

_USAGE_ERROR = 2


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        sys.stdout.write(USAGE)
        return 0
    command, rest = argv[0], argv[1:]
    if command == "kernel":
        from . import kernel
        return kernel.main(rest)
    if command == "fuzz":
        from . import fuzz
        return fuzz.main(rest)
    if command != "run":
        return _fail(f"bridge: unknown command {command!r}. - help: the commands are `run` (python3 -m bridge run FILE.py "
                     "[ARGS...] or NOTEBOOK.ipynb) and `kernel install`.")
    if rest and rest[0] in ("-h", "--help"):
        sys.stdout.write(USAGE)
        return 0
    if not rest or rest[0].startswith("-"):
        what = "no file given" if not rest else f"{rest[0]!r} is an option, not a file"
        return _fail(f"bridge run: {what}. - help: python3 -m bridge run FILE.py [ARGS...], or python3 -m bridge run "
                     "NOTEBOOK.ipynb.")
    path, args = rest[0], rest[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    from . import _run
    try:
        return _run.run_file(path, args)
    except _run.UsageError as e:
        return _fail(str(e))


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    print("Run `python3 -m bridge --help` for the usage.", file=sys.stderr)
    return _USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
