"""``python3 -m bridge run``: unmodified TF 1.x scripts and notebooks, each in a subprocess as a user runs them."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PY = Path(__file__).resolve().parents[1]
REPO = PY.parent
MNIST = Path(os.environ.get("BRIDGE_SHARED") or REPO.parent / "shared") / "data" / "mnist"


def bridge(*args, cwd):
    """``python3 -m bridge ARGS`` in ``cwd``, with the package found through PYTHONPATH as an installed one would be."""
    return subprocess.run([sys.executable, "-m", "bridge", *map(str, args)], cwd=str(cwd), capture_output=True,
                          text=True, timeout=300, env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep)))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip())
    return path


# --- scripts ------------------------------------------------------------------------------------------------------

def test_a_tf1_script_runs_unmodified_as_main(tmp_path):
    write(tmp_path / "labs" / "helper.py", "VALUE = 'helper beside the script'\n")
    write(tmp_path / "labs" / "lab.py", """
        import os
        import sys
        import tensorflow as tf
        import helper  # the script's folder is on sys.path
        from bridge import tf as bridge_tf
        x = tf.placeholder(tf.float32, [None])
        W = tf.Variable([0.5], name="weight")
        total = tf.reduce_sum(x * W)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            print(sess.run(total, feed_dict={x: [1, 2, 3]}), sess.run(W))
        print(__name__, sys.argv, __file__ == os.path.abspath("labs/lab.py"), tf is bridge_tf, helper.VALUE)
        print(tf.__version__, sys.path[0] == os.path.dirname(__file__), os.getcwd() == os.path.abspath("."))
        with open("data.csv") as f:  # relative to the current directory, as with `python3 labs/lab.py`
            print(f.read().strip())
    """)
    write(tmp_path / "data.csv", "1,2,3\n")
    r = bridge("run", "labs/lab.py", "--epochs", "3", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "3.0 [0.5]",
        "__main__ ['labs/lab.py', '--epochs', '3'] True True helper beside the script",
        "1.0.0 True True",
        "1,2,3",
    ]


def test_one_double_dash_after_the_file_is_dropped(tmp_path):
    write(tmp_path / "args.py", "import sys\nprint(sys.argv[1:])\n")
    assert bridge("run", "args.py", "--", "--x", "--", cwd=tmp_path).stdout == "['--x', '--']\n"


def test_an_exception_prints_the_script_traceback_and_exits_1(tmp_path):
    write(tmp_path / "bad.py", """
        import tensorflow as tf
        print("before", flush=True)
        def build():
            return tf.matmul(tf.constant([[1.0, 2.0, 3.0]]), tf.constant([[1.0, 2.0], [3.0, 4.0]]))
        build()
    """)
    r = bridge("run", "bad.py", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "before\n"
    err = r.stderr
    # The traceback starts at the script (its absolute path, as Python's __file__), then goes into Bridge.
    assert err.startswith(f'Traceback (most recent call last):\n  File "{tmp_path / "bad.py"}", line 5, in <module>\n'
                          '    build()\n'), err
    assert f'bad.py", line 4, in build\n    return tf.matmul(' in err
    assert "runpy" not in err and "bridge/_run.py" not in err and "bridge/__main__.py" not in err
    assert err.splitlines()[-1].startswith("bridge.errors.ValueError: tf.matmul: inner dimensions differ")


@pytest.mark.parametrize("code,rc,err", [
    ("import sys; sys.exit(3)", 3, ""),
    ("raise SystemExit('stopped: no data')", 1, "stopped: no data\n"),
    ("import sys; sys.exit(0)", 0, ""),
])
def test_system_exit_passes_through(tmp_path, code, rc, err):
    write(tmp_path / "exit.py", code + "\n")
    r = bridge("run", "exit.py", cwd=tmp_path)
    assert (r.returncode, r.stderr) == (rc, err)


def test_a_syntax_error_is_reported_as_python_does(tmp_path):
    write(tmp_path / "syntax.py", "import tensorflow as tf\nx = (1,\n")
    r = bridge("run", "syntax.py", cwd=tmp_path)
    assert r.returncode == 1 and "SyntaxError" in r.stderr and "syntax.py" in r.stderr and "_run.py" not in r.stderr


def test_tensorflow_modules_bridge_lacks_fail_naming_what_it_has(tmp_path):
    write(tmp_path / "compat.py", """
        import tensorflow.compat.v1 as tf
        from tensorflow.compat import v1
        import tensorflow
        tf.disable_v2_behavior()
        print(tf is v1 is tensorflow, tf.Session(graph=None).run(tf.add(1, 2)))
        import tensorflow.contrib.slim
    """)
    r = bridge("run", "compat.py", cwd=tmp_path)
    assert r.stdout == "True 3\n" and r.returncode == 1
    assert "ModuleNotFoundError: No module named 'tensorflow.contrib.slim': Bridge provides tensorflow, " \
           "tensorflow.compat.v1, tensorflow.examples.tutorials.mnist.input_data, tensorflow.contrib, " \
           "tensorflow.contrib.layers, tensorflow.contrib.framework only. - help:" in r.stderr


# --- MNIST's input_data -------------------------------------------------------------------------------------------

def test_mnist_input_data_reads_numpy_batches(tmp_path):
    if not (MNIST / "train-images-idx3-ubyte.gz").exists():
        pytest.fail(f"The MNIST files are missing from {MNIST}: put the shared folder beside the repository or set BRIDGE_SHARED.")
    write(tmp_path / "mnist.py", f"""
        import numpy as np
        import tensorflow as tf
        from tensorflow.examples.tutorials.mnist import input_data
        tf.set_random_seed(777)
        mnist = input_data.read_data_sets({str(MNIST)!r}, one_hot=True)
        print(type(mnist).__name__, mnist.train.num_examples, mnist.validation.num_examples, mnist.test.num_examples)
        images, labels = mnist.test.images, mnist.test.labels
        print(type(images).__name__, images.dtype, images.shape, labels.dtype, labels.shape, images is mnist.test.images)
        print(images.min(), images.max(), labels[:3].argmax(1))
        X = tf.placeholder(tf.float32, [None, 784])
        mean = tf.reduce_mean(X)
        with tf.Session() as sess:
            for i in range(3):
                batch = mnist.train.next_batch(100)
                xs, ys = batch
                print(type(batch).__name__, xs.dtype, xs.shape, ys.shape, ys.sum(), 0 < sess.run(mean, feed_dict={{X: xs}}) < 1)
        for _ in range(550 - 3):
            mnist.train.next_batch(100)
        print(mnist.train.epochs_completed, mnist.train.next_batch(100)[0].shape, mnist.train.epochs_completed)
        ids = input_data.read_data_sets({str(MNIST)!r}, dtype=tf.uint8, reshape=False, validation_size=0, seed=1)
        x, y = ids.train.next_batch(2)
        print(ids.train.num_examples, ids.validation.num_examples, x.dtype, x.shape, y.dtype, y.shape, ids.test.labels[:5])
    """)
    r = bridge("run", "mnist.py", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    # TF 1.0's mnist.py print()s "Extracting <train_dir>/<file>" for each of the four files, to stdout.
    extracting = [f"Extracting {MNIST / name}" for name in (
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")]
    assert r.stdout.splitlines() == [
        *extracting,
        "Datasets 55000 5000 10000",
        "ndarray float32 (10000, 784) float32 (10000, 10) True",
        "0.0 1.0 [7 2 1]",
        *["tuple float32 (100, 784) (100, 10) 100.0 True"] * 3,
        "0 (100, 784) 1",
        *extracting,
        "60000 0 uint8 (2, 28, 28, 1) uint8 (2,) [7 2 1 0 4]",
    ]
    assert "Extracting" not in r.stderr


# --- notebooks ----------------------------------------------------------------------------------------------------

def notebook(path: Path, *cells) -> Path:
    """A notebook (nbformat 4) of ``cells``: a string is a code cell, ("md", text) a markdown cell."""
    def cell(c):
        if isinstance(c, tuple):
            return {"cell_type": "markdown", "metadata": {}, "source": c[1].splitlines(keepends=True)}
        return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                "source": textwrap.dedent(c).strip("\n").splitlines(keepends=True)}
    path.write_text(json.dumps({"cells": [cell(c) for c in cells], "metadata": {}, "nbformat": 4, "nbformat_minor": 2}))
    return path


def test_a_notebook_runs_its_code_cells_and_displays_their_last_values(tmp_path):
    notebook(tmp_path / "nb.ipynb",
             ("md", "# Title\nprint('markdown is not run')"),
             "import tensorflow as tf\ntf.__version__",
             "%matplotlib inline\nnode = tf.constant([1.0, 2.0])\nsess = tf.Session()\nsess.run(node)",
             "print('printed')",  # print's None: nothing more
             "x = 5",
             "x + 1;",  # a trailing ; displays nothing
             "x + 2  # a comment after the value",
             "{'b': 1, 'a': [1, 2]}",
             "if x:\n    !echo shell\n    x = x * 10\nx",
             "_ + 1",  # IPython's last displayed value
             "%%time\nprint('the cell magic cell is skipped')",
             "sess.run(node * 2).tolist()")
    r = bridge("run", "nb.ipynb", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == ["'1.0.0'", "array([1., 2.], dtype=float32)", "printed", "7",
                                     "{'b': 1, 'a': [1, 2]}", "50", "51", "[2.0, 4.0]"]
    assert r.stderr.splitlines() == [
        "bridge run: cell 2, line 1: skipped IPython line: %matplotlib inline",
        "bridge run: cell 8, line 2: skipped IPython line: !echo shell",
        "bridge run: cell 10: skipped, it is an IPython cell magic (%%time)",
    ]


def test_a_failing_cell_stops_the_notebook_with_its_traceback(tmp_path):
    notebook(tmp_path / "nb.ipynb", "import tensorflow as tf\n1 + 1", "a = 1\nundefined_name + a", "print('not run')")
    r = bridge("run", "nb.ipynb", "ignored-arg", cwd=tmp_path)
    assert r.returncode == 1 and r.stdout == "2\n"
    assert "bridge run: nb.ipynb: cell 2 failed; the cells after it were not run." in r.stderr
    assert 'File "<nb.ipynb cell 2>", line 2, in <module>\n    undefined_name + a' in r.stderr
    assert r.stderr.rstrip().endswith("NameError: name 'undefined_name' is not defined")
    assert "_run.py" not in r.stderr


# --- usage errors ---------------------------------------------------------------------------------------------------

def test_no_command_prints_the_usage(tmp_path):
    r = bridge(cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("Usage: python3 -m bridge <command>") and "run FILE.py" in r.stdout


@pytest.mark.parametrize("args,message", [
    (["run"], "bridge run: no file given. - help: python3 -m bridge run FILE.py"),
    (["run", "--verbose", "x.py"], "bridge run: '--verbose' is an option, not a file. - help:"),
    (["run", "missing.py"], "bridge run: missing.py: no such file. - help: give the path of a .py script"),
    (["run", "notes.txt"], "bridge run: notes.txt is neither a Python script (.py) nor a notebook (.ipynb). - help:"),
    (["run", "broken.ipynb"], "bridge run: broken.ipynb is not a notebook: its JSON does not parse"),
    (["run", "."], "bridge run: . is a directory. - help:"),
    (["frobnicate"], "bridge: unknown command 'frobnicate'. - help: the commands are `run`"),
])
def test_usage_errors_exit_2_with_help(tmp_path, args, message):
    (tmp_path / "notes.txt").write_text("print('no')\n")
    (tmp_path / "broken.ipynb").write_text("{not json")
    r = bridge(*args, cwd=tmp_path)
    assert (r.returncode, r.stdout) == (2, ""), r.stderr
    assert r.stderr.startswith(message), r.stderr
