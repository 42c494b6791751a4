"""tf.nn.conv2d / conv2d_backprop_input / conv2d_backprop_filter / max_pool / avg_pool and tf.layers.conv2d /
max_pooling2d / average_pooling2d from Python, with TF 1.x's keyword names. Expected values: TF's kernel tests
(conv_ops_test.py, pooling_ops_test.py: inputs 1, 2, 3, ...) and a numpy reference of the definitions."""
import numpy as np
import pytest

from bridge import errors, tf


@pytest.fixture(autouse=True)
def fresh_graph():
    tf.reset_default_graph()
    yield


def iota(shape, dtype=np.float32):
    return np.arange(1, int(np.prod(shape)) + 1, dtype=dtype).reshape(shape)


def run(t, feed=None):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(t, feed)


def np_conv2d(x, f, strides, padding, dilations=(1, 1)):
    """The definition: TF's output sizes and padding (total // 2 before, the rest after), zeros outside."""
    b, h, w, c = x.shape
    kh, kw, _, o = f.shape
    sh, sw = strides
    dh, dw = dilations
    eh, ew = (kh - 1) * dh + 1, (kw - 1) * dw + 1
    if padding == "SAME":
        oh, ow = -(-h // sh), -(-w // sw)
        top = max(0, (oh - 1) * sh + eh - h) // 2
        left = max(0, (ow - 1) * sw + ew - w) // 2
    else:
        oh, ow = (h - eh) // sh + 1, (w - ew) // sw + 1
        top = left = 0
    y = np.zeros((b, oh, ow, o), np.float64)
    for i in range(oh):
        for j in range(ow):
            for di in range(kh):
                for dj in range(kw):
                    r, q = i * sh + di * dh - top, j * sw + dj * dw - left
                    if 0 <= r < h and 0 <= q < w:
                        y[:, i, j, :] += x[:, r, q, :].astype(np.float64) @ f[di, dj].astype(np.float64)
    return y


# conv_ops_test.py's _VerifyValues cases
@pytest.mark.parametrize("inp,filt,strides,padding,expected", [
    ([1, 2, 3, 3], [1, 1, 3, 3], [1, 1], "VALID",
     [30, 36, 42, 66, 81, 96, 102, 126, 150, 138, 171, 204, 174, 216, 258, 210, 261, 312]),
    ([1, 2, 3, 3], [2, 2, 3, 3], [1, 1], "VALID", [2271, 2367, 2463, 2901, 3033, 3165]),
    ([1, 2, 3, 3], [2, 2, 3, 3], [2, 2], "SAME", [2271, 2367, 2463, 1230, 1305, 1380]),
    ([1, 3, 6, 1], [2, 2, 1, 1], [1, 2], "VALID", [58, 78, 98, 118, 138, 158]),
    ([1, 7, 7, 1], [2, 2, 1, 1], [3, 3], "VALID", [65, 95, 275, 305]),
    ([1, 4, 4, 1], [2, 2, 1, 1], [3, 3], "SAME", [44, 28, 41, 16]),
])
def test_conv2d_tf_kernel_test_values(inp, filt, strides, padding, expected):
    y = tf.nn.conv2d(input=tf.constant(iota(inp)), filter=tf.constant(iota(filt)),
                     strides=[1] + strides + [1], padding=padding, use_cudnn_on_gpu=True, data_format="NHWC")
    np.testing.assert_array_equal(run(y).ravel(), np.array(expected, np.float32))


@pytest.mark.parametrize("padding", ["SAME", "VALID"])
@pytest.mark.parametrize("stride", [1, 2, 3])
def test_conv2d_matches_the_definition_and_gradients(padding, stride):
    rng = np.random.RandomState(0)
    xv = rng.uniform(-1, 1, (3, 11, 10, 3))
    fv = rng.uniform(-1, 1, (3, 4, 3, 5))
    x = tf.placeholder(tf.float64, [None, 11, 10, 3])
    f = tf.constant(fv)
    y = tf.nn.conv2d(x, f, [1, stride, stride, 1], padding)
    np.testing.assert_allclose(run(y, {x: xv}), np_conv2d(xv, fv, (stride, stride), padding), rtol=1e-12, atol=1e-12)
    # d sum(y * w) / dx and / df against central differences at a few points
    w = rng.uniform(-1, 1, run(y, {x: xv}).shape)
    loss = tf.reduce_sum(y * w)
    gx, gf = tf.gradients(loss, [x, f])
    gxv, gfv = run([gx, gf], {x: xv})
    eps = 1e-6
    for idx in [(0, 0, 0, 0), (2, 10, 9, 2), (1, 5, 4, 1)]:
        p, m = xv.copy(), xv.copy()
        p[idx] += eps
        m[idx] -= eps
        num = (np.sum(np_conv2d(p, fv, (stride, stride), padding) * w) - np.sum(np_conv2d(m, fv, (stride, stride), padding) * w)) / (2 * eps)
        assert gxv[idx] == pytest.approx(num, rel=1e-6, abs=1e-6)
    for idx in [(0, 0, 0, 0), (2, 3, 2, 4), (1, 2, 1, 3)]:
        p, m = fv.copy(), fv.copy()
        p[idx] += eps
        m[idx] -= eps
        num = (np.sum(np_conv2d(xv, p, (stride, stride), padding) * w) - np.sum(np_conv2d(xv, m, (stride, stride), padding) * w)) / (2 * eps)
        assert gfv[idx] == pytest.approx(num, rel=1e-6, abs=1e-6)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_conv2d_gradients_at_lab_11_size(dtype):
    # lab 11-1's second layer (3x3 SAME, 32 -> 64 channels on 14x14; large enough for libtorch's convolution backward):
    # d sum(y * w) / dx and / df against the definitions, tap by tap in float64.
    rng = np.random.RandomState(4)
    xv = rng.uniform(-1, 1, (8, 14, 14, 32))
    fv = rng.uniform(-1, 1, (3, 3, 32, 64))
    wv = rng.uniform(-1, 1, (8, 14, 14, 64))
    x = tf.placeholder(tf.as_dtype(dtype), [None, 14, 14, 32])
    f = tf.constant(fv.astype(dtype))
    y = tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME")
    gx, gf = tf.gradients(tf.reduce_sum(y * wv.astype(dtype)), [x, f])
    gxv, gfv = run([gx, gf], {x: xv.astype(dtype)})
    xp = np.pad(xv, ((0, 0), (1, 1), (1, 1), (0, 0)))
    dxp = np.zeros_like(xp)
    df = np.zeros_like(fv)
    for i in range(3):
        for j in range(3):
            df[i, j] = np.einsum("bhwc,bhwo->co", xp[:, i:i + 14, j:j + 14], wv)
            dxp[:, i:i + 14, j:j + 14] += np.einsum("bhwo,co->bhwc", wv, fv[i, j])
    tol = 1e-4 if dtype == np.float32 else 1e-10
    np.testing.assert_allclose(gxv, dxp[:, 1:15, 1:15], rtol=tol, atol=tol * 10)
    np.testing.assert_allclose(gfv, df, rtol=tol, atol=tol * 10)


def test_conv2d_dilations():
    rng = np.random.RandomState(1)
    xv = rng.uniform(-1, 1, (2, 9, 8, 2))
    fv = rng.uniform(-1, 1, (3, 2, 2, 3))
    y = tf.nn.conv2d(tf.constant(xv), tf.constant(fv), strides=[1, 1, 1, 1], padding="SAME", dilations=[1, 2, 3, 1])
    np.testing.assert_allclose(run(y), np_conv2d(xv, fv, (1, 1), "SAME", (2, 3)), rtol=1e-12, atol=1e-12)


def test_backprop_ops_tf_kernel_test_values():
    dx = tf.nn.conv2d_backprop_input(input_sizes=[1, 2, 3, 3], filter=tf.constant(iota([2, 2, 3, 3])),
                                     out_backprop=tf.constant(iota([1, 1, 2, 3])), strides=[1, 1, 1, 1], padding="VALID")
    np.testing.assert_array_equal(run(dx).ravel(), [14, 32, 50, 100, 163, 226, 167, 212, 257, 122, 140, 158, 478, 541, 604, 437, 482, 527])
    df = tf.nn.conv2d_backprop_filter(input=tf.constant(iota([1, 3, 6, 1])), filter_sizes=[2, 2, 1, 1],
                                      out_backprop=tf.constant(iota([1, 2, 3, 1])), strides=[1, 1, 2, 1], padding="VALID")
    np.testing.assert_array_equal(run(df).ravel(), [161, 182, 287, 308])


# pooling_ops_test.py
def test_pooling_tf_kernel_test_values():
    x = tf.constant(iota([1, 2, 4, 3]))
    np.testing.assert_array_equal(run(tf.nn.avg_pool(value=x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")).ravel(),
                                  [8.5, 9.5, 10.5, 14.5, 15.5, 16.5])
    x2 = tf.constant(iota([1, 3, 3, 3]))
    np.testing.assert_array_equal(run(tf.nn.max_pool(x2, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="VALID", data_format="NHWC")).ravel(),
                                  [13, 14, 15])
    np.testing.assert_array_equal(run(tf.nn.avg_pool(tf.constant(iota([1, 2, 2, 1])), [1, 1, 2, 1], [1, 1, 1, 1], "SAME")).ravel(),
                                  [1.5, 2.0, 3.5, 4.0])


def test_max_pool_gradient_routes_ties_as_tf_cpu():
    # pooling_ops_test.py _testMaxPoolGradDirect1_2
    x = tf.constant(np.array([1, 0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1], np.float32).reshape(1, 4, 4, 1))
    y = tf.nn.max_pool(x, [1, 2, 2, 1], [1, 1, 1, 1], "VALID")
    dy = tf.constant(np.array([11, 12, 13, 15, 16, 17, 19, 20, 21], np.float32).reshape(1, 3, 3, 1))
    dx = tf.gradients(y, x, grad_ys=dy)[0]
    assert dx.op.type == "MaxPoolGrad"
    np.testing.assert_array_equal(run(dx).ravel(), [11, 0, 25, 0, 0, 31, 0, 17, 19, 0, 41, 0, 0, 0, 0, 0])


@pytest.mark.parametrize("with_nan", [False, True])
def test_max_pool_at_lab_11_size_routes_as_tf_cpu(with_nan):
    # lab 11-1's first pooling (2x2, stride 2, SAME on 28x28x32; a batch large enough for libtorch's kernels), values
    # with many ties, optionally NaNs: TF's CPU kernel keeps the first maximum in row-major window order, skipping NaN
    # (`>`) unless the window's first element is NaN. numpy reference of that rule.
    rng = np.random.RandomState(3)
    xv = rng.randint(0, 4, (50, 28, 28, 32)).astype(np.float32)
    if with_nan:
        xv[rng.uniform(size=xv.shape) < 0.02] = np.nan
    dyv = rng.uniform(-1, 1, (50, 14, 14, 32)).astype(np.float32)
    x = tf.placeholder(tf.float32, [None, 28, 28, 32])
    y = tf.nn.max_pool(x, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding="SAME")
    dx = tf.gradients(y, x, grad_ys=tf.constant(dyv))[0]
    yv, dxv = run([y, dx], {x: xv})
    windows = xv.reshape(50, 14, 2, 14, 2, 32).transpose(0, 1, 3, 5, 2, 4).reshape(50, 14, 14, 32, 4)
    first = np.argmax(np.where(np.isnan(windows), -np.inf, windows), axis=-1)
    first = np.where(np.isnan(windows[..., 0]), 0, first)
    np.testing.assert_array_equal(yv, np.take_along_axis(windows, first[..., None], -1)[..., 0])
    routed = np.zeros(windows.shape, np.float32)
    np.put_along_axis(routed, first[..., None], dyv[..., None], -1)
    expected = routed.reshape(50, 14, 14, 32, 2, 2).transpose(0, 1, 4, 2, 5, 3).reshape(50, 28, 28, 32)
    np.testing.assert_array_equal(dxv, expected)


def test_avg_pool_gradient_over_the_valid_elements():
    x = tf.constant(iota([1, 3, 3, 1]))
    y = tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    dx = tf.gradients(y, x, grad_ys=tf.constant(np.array([4, 2, 2, 1], np.float32).reshape(1, 2, 2, 1)))[0]
    np.testing.assert_array_equal(run(y).ravel(), [3, 4.5, 7.5, 9])
    np.testing.assert_array_equal(run(dx).ravel(), np.ones(9))


def test_bad_input_errors():
    x = tf.placeholder(tf.float32, [None, 4, 4, 3])
    with pytest.raises(errors.ValueError, match=r"Dimensions must be equal, but are 3 and 2.*\[\?, 4, 4, 3\], \[2, 2, 2, 1\].*help:"):
        tf.nn.conv2d(x, tf.zeros([2, 2, 2, 1]), [1, 1, 1, 1], "SAME")
    f = tf.zeros([2, 2, 3, 1])
    with pytest.raises(errors.ValueError, match="stride attribute to contain 4 values"):
        tf.nn.conv2d(x, f, [1, 1, 1], "SAME")
    with pytest.raises(errors.ValueError, match="strides in the batch and depth dimensions"):
        tf.nn.conv2d(x, f, [2, 1, 1, 1], "SAME")
    with pytest.raises(errors.ValueError, match="Attr 'padding' of 'Conv2D' Op passed string 'same'"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], "same")
    with pytest.raises(errors.ValueError, match="Shape must be rank 4 but is rank 3"):
        tf.nn.conv2d(tf.placeholder(tf.float32, [4, 4, 3]), f, [1, 1, 1, 1], "SAME")
    with pytest.raises(errors.ValueError, match="only supports NHWC"):
        tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME", data_format="NCHW")
    with pytest.raises(errors.TypeError, match="int32"):
        tf.nn.conv2d(tf.placeholder(tf.int32, [1, 4, 4, 3]), tf.zeros([2, 2, 3, 1], tf.int32), [1, 1, 1, 1], "SAME")
    with pytest.raises(errors.ValueError, match="ksize attribute to contain 4 values"):
        tf.nn.max_pool(x, [1, 2, 2], [1, 1, 1, 1], "SAME")


def test_layers_names_shapes_and_values():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    c = tf.layers.conv2d(inputs=x, filters=32, kernel_size=[3, 3], padding="same", activation=tf.nn.relu)
    assert c.name == "conv2d/Relu:0"
    assert c.get_shape().as_list() == [None, 28, 28, 32]
    p = tf.layers.max_pooling2d(inputs=c, pool_size=[2, 2], padding="SAME", strides=2)
    assert p.name == "max_pooling2d/MaxPool:0"
    assert p.get_shape().as_list() == [None, 14, 14, 32]
    c2 = tf.layers.conv2d(p, 64, 3, strides=(2, 2), padding="valid", use_bias=False)
    assert c2.get_shape().as_list() == [None, 6, 6, 64]
    a = tf.layers.average_pooling2d(c2, pool_size=(2, 2), strides=(2, 2), name="avg")
    assert a.name == "avg/AvgPool:0"
    names = [v.name for v in tf.trainable_variables()]
    assert names == ["conv2d/kernel:0", "conv2d/bias:0", "conv2d_1/kernel:0"]
    assert tf.trainable_variables()[0].get_shape().as_list() == [3, 3, 1, 32]
    out = run(a, {x: np.random.RandomState(0).rand(2, 28, 28, 1).astype(np.float32)})
    assert out.shape == (2, 3, 3, 64)


def test_layer_values_with_constant_initializers():
    xv = np.random.RandomState(2).rand(2, 5, 5, 2).astype(np.float32)
    x = tf.constant(xv)
    y = tf.layers.conv2d(x, 3, 3, padding="same", kernel_initializer=tf.constant_initializer(0.25),
                         bias_initializer=tf.constant_initializer(0.5))
    expected = np_conv2d(xv, np.full((3, 3, 2, 3), 0.25, np.float32), (1, 1), "SAME") + 0.5
    np.testing.assert_allclose(run(y), expected, rtol=1e-5)


def test_layer_argument_errors():
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    with pytest.raises(errors.ValueError, match="The `padding` argument must be one of"):
        tf.layers.conv2d(x, 2, 3, padding="full")
    with pytest.raises(errors.ValueError, match="The `kernel_size` argument must be a tuple of 2 integers"):
        tf.layers.conv2d(x, 2, (3, 3, 3))
    with pytest.raises(errors.ValueError, match="channels_first"):
        tf.layers.max_pooling2d(x, 2, 2, data_format="channels_first")
    with pytest.raises(errors.ValueError, match="Inputs should have rank 4"):
        tf.layers.conv2d(tf.placeholder(tf.float32, [None, 784]), 2, 3)


def test_lab_11_0_notebook_arrays():
    """lab-11-0-cnn_basics.ipynb's cells (without the plots), in one graph with an InteractiveSession, against the
    arrays and tensors the notebook printed."""
    sess = tf.InteractiveSession()
    try:
        image = np.array([[[[1], [2], [3]], [[4], [5], [6]], [[7], [8], [9]]]], dtype=np.float32)
        weight = tf.constant([[[[1.]], [[1.]]], [[[1.]], [[1.]]]])
        assert weight.shape == (2, 2, 1, 1)
        conv2d = tf.nn.conv2d(image, weight, strides=[1, 1, 1, 1], padding='VALID')
        img = np.swapaxes(conv2d.eval(), 0, 3)
        np.testing.assert_array_equal(img[0].reshape(2, 2), [[12, 16], [24, 28]])
        conv2d = tf.nn.conv2d(image, weight, strides=[1, 1, 1, 1], padding='SAME')
        img = np.swapaxes(conv2d.eval(), 0, 3)
        np.testing.assert_array_equal(img[0].reshape(3, 3), [[12, 16, 9], [24, 28, 15], [15, 17, 9]])
        weight = tf.constant([[[[1., 10., -1.]], [[1., 10., -1.]]], [[[1., 10., -1.]], [[1., 10., -1.]]]])
        conv2d = tf.nn.conv2d(image, weight, strides=[1, 1, 1, 1], padding='SAME')
        img = np.swapaxes(conv2d.eval(), 0, 3)
        base = np.array([[12, 16, 9], [24, 28, 15], [15, 17, 9]], np.float32)
        for i, k in enumerate([1, 10, -1]):
            np.testing.assert_array_equal(img[i].reshape(3, 3), base * k)
        image = np.array([[[[4], [3]], [[2], [1]]]], dtype=np.float32)
        pool = tf.nn.max_pool(image, ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1], padding='VALID')
        assert pool.shape == (1, 1, 1, 1)
        np.testing.assert_array_equal(pool.eval(), [[[[4.]]]])
        pool = tf.nn.max_pool(image, ksize=[1, 2, 2, 1], strides=[1, 1, 1, 1], padding='SAME')
        np.testing.assert_array_equal(pool.eval(), [[[[4.], [3.]], [[2.], [1.]]]])
        img = np.zeros((28, 28), np.float32).reshape(-1, 28, 28, 1)
        W1 = tf.Variable(tf.random_normal([3, 3, 1, 5], stddev=0.01))
        conv2d = tf.nn.conv2d(img, W1, strides=[1, 2, 2, 1], padding='SAME')
        assert str(conv2d) == 'Tensor("Conv2D_3:0", shape=(1, 14, 14, 5), dtype=float32)'
        pool = tf.nn.max_pool(conv2d, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1], padding='SAME')
        assert str(pool) == 'Tensor("MaxPool_2:0", shape=(1, 7, 7, 5), dtype=float32)'
        sess.run(tf.global_variables_initializer())
        assert pool.eval().shape == (1, 7, 7, 5)
    finally:
        sess.close()
