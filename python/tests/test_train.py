"""tf.train from Python with TF 1.x's keywords: learning rates as floats, ints, tensors and placeholders;
compute_gradients/apply_gradients with lists of (grad, var) tuples (None gradients skipped); the global step;
Momentum, Adagrad, RMSProp and Adadelta with the values of TF's own tests (momentum_test.py, adagrad_test.py)."""
import numpy as np
import pytest

from bridge import tf


def _two_vars(opt, g0=0.1, g1=0.01, dtype=np.float32):
    var0 = tf.Variable(np.array([1.0, 2.0], dtype))
    var1 = tf.Variable(np.array([3.0, 4.0], dtype))
    grads0 = tf.constant(np.array([g0, g0], dtype))
    grads1 = tf.constant(np.array([g1, g1], dtype))
    return var0, var1, opt.apply_gradients(zip([grads0, grads1], [var0, var1]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_momentum_as_tf_momentum_test_basic(dtype):
    tf.reset_default_graph()
    opt = tf.train.MomentumOptimizer(learning_rate=2.0, momentum=0.9)
    var0, var1, update = _two_vars(opt, dtype=dtype)
    assert opt.get_slot_names() == ["momentum"]
    slot0 = opt.get_slot(var0, "momentum")
    assert slot0.get_shape() == var0.get_shape()
    assert slot0.name == "Variable/Momentum:0"
    assert slot0.name not in [v.name for v in tf.trainable_variables()]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(update)
        np.testing.assert_allclose(s.run(slot0), [0.1, 0.1], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(s.run(var0), [1.0 - 0.1 * 2.0, 2.0 - 0.1 * 2.0], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(s.run(var1), [3.0 - 0.01 * 2.0, 4.0 - 0.01 * 2.0], rtol=1e-6, atol=1e-6)
        s.run(update)
        np.testing.assert_allclose(s.run(slot0), [0.9 * 0.1 + 0.1] * 2, rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(s.run(var0), [1.0 - 0.1 * 2.0 - (0.9 * 0.1 + 0.1) * 2.0,
                                                 2.0 - 0.1 * 2.0 - (0.9 * 0.1 + 0.1) * 2.0], rtol=1e-6, atol=1e-6)
        assert s.run(var0).dtype == dtype


def test_nesterov_momentum_minimize_with_global_step():
    # momentum_test.py's testNesterovMomentum: cost = 5 * var0^2 + 3 * var1, 4 steps against the numpy rule.
    tf.reset_default_graph()
    var0 = tf.Variable([1.0, 2.0])
    var1 = tf.Variable([3.0, 4.0])
    cost = 5 * var0 * var0 + 3 * var1
    global_step = tf.Variable(tf.zeros([], tf.int64), name="global_step")
    opt_op = tf.train.MomentumOptimizer(learning_rate=2.0, momentum=0.9, use_nesterov=True).minimize(
        cost, global_step, [var0, var1])
    v0, a0, v1, a1 = np.array([1.0, 2.0]), np.zeros(2), np.array([3.0, 4.0]), np.zeros(2)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for t in range(1, 5):
            s.run(opt_op)
            for v, a, g in ((v0, a0, v0 * 10), (v1, a1, 3.0)):
                a[:] = a * 0.9 + g
                v[:] = v - (g * 2.0 + a * 0.9 * 2.0)
            np.testing.assert_allclose(s.run(var0), v0, rtol=1e-6, atol=1e-6)
            np.testing.assert_allclose(s.run(var1), v1, rtol=1e-6, atol=1e-6)
            assert s.run(global_step) == t


def test_adagrad_as_tf_adagrad_test_basic():
    tf.reset_default_graph()
    opt = tf.train.AdagradOptimizer(3.0, initial_accumulator_value=0.1)
    var0, var1, update = _two_vars(opt)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        for _ in range(3):
            s.run(update)
        np.testing.assert_allclose(s.run(var0), [-1.6026098728179932, -0.6026098728179932], rtol=1e-6, atol=1e-6)
        np.testing.assert_allclose(s.run(var1), [2.715679168701172, 3.715679168701172], rtol=1e-6, atol=1e-6)
    with pytest.raises(tf.errors.ValueError, match="initial_accumulator_value must be positive"):
        tf.train.AdagradOptimizer(0.1, initial_accumulator_value=-1.0)


@pytest.mark.parametrize("centered", [False, True])
def test_rmsprop_against_the_float32_rule(centered):
    tf.reset_default_graph()
    opt = tf.train.RMSPropOptimizer(0.01, decay=0.9, momentum=0.5, epsilon=1e-10, centered=centered)
    var0, _, update = _two_vars(opt)
    assert opt.get_slot_names() == (["mg", "momentum", "rms"] if centered else ["momentum", "rms"])
    f = np.float32
    var, ms, mg, mom, g = np.array([1, 2], f), np.ones(2, f), np.zeros(2, f), np.zeros(2, f), f(0.1)
    lr, rho, m, eps = f(0.01), f(0.9), f(0.5), f(1e-10)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(opt.get_slot(var0, "rms")).tolist() == [1.0, 1.0]  # TF 1.0: rms starts at ones
        for _ in range(3):
            s.run(update)
            ms = ms + (g * g - ms) * (f(1) - rho)
            denom = ms + eps
            if centered:
                mg = mg + (g - mg) * (f(1) - rho)
                denom = ms - mg * mg + eps
            mom = mom * m + g * lr / np.sqrt(denom)
            var = var - mom
            assert s.run(var0).tolist() == var.tolist()


def test_adadelta_defaults_and_slots():
    tf.reset_default_graph()
    opt = tf.train.AdadeltaOptimizer()
    var0, _, update = _two_vars(opt, g0=0.2)
    assert opt.get_slot_names() == ["accum", "accum_update"]
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(update)
        accum = 0.05 * 0.2 * 0.2
        up = np.sqrt(1e-8) / np.sqrt(accum + 1e-8) * 0.2  # adadelta_test.py's reference, rtol 1e-3
        np.testing.assert_allclose(s.run(var0)[0], 1.0 - up * 0.001, rtol=1e-3)
        np.testing.assert_allclose(s.run(opt.get_slot(var0, "accum"))[0], accum, rtol=1e-3)


def test_compute_and_apply_gradients_with_python_tuples():
    tf.reset_default_graph()
    w = tf.Variable([3.0], name="w")
    unused = tf.Variable([7.0], name="unused")
    opt = tf.train.GradientDescentOptimizer(learning_rate=0.1)
    gvs = opt.compute_gradients(tf.reduce_sum(tf.square(w)))
    assert [v.name for _, v in gvs] == ["w:0", "unused:0"]
    assert gvs[1][0] is None
    # TF's idiom: clip, then apply (None gradients passed through and skipped).
    capped = [(None if g is None else tf.clip_by_value(g, -1.0, 1.0), v) for g, v in gvs]
    step = tf.train.get_or_create_global_step()
    train = opt.apply_gradients(capped, global_step=step, name="apply")
    assert train.name == "apply"
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(train)
        assert s.run(w).tolist() == [np.float32(3.0) - np.float32(1.0) * np.float32(0.1)]
        assert s.run(unused).tolist() == [7.0]
        assert s.run(step) == 1
        assert tf.train.global_step(s, step) == 1
    with pytest.raises(tf.errors.ValueError, match="No gradients provided for any variable"):
        opt.apply_gradients([(None, w)])


def test_learning_rate_forms():
    expected = np.float32(3.0) - np.float32(6.0) * np.float32(0.01)
    for make in (lambda: 0.01, lambda: np.float32(0.01), lambda: tf.constant(0.01), lambda: np.float64(0.01)):
        tf.reset_default_graph()
        w = tf.Variable([3.0])
        train = tf.train.GradientDescentOptimizer(make()).minimize(tf.reduce_sum(tf.square(w)))
        with tf.Session() as s:
            s.run(tf.global_variables_initializer())
            s.run(train)
            assert s.run(w).tolist() == [expected]
    tf.reset_default_graph()
    w = tf.Variable([3.0])
    lr = tf.placeholder(tf.float32, [])
    train = tf.train.MomentumOptimizer(lr, 0.9).minimize(tf.reduce_sum(tf.square(w)))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(train, feed_dict={lr: 0.01})
        assert s.run(w).tolist() == [expected]
    with pytest.raises(tf.errors.TypeError, match="learning_rate must be a number"):
        tf.train.MomentumOptimizer("fast", 0.9)
    with pytest.raises(tf.errors.ValueError, match="learning_rate must be a scalar"):
        tf.train.GradientDescentOptimizer(tf.constant([0.1, 0.2])).minimize(tf.reduce_sum(tf.square(w)))


def test_exponential_decay_with_global_step():
    tf.reset_default_graph()
    global_step = tf.Variable(0, trainable=False, name="global_step")
    assert tf.train.get_global_step() is not None
    starter = 0.1
    learning_rate = tf.train.exponential_decay(starter, global_step, 2, 0.5, staircase=True)
    w = tf.Variable([3.0])
    train = tf.train.GradientDescentOptimizer(learning_rate).minimize(tf.reduce_sum(tf.square(w)),
                                                                      global_step=global_step)
    smooth = tf.train.exponential_decay(0.05, global_step, 10, 0.96)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        rates = []
        for _ in range(5):
            rates.append(float(s.run(learning_rate)))
            s.run(train)
        assert rates == [float(np.float32(x)) for x in (0.1, 0.1, 0.05, 0.05, 0.025)]
        assert s.run(global_step) == 5
        np.testing.assert_allclose(s.run(smooth), 0.05 * 0.96 ** (5 / 10), rtol=1e-6)
    with pytest.raises(tf.errors.ValueError, match="global_step is required"):
        tf.train.exponential_decay(0.1, None, 10, 0.9)


def test_piecewise_constant():
    tf.reset_default_graph()
    step = tf.train.get_or_create_global_step()
    lr = tf.train.piecewise_constant(step, [10, 20], [1.0, 0.5, 0.1])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        got = []
        for k in (0, 10, 11, 20, 21):
            s.run(step.assign(k))
            got.append(float(s.run(lr)))
    assert got == [1.0, 1.0, 0.5, 0.5, float(np.float32(0.1))]
    with pytest.raises(tf.errors.ValueError, match="should be 1 less"):
        tf.train.piecewise_constant(step, [10], [1.0])


def test_polynomial_and_natural_exp_decay():
    tf.reset_default_graph()
    step = tf.Variable(5, trainable=False)
    poly = tf.train.polynomial_decay(0.1, step, 10, end_learning_rate=0.01, power=0.5)
    natural = tf.train.natural_exp_decay(0.1, step, 10, 0.5, staircase=True)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        np.testing.assert_allclose(s.run(poly), (0.1 - 0.01) * (1 - 0.5) ** 0.5 + 0.01, rtol=1e-6)
        np.testing.assert_allclose(s.run(natural), 0.1, rtol=1e-6)
