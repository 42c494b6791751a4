"""Import, loaders, numpy conversion both ways, errors and Session.run structure."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bridge import tf, errors

PY = Path(__file__).resolve().parents[1]


def _python(code, **env):
    e = dict(os.environ, PYTHONPATH=os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep), **env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=120)


def test_builtin_loader_runs_a_graph():
    p = _python("from bridge import tf, _runtime\nwith tf.Session() as s: print(s.run(tf.reduce_mean([[1., 2.], [3., 4.]], axis=0)), _runtime.loader_used)",
                BRIDGE_LOADER="builtin")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "[2. 3.] builtin"


# pythonnet's PyPI package is not installable here (PyPI is unreachable), so these tests put a stand-in on the path: a
# module `pythonnet` with its load() signature, which records the call and starts .NET as pythonnet.load("coreclr")
# does (through Bridge's own hostfxr loader). They check Bridge's side of the contract: that it picks pythonnet when
# importable, what it passes, and that a missing .NET host is named before pythonnet is asked.
_STAND_IN = """
import json, os
from pathlib import Path
def load(runtime, **kwargs):
    Path(os.environ["PYTHONNET_CALLS"]).write_text(json.dumps([runtime, kwargs]))
    from bridge import _hostfxr, _runtime
    config = Path(kwargs["runtime_config"])
    _hostfxr.load(Path(kwargs["dotnet_root"]), config, config.parent / "Python.Runtime.dll")
"""


def _with_stand_in(tmp_path, code, **env):
    (tmp_path / "pythonnet").mkdir()
    (tmp_path / "pythonnet" / "__init__.py").write_text(_STAND_IN)
    e = dict(os.environ, PYTHONPATH=f"{PY}{os.pathsep}{tmp_path}", PYTHONNET_CALLS=str(tmp_path / "calls.json"), **env)
    e.pop("BRIDGE_LOADER", None)  # the default choice is under test
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=e, timeout=120)


def test_pythonnet_is_the_default_loader_where_importable(tmp_path):
    p = _with_stand_in(tmp_path, "from bridge import tf, _runtime\nwith tf.Session() as s: print(s.run(tf.add(1, 2)), _runtime.loader_used)")
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "3 pythonnet"
    import json
    runtime, kwargs = json.loads((tmp_path / "calls.json").read_text())
    assert runtime == "coreclr" and kwargs["runtime_config"].endswith("Bridge.Cli.runtimeconfig.json")
    assert Path(kwargs["dotnet_root"], "host", "fxr").is_dir()


def test_no_dotnet_is_a_clear_error_with_pythonnet_too(tmp_path):
    p = _with_stand_in(tmp_path, "import bridge", PATH=str(tmp_path), DOTNET_ROOT=str(tmp_path))
    assert p.returncode != 0
    assert "no .NET host" in p.stderr and "install the .NET 10" in p.stderr
    assert not (tmp_path / "calls.json").exists()  # pythonnet was not asked


def test_an_unknown_loader_is_named(tmp_path):
    p = _python("import bridge", BRIDGE_LOADER="mono")
    assert p.returncode != 0 and "BRIDGE_LOADER='mono' is not a loader" in p.stderr


def test_not_built_names_the_build_command(tmp_path):
    p = _python("import bridge", BRIDGE_DOTNET_DIR=str(tmp_path))
    assert p.returncode != 0
    assert "BridgeLoadError" in p.stderr and "dotnet build src/Bridge.Cli" in p.stderr


def test_no_dotnet_is_a_clear_error(tmp_path):
    p = _python("import bridge", PATH=str(tmp_path), DOTNET_ROOT=str(tmp_path))
    assert p.returncode != 0
    assert "no .NET host" in p.stderr and "install the .NET 10" in p.stderr


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "int64", "bool", "uint8", "int16", "int8"])
@pytest.mark.parametrize("shape", [(), (5,), (2, 3), (2, 1, 4)])
def test_round_trip_dtypes_and_shapes(dtype, shape):
    a = (np.arange(int(np.prod(shape))) % 3).astype(dtype).reshape(shape)
    with tf.Session() as s:
        x = tf.placeholder(dtype, list(shape))
        r = s.run(x, {x: a})
    assert np.asarray(r).dtype == np.dtype(dtype) and np.shape(r) == shape
    np.testing.assert_array_equal(r, a)


def test_non_contiguous_and_wrong_dtype_are_converted():
    a = np.arange(24, dtype=np.float64).reshape(4, 6)[:, ::2]  # strided, float64
    with tf.Session() as s:
        x = tf.placeholder(tf.float32, [None, 3])
        r = s.run(x * 1, {x: a})
    assert r.dtype == np.float32
    np.testing.assert_array_equal(r, a.astype(np.float32))


def test_unsupported_dtype_is_refused_clearly():
    with tf.Session() as s:
        x = tf.placeholder(tf.float32, [2])
        with pytest.raises(TypeError, match="cannot convert"):
            s.run(x, {x: np.array(["a", "b"], dtype=object)})
    with pytest.raises(TypeError, match="complex128 cannot cross"):
        tf.constant(np.array([1j]))


def test_large_arrays_both_ways():
    a = np.random.rand(1000, 1000).astype(np.float32)
    with tf.Session() as s:
        x = tf.placeholder(tf.float32, [None, 1000])
        np.testing.assert_array_equal(s.run(x, {x: a}), a)


def test_fetch_structure():
    with tf.Session() as s:
        a, b = tf.constant(1.0), tf.constant([2, 3])
        init = tf.global_variables_initializer()
        r = s.run([a, (b, [a]), {"k": b}, init])
    assert isinstance(r, list) and isinstance(r[1], tuple) and isinstance(r[1][1], list)
    assert r[0] == np.float32(1.0) and type(r[0]) is np.float32
    assert r[1][0].dtype == np.int32 and r[2]["k"].tolist() == [2, 3] and r[3] is None


def test_operators_and_python_literals_take_the_tensor_dtype():
    x = tf.constant([1.0, 2.0])
    assert x.dtype == tf.float32 and tf.constant(1).dtype == tf.int32
    with tf.Session() as s:
        r = s.run([1 - x, x / 2, -x, 2 * x + np.array([1.0, 1.0]), x > 1.5])
    assert [v.dtype for v in r] == [np.float32] * 4 + [np.bool_]
    assert r[0].tolist() == [0.0, -1.0] and r[4].tolist() == [False, True]


def test_interactive_session_eval_and_shape_index():
    sess = tf.InteractiveSession()
    try:
        t = tf.constant([[1, 2], [3, 4], [5, 6]])
        assert tf.shape(t).eval().tolist() == [3, 2]
        assert tf.shape(t)[0].eval() == 3
    finally:
        sess.close()


def test_bridge_errors_are_python_exceptions_with_bridge_message():
    with pytest.raises(ValueError, match=r"tf.matmul: both operands must have rank >= 2.*- help:"):
        tf.matmul(tf.constant(1.0), tf.constant(2.0))
    # Shapes that cannot work: a ValueError when the graph is built (as TF 1.x's shape functions), an
    # InvalidArgumentError when only the run finds out.
    with pytest.raises(ValueError, match="inner dimensions differ"):
        tf.matmul(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    p = tf.placeholder(tf.float32)
    with tf.Session() as s, pytest.raises(errors.InvalidArgumentError, match="inner dimensions differ"):
        s.run(tf.matmul(p, tf.constant([[1.0, 2.0], [3.0, 4.0]])), {p: [[1.0, 2.0, 3.0]]})
    x = tf.placeholder(tf.float32, [None, 2])
    with tf.Session() as s:
        with pytest.raises(ValueError, match=r"Cannot feed value of shape \(3,\)"):
            s.run(x, {x: [1.0, 2.0, 3.0]})
        v = tf.Variable([1.0])
        with pytest.raises(errors.FailedPreconditionError):
            s.run(v)
    with pytest.raises(ValueError, match="No default session"):
        tf.constant(1).eval()


def test_ctrl_c_during_training_stops_cleanly():
    code = ("from bridge import tf\nimport sys\nx = tf.Variable(1.0)\nop = tf.assign(x, x * 1.0)\n"
            "with tf.Session() as s:\n  s.run(tf.global_variables_initializer())\n  print('ready', flush=True)\n"
            "  try:\n    while True: s.run(op)\n  except KeyboardInterrupt:\n    print('interrupted', s.run(x), flush=True)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep)))
    assert p.stdout.readline().strip() == "ready"
    import signal
    import time
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)
    assert p.returncode == 0, err
    assert out.strip() == "interrupted 1.0"
