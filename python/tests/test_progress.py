"""Progress on a terminal for MNIST training loops run by ``python3 -m bridge run``: drawn on stderr from next_batch
(epoch, step, the last fetched cost, the epoch's ETA) only when stderr is a terminal or BRIDGE_PROGRESS=1; stdout's
bytes are the same with and without it."""
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

PY = Path(__file__).resolve().parents[1]
REPO = PY.parent
MNIST = Path(os.environ.get("BRIDGE_SHARED") or REPO.parent / "shared") / "data" / "mnist"

LAB = """
import tensorflow as tf
from tensorflow.examples.tutorials.mnist import input_data
tf.set_random_seed(777)
mnist = input_data.read_data_sets({mnist!r}, one_hot=True)
X = tf.placeholder(tf.float32, [None, 784])
cost = tf.reduce_mean(X)
sess = tf.Session()
for epoch in range(2):
    avg = 0
    for i in range(550):
        batch_xs, batch_ys = mnist.train.next_batch(100)
        avg += sess.run(cost, feed_dict={{X: batch_xs}}) / 550
    print('Epoch:', '%04d' % (epoch + 1), 'cost =', '{{:.9f}}'.format(avg))
print('Learning Finished!')
"""


def _run(tmp_path, progress):
    if not (MNIST / "train-images-idx3-ubyte.gz").exists():
        pytest.fail(f"The MNIST files are missing from {MNIST}: put the shared folder beside the repository or set BRIDGE_SHARED.")
    script = tmp_path / "lab.py"
    script.write_text(LAB.format(mnist=str(MNIST)))
    env = {k: v for k, v in os.environ.items() if k != "BRIDGE_PROGRESS"}
    env["PYTHONPATH"] = os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep)
    if progress is not None:
        env["BRIDGE_PROGRESS"] = progress
    r = subprocess.run([sys.executable, "-m", "bridge", "run", str(script)], cwd=str(tmp_path), capture_output=True,
                       timeout=300, env=env)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    return r.stdout, r.stderr


def test_progress_is_drawn_on_stderr_only_and_stdout_is_unchanged(tmp_path):
    quiet_out, quiet_err = _run(tmp_path, None)  # stderr is a pipe here: no progress
    assert b"\r" not in quiet_err and b"epoch" not in quiet_err
    off_out, off_err = _run(tmp_path, "0")
    assert b"\r" not in off_err
    on_out, on_err = _run(tmp_path, "1")  # forced, as on a terminal
    assert quiet_out == off_out == on_out  # byte for byte
    assert quiet_out.decode().splitlines()[-1] == "Learning Finished!"
    text = on_err.decode()
    assert "\r  epoch 1  step 1/550" in text and "\r  epoch 2  step " in text
    # The last float scalar a fed run fetched: a batch's mean pixel (MNIST's is 0.1307); which batch's depends on
    # when the line was drawn (it once showed 0.127527), so any plausible one.
    costs = [float(c) for c in re.findall(r"  cost (\d+\.\d+)", text)]
    assert costs and all(0.1 < c < 0.16 for c in costs), text
    assert "  epoch ETA 00:" in text
    # Cleared before each print and at exit: the stream ends with the line blanked out.
    last = text.rindex("\r  epoch")
    assert text.endswith("\r") and text[last:].count("\r") >= 3 and text[text.rindex("\r", 0, len(text) - 1) + 1:-1].strip() == ""
