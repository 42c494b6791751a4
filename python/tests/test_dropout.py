"""tf.nn.dropout from Python with TF 1.0's keywords: the seeded mask is floor(keep_prob + tf.random_uniform) for the
same op seeds, keep_prob as a placeholder fed 0.7 (training) and 1.0 (testing) as lab 10-5 does, noise_shape."""
import numpy as np
import pytest

from bridge import tf

X = np.array([[1, -2, 3, 4], [5, 6, -7, 8], [0.5, 10, 11, -12]], np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_seeded_dropout_is_keep_prob_plus_uniform_floored():
    x = tf.constant(X)
    y = tf.nn.dropout(x, keep_prob=0.6, noise_shape=None, seed=7, name="drop")
    u = tf.random_uniform([3, 4], seed=7)
    assert y.get_shape().as_list() == [3, 4]
    with tf.Session() as s:
        got, uv = s.run([y, u])
    mask = np.floor(np.float32(0.6) + uv)
    np.testing.assert_array_equal(got, X / np.float32(0.6) * mask)
    assert 0 < mask.sum() < 12


def test_placeholder_keep_prob_and_batch_as_lab_10_5():
    tf.set_random_seed(777)
    X_ = tf.placeholder(tf.float32, [None, 4])
    keep_prob = tf.placeholder(tf.float32)
    W = tf.Variable(tf.random_normal([4, 3]))
    L1 = tf.nn.dropout(tf.nn.relu(tf.matmul(X_, W)), keep_prob=keep_prob)
    assert L1.get_shape().as_list() == [None, 3]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        relu = s.run(tf.nn.relu(tf.matmul(X_, W)), feed_dict={X_: X})
        test = s.run(L1, feed_dict={X_: X, keep_prob: 1.0})
        train = s.run(L1, feed_dict={X_: X, keep_prob: 0.7})
        assert s.run(L1, feed_dict={X_: X[:2], keep_prob: 0.7}).shape == (2, 3)
    np.testing.assert_array_equal(test, relu)
    kept = train != 0
    np.testing.assert_allclose(train[kept], relu[kept] / np.float32(0.7), rtol=1e-6)


def test_noise_shape_keeps_whole_rows():
    y = tf.nn.dropout(tf.constant(X), 0.5, noise_shape=[3, 1], seed=11)
    with tf.Session() as s:
        got = s.run(y)
    for r in range(3):
        assert (got[r] == 0).all() or np.array_equal(got[r], X[r] / np.float32(0.5))


def test_gradient_flows_through_the_mask():
    x = tf.constant(X)
    y = tf.nn.dropout(x, 0.5, seed=3)
    g = tf.gradients(tf.reduce_sum(y), x)[0]
    with tf.Session() as s:
        yv, gv = s.run([y, g])
    np.testing.assert_array_equal(gv, (yv != 0) * np.float32(2.0))


def test_bad_keep_prob():
    x = tf.constant(X)
    with pytest.raises(ValueError, match=r"keep_prob must be a scalar tensor or a float in the range \(0, 1\], got 1.5"):
        tf.nn.dropout(x, 1.5)
    with pytest.raises(ValueError, match="got 0"):
        tf.nn.dropout(x, keep_prob=0.0)
    with pytest.raises(ValueError, match="scalar"):
        tf.nn.dropout(x, tf.constant([0.5, 0.5]))


def test_signature_keep_prob_one_and_later_seeds():
    import inspect
    assert list(inspect.signature(tf.nn.dropout).parameters) == ["x", "keep_prob", "noise_shape", "seed", "name"]
    x = tf.constant(X)
    assert tf.nn.dropout(x, 1).name == x.name  # TF returns x when keep_prob is the number 1
    tf.set_random_seed(777)
    tf.nn.dropout(x, 0.5)  # TF 1.0 ids 3 .. 14 (Const keep_prob, Shape, 2 Consts, 4 random_uniform ops, 4 more)
    n = tf.random_normal([2])  # 3 Consts (15 .. 17), then the op seed
    with tf.Session() as s:
        got = s.run(n)
    tf.reset_default_graph()
    tf.set_random_seed(777)
    with tf.Session() as s:
        np.testing.assert_array_equal(got, s.run(tf.random_normal([2], seed=17)))


def test_random_uniform_with_a_run_time_shape():
    p = tf.placeholder(tf.float32, [None, 3])
    u = tf.random_uniform(tf.shape(p), seed=2)
    assert u.get_shape().as_list() == [None, 3]
    with tf.Session() as s:
        assert s.run(u, feed_dict={p: np.zeros((5, 3), np.float32)}).shape == (5, 3)
