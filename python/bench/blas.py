"""Which BLAS a bench baseline really runs on, read from the libraries mapped into this process.

Debian's numpy and PyTorch call `libblas.so.3`, an alternatives link: the reference BLAS (netlib, about 15x slower
on large products) unless `libopenblas0-pthread` is installed. A comparison against the reference BLAS flatters
Bridge, so every baseline prints `blas_kind ...` and `bridge bench` says so beside any ratio it quotes.
"""
import os

_KEYS = ("blas", "mkl", "omp", "libtorch_cpu")


def mapped_blas():
    """The BLAS and OpenMP libraries mapped into this process, symlinks shown with their targets."""
    libs = []
    with open("/proc/self/maps") as f:
        for line in f:
            parts = line.split()
            path = parts[-1] if len(parts) >= 6 else ""
            name = os.path.basename(path)
            if path.startswith("/") and any(k in name for k in _KEYS):
                shown = f"{name} -> {os.path.realpath(path)}" if os.path.islink(path) else path
                if shown not in libs:
                    libs.append(shown)
    return ", ".join(libs) or "none mapped"


def _mapped_paths():
    with open("/proc/self/maps") as f:
        return sorted({os.path.realpath(p[-1]) for p in (line.split() for line in f) if len(p) >= 6 and p[-1].startswith("/")})


def classify(paths, torch_config=""):
    """'mkl', 'openblas', 'reference' (netlib's libblas) or 'unknown' for a process that has these (symlink-resolved)
    libraries mapped; for PyTorch also its build configuration, whose BLAS_INFO=mkl means MKL is linked in."""
    if "BLAS_INFO=mkl" in torch_config or any("libmkl" in os.path.basename(p) for p in paths):
        return "mkl"
    if any("openblas" in p for p in paths):
        return "openblas"
    if any(os.path.basename(p).startswith("libblas.so") for p in paths):
        return "reference"
    return "unknown"


def blas_kind(torch_config=""):
    """The kind of BLAS this process runs on (see classify)."""
    return classify(_mapped_paths(), torch_config)


def report(torch_config=""):
    """The two lines a baseline prints last: `blas LIBS` and `blas_kind KIND`."""
    print("blas", mapped_blas())
    print("blas_kind", blas_kind(torch_config))
