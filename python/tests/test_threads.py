"""Sessions and Python threads: one session used from two threads at once is refused with the C# session's
RuntimeError (never a crash or another run's feeds), and two sessions on two threads run in parallel (.NET releases
the GIL while a run computes)."""
import threading
import time

import numpy as np
import pytest

from bridge import tf, errors


def _long_graph():
    """A run of about half a second: 24 chained 600x600 float32 products (about 10 GFLOP)."""
    x = tf.placeholder(tf.float32, [600, 600])
    y = x
    for _ in range(24):
        y = tf.matmul(y, x) * 1e-3
    return x, tf.reduce_sum(y)


def _timed_runs(sess, fetch, feed, out, n=2):
    for _ in range(n):
        t0 = time.monotonic()
        v = sess.run(fetch, feed)
        out.append((t0, time.monotonic(), float(v)))


def test_one_session_on_two_threads_refuses_the_second_run():
    x, total = _long_graph()
    feed = {x: np.full((600, 600), 0.5, np.float32)}
    with tf.Session() as sess:
        expected = sess.run(total, feed)
        errors_seen, values = [], []

        other_feed = {x: np.full((600, 600), 0.25, np.float32)}  # another array: its address differs
        (prepared,) = sess._cache.values()
        pointer_seen = []

        def other():
            try:
                values.append(sess.run(total, other_feed))
            except errors.RuntimeError as e:
                errors_seen.append(str(e))
                # Refused before touching the run's metadata: it still holds the first run's feed.
                pointer_seen.append(int(prepared.meta[0]))

        started = threading.Event()

        def first():
            started.set()
            values.append(sess.run(total, feed))

        a = threading.Thread(target=first)
        a.start()
        started.wait()
        time.sleep(0.05)  # the first run is inside .NET now (it takes far longer than this)
        b = threading.Thread(target=other)
        b.start()
        a.join()
        b.join()
        # Either the second run was refused, or (on a machine slow to start the first) ran after it: never garbage.
        assert len(errors_seen) + len(values) == 2
        assert values[0] == expected
        assert pointer_seen == [feed[x].__array_interface__["data"][0]] * len(errors_seen)
        for message in errors_seen:
            assert "this session is already running" in message and "use another tf.Session" in message
        assert errors_seen, "the second thread's run was not refused while the first ran"
        assert sess.run(total, feed) == expected  # the session still works


def test_two_sessions_on_two_threads_run_at_the_same_time():
    x, total = _long_graph()
    feed = {x: np.full((600, 600), 0.5, np.float32)}
    s1, s2 = tf.Session(), tf.Session()
    s1.run(total, feed), s2.run(total, feed)  # warm up (plans, kernels)
    r1, r2 = [], []
    t1 = threading.Thread(target=_timed_runs, args=(s1, total, feed, r1))
    t2 = threading.Thread(target=_timed_runs, args=(s2, total, feed, r2))
    t1.start(), t2.start()
    t1.join(), t2.join()
    assert r1[0][2] == r2[0][2]
    # Some run of one thread overlaps a run of the other: the GIL was not held through the runs.
    overlap = max(min(e1, e2) - max(b1, b2) for b1, e1, _ in r1 for b2, e2, _ in r2)
    assert overlap > 0, (r1, r2)
    s1.close(), s2.close()
