"""TF 1.x's random functions and the second batch of tf.nn functions, through the derived binding."""
import numpy as np
import pytest

from bridge import tf, errors

# TF 1.x printed these (2017, no graph seed: DEFAULT_GRAPH_SEED 87654321 with the op seeds 1 and 2):
#   tf.random_normal([2,2], seed=1), tf.truncated_normal([2,2], seed=2)
PRINTED_TRUNCATED_SEED2 = np.array([[-0.85811085, -0.19662298], [0.13895047, -1.22127688]], np.float32)


def test_truncated_normal_matches_tf_printed_values():
    tf.reset_default_graph()
    b = tf.truncated_normal([2, 2], seed=2)
    with tf.Session() as s:
        v = s.run(b)
    assert v.dtype == np.float32
    assert np.array_equal(v, PRINTED_TRUNCATED_SEED2)


def test_truncated_normal_takes_tf_keywords():
    tf.reset_default_graph()
    tf.set_random_seed(777)
    t = tf.truncated_normal(shape=[1000], mean=1.0, stddev=0.1, dtype=tf.float32, seed=None, name="w")
    d = tf.truncated_normal([4], dtype=tf.float64, seed=3)
    with tf.Session() as s:
        v, w = s.run([t, d])
    assert v.shape == (1000,) and np.all(np.abs(v - 1.0) < 0.2 + 1e-6)
    assert w.dtype == np.float64 and np.all(np.abs(w) < 2)


def test_truncated_normal_rejects_integer_dtypes():
    tf.reset_default_graph()
    with pytest.raises(errors.TypeError, match="truncated_normal"):
        tf.truncated_normal([2], dtype=tf.int32)
