"""``python3 -m bridge.course COURSE_DIR [LAB...]``: the course's own files, unmodified, through ``python3 -m bridge
run``, each compared number for number with what its C# script in ``scripts/`` prints.

COURSE_DIR is a copy of hunkim/DeepLearningZeroToAll (its ``lab-*.py``, ``lab-01-basics.ipynb`` and the CSV files
they read). Each file runs in a fresh process from a temporary folder holding a copy of the course's CSV files, so
relative paths resolve as they did for the course. The C# scripts are what ``bridge check`` compares with the
records (tests/data/originals, and scripts/versions/ for records printed by earlier versions of a file), so an
agreement here carries the records over to the unmodified Python files. Numbers agree when they are within one unit
of the last digit the C# script prints: the Python run prints with this machine's numpy (numpy >= 1.14 style),
while scripts of 2017 records print in numpy 1.13's style, with other digits for the same float32 values.
Exit code 1 when a file fails or a number differs; files the folder lacks are listed as absent.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import compare
from ._runtime import REPO, build_dir

# The course files of labs 01 to 06, in the course's order; each has a C# script of the same name in scripts/.
LABS = [
    "lab-01-basics.ipynb",
    "lab-02-1-linear_regression.py",
    "lab-02-2-linear_regression_feed.py",
    "lab-02-3-linear_regression_tensorflow.org.py",
    "lab-03-1-minimizing_cost_show_graph.py",
    "lab-03-2-minimizing_cost_gradient_update.py",
    "lab-03-3-minimizing_cost_tf_optimizer.py",
    "lab-03-X-minimizing_cost_tf_gradient.py",
    "lab-04-1-multi_variable_linear_regression.py",
    "lab-04-2-multi_variable_matmul_linear_regression.py",
    "lab-04-3-file_input_linear_regression.py",
    "lab-04-4-tf_reader_linear_regression.py",
    "lab-05-1-logistic_regression.py",
    "lab-05-2-logistic_regression_diabetes.py",
    "lab-06-1-softmax_classifier.py",
    "lab-06-2-softmax_zoo_classifier.py",
]


def _run(cmd: list, cwd: Path, env: dict) -> tuple[int, str, str]:
    p = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env, timeout=1800)
    return p.returncode, p.stdout, p.stderr


def run_python(course: Path, lab: str, work: Path) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO / "python") + os.pathsep + os.environ.get("PYTHONPATH", ""),
               MPLBACKEND=os.environ.get("MPLBACKEND", "Agg"))
    return _run([sys.executable, "-m", "bridge", "run", str(course / lab)], work, env)


def run_csharp(lab: str, work: Path) -> tuple[int, str, str]:
    script = REPO / "scripts" / (Path(lab).stem + ".csx")
    cli = build_dir() / "Bridge.Cli.dll"
    # Lab 03-1 writes its picture into the folder given as its argument; the others take none that matter here.
    args = [str(work)] if "03-1" in lab else []
    return _run(["dotnet", str(cli), "run", str(script), *args], work, dict(os.environ))


def course(course_dir: Path, only: list[str], out=print) -> int:
    failed = False
    rows = []
    with tempfile.TemporaryDirectory(prefix="bridge-course-") as tmp:
        work = Path(tmp)
        for csv in course_dir.glob("*.csv"):
            shutil.copy(csv, work / csv.name)
        for lab in LABS:
            if only and not any(lab.startswith(p) for p in only):
                continue
            if not (course_dir / lab).exists():
                rows.append((lab, "absent", "", ""))
                continue
            t0 = time.perf_counter()
            code, py_out, py_err = run_python(course_dir, lab, work)
            seconds = time.perf_counter() - t0
            if code != 0:
                failed = True
                rows.append((lab, f"FAILED (exit {code})", "", f"{seconds:.1f}"))
                out(f"{lab}: {py_err.strip().splitlines()[-1] if py_err.strip() else 'no message'}")
                continue
            code, cs_out, cs_err = run_csharp(lab, work)
            if code != 0:
                failed = True
                rows.append((lab, f"C# script FAILED (exit {code})", "", f"{seconds:.1f}"))
                out(f"{lab} (C#): {cs_err.strip()[-500:]}")
                continue
            r = compare.compare_numbers(compare.numbers(py_out), compare.numbers(cs_out), lab, ulps=0)
            ok = r.all_match or (r.compared == 0 and py_out.strip() == cs_out.strip())
            failed |= not ok
            rows.append((lab, "agree" if ok else f"DIFFER ({r.compared - r.matched})", r.compared, f"{seconds:.1f}"))
            if not ok:
                out(f"{lab}: first difference: {r.mismatches[0]}")
    header = ("course file", "python vs C# script", "numbers compared", "seconds")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    out(fmt.format(*header))
    out("-+-".join("-" * w for w in widths))
    for row in rows:
        out(fmt.format(*row))
    out("verdict: FAIL" if failed else "verdict: PASS - every present file runs unmodified and prints its C# script's numbers")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    course_dir = Path(argv[0])
    if not course_dir.is_dir():
        print(f"bridge.course: {course_dir} is not a folder. - help: pass a copy of hunkim/DeepLearningZeroToAll.", file=sys.stderr)
        return 2
    return course(course_dir, argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
