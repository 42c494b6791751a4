"""Issue 15 from Python: integers in their own type with TF's two's-complement wrap, TF's identities for empty
reductions, and the conversions and dtypes TF 1.x rejects (values computed by the real semantics: NumPy's own
fixed-width integer arithmetic wraps the same way)."""
import numpy as np
import pytest

from bridge import tf
from bridge.errors import InvalidArgumentError


def run(t, feed=None):
    with tf.Session() as s:
        return s.run(t, feed_dict=feed)


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_int64_keeps_all_64_bits():
    assert not run(tf.equal(tf.constant(2**53, tf.int64), tf.constant(2**53 + 1, tf.int64)))
    assert run(tf.reduce_sum(tf.constant([6043426238095500276], tf.int64))) == 6043426238095500276
    assert run(tf.constant(2**62, tf.int64) * 4) == 0  # 2**64 wraps to 0
    assert run(tf.constant(2**63 - 1, tf.int64) + 1) == -2**63


def test_int32_wraps_without_going_through_double():
    expected = (np.array([-293866939], np.int32) * np.array([-293866939], np.int32))[0]  # NumPy's int32 wrap
    assert run(tf.square(tf.constant(-293866939))) == expected
    # TF's integer mean: the int32 sum wraps to -2, then -2 / 2 truncates to -1.
    assert run(tf.reduce_mean(tf.constant([2**31 - 1, 2**31 - 1]))) == -1
    assert run(tf.reduce_mean(tf.constant([[-7, 0], [7, 0]]), axis=1)).tolist() == [-3, 3]


def test_large_int_tensors_wrap_alike():
    # Over 4096 elements the ops run on libtorch: the same wrap as the managed kernels.
    x = np.full(5000, 2**31 - 1, np.int32)
    assert run(tf.reduce_mean(tf.constant(x))) == -1  # 5000 * (2**31 - 1) wraps to -5000
    big = np.full(5000, 2**62 + 1, np.int64)
    assert run(tf.reduce_max(tf.constant(big))) == 2**62 + 1
    assert run(tf.reduce_sum(tf.constant(big))) == np.sum(big)  # NumPy's int64 sum wraps as TF's


def test_empty_reductions_give_tfs_identities():
    assert run(tf.reduce_prod(tf.zeros([0]))) == 1.0
    # TF 1.0: Eigen's NumTraits lowest/highest (-3.4028235e+38 for float32), not infinities (TF issues #3510, #4131)
    assert run(tf.reduce_max(tf.zeros([0]))) == np.finfo(np.float32).min
    assert run(tf.reduce_min(tf.zeros([0]))) == np.finfo(np.float32).max
    assert run(tf.reduce_max(tf.zeros([0], tf.int32))) == np.iinfo(np.int32).min
    assert run(tf.reduce_min(tf.zeros([0], tf.int64))) == np.iinfo(np.int64).max
    assert np.isnan(run(tf.reduce_mean(tf.zeros([0]))))


def test_argmax_over_an_empty_axis_is_an_invalid_argument_error():
    with pytest.raises(InvalidArgumentError, match=r"tf.argmax.*\[2, 0\]"):
        run(tf.argmax(tf.zeros([2, 0]), 1))


def test_rejected_as_tf_rejects():
    b = tf.constant([True, False])
    for f in (tf.greater, tf.less, tf.greater_equal, tf.less_equal):
        with pytest.raises(TypeError, match="bool"):
            f(b, b)
    with pytest.raises(TypeError, match="bool"):
        tf.argmax(b, 0)
    with pytest.raises(TypeError, match="tf.matmul.*bool"):
        tf.matmul(tf.constant([[True]]), tf.constant([[True]]))
    with pytest.raises(TypeError, match="tf.matmul.*int64"):
        tf.matmul(tf.constant([[1]], tf.int64), tf.constant([[1]], tf.int64))
    with pytest.raises(ValueError, match=r"-1 is out of range \[0 .. 2\)"):
        tf.transpose(tf.zeros([2, 3]), [-1, 0])


def test_a_python_float_never_becomes_an_int():
    # TF 1.x's _AssertCompatible: "Expected int32, got 2.0 of type 'float' instead." for the operator and tf.add.
    x = tf.constant([1, 2])
    for f in (lambda: x + 2.0, lambda: tf.add(x, 2.0), lambda: 2.0 * x, lambda: tf.maximum(x, 1.0), lambda: x * [2.0, 3]):
        with pytest.raises(TypeError, match="Expected int32, got 2.0|Expected int32, got 1.0|expected int32"):
            f()
    with pytest.raises(TypeError, match="int32"):
        tf.constant(2.0, dtype=tf.int32)
    # Ints meet floats fine, and numpy scalars and arrays are cast (astype), as in TF.
    assert run(tf.constant([1.0]) + 2).tolist() == [3.0]
    assert run(x * np.float32(2.0)).tolist() == [2, 4]


def test_one_hot_takes_the_dtype_of_its_values():
    r = run(tf.one_hot([0, 1], 3, on_value=5, off_value=0))
    assert r.dtype == np.int32 and r.tolist() == [[5, 0, 0], [0, 5, 0]]
    r = run(tf.one_hot([0, 1], 3, on_value=np.float64(2)))
    assert r.dtype == np.float64
    r = run(tf.one_hot([0, 1], 3, off_value=tf.constant(-1, tf.int64)))
    assert r.dtype == np.int64 and r.tolist() == [[1, -1, -1], [-1, 1, -1]]
    r = run(tf.one_hot([0, 1], 3, on_value=True, off_value=False))
    assert r.dtype == np.bool_
    with pytest.raises(TypeError, match="on_value.*off_value"):
        tf.one_hot([0, 1], 3, on_value=5, off_value=0.0)
    with pytest.raises(TypeError, match="dtype parameter"):
        tf.one_hot([0, 1], 3, on_value=5, dtype=tf.float32)
    with pytest.raises(TypeError, match="dtype parameter"):
        tf.one_hot([0, 1], 3, on_value=1.0, off_value=0.0, dtype=tf.float64)  # 1.0 converts to float32 first


def test_sqrt_is_correctly_rounded_and_flushes_denormals():
    rng = np.random.RandomState(15)
    x = rng.randint(0, 0x7F800000, size=5000, dtype=np.int64).astype(np.uint32).view(np.float32)
    x = np.concatenate([x, np.array([0.0, -0.0, 1e-40, -1e-40, np.inf, 4.0], np.float32)])
    r = run(tf.sqrt(tf.constant(x)))
    daz = np.where(np.abs(x) < np.finfo(np.float32).tiny, np.float32(0.0) * np.sign(x), x)  # denormals read as 0
    expected = np.sqrt(daz.astype(np.float64)).astype(np.float32)  # the double root rounded is the float root
    assert r.view(np.uint32).tolist()[:5000] == expected.view(np.uint32).tolist()[:5000]
    assert r[-6:].tolist() == [0.0, 0.0, 0.0, 0.0, np.inf, 2.0]
    assert np.signbit(r[-5]) and np.signbit(r[-3])  # sqrt(-0) and the flushed -1e-40 are -0.0


def test_stack_and_concat_check_fed_shapes():
    a = tf.placeholder(tf.float32, [None])
    b = tf.placeholder(tf.float32, [None])
    with pytest.raises(InvalidArgumentError):
        run(tf.stack([a, b]), {a: np.zeros(2, np.float32), b: np.zeros(3, np.float32)})
    c = tf.placeholder(tf.float32, [None, 2])
    d = tf.placeholder(tf.float32, [None, None])
    with pytest.raises(InvalidArgumentError):
        run(tf.concat([c, d], 0), {c: np.zeros((1, 2), np.float32), d: np.zeros((1, 3), np.float32)})
    assert run(tf.concat([c, d], 0), {c: np.zeros((1, 2), np.float32), d: np.zeros((3, 2), np.float32)}).shape == (4, 2)
