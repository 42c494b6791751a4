"""``pip install ./python``: a wheel of the package, installed into a fresh virtual environment, finds Bridge's .NET
build in the repository it was built from and runs a graph, outside the repository."""
import subprocess
import sys
import venv
from pathlib import Path

PY = Path(__file__).resolve().parents[1]
REPO = PY.parent


def _run(args, **kw):
    r = subprocess.run(args, capture_output=True, text=True, timeout=600, **kw)
    assert r.returncode == 0, f"{' '.join(map(str, args))}\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    return r


def test_pip_install_of_python_finds_the_repositorys_build(tmp_path):
    # Offline, as here (PyPI unreachable): the build backend is Debian's setuptools, numpy Debian's (system site).
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w",
          str(tmp_path / "dist"), str(PY)])
    (wheel,) = (tmp_path / "dist").glob("bridge-*.whl")
    env_dir = tmp_path / "env"
    venv.create(env_dir, system_site_packages=True)  # no pip of its own: the system pip installs into it
    python = env_dir / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)])
    out = tmp_path / "elsewhere"
    out.mkdir()
    code = ("import bridge, bridge._runtime as r\nfrom bridge import tf\n"
            "with tf.Session() as s: print(s.run(tf.reduce_sum([1., 2., 3.])))\n"
            "print(bridge.__file__.startswith(r'%s'), r.REPO)" % env_dir)
    r = _run([python, "-c", code], cwd=out, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    total, where = r.stdout.split("\n")[:2]
    assert total == "6.0"
    assert where == f"True {REPO}"  # the installed copy, using this repository's .NET build
    # The command line works from the installed copy too.
    script = out / "lab.py"
    script.write_text("import tensorflow as tf\nprint(tf.Session().run(tf.constant(2) * 3))\n")
    r = _run([python, "-m", "bridge", "run", str(script)], cwd=out, env={"PATH": "/usr/bin:/bin", "HOME": str(Path.home())})
    assert r.stdout == "6\n"
