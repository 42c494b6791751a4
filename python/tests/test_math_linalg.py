"""tanh, cumsum/cumprod, reduce_logsumexp, tensordot, the diagonals, norms and clipping, and the tf.math / tf.linalg
namespaces, from Python with TF 1.x's keyword names (values from TF's docstrings and kernel tests)."""
import numpy as np
import pytest

from bridge import tf
from bridge import errors


def run(*fetches):
    with tf.Session() as s:
        return s.run(list(fetches)) if len(fetches) > 1 else s.run(fetches[0])


def setup_function(_):
    tf.reset_default_graph()


def test_tanh_and_nn_tanh_and_its_gradient():
    x = tf.constant([-3.0, -0.5, 0.0, 0.25, 2.0])
    y, ny, g = run(tf.tanh(x), tf.nn.tanh(x), tf.gradients(tf.reduce_sum(tf.tanh(x)), x)[0])
    assert y.dtype == np.float32
    np.testing.assert_allclose(y, np.tanh(np.float32([-3.0, -0.5, 0.0, 0.25, 2.0])), rtol=4e-7, atol=0)
    assert ny.tolist() == y.tolist()
    np.testing.assert_array_equal(g, np.float32(1) - y * y)
    d = run(tf.tanh(np.array([0.5, -1.5])))
    assert d.dtype == np.float64
    np.testing.assert_allclose(d, np.tanh([0.5, -1.5]), rtol=3e-16, atol=0)  # the C library's tanh
    with pytest.raises(TypeError, match="tf.tanh"):
        tf.tanh([1, 2])


def test_cumsum_and_cumprod_as_the_docstrings_show():
    s, e, r, er = run(tf.cumsum([1, 2, 4]), tf.cumsum([1, 2, 4], exclusive=True), tf.cumsum([1, 2, 4], reverse=True),
                      tf.cumsum([1, 2, 4], 0, True, True))
    assert s.tolist() == [1, 3, 7] and e.tolist() == [0, 1, 3] and r.tolist() == [7, 6, 4] and er.tolist() == [6, 4, 0]
    p, pe = run(tf.cumprod([2, 3, 5]), tf.cumprod([2, 3, 5], exclusive=True))
    assert p.tolist() == [2, 6, 30] and pe.tolist() == [1, 2, 6]
    m = np.arange(6, dtype=np.float32).reshape(2, 3)
    a1, at = run(tf.cumsum(m, axis=1), tf.math.cumsum(m, tf.constant(-1)))
    assert a1.tolist() == np.cumsum(m, axis=1).tolist() and at.tolist() == a1.tolist()
    x = tf.constant([1.0, 2.0, 3.0])
    assert run(tf.gradients(tf.reduce_sum(tf.cumsum(x)), x)[0]).tolist() == [3.0, 2.0, 1.0]
    with pytest.raises(ValueError, match="tf.cumsum.*axis 2"):
        tf.cumsum(m, axis=2)


def test_reduce_logsumexp_takes_tf_keywords():
    x = np.zeros((2, 3), np.float32)
    total, a0, kept, old = run(tf.reduce_logsumexp(x), tf.reduce_logsumexp(x, 0),
                               tf.reduce_logsumexp(x, axis=1, keepdims=True),
                               tf.reduce_logsumexp(x, reduction_indices=[1], keep_dims=True))
    np.testing.assert_allclose(total, np.log(6), rtol=1e-6)
    np.testing.assert_allclose(a0, [np.log(2)] * 3, rtol=1e-6)
    assert kept.shape == (2, 1) and old.tolist() == kept.tolist()
    np.testing.assert_allclose(run(tf.math.reduce_logsumexp(np.array([1000.0, 1000.0]))), 1000 + np.log(2), rtol=1e-15)


def test_tensordot_matches_numpy():
    a = np.arange(24, dtype=np.int32).reshape(2, 3, 4) - 7
    b = np.arange(20, dtype=np.int32).reshape(4, 5) % 7
    c = (np.arange(12, dtype=np.int32) % 5 - 2).reshape(3, 2, 2)
    r1, r2 = run(tf.tensordot(a, b, 1), tf.tensordot(a, c, axes=[[1, 0], [0, 1]]))
    assert r1.tolist() == np.tensordot(a, b, 1).tolist()
    assert r2.tolist() == np.tensordot(a, c, axes=[[1, 0], [0, 1]]).tolist()
    assert run(tf.linalg.tensordot(a, b, axes=[[2], [0]])).tolist() == np.tensordot(a, b, 1).tolist()
    with pytest.raises(ValueError, match="contracted dimensions must be equal"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([4, 2]), 1)
    with pytest.raises(ValueError, match="at least 1"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 2]), 0)
    with pytest.raises(ValueError, match="Different number of contraction axes"):
        tf.tensordot(tf.ones([2, 3]), tf.ones([3, 2]), ([1], [0, 1]))


def test_eye_diag_and_trace():
    e, e23, batch = run(tf.eye(2), tf.eye(2, num_columns=3), tf.eye(2, batch_shape=[3], dtype=tf.int32))
    assert e.tolist() == np.eye(2).tolist() and e23.tolist() == np.eye(2, 3).tolist()
    assert batch.shape == (3, 2, 2) and batch.dtype == np.int32
    d, dp, md, tr = run(tf.diag([1, 2, 3, 4]), tf.diag_part(tf.diag([1, 2, 3, 4])),
                        tf.linalg.diag([[1, 2], [3, 4]]), tf.trace([[1, 2, 3], [4, 5, 6], [7, 8, 9]]))
    assert d.tolist() == np.diag([1, 2, 3, 4]).tolist() and dp.tolist() == [1, 2, 3, 4]
    assert md.shape == (2, 2, 2) and md[1].tolist() == [[3, 0], [0, 4]]
    assert tr == 15
    assert run(tf.linalg.trace(np.float32([[[1, 2], [3, 4]], [[-1, 0], [0, -2]]]))).tolist() == [5.0, -3.0]
    assert run(tf.linalg.diag_part(np.float32([[1, 2, 3], [4, 5, 6]]))).tolist() == [1.0, 5.0]
    assert run(tf.matrix_set_diag(np.zeros((2, 2), np.float32), [7.0, 8.0])).tolist() == [[7.0, 0.0], [0.0, 8.0]]
    assert tf.linalg.transpose(tf.ones([2, 3, 4])).shape.as_list() == [2, 4, 3]


def test_norms_and_clipping():
    v = np.float32([3, -4])
    m = np.float32([[1, -2], [3, 4]])
    n2, n1, ninf, fro, col, row = run(tf.norm(v), tf.norm(v, ord=1), tf.norm(v, ord=np.inf),
                                      tf.norm(m, ord='fro', axis=[0, 1]), tf.norm(m, 1, axis=(0, 1)),
                                      tf.linalg.norm(m, ord=np.inf, axis=[-2, -1]))
    assert (n2, n1, ninf) == (5.0, 7.0, 4.0)
    np.testing.assert_allclose(fro, np.sqrt(30), rtol=1e-7)
    assert (col, row) == (6.0, 7.0)
    assert run(tf.norm(m, axis=1, keep_dims=True)).shape == (2, 1)
    with pytest.raises(ValueError, match="matrix norm"):
        tf.norm(m, ord=2, axis=[0, 1])
    with pytest.raises(ValueError, match="vector norm"):
        tf.norm(v, ord='fro')
    with pytest.raises(ValueError, match="vector norm"):
        tf.norm(v, ord=-1)
    assert run(tf.nn.l2_loss(np.float32([1, 2, 3]))) == 7.0
    t = np.float32([[-3, 0, 0], [4, 0, 0]])
    np.testing.assert_allclose(run(tf.clip_by_norm(t, 4.0)), [[-2.4, 0, 0], [3.2, 0, 0]], rtol=1e-6)
    np.testing.assert_allclose(run(tf.clip_by_norm(t, clip_norm=3.0, axes=[1])), [[-3, 0, 0], [3, 0, 0]], rtol=1e-6)
    a, b = tf.constant([3.0, 4.0]), tf.constant([12.0])
    assert run(tf.global_norm([a, b])) == 13.0
    clipped, norm = tf.clip_by_global_norm([a, None, b], 6.5)
    assert clipped[1] is None
    c0, c2, gn = run(clipped[0], clipped[2], norm)
    np.testing.assert_allclose(c0, [1.5, 2.0], rtol=1e-6)
    np.testing.assert_allclose(c2, [6.0], rtol=1e-6)
    assert gn == 13.0


def test_math_and_linalg_namespaces():
    m = np.float32([[1, 2], [3, 4]])
    s, amax, old, t, mm = run(tf.math.reduce_sum(m, axis=0), tf.math.argmax(m, axis=1),
                              tf.math.reduce_mean(m, reduction_indices=[1], keep_dims=True), tf.math.tanh(m),
                              tf.linalg.matmul(m, m, adjoint_b=True))
    assert s.tolist() == [4.0, 6.0] and amax.tolist() == [1, 1] and old.tolist() == [[1.5], [3.5]]
    assert t.tolist() == run(tf.tanh(m)).tolist()
    assert mm.tolist() == (m @ m.T).tolist()
    assert run(tf.math.argmax(m, dimension=0)).tolist() == [1, 1]
    assert tf.math.log(m).op.type == "Log" and tf.linalg.eye(2).op.type == "MatrixDiag"
    assert tf.linalg.tensor_diag([1.0, 2.0]).op.type == "Diag"
    for name in ["abs", "add", "cumsum", "cumprod", "reduce_logsumexp", "softplus", "sigmoid", "tanh", "count_nonzero"]:
        assert callable(getattr(tf.math, name)), name
    for name in ["diag", "diag_part", "eye", "global_norm", "matmul", "norm", "set_diag", "tensordot", "trace", "transpose"]:
        assert callable(getattr(tf.linalg, name)), name


def test_reduce_euclidean_norm_is_tf_115s():
    x = np.float32([[1, 2, 3], [1, 1, 1]])
    total, a0, kept = run(tf.math.reduce_euclidean_norm(x), tf.math.reduce_euclidean_norm(x, 0),
                          tf.math.reduce_euclidean_norm(x, axis=1, keepdims=True))
    assert total == np.float32(np.sqrt(17)) and a0.tolist() == np.sqrt(np.float32([2, 5, 10])).tolist()
    assert kept.shape == (2, 1)
    assert tf.math.reduce_euclidean_norm(x).op.type == "EuclideanNorm"
    assert "reduce_euclidean_norm" not in dir(tf)  # TF 1.15 has tf.math.reduce_euclidean_norm only


def test_eye_positional_and_cumsum_axis_tensor():
    assert run(tf.eye(2, 3)).tolist() == np.eye(2, 3).tolist()
    m = np.float32([[1, 2], [3, 4]])
    assert run(tf.cumsum(m, tf.constant(1), reverse=True)).tolist() == [[3.0, 2.0], [7.0, 4.0]]
    with pytest.raises(TypeError, match="scalar integer"):
        tf.cumsum(m, 0.5)


def test_math_and_linalg_hold_the_nn_math_functions():
    tf.reset_default_graph()
    with tf.Session() as sess:
        a, b = sess.run([tf.math.l2_normalize([3.0, 4.0], dim=0), tf.linalg.l2_normalize([3.0, 4.0], axis=0)])
        assert abs(a[0] - 0.6) < 1e-7 and abs(b[1] - 0.8) < 1e-7
        assert sess.run(tf.math.log1p([0.0]))[0] == 0.0
        assert sess.run(tf.math.squared_difference([1.0], [4.0]))[0] == 9.0
        assert sess.run(tf.math.log_softmax([0.0, 0.0], dim=0))[0] == sess.run(tf.nn.log_softmax([0.0, 0.0]))[0]
