"""The bench baselines say which BLAS they ran on (python/bench/blas.py), so no ratio is quoted against Debian's
reference BLAS without saying so."""
import os
import subprocess
import sys

BENCH = os.path.join(os.path.dirname(__file__), "..", "bench")
sys.path.insert(0, BENCH)
from blas import classify  # noqa: E402


def test_reference_blas_is_named_reference():
    assert classify(["/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0", "/usr/lib/libc.so.6"]) == "reference"


def test_openblas_through_the_alternatives_link():
    paths = ["/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3",
             "/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblasp-r0.3.21.so"]
    assert classify(paths) == "openblas"


def test_mkl_from_torch_config_or_mapped_library():
    assert classify(["/usr/lib/libc.so.6"], "BLAS_INFO=mkl, LAPACK_INFO=mkl") == "mkl"
    assert classify(["/opt/intel/lib/libmkl_rt.so.2"]) == "mkl"


def test_nothing_mapped_is_unknown():
    assert classify(["/usr/lib/libc.so.6"]) == "unknown"


def test_numpy_process_reports_the_blas_it_mapped():
    code = ("import numpy as np, sys; sys.path.insert(0, %r); from blas import report, blas_kind; "
            "a = np.ones((64, 64), np.float32); a @ a; report()") % BENCH
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.splitlines()
    kind = [l.split(" ", 1)[1] for l in out if l.startswith("blas_kind ")]
    libs = [l for l in out if l.startswith("blas ")]
    assert len(kind) == 1 and len(libs) == 1
    real = os.path.realpath("/usr/lib/x86_64-linux-gnu/libblas.so.3")
    if os.path.exists(real):  # Debian: numpy links libblas.so.3, whichever alternative it points to
        assert kind[0] == ("openblas" if "openblas" in real else "reference"), (real, out)
