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


def test_sparse_softmax_cross_entropy_takes_tf_keywords_and_checks_labels():
    tf.reset_default_graph()
    logits = np.array([[1., 1., 1., 1.], [1., 2., 3., 4.]], np.float32)
    loss = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=np.array([3, 0], np.int64), logits=logits)
    e = np.exp(logits - logits.max(1, keepdims=True))
    expected = np.log(e.sum(1)) - (logits - logits.max(1, keepdims=True))[[0, 1], [3, 0]]
    bad = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[4, 3], logits=logits)
    with tf.Session() as s:
        assert np.allclose(s.run(loss), expected, rtol=1e-6, atol=0)
        with pytest.raises(errors.InvalidArgumentError, match="Received a label value of 4"):
            s.run(bad)
    with pytest.raises(errors.ValueError, match="Rank mismatch"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[[0, 2]], logits=[[0., 1.], [2., 3.], [2., 3.]])
    with pytest.raises(errors.TypeError, match="int32 or int64"):
        tf.nn.sparse_softmax_cross_entropy_with_logits(labels=[0.0, 1.0], logits=logits)


def test_sigmoid_cross_entropy_matches_nn_xent_test():
    tf.reset_default_graph()
    x = np.array([-100, -2, -2, 0, 2, 2, 2, 100], np.float64)
    z = np.array([0, 0, 1, 0, 0, 1, 0.5, 1], np.float64)
    loss = tf.nn.sigmoid_cross_entropy_with_logits(labels=tf.constant(z), logits=tf.constant(x), name="mylogistic")
    assert loss.op.name == "mylogistic"
    with tf.Session() as s:
        v = s.run(loss)
    assert np.allclose(v, np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x))), rtol=1e-14, atol=0)
    with pytest.raises(errors.ValueError, match="must have the same shape"):
        tf.nn.sigmoid_cross_entropy_with_logits(labels=[1, 2, 3], logits=[[2, 1]])


def test_log_softmax_selu_log1p_squared_difference():
    tf.reset_default_graph()
    x = np.array([[1., 2., 3., 4.], [-1., 0., 1., 0.5]], np.float64)
    scale, scale_alpha = 1.0507009873554804934193349852946, 1.7580993408473768599402175208123
    with tf.Session() as s:
        ls, ls0, se, lp, sd = s.run([tf.nn.log_softmax(x), tf.nn.log_softmax(x, dim=0), tf.nn.selu(x),
                                     tf.log1p(tf.constant([1e-10, 1.0], tf.float64)),
                                     tf.squared_difference(x, tf.constant([1., 1., 1., 1.], tf.float64))])
    lse = np.log(np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True)) + x.max(1, keepdims=True)
    assert np.allclose(ls, x - lse, rtol=1e-14, atol=1e-15)
    lse0 = np.log(np.exp(x - x.max(0)).sum(0)) + x.max(0)
    assert np.allclose(ls0, x - lse0, rtol=1e-14, atol=1e-15)
    assert np.allclose(se, np.where(x < 0, scale_alpha * (np.exp(x) - 1), scale * x), rtol=1e-15, atol=0)
    assert np.allclose(lp, np.log1p([1e-10, 1.0]), rtol=1e-15, atol=0)
    assert np.array_equal(sd, (x - 1) ** 2)


def test_l2_normalize_takes_dim_and_axis():
    tf.reset_default_graph()
    x = np.array([[3., 1.], [4., 1.]], np.float64)
    with tf.Session() as s:
        a, b = s.run([tf.nn.l2_normalize(tf.constant(x), dim=0), tf.nn.l2_normalize(tf.constant(x), axis=1, epsilon=1e-12)])
    assert np.allclose(a, x / np.sqrt((x ** 2).sum(0, keepdims=True)), rtol=1e-15, atol=0)
    assert np.allclose(b, x / np.sqrt((x ** 2).sum(1, keepdims=True)), rtol=1e-15, atol=0)


def test_moments_return_a_tuple_with_tf_keywords():
    tf.reset_default_graph()
    x = np.random.RandomState(0).rand(3, 4, 2)
    mean, variance = tf.nn.moments(tf.constant(x), axes=[0, 2], keep_dims=True)
    assert mean.shape.as_list() == [1, 4, 1]
    with tf.Session() as s:
        m, v = s.run([mean, variance])
    assert np.allclose(m, x.mean((0, 2), keepdims=True), rtol=1e-13, atol=0)
    assert np.allclose(v, x.var((0, 2), keepdims=True), rtol=1e-12, atol=0)


def test_random_shuffle_and_multinomial_take_tf_keywords():
    tf.reset_default_graph()
    tf.set_random_seed(777)
    values = np.arange(10) * 10
    shuffled = tf.random_shuffle(values, seed=3, name="shuffled")
    samples = tf.multinomial(tf.log([[0.2, 0.3, 0.5]]), num_samples=4000, seed=1)
    samples32 = tf.multinomial([[0.0, 0.0]], 3, seed=2, output_dtype=tf.int32)
    with tf.Session() as s:
        a, b = s.run(shuffled), s.run(shuffled)
        m, m32 = s.run([samples, samples32])
    assert sorted(a.tolist()) == values.tolist() and sorted(b.tolist()) == values.tolist()
    assert a.tolist() != b.tolist()  # a new order each run (TF's stateful kernel)
    assert m.dtype == np.int64 and m.shape == (1, 4000) and m32.dtype == np.int32
    freq = np.bincount(m[0], minlength=3) / 4000.0
    assert np.allclose(freq, [0.2, 0.3, 0.5], atol=0.03)
    with pytest.raises(errors.ValueError, match="matrix"):
        tf.multinomial([1.0, 2.0], 2)


def test_op_seed_repeats_across_sessions_and_unseeded_ops_do_not():
    tf.reset_default_graph()
    a = tf.random_uniform([3], seed=1)
    b = tf.random_uniform([3])
    with tf.Session() as s1:
        a1, b1 = s1.run(a), s1.run(b)
    with tf.Session() as s2:
        a2, b2 = s2.run(a), s2.run(b)
    assert np.array_equal(a1, a2) and not np.array_equal(b1, b2)
