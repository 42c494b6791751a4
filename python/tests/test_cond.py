"""tf.cond (TF 1.x's true_fn/false_fn and TF 1.0's fn1/fn2 keywords, nested results), tf.control_dependencies as a
``with`` block, and the layers built on them with TF's Python keywords: tf.layers.batch_normalization(training=...),
tf.contrib.layers.batch_norm(decay=, updates_collections=None, is_training=...), tf.layers.dropout(rate=, training=),
tf.contrib.layers.dropout(keep_prob, is_training=), tf.nn.batch_normalization. Values as TF's kernel tests
(control_flow_ops_py_test.py) and the definitions in float32."""
import numpy as np
import pytest

from bridge import tf

X = np.array([[1, -2, 3], [5, 6, -7], [0.5, 10, 11], [2, -1, 4]], np.float32)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def _normalized(x, mean, var, offset=None, scale=None, eps=1e-3):
    inv = (np.float32(1) / np.sqrt(var + np.float32(eps))).astype(np.float32)
    if scale is not None:
        inv = inv * scale
    return x * inv + ((offset - mean * inv) if offset is not None else -mean * inv)


def test_cond_true_false_and_keywords():
    x, y = tf.constant(2), tf.constant(5)
    z = tf.cond(tf.less(x, y), lambda: tf.multiply(x, 17), lambda: tf.add(y, 23))
    z1 = tf.cond(pred=tf.less(y, x), fn1=lambda: tf.multiply(x, 17), fn2=lambda: tf.add(y, 23))
    z2 = tf.cond(tf.less(y, x), true_fn=lambda: x, false_fn=lambda: y, name="pick")
    assert z2.name == "pick/Merge:0"
    with tf.Session() as s:
        assert s.run([z, z1, z2]) == [34, 28, 5]


def test_nested_results_keep_their_structure():
    p = tf.placeholder(tf.bool)
    a = tf.constant(1.0)
    r = tf.cond(p, lambda: (a + 1, [a * 3, tf.constant(2.0)]), lambda: (a - 1, [a, a]))
    assert isinstance(r, tuple) and isinstance(r[1], list)
    one = tf.cond(p, lambda: [a + 1], lambda: [a])  # non-strict: a one-element list is the tensor
    strict = tf.cond(p, lambda: [a + 1], lambda: [a], strict=True)
    assert isinstance(one, tf.Tensor) and isinstance(strict, list)
    with tf.Session() as s:
        assert s.run(r, {p: True}) == (2.0, [3.0, 2.0])
        assert s.run(r, {p: False}) == (0.0, [1.0, 1.0])
        assert s.run(one, {p: False}) == 1.0


def test_untaken_branch_writes_nothing_and_draws_nothing():
    tf.set_random_seed(777)
    v = tf.Variable(1.0)
    p = tf.placeholder(tf.bool)
    w = tf.cond(p, lambda: tf.assign(v, 5.0), lambda: tf.identity(v))
    u = tf.cond(p, lambda: tf.random_uniform([3], seed=1), lambda: tf.zeros([3]))
    with tf.Session() as s, tf.Session() as ref:
        s.run(tf.global_variables_initializer())
        assert s.run(w, {p: False}) == 1.0 and s.run(v) == 1.0
        assert s.run(w, {p: True}) == 5.0 and s.run(v) == 5.0
        first, second = ref.run(u, {p: True}), ref.run(u, {p: True})
        np.testing.assert_array_equal(s.run(u, {p: True}), first)
        np.testing.assert_array_equal(s.run(u, {p: False}), np.zeros(3, np.float32))
        np.testing.assert_array_equal(s.run(u, {p: True}), second)


def test_cond_gradient_and_minimize():
    # testCondGrad_2: d cond(c < 2, 42 x, 3 x) / dx.
    c = tf.placeholder(tf.int32)
    x = tf.constant(10.0)
    g = tf.gradients(tf.cond(tf.less(c, 2), lambda: x * 42.0, lambda: x * 3.0), [x])[0]
    a = tf.Variable(2.0)
    p = tf.placeholder(tf.bool)
    train = tf.train.GradientDescentOptimizer(0.1).minimize(tf.cond(p, lambda: tf.square(a), lambda: a * 4.0))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(g, {c: 1}) == 42.0 and s.run(g, {c: 3}) == 3.0
        s.run(train, {p: True})
        assert s.run(a) == pytest.approx(1.6, abs=1e-6)
        s.run(train, {p: False})
        assert s.run(a) == pytest.approx(1.2, abs=1e-6)


def test_bad_input():
    x = tf.constant(1.0)
    p = tf.placeholder(tf.bool)
    with pytest.raises(TypeError, match="bool"):
        tf.cond(tf.constant(1.0), lambda: x, lambda: x)
    with pytest.raises(ValueError, match="scalar"):
        tf.cond(tf.constant([True, False]), lambda: x, lambda: x)
    with pytest.raises(ValueError, match="same structure"):
        tf.cond(p, lambda: (x, x), lambda: x)
    with pytest.raises(ValueError, match="same type"):
        tf.cond(p, lambda: x, lambda: tf.constant(1))
    with pytest.raises(TypeError, match="callable"):
        tf.cond(p, x, lambda: x)
    inside = []
    r = tf.cond(p, lambda: inside.append(x + 1) or inside[0], lambda: x)
    with tf.Session() as s:
        with pytest.raises(tf.errors.InvalidArgumentError, match="dead"):
            s.run(inside[0], {p: False})
        assert s.run(r, {p: False}) == 1.0


def test_control_dependencies_with_identity():
    v = tf.Variable(0.0)
    x = tf.constant(5.0)
    update = tf.assign_add(v, 1.0)
    with tf.control_dependencies([update]):
        y = tf.identity(x)
        with tf.control_dependencies(None):
            free = tf.identity(x)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(y) == 5.0 and s.run(y) == 5.0
        assert s.run(v) == 2.0
        s.run(free)
        assert s.run(v) == 2.0
    with pytest.raises(TypeError, match="Control input"):
        with tf.control_dependencies([1.0]):
            pass


def test_batch_normalization_layers_as_the_labs_call_them():
    X_ = tf.placeholder(tf.float32, [None, 3])
    mode = tf.placeholder(tf.bool, name="train_mode")
    bn = tf.layers.batch_normalization(X_, training=mode)
    cbn = tf.contrib.layers.batch_norm(X_, decay=0.9, updates_collections=None, is_training=mode)
    assert [v.name for v in tf.global_variables()] == [
        "batch_normalization/beta:0", "batch_normalization/gamma:0", "batch_normalization/moving_mean:0",
        "batch_normalization/moving_variance:0", "BatchNorm/beta:0", "BatchNorm/moving_mean:0",
        "BatchNorm/moving_variance:0"]
    update_ops = tf.get_collection(tf.GraphKeys.UPDATE_OPS)
    assert len(update_ops) == 2  # the core layer's; batch_norm with updates_collections=None forces its own
    mean, var = X.mean(0), X.var(0)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got, cgot = s.run([bn, cbn], {X_: X, mode: True})
        np.testing.assert_allclose(got, _normalized(X, mean, var, np.zeros(3, np.float32), np.ones(3, np.float32)), atol=2e-6)
        np.testing.assert_allclose(cgot, _normalized(X, mean, var, np.zeros(3, np.float32)), atol=2e-6)
        mm = s.run(tf.global_variables()[5])
        np.testing.assert_allclose(mm, mean * np.float32(0.1), atol=1e-6)  # forced: updated by the training run
        test = s.run(bn, {X_: X, mode: False})
        np.testing.assert_allclose(test, _normalized(X, 0 * mean, 1 + 0 * var, np.zeros(3), np.ones(3)), atol=1e-6)
        s.run(update_ops, {X_: X})
        np.testing.assert_allclose(s.run(tf.global_variables()[2]), mean * np.float32(0.01), atol=1e-6)


def test_nn_batch_normalization_and_moments():
    X_ = tf.constant(X)
    m, v = tf.nn.moments(X_, [0])
    y = tf.nn.batch_normalization(X_, m, v, offset=None, scale=None, variance_epsilon=1e-3)
    with tf.Session() as s:
        np.testing.assert_allclose(s.run(y), _normalized(X, X.mean(0), X.var(0)), atol=2e-6)


def test_dropout_layers():
    tf.set_random_seed(777)
    X_ = tf.placeholder(tf.float32, [None, 3])
    mode = tf.placeholder(tf.bool)
    d = tf.contrib.layers.dropout(X_, 0.7, is_training=mode)
    same = tf.layers.dropout(X_, rate=0.3, training=False)
    seeded = tf.layers.dropout(X_, rate=0.3, seed=5, training=True)
    ref = tf.nn.dropout(X_, 1 - 0.3, seed=5)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(d, {X_: X, mode: False}), X)
        np.testing.assert_array_equal(s.run(same, {X_: X}), X)
        a, b = s.run([seeded, ref], {X_: X})
        np.testing.assert_array_equal(a, b)
        got = s.run(d, {X_: X, mode: True})
        assert np.all((got == 0) | np.isclose(got, X / np.float32(0.7)))
