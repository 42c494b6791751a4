"""Large fed arrays are read in place for their run, not copied into .NET memory (issue 15: the peak memory of a feed at
most 1.5x the value), and nothing keeps a view of the caller's array past the run: a fetched feed, a variable assigned
one, a queue element are copies, so that writing into either array after the run changes nothing, and the caller's
array is never written. Every case runs under each placement (managed kernels, libtorch, by size); the results equal
the copying route's bit for bit (``SetLendFeedBytes``: from which size feeds are read in place)."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bridge import fuzz, tf
from bridge._convert import _Interop

N = 300_000  # 1.2 MB of float32: above the size from which feeds are read in place (1 MiB)
NEVER = 2**62  # SetLendFeedBytes(NEVER): every feed copied, as before


pytestmark = pytest.mark.usefixtures("placement")  # conftest.py: every test under each placement


@pytest.fixture(autouse=True)
def loans_end():
    yield
    assert int(_Interop.OpenLoans) == 0, "every run ends its loans"


def copies() -> int:
    """Lent feeds copied to .NET arrays so far (for kernels that read .NET arrays)."""
    return int(_Interop.LentFeedCopies)


def ramp(n=N, dtype=np.float32):
    return ((np.arange(n) % 1000) * 0.25 - 7).astype(dtype)


def run_copying(sess, fetches, feed):
    previous = _Interop.SetLendFeedBytes(NEVER)
    try:
        return sess.run(fetches, feed)
    finally:
        _Interop.SetLendFeedBytes(previous)


def same_bits(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def test_a_reduced_feed_is_not_copied_and_agrees_with_the_copying_route(placement):
    x = tf.placeholder(tf.float32, [None])
    fetches = [tf.reduce_sum(x), tf.reduce_mean(x), tf.reduce_sum(tf.reshape(x, [600, 500]), axis=0),
               tf.reduce_max(tf.reshape(x, [600, 500]), axis=1)]
    with tf.Session() as s:
        f = ramp()
        before = copies()
        got = s.run(fetches, {x: f})
        # Managed: sum, mean, max and reshape read the feed in place; libtorch copies it into its tensor straight
        # from numpy's buffer (no .NET copy on the way).
        assert copies() == before
        for g, w in zip(got, run_copying(s, fetches, {x: f})):
            assert same_bits(g, w)
        assert same_bits(f, ramp()), "the caller's array is never written"


def test_a_feed_read_by_other_kernels_agrees_with_the_copying_route_bit_for_bit():
    x = tf.placeholder(tf.float32, [None, 500])
    w = tf.constant(np.linspace(-1, 1, 500 * 10, dtype=np.float32).reshape(500, 10))
    fetches = [tf.matmul(x, w), x * 2 - 1, tf.nn.relu(x), tf.cast(x, tf.int32), tf.transpose(x), tf.argmax(x, 1),
               tf.nn.softmax(x), tf.concat([x, x], 0), tf.square(x) + tf.reduce_mean(x, axis=0)]
    with tf.Session() as s:
        f = ramp().reshape(600, 500)
        got = s.run(fetches, {x: f})
        for g, want in zip(got, run_copying(s, fetches, {x: f})):
            assert same_bits(g, want)
        assert same_bits(f, ramp().reshape(600, 500))


def test_a_feed_read_by_kernels_without_a_span_path_is_copied_once_for_all_of_them(placement):
    x = tf.placeholder(tf.float32, [None])
    fetches = [x * 2, tf.reshape(x, [600, 500]) + 1, tf.abs(x)]  # element-wise kernels read .NET arrays
    with tf.Session() as s:
        f = ramp()
        before = copies()
        got = s.run(fetches, {x: f})
        # Managed: one copy, shared by the reshape's view; libtorch: none (its tensor is filled from numpy's buffer).
        assert copies() - before == (1 if placement == "managed" else 0)
        for g, w in zip(got, run_copying(s, fetches, {x: f})):
            assert same_bits(g, w)


def test_lab_07_4s_test_set_product_reads_the_images_in_place_to_the_copying_routes_bits(placement):
    # 10000x784 by 784x10: TfMatMul's narrow product, shared with the helper thread when A is a .NET array; a fed A
    # read in place is computed on the calling thread alone (the helper may read its operand after the run).
    x = tf.placeholder(tf.float32, [None, 784])
    w = tf.constant(np.random.default_rng(7).standard_normal((784, 10)).astype(np.float32))
    logits = tf.matmul(x, w)
    with tf.Session() as s:
        images = np.random.default_rng(8).random((10000, 784), dtype=np.float32)
        before = copies()
        got = s.run(logits, {x: images})
        assert copies() == before
        assert same_bits(got, run_copying(s, logits, {x: images}))


def test_a_fetched_feed_is_a_copy_of_its_own():
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        f = ramp()
        before = copies()
        a, b, c = s.run([x, tf.identity(x), tf.reshape(x, [600, 500])], {x: f})
        assert copies() == before, "each result is copied out of numpy's buffer, not out of a .NET copy of the feed"
        for got in (a, b, c):
            assert not np.shares_memory(got, f)
            assert same_bits(got.ravel(), f)
        assert not np.shares_memory(a, b) and not np.shares_memory(b, c)
        a[:] = 3  # the fetched array is the caller's own
        assert same_bits(f, ramp()) and same_bits(b, f)
        f[:] = 5  # and so is the fed one
        assert np.all(a == 3) and same_bits(b, ramp()) and same_bits(c.ravel(), ramp())


def test_a_variable_assigned_a_feed_keeps_the_value_the_run_saw():
    x = tf.placeholder(tf.float32, [N])
    v = tf.Variable(tf.zeros([N]))
    m = tf.Variable(tf.zeros([600, 500]))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        f = ramp()
        before = copies()
        assigned = s.run(v.assign(x), {x: f})
        s.run(tf.assign(m, tf.reshape(x, [600, 500])), {x: f})
        assert copies() == before, "the variables' values are copied out of numpy's buffer as the run keeps them"
        f[:] = 9  # after the run: the session's state must not see it
        assigned[:] = 8
        assert same_bits(s.run(v), ramp()) and same_bits(s.run(m).ravel(), ramp())
        s.run(v.assign_add(x), {x: f})  # a later run reads the new values
        assert same_bits(s.run(v), ramp() + np.float32(9))


def test_a_feed_of_a_variable_read_and_a_training_step_never_write_the_callers_array():
    v = tf.Variable(tf.ones([N]))
    read = tf.identity(v)
    step = v.assign_add(read * 0.5)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        f = ramp()
        s.run(step, {read: f})  # the snapshot fed: the update adds half of the fed value
        assert same_bits(f, ramp())
        assert same_bits(s.run(v), np.float32(1) + ramp() * np.float32(0.5))


def test_an_enqueued_feed_is_a_copy():
    x = tf.placeholder(tf.float32, [N])
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[N]])
    rows = tf.placeholder(tf.float32, [None, 500])
    q2 = tf.FIFOQueue(1000, [tf.float32], shapes=[[500]])
    with tf.Session() as s:
        f = ramp()
        before = copies()
        s.run(q.enqueue([x]), {x: f})
        g = ramp().reshape(600, 500)
        s.run(q2.enqueue_many([rows]), {rows: g})
        assert copies() == before, "the queue's elements are copied out of numpy's buffer as the queue takes them"
        f[:] = 9
        g[:] = 9
        got = s.run(q.dequeue())
        assert same_bits(got, ramp())
        got[:] = 1
        assert same_bits(s.run(q2.dequeue()), ramp()[:500])


def test_a_converted_feed_is_read_in_place_from_numpys_converted_copy():
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        f64 = ramp(dtype=np.float64)
        strided = np.repeat(ramp(), 2)[::2]  # not contiguous: numpy copies it first (_convert.contiguous)
        total = tf.reduce_sum(x)
        before = copies()
        a = s.run(total, {x: f64})
        b = s.run(total, {x: strided})
        assert copies() == before
        assert same_bits(a, b) and same_bits(a, run_copying(s, total, {x: ramp()}))


def test_large_feeds_of_every_dtype_agree_with_the_copying_route():
    with tf.Session() as s:
        for dtype in (tf.float32, tf.float64, tf.int32, tf.int64, tf.int16, tf.int8, tf.uint8, tf.bool):
            x = tf.placeholder(dtype, [None])
            value = (np.arange(2 * N) % 7 > 2) if dtype == tf.bool else (np.arange(2 * N) % 50).astype(dtype.as_numpy_dtype)
            fetches = [tf.identity(x), tf.reduce_max(x) if dtype != tf.bool else tf.reduce_any(x)]
            got = s.run(fetches, {x: value})
            want = run_copying(s, fetches, {x: value})
            for g, w in zip(got, want):
                assert same_bits(g, w), dtype
            assert not np.shares_memory(got[0], value)


@pytest.mark.parametrize("placement", ["by-size"], indirect=True)  # bridge_outcomes runs every placement itself
def test_fuzz_cases_with_every_feed_read_in_place_equal_the_copying_route(placement):
    previous = _Interop.SetLendFeedBytes(0)
    try:
        for i in range(300):
            case = fuzz.make_case(np.random.default_rng([15, i]), i)
            lent = fuzz.bridge_outcomes(tf, _Interop, case)
            _Interop.SetLendFeedBytes(NEVER)
            copied = fuzz.bridge_outcomes(tf, _Interop, case)
            _Interop.SetLendFeedBytes(0)
            for p in lent:
                a, b = lent[p], copied[p]
                assert a.kind == b.kind, (p, case.describe(), a, b)
                if a.kind == "value":
                    assert same_bits(a.value, b.value), (p, case.describe())
                else:
                    assert a.error == b.error, (p, case.describe())
    finally:
        _Interop.SetLendFeedBytes(previous)


@pytest.mark.parametrize("placement", ["by-size"], indirect=True)  # the bench runs the default placement
def test_the_bench_feed_case_peaks_at_about_the_value(placement):
    """``bridge bench memory``'s feed case at a test's size (64 MB), in a fresh process: the peak RSS above the baseline
    is the caller's array alone (ratio ~1.0; 2.0 when the feed was copied into .NET memory)."""
    python = Path(__file__).resolve().parents[1]
    env = dict(os.environ, PYTHONPATH=str(python) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    out = subprocess.run([sys.executable, "-m", "bridge.membench", "feed", str(16_000_000)], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    f = next(line for line in out.stdout.splitlines() if line.startswith("value ")).split()
    value, baseline, peak = int(f[1]), int(f[3]), int(f[5])
    assert (peak - baseline) / value < 1.5, out.stdout


def test_a_run_ends_its_loans_even_when_it_fails():
    x = tf.placeholder(tf.float32, [None])
    y = tf.reshape(x, [7, -1])  # 300000 is not a multiple of 7: the run fails after the feed was lent
    with tf.Session() as s:
        assert int(_Interop.OpenLoans) == 0
        assert s.run(tf.reduce_sum(x), {x: ramp()}) == run_copying(s, tf.reduce_sum(x), {x: ramp()})
        assert int(_Interop.OpenLoans) == 0
        with pytest.raises(Exception) as e:
            s.run(y, {x: ramp()})
        assert "reshape" in str(e.value).lower()
        assert int(_Interop.OpenLoans) == 0
