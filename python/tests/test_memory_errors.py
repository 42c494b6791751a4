"""Bounded memory and errors that say what is wrong, from Python (issue 15): shapes too large fail at once with
tf.errors.ResourceExhaustedError naming the function, the shape and the bytes; negative dimensions, float axes,
unstack's num and argmax over an empty axis give TF's error types with a message and a help."""
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bridge import tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


@pytest.mark.parametrize("make, parts", [
    (lambda: tf.zeros([100000, 100000]), ["tf.zeros", "[100000, 100000]", "40,000,000,000 bytes"]),
    (lambda: tf.ones([50000, 50000]), ["tf.ones", "[50000, 50000]", "10,000,000,000 bytes"]),
    (lambda: tf.fill([100000, 100000], 1.0), ["tf.fill", "[100000, 100000]"]),
    (lambda: tf.random_normal([100000, 100000]), ["tf.random_normal"]),
    (lambda: tf.truncated_normal([100000, 100000]), ["tf.truncated_normal"]),
    (lambda: tf.one_hot([1, 2], 2 ** 31 - 1), ["tf.one_hot", "[2, 2147483647]"]),
    (lambda: tf.zeros([2 ** 40, 2 ** 40]), ["overflows int64"]),
])
def test_shapes_too_large_fail_at_once_with_resource_exhausted(make, parts):
    with pytest.raises(tf.errors.ResourceExhaustedError) as e:
        make()
    assert isinstance(e.value, tf.errors.OpError)
    for p in parts:
        assert p in str(e.value)
    assert "OOM when allocating tensor" in str(e.value) and "- help:" in str(e.value)


def test_a_broadcast_feed_too_large_is_refused_before_numpy_copies_it():
    x = tf.placeholder(tf.float32, [None, None])
    huge = np.broadcast_to(np.float32(1), (200000, 200000))  # 160 GB as a contiguous copy, a few bytes as a view
    with tf.Session() as s:
        with pytest.raises(tf.errors.ResourceExhaustedError, match=r"feeding .*\[200000, 200000\].*160,000,000,000 bytes"):
            s.run(tf.reduce_sum(x), {x: huge})


def test_a_run_time_shape_too_large_is_refused_before_the_kernel():
    idx = tf.placeholder(tf.int32, [None])
    oh = tf.one_hot(idx, 2 ** 30)
    with tf.Session() as s:
        with pytest.raises(tf.errors.ResourceExhaustedError, match=r"tf.one_hot 'one_hot'.*\[3, 1073741824\]"):
            s.run(oh, {idx: [0, 1, 2]})


def test_the_memory_limit_can_be_lowered_for_a_process():
    code = ("from bridge import tf\n"
            "try:\n    tf.zeros([1000, 1000])\nexcept tf.errors.ResourceExhaustedError as e:\n    print('refused', e)\n"
            "print(tf.zeros([100, 100]).shape)\n")
    env = dict(os.environ, BRIDGE_MEMORY_LIMIT=str(1 << 20), PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert "refused tf.zeros" in p.stdout and "4,000,000 bytes" in p.stdout and "BRIDGE_MEMORY_LIMIT" in p.stdout, p.stdout + p.stderr
    assert "(100, 100)" in p.stdout


def test_negative_dimensions_are_a_value_error_naming_them():
    for make in (lambda: tf.zeros([-2, 3]), lambda: tf.ones([3, -5]), lambda: tf.random_uniform([-2, 3])):
        with pytest.raises(ValueError, match=r"negative dimension .* must be >= 0\). - help:"):
            make()
    with pytest.raises(ValueError) as e:
        tf.zeros([-2, 3])
    assert "fully known" not in str(e.value) and str(e.value).startswith("tf.zeros: the shape [-2, 3]")


@pytest.mark.parametrize("make", [
    lambda x: tf.reduce_sum(x, axis=1.5),
    lambda x: tf.reduce_mean(x, 1.5),
    lambda x: tf.argmax(x, axis=1.5),
    lambda x: tf.concat([x, x], axis=1.5),
    lambda x: tf.unstack(x, axis=1.5),
    lambda x: tf.expand_dims(x, axis=1.5),
    lambda x: tf.squeeze(x, axis=1.5),
    lambda x: tf.nn.softmax(x, dim=1.5),
])
def test_a_float_axis_is_a_type_error_naming_the_function(make):
    with pytest.raises(TypeError, match=r"axis must be an int.*not 1.5 \(float\)\. - help:"):
        make(tf.constant([[1.0, 2.0]]))


def test_unstack_fed_fewer_rows_than_num_is_an_invalid_argument():
    x = tf.placeholder(tf.float32, [None, 2])
    parts = tf.unstack(x, num=4)
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"tf.unstack 'unstack'.*\[3, 2\] has 3 values along axis 0.*unstacks 4.*- help:"):
            s.run(parts, {x: np.zeros((3, 2), np.float32)})


def test_argmax_over_an_empty_axis_is_a_clear_invalid_argument():
    x = tf.placeholder(tf.float32, [3, None])
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"tf.argmax.*axis 1 is empty.*\[3, 0\].*- help:"):
            s.run(tf.argmax(x, axis=1), {x: np.zeros((3, 0), np.float32)})
