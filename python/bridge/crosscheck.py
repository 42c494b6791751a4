"""``python3 -m bridge.crosscheck``: each lab through Bridge, the NumPy float32 reference and (where importable) real
TensorFlow, compared with the original printed outputs (tests/data/originals) by ``bridge check``'s rule.

Lab 08's originals are the notebook's recorded values (../shared/golden/lab08.json), compared item by item with the
dtype each item prints (lab08.py). The lab-09 family has no original output here: Bridge is compared with the NumPy
reference only. Lab 07-1 runs at the three recorded learning rates; the script's ``learning_rate=0.1`` is replaced in
its text for the other two. Exit code 1 when Bridge disagrees with an original (or, without one, with the NumPy
reference) beyond the printed digits.
"""
from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

from . import compare, lab08, reference_numpy
from ._runtime import REPO

LABS_DIR = Path(__file__).resolve().parents[1] / "labs"
ORIGINALS = REPO / "tests" / "data" / "originals"
_071 = "lab-07-1-learning_rate_and_evaluation"
RUNS = [  # (run name, script, learning-rate replacement, float32 ulps of tolerance)
    (f"{_071}-lr0.1", _071, None, 1),
    (f"{_071}-lr1.5", _071, "1.5", 1),
    (f"{_071}-lr1e-10", _071, "1e-10", 1),
    ("lab-07-2-linear_regression_without_min_max", None, None, 1),
    # A 2019 record made by a TF build whose matmul rounds differently (see src/Bridge.Cli/Check/LabRun.cs): 2 ulps.
    ("lab-07-3-linear_regression_min_max", None, None, 2),
    (lab08.SCRIPT, None, None, 1),
    ("lab-09-1-xor", None, None, 1),
    ("lab-09-2-xor-nn", None, None, 1),
    ("lab-09-x-xor-nn-back_prop", None, None, 1),
]


# Against the NumPy reference (no original): 10001 float32 steps whose gradients add in another order drift by a few
# ulps (and lab 09-1's weights decay toward 1e-7, where ulps shrink): 16 float32 ulps of each array's largest value or
# 1e-6 absolute, still below the 6 significant digits the 2017 labs printed.
REFERENCE_ULPS = 16
REFERENCE_FLOOR = 1e-6


def run_bridge(script: str, learning_rate: str | None = None) -> str:
    """The lab script's output, run by this interpreter in a fresh process (each lab builds its own default graph)."""
    source = (LABS_DIR / f"{script}.py").read_text()
    if learning_rate is not None:
        source = source.replace("learning_rate=0.1", f"learning_rate={learning_rate}")
    env = dict(os.environ, PYTHONPATH=str(LABS_DIR.parent) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    p = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True, env=env, cwd=LABS_DIR)
    if p.returncode != 0:
        raise RuntimeError(f"{script} failed:\n{p.stderr[-2000:]}")
    return p.stdout


def run_numpy(name: str) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        reference_numpy.LABS[name](print)
    return buf.getvalue()


def tensorflow_available() -> bool:
    try:
        import tensorflow  # noqa: F401
    except Exception:
        return False
    return True


def run_tensorflow(script: str, learning_rate: str | None) -> str:
    """The lab under real TensorFlow 1.x semantics (tf.compat.v1), its import line swapped back."""
    source = (LABS_DIR / f"{script}.py").read_text().replace(
        "from bridge import tf", "import tensorflow.compat.v1 as tf\ntf.disable_v2_behavior()")
    if learning_rate is not None:
        source = source.replace("learning_rate=0.1", f"learning_rate={learning_rate}")
    p = subprocess.run([sys.executable, "-c", source], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr[-2000:])
    return p.stdout


def _against_original(name: str, ulps: int):
    """(label, comparison of a printed output with the original) for lab ``name``, or None if it has no original."""
    if name == lab08.SCRIPT:
        if not lab08.GOLDEN.exists():
            return None
        items = lab08.expected()
        return "original", lambda text: lab08.compare_output(text, items)
    original_file = ORIGINALS / f"{name}.txt"
    if not original_file.exists():
        return None
    original = original_file.read_text()
    return "original", lambda text: compare.compare_output(text, original, ulps)


def crosscheck(out=print, runs=None) -> int:
    """Runs everything (or the ``runs``, rows of RUNS), prints the table and returns the exit code."""
    rows, failed = [], False
    have_tf = tensorflow_available()
    for name, script, lr, ulps in RUNS if runs is None else runs:
        script = script or name
        original = _against_original(name, ulps)
        t0 = time.perf_counter()
        ours = run_bridge(script, lr)
        t_bridge = time.perf_counter() - t0
        ref = run_numpy(name)
        engines = [("bridge", ours, t_bridge), ("numpy", ref, None)]
        if have_tf:
            engines.append(("tensorflow", run_tensorflow(script, lr), None))
        for engine, text, _ in engines:
            if original is not None:
                against, compare_with_original = original
                r = compare_with_original(text)
            elif engine == "bridge":
                if name == lab08.SCRIPT:  # one value per cell, no steps: every number in order
                    r = compare.compare_numbers(compare.numbers(text), compare.numbers(ref), name, REFERENCE_ULPS, REFERENCE_FLOOR)
                else:
                    r = compare.compare_output(text, ref, REFERENCE_ULPS, REFERENCE_FLOOR)
                against = "numpy (16 ulps/1e-6)"
            else:
                continue
            ok = r.all_match
            if engine == "bridge" and not ok:
                failed = True
            differ = r.compared - r.matched + len(r.dtype_mismatches)
            verdict = "agree" if ok else f"DIFFER ({differ})" + ("" if engine == "bridge" else " - reference only")
            rows.append((name, engine, against, r.compared, r.largest, verdict, (r.mismatches + r.dtype_mismatches)[:1]))
    header = ("lab", "engine", "against", "numbers compared", "largest difference", "verdict")
    widths = [max(len(str(x)) for x in col) for col in zip(header, *[(r[0], r[1], r[2], r[3], f"{r[4]:.3g}", r[5]) for r in rows])]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    out(fmt.format(*header))
    out("-+-".join("-" * w for w in widths))
    for r in rows:
        out(fmt.format(r[0], r[1], r[2], r[3], f"{r[4]:.3g}", r[5]))
    out("")
    for r in rows:
        if r[6] and not r[5].startswith("agree"):
            out(f"{r[0]} {r[1]}: first difference: {r[6][0]}")
    if not have_tf:
        out("tensorflow: skipped - not importable here (pip install tensorflow to add it; it runs the labs with tf.compat.v1).")
    if lab08.GOLDEN.exists():
        out(f"{lab08.SCRIPT}: the original is the notebook's recorded values (../shared/golden/lab08.json), item by "
            "item (1 ulp); a DIFFER count includes printed dtypes that differ.")
    else:
        out(f"{lab08.SCRIPT}: no original - {lab08.GOLDEN} (../shared beside the repository) is absent, so Bridge is "
            "compared with the NumPy reference only.")
    out("lab-09 family: no original output in this repository, so Bridge is compared with the NumPy reference only.")
    out("numpy rows are informational: the reference's gradient arithmetic is analytic, not TF's exact graph order.")
    out("verdict: FAIL - Bridge disagrees with a reference beyond the printed digits (see DIFFER rows)" if failed
        else "verdict: PASS - Bridge agrees with every original (and with NumPy where there is none) to the printed digits")
    return 1 if failed else 0


def main() -> int:
    return crosscheck()


if __name__ == "__main__":
    sys.exit(main())
