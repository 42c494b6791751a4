"""``python3 -m bridge.bench``: medians of the Python-side costs (a tiny run, 1M float32 each way, import)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import numpy as np


def _median_us(fn, n: int) -> float:
    fn()
    times = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        fn()
        times.append((time.perf_counter_ns() - t0) / 1000)
    return float(np.median(times))


def _graph_building(tf) -> None:
    """Per-call cost of building graph nodes from Python, against the same C# facade call made through pythonnet."""
    from bridge._graph import net_tf
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    w = tf.Variable(tf.random_normal([3, 2]))
    one = tf.constant(1.0)
    cases = [
        ("tf.add(x, 1.0)", lambda: tf.add(x, 1.0), None),
        ("x * one", lambda: x * one, lambda: net_tf.multiply(x._t, one._t, None)),
        ("tf.matmul(x, w)", lambda: tf.matmul(x, w), lambda: net_tf.matmul(x._t, w._t, False, False, None)),
        ("tf.reduce_mean(x, axis=1)", lambda: tf.reduce_mean(x, axis=1), None),
        ("tf.sigmoid(x)", lambda: tf.sigmoid(x), lambda: net_tf.sigmoid(x._t, None)),
        ("tf.constant([1.0, 2.0])", lambda: tf.constant([1.0, 2.0]), None),
        ("tf.cast(x, tf.int32)", lambda: tf.cast(x, tf.int32), None),
    ]
    parts = []
    for label, fn, raw in cases:
        py = _median_us(fn, 3000)
        parts.append(f"{label} {py:.1f}" + (f" (C# call from Python {_median_us(raw, 3000):.1f})" if raw else ""))
        tf.reset_default_graph()
        x = tf.placeholder(tf.float32, [None, 3])
        w = tf.Variable(tf.random_normal([3, 2]))
        one = tf.constant(1.0)
    print("graph building, us per call: " + "; ".join(parts))


def main() -> int:
    from bridge import tf, _runtime
    import clr  # type: ignore
    clr.AddReference(str(_runtime.build_dir() / "Bridge.Cli.dll"))  # the C# baseline is benchmark code, in the CLI
    from Bridge.Cli.Bench import PythonBaseline  # type: ignore

    tiny = tf.reduce_mean(tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    with tf.Session() as s:
        py = _median_us(lambda: s.run(tiny), 20000)
        cs = PythonBaseline.TimeRunMicroseconds(s._s, tiny._t, 20000)
        print(f"sess.run of reduce_mean(2x2 const): Python {py:.1f} us, C# {cs:.1f} us, overhead {py - cs:.1f} us (target <= 15)")

        big = np.random.rand(1000, 1000).astype(np.float32)
        x = tf.placeholder(tf.float32, [1000, 1000])
        feed = tf.reduce_sum(x[0])  # feeds 1M values, fetches 1000
        fetch_op = tf.random_normal([1000, 1000])  # fetches 1M values
        t_feed_run = _median_us(lambda: s.run(feed, {x: big}), 50)
        t_fetch = _median_us(lambda: s.run(fetch_op), 50)
        from bridge import _convert
        t_to = _median_us(lambda: _convert.to_net(big), 50)
        nd = _convert.to_net(big)
        t_from = _median_us(lambda: _convert.from_net(nd), 50)
        print(f"1M float32 numpy -> NDArray copy: {t_to / 1000:.2f} ms; NDArray -> numpy: {t_from / 1000:.2f} ms (target <= 2 ms each)")
        print(f"sess.run feeding 1M float32 (incl. the graph): {t_feed_run / 1000:.2f} ms; fetching 1M float32 "
              f"(incl. drawing them): {t_fetch / 1000:.2f} ms")

    _graph_building(tf)

    env = dict(os.environ)
    imports = []
    for _ in range(5):
        p = subprocess.run([sys.executable, "-c", "import time; t=time.perf_counter(); import bridge; print(time.perf_counter()-t)"],
                           capture_output=True, text=True, env=env)
        imports.append(float(p.stdout.strip()))
    print(f"import bridge (fresh process, incl. numpy and .NET start): median {np.median(imports):.2f} s (target <= 1 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
