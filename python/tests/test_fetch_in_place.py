"""Large fetched results reach numpy without a copy when nothing else holds them (issue 15: peak memory of a fetch at
most 1.5x the value), and are copied when a variable, a constant, a queue or another result of the run shares their
storage, so that writing into a fetched array never changes the session's state. Every case runs under each
placement (managed kernels, libtorch, by size)."""
import gc

import numpy as np
import pytest

from bridge import tf
from bridge._convert import _Interop, _Pinned

N = 300_000  # 1.2 MB of float32: above the size from which results are taken in place


pytestmark = pytest.mark.usefixtures("placement")  # conftest.py: every test under each placement


def in_place(a) -> bool:
    return isinstance(a.base, _Pinned)


def test_a_fresh_large_result_is_taken_in_place_and_is_the_callers_alone():
    r = tf.random_uniform([N], seed=1)
    with tf.Session() as s:
        a = s.run(r)
        b = s.run(r)
        assert in_place(a) and in_place(b)
        assert a.flags.writeable and a.dtype == np.float32 and a.shape == (N,)
        assert not np.shares_memory(a, b)
        first = a.copy()
        a[:] = 5  # the caller's own array
        assert np.array_equal(b, s.run(r) * 0 + b)  # later runs are not disturbed
        assert np.all(a == 5) and not np.array_equal(first, b)


def test_results_of_every_dtype_but_bool_are_taken_in_place_with_their_values():
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        f = (np.arange(4 * N) % 50).astype(np.float32)  # 1.2 MB even as int8
        for dtype in (tf.float32, tf.float64, tf.int32, tf.int64, tf.int16, tf.int8, tf.uint8):
            got = s.run(tf.cast(x * 2, dtype), {x: f})
            assert got.dtype == dtype.as_numpy_dtype
            assert np.array_equal(got, (f * 2).astype(dtype.as_numpy_dtype))
            assert in_place(got), dtype
        flags = s.run(x > 10, {x: f})
        assert not in_place(flags) and flags.sum() == np.sum(f > 10)  # .NET does not pin bool arrays: a copy


def test_a_variable_its_reads_and_its_assign_are_copied():
    w = tf.Variable(tf.zeros([N]))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for fetch in (w, tf.identity(w), w.assign_add(tf.ones([N]))):
            got = s.run(fetch)
            got[:] = 7
            assert not np.any(s.run(w) == 7), fetch
        assert np.all(s.run(w) == 1)


def test_a_constant_and_a_reshape_of_it_are_copied():
    c = tf.constant(np.arange(N, dtype=np.float32))
    with tf.Session() as s:
        for fetch in (c, tf.reshape(c, [300, 1000]), tf.identity(c)):
            got = s.run(fetch)
            got.flat[0] = 99
            assert s.run(c)[0] == 0


def test_a_dequeued_element_is_copied():
    c = tf.constant(np.arange(N, dtype=np.float32))
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[N]])
    with tf.Session() as s:
        s.run(q.enqueue([c]))
        s.run(q.enqueue([c]))
        got = s.run(q.dequeue())
        got[1] = 99
        assert s.run(q.dequeue())[1] == 1 and s.run(c)[1] == 1


def test_one_tensor_fetched_twice_gives_two_arrays():
    r = tf.random_uniform([N], seed=2)
    with tf.Session() as s:
        a, b = s.run([r, r])
        assert np.array_equal(a, b) and not np.shares_memory(a, b)


def test_a_fed_array_is_never_changed_through_a_fetched_one():
    x = tf.placeholder(tf.float32, [None])
    with tf.Session() as s:
        f = np.ones(N, np.float32)
        got = s.run(tf.identity(x), {x: f})  # the feed is read in place; the result is a copy of its own, taken in place
        got[:] = 3
        assert np.all(f == 1) and not np.shares_memory(f, got)
        assert np.all(s.run(x * 1, {x: f}) == 1)


def test_taking_results_in_place_run_after_run_keeps_memory_flat():
    r = tf.random_uniform([1_000_000], seed=3)  # 4 MB a run
    with tf.Session() as s:
        for _ in range(20):
            s.run(r)
        gc.collect()
        before = _rss()
        for _ in range(200):  # 800 MB if the pins or the arrays leaked
            a = s.run(r)
            assert in_place(a)
            del a
        gc.collect()
        assert _rss() - before < 200 << 20


def _rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")
