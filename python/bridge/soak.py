"""The Python route of ``bridge bench soak``: ``python3 -m bridge.soak N K`` runs one small training step N times through
the Python package (the C# route's graph: a fed batch, matmul, sigmoid cross entropy, gradient descent) and prints the
RSS every K runs, then the growth from the first print to the last."""
from __future__ import annotations

import sys
import time

import numpy as np

from bridge import tf
from bridge.membench import _status  # one reader of /proc/self/status for both benchmarks


def main(argv) -> int:
    runs = int(argv[0]) if argv else 1_000_000
    every = int(argv[1]) if len(argv) > 1 else max(1, runs // 10)
    tf.set_random_seed(777)
    x = tf.placeholder(tf.float32, [None, 8])
    y = tf.placeholder(tf.float32, [None, 1])
    W = tf.Variable(tf.random_normal([8, 1]), name="weight")
    b = tf.Variable(tf.random_normal([1]), name="bias")
    hypothesis = tf.sigmoid(tf.matmul(x, W) + b)
    cost = -tf.reduce_mean(y * tf.log(hypothesis) + (1 - y) * tf.log(1 - hypothesis))
    train = tf.train.GradientDescentOptimizer(learning_rate=0.01).minimize(cost)
    rng = np.random.default_rng(15)
    xs = rng.random((16, 8), dtype=np.float32)
    ys = rng.integers(0, 2, (16, 1)).astype(np.float32)
    print(f"soak Python: {runs} runs of one training step (fetching the cost), RSS every {every} runs", flush=True)
    first = last = 0
    t0 = time.time()
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        feed = {x: xs, y: ys}
        for r in range(1, runs + 1):
            c, _ = sess.run([cost, train], feed_dict=feed)
            if r % every == 0 or r == runs:
                last = _status("VmRSS:")
                first = first or last
                print(f"  runs {r:9d}  rss {last / 1048576:8.1f} MiB  {time.time() - t0:7.1f} s  cost {c}", flush=True)
    growth = last - first
    print(f"  growth from the first print to the last: {growth / 1048576:+.1f} MiB ({growth * 100 / first:+.1f}%), "
          f"peak RSS {_status('VmHWM:') / 1048576:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
