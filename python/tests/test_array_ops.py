"""TF 1.x's array functions from Python: sequences, slicing syntax, gather, split, tile, pad, reverse, boolean_mask,
broadcast_to, meshgrid, tensors as shape and axis arguments (values from TF's docstrings and kernel tests)."""
import numpy as np
import pytest

from bridge import tf


def run(*fetches, feed_dict=None):
    with tf.Session() as s:
        out = s.run(list(fetches), feed_dict=feed_dict)
    return out[0] if len(out) == 1 else out


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()


def test_range_infers_tf_dtypes_and_raises_tf_errors():
    r = tf.range(3, 18, 3)
    assert r.dtype == tf.int32 and r.op.type == "Range"
    assert run(r).tolist() == [3, 6, 9, 12, 15]
    f = tf.range(3, 1, -0.5)
    assert f.dtype == tf.float32 and run(f).tolist() == [3, 2.5, 2, 1.5]
    assert run(tf.range(5)).tolist() == [0, 1, 2, 3, 4]
    assert tf.range(0, 3, dtype=tf.int64).dtype == tf.int64
    assert run(tf.range(start=1, limit=4, delta=2)).tolist() == [1, 3]
    with pytest.raises(ValueError, match="Requires delta != 0"):
        tf.range(0, 5, 0)
    with pytest.raises(ValueError, match="Requires start <= limit when delta > 0"):
        tf.range(5, 1)


def test_linspace_fill_size_rank_convert_to_tensor():
    assert run(tf.linspace(10.0, 12.0, 3)).tolist() == [10.0, 11.0, 12.0]
    assert run(tf.lin_space(0.0, 1.0, 5)).dtype == np.float32
    f = tf.fill([2, 3], 9)
    assert f.dtype == tf.int32 and run(f).tolist() == [[9, 9, 9], [9, 9, 9]]
    x = tf.zeros([2, 4])
    assert run(tf.fill(tf.shape(x), 0.5)).shape == (2, 4)
    assert run(tf.size(x)) == 8 and tf.size(x, out_type=tf.int64).dtype == tf.int64
    assert run(tf.rank(x)) == 2
    c = tf.convert_to_tensor([1, 2], dtype=tf.float32, name="c")
    assert c.dtype == tf.float32 and c.op.name == "c"
    assert tf.convert_to_tensor(c) is not None and tf.convert_to_tensor(np.array([1.0])).dtype == tf.float64
    with pytest.raises(ValueError, match="requested dtype int32 for Tensor with dtype float32"):
        tf.convert_to_tensor(c, dtype=tf.int32)


T3 = [[[1, 1, 1], [2, 2, 2]], [[3, 3, 3], [4, 4, 4]], [[5, 5, 5], [6, 6, 6]]]


def test_slice_and_strided_slice_as_the_docstrings():
    assert run(tf.slice(T3, [1, 0, 0], [1, 2, 3])).tolist() == [[[3, 3, 3], [4, 4, 4]]]
    assert run(tf.slice(T3, [1, 0, 0], [-1, 1, 3])).tolist() == [[[3, 3, 3]], [[5, 5, 5]]]
    assert run(tf.strided_slice(T3, [1, -1, 0], [2, -3, 3], [1, -1, 1])).tolist() == [[[4, 4, 4], [3, 3, 3]]]
    assert run(tf.strided_slice(T3, [0, 0, 0], [0, 0, 1], [1, 1, 1], begin_mask=3, end_mask=3,
                                shrink_axis_mask=4)).tolist() == [[1, 2], [3, 4], [5, 6]]
    with pytest.raises(ValueError, match=r"tf.slice: Expected size\[1\] in \[0, 1\], but got 2"):
        tf.slice(T3, [0, 1, 0], [1, 2, 1])


@pytest.mark.parametrize("spec", [
    (slice(1, 3),), (slice(None, None, 2),), (slice(None, None, -1),), (-1,), (1, slice(None), 0),
    (Ellipsis, 0), (None, Ellipsis), (slice(1, 3), slice(None, None, 2), None, Ellipsis, -1),
    (slice(-100, 100),), (0, None, slice(1, None)), (slice(3, 0, -1), Ellipsis, None),
])
def test_python_slicing_matches_numpy(spec):
    value = np.arange(4 * 3 * 2 * 5).reshape(4, 3, 2, 5).astype(np.float32)
    x = tf.constant(value)
    y = x[spec]
    assert y.op.type == "StridedSlice"
    expected = value[spec]
    assert tuple(y.shape.as_list()) == expected.shape
    np.testing.assert_array_equal(run(y), expected)


def test_slicing_with_tensors_variables_and_placeholders():
    x = tf.constant([[1, 2, 3], [4, 5, 6]])
    i = tf.constant(1)
    assert run(x[i]).tolist() == [4, 5, 6]
    assert run(x[:, i:]).tolist() == [[2, 3], [5, 6]]
    assert run(x[:, tf.newaxis]).shape == (2, 1, 3)
    v = tf.Variable([[1.0, 2.0], [3.0, 4.0]])
    p = tf.placeholder(tf.float32, [None, 3])
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        assert s.run(v[:, -1]).tolist() == [2.0, 4.0]
        assert s.run(p[1:, ::2], feed_dict={p: np.arange(9).reshape(3, 3)}).tolist() == [[3, 5], [6, 8]]
        with pytest.raises(tf.errors.InvalidArgumentError, match="out of bounds"):
            s.run(p[5], feed_dict={p: np.zeros((2, 3))})
    with pytest.raises(TypeError, match="valid indices"):
        x[1.5]
    with pytest.raises(ValueError, match="out of bounds"):
        x[2]


def test_slicing_with_an_index_known_only_at_run_time():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    i = tf.placeholder(tf.int32, [])
    assert run(x[i], feed_dict={i: 1}).tolist() == [4.0, 5.0, 6.0]
    assert run(x[:, i:], feed_dict={i: 1}).tolist() == [[2.0, 3.0], [5.0, 6.0]]
    g = tf.gradients(tf.reduce_sum(x[i]), x)[0]
    assert run(g, feed_dict={i: 0}).tolist() == [[1, 1, 1], [0, 0, 0]]


def test_slicing_gradient():
    x = tf.constant([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    g = tf.gradients(tf.reduce_sum(x[:, ::-2]), x)[0]
    assert run(g).tolist() == [[1, 0, 1], [1, 0, 1]]


def test_gather_and_gather_nd():
    params = [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9, 10, 11], [12, 13, 14]]
    assert run(tf.gather(params, [2, 0, 2])).tolist() == [[6, 7, 8], [0, 1, 2], [6, 7, 8]]
    assert run(tf.gather(params, [[2, 0]], axis=1)).shape == (5, 1, 2)
    assert run(tf.gather(tf.constant([1.0, 2.0, 3.0]), [2, 0])).tolist() == [3.0, 1.0]
    assert run(tf.gather(params, [1], validate_indices=True)).tolist() == [[3, 4, 5]]
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"indices\[1\] = 7 is not in \[0, 5\)"):
        run(tf.gather(params, [0, 7]))
    assert run(tf.gather_nd([[1, 2], [3, 4]], [[0, 0], [1, 1]])).tolist() == [1, 4]
    assert run(tf.gather_nd([[1, 2], [3, 4]], [[1], [0]])).tolist() == [[3, 4], [1, 2]]
    p = tf.constant([10.0, 20.0, 30.0])
    assert run(tf.gradients(tf.reduce_sum(tf.gather(p, [0, 2, 0])), p)[0]).tolist() == [2.0, 0.0, 1.0]


def test_split_tile_pad_reverse():
    value = tf.zeros([5, 30])
    a, b, c = tf.split(value, [4, 15, 11], 1)
    assert [t.shape.as_list() for t in (a, b, c)] == [[5, 4], [5, 15], [5, 11]]
    parts = tf.split(value, num_or_size_splits=3, axis=1)
    assert isinstance(parts, list) and [t.shape.as_list() for t in parts] == [[5, 10]] * 3
    assert run(tf.split(tf.constant([1, 2, 3, 4, 5]), [2, -1])[1]).tolist() == [3, 4, 5]
    with pytest.raises(ValueError, match="evenly divisible by 3 but is 10"):
        tf.split(tf.zeros([10]), 3)
    assert run(tf.tile([[1, 2]], [2, 2])).tolist() == [[1, 2, 1, 2], [1, 2, 1, 2]]
    t = [[1, 2, 3], [4, 5, 6]]
    paddings = [[1, 1], [2, 2]]
    assert run(tf.pad(t, paddings)).tolist() == [[0] * 7, [0, 0, 1, 2, 3, 0, 0], [0, 0, 4, 5, 6, 0, 0], [0] * 7]
    assert run(tf.pad(t, paddings, "REFLECT")).tolist() == [[6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1],
                                                            [6, 5, 4, 5, 6, 5, 4], [3, 2, 1, 2, 3, 2, 1]]
    assert run(tf.pad(t, paddings, mode="SYMMETRIC")).tolist() == [[2, 1, 1, 2, 3, 3, 2], [2, 1, 1, 2, 3, 3, 2],
                                                                   [5, 4, 4, 5, 6, 6, 5], [5, 4, 4, 5, 6, 6, 5]]
    assert run(tf.pad(t, [[0, 0], [1, 0]], constant_values=7)).tolist() == [[7, 1, 2, 3], [7, 4, 5, 6]]
    assert run(tf.pad(t, np.array([[0, 1], [0, 0]]))).tolist() == [[1, 2, 3], [4, 5, 6], [0, 0, 0]]
    with pytest.raises(ValueError, match="less than the dimension size: 3, 0 not less than 3"):
        tf.pad(t, [[0, 0], [3, 0]], "REFLECT")
    with pytest.raises(ValueError, match=r"matrix of shape \[2, 2\]"):
        tf.pad(t, [[1, 1]])
    assert run(tf.reverse(t, [1])).tolist() == [[3, 2, 1], [6, 5, 4]]
    assert run(tf.reverse_v2(t, axis=[0, -1])).tolist() == [[6, 5, 4], [3, 2, 1]]


def test_boolean_mask_broadcast_to_meshgrid():
    assert run(tf.boolean_mask([0, 1, 2, 3], [True, False, True, False])).tolist() == [0, 2]
    assert run(tf.boolean_mask([[1, 2], [3, 4], [5, 6]], np.array([True, False, True]))).tolist() == [[1, 2], [5, 6]]
    assert run(tf.boolean_mask([[1, 2, 3], [4, 5, 6]], [False, True, True], axis=1)).tolist() == [[2, 3], [5, 6]]
    x = tf.placeholder(tf.float32, [None])
    m = tf.boolean_mask(x, x > 0)
    assert run(m, feed_dict={x: [1.0, -2.0, 3.0]}).tolist() == [1.0, 3.0]
    assert run(tf.broadcast_to([1, 2, 3], [3, 3])).tolist() == [[1, 2, 3]] * 3
    X, Y = tf.meshgrid([1, 2, 3], [4, 5, 6])
    assert run(X).tolist() == [[1, 2, 3]] * 3 and run(Y).tolist() == [[4, 4, 4], [5, 5, 5], [6, 6, 6]]
    I, J = tf.meshgrid([1, 2], [4, 5, 6], indexing="ij")
    assert run(I).shape == (2, 3)


def test_tensors_as_shape_and_axis_arguments():
    y = tf.zeros([2, 3])
    x = tf.constant([1.0, 2.0, 3.0, 4.0, 5.0, 6.0])
    r = tf.reshape(x, tf.shape(y))
    assert r.shape.as_list() == [2, 3]
    assert tf.zeros(tf.shape(y)).shape.as_list() == [2, 3]
    assert tf.ones(tf.shape(y), dtype=tf.int32).shape.as_list() == [2, 3]
    assert tf.tile(y, tf.constant([2, 1])).shape.as_list() == [4, 3]
    assert tf.broadcast_to(x, tf.constant([2, 6])).shape.as_list() == [2, 6]
    assert run(tf.reduce_sum(r, axis=tf.constant(1))).tolist() == [6.0, 15.0]
    assert run(tf.reduce_sum(r, tf.constant([0, 1]))) == 21.0
    assert tf.expand_dims(x, tf.constant(0)).shape.as_list() == [1, 6]
    assert run(tf.gather(r, [0], axis=tf.constant(1))).tolist() == [[1.0], [4.0]]
    with pytest.raises(ValueError, match="axis.*not known"):
        tf.expand_dims(x, tf.placeholder(tf.int32))
    with pytest.raises(ValueError, match="not known"):
        tf.reduce_sum(x, axis=tf.placeholder(tf.int32))


def test_shape_tensors_known_only_at_run_time():
    p = tf.placeholder(tf.float32, [None, 3])
    x = tf.placeholder(tf.float32, [None])
    r = tf.reshape(x, tf.shape(p))
    assert r.shape.as_list() == [None, 3]
    flat = tf.reshape(p, [tf.shape(p)[0], -1])
    z = tf.zeros(tf.shape(p))
    assert z.shape.as_list() == [None, 3]
    pv = np.zeros((2, 3), np.float32)
    out, f, zv = run(r, flat, z, feed_dict={p: pv, x: np.arange(6, dtype=np.float32)})
    assert out.shape == (2, 3) and f.shape == (2, 3) and zv.shape == (2, 3)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Input to reshape is a tensor with 4 values"):
        run(r, feed_dict={p: pv, x: np.zeros(4, np.float32)})
    labels = tf.placeholder(tf.int32, [None])
    idx = tf.stack([tf.range(tf.shape(labels)[0]), labels], axis=1)
    picked = tf.gather_nd(tf.constant([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), idx)
    assert run(picked, feed_dict={labels: [1, 0, 1]}).tolist() == [2.0, 3.0, 6.0]


def test_one_hot_takes_tensor_on_and_off_values():
    tf.reset_default_graph()
    on = tf.placeholder(tf.float32, [])
    with tf.Session() as sess:
        out = sess.run(tf.one_hot([0, 2], 3, on_value=on, off_value=tf.constant(-1.0)), {on: 4.0})
    assert out.tolist() == [[4.0, -1.0, -1.0], [-1.0, -1.0, 4.0]]
