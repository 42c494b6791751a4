"""The Python route of ``bridge bench memory``: one case in this process, as the C# worker runs it.

``python3 -m bridge.membench CASE N`` warms the case's graph up on 1000 float32 elements, resets the kernel's peak RSS
(``/proc/self/clear_refs``), takes VmRSS as the baseline, runs the case once on N elements and prints
``value BYTES baseline BYTES peak BYTES``.
"""
from __future__ import annotations

import gc
import sys

import numpy as np

from bridge import tf

CASES = ("fill", "feed", "feed-fetch", "random")


def _status(field: str) -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) * 1024
    return 0


def _reset_peak() -> None:
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def step(case: str, n: int) -> int:
    """Runs ``case`` once on ``n`` float32 elements; returns the largest value's bytes."""
    tf.reset_default_graph()
    with tf.Session() as sess:
        if case == "fill":
            r = sess.run(tf.zeros([n]))
        elif case == "random":
            r = sess.run(tf.random_uniform([n], seed=1))
        else:
            x = tf.placeholder(tf.float32, [None])
            value = np.ones(n, np.float32)  # touched pages (np.zeros maps them lazily)
            r = sess.run(tf.reduce_sum(x) if case == "feed" else tf.identity(x), {x: value})
            del value
    expected = 1 if case == "feed" else n
    if np.size(r) != expected:
        raise SystemExit(f"membench {case}: {np.size(r)} elements, expected {expected}")
    return n * 4


def main(argv) -> int:
    if len(argv) != 2 or argv[0] not in CASES:
        print(f"usage: python3 -m bridge.membench {{{','.join(CASES)}}} N", file=sys.stderr)
        return 2
    case, n = argv[0], int(argv[1])
    step(case, 1000)
    gc.collect()
    _reset_peak()
    baseline = _status("VmRSS:")
    value = step(case, n)
    print(f"value {value} baseline {baseline} peak {_status('VmHWM:')}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
