"""The labs' graphs computed with numpy float32, in TF 1.x's arithmetic where it matters for the printed digits:
TF 1.x's Philox generator for the initial weights, its packet float32 exp and log (src/Bridge/Runtime/TfFloatMath.cs),
flush-to-zero of denormals, and its summation orders (TfReduction.cs, TfMatMul.cs). Gradients are the analytic ones
(labs.md section 1). Each function prints what the lab prints.
"""
from __future__ import annotations

import numpy as np

f32 = np.float32
_FLT_MIN = f32(1.17549435e-38)


# --- TF 1.x's random_normal under tf.set_random_seed(777) ----------------------------------------------------------

def _philox(seed: int, seed2: int, calls: int) -> np.ndarray:
    """``calls`` blocks of 4 uint32 from Philox4x32-10 with key (seed, 0) and counter (0, 0, seed2, 0) + i."""
    m0, m1, w0, w1 = np.uint64(0xD2511F53), np.uint64(0xCD9E8D57), 0x9E3779B9, 0xBB67AE85
    c = np.zeros((4, calls), dtype=np.uint64)
    c[0] = np.arange(calls, dtype=np.uint64)
    c[2] = seed2
    k0, k1 = seed & 0xFFFFFFFF, 0
    mask = np.uint64(0xFFFFFFFF)
    for r in range(10):
        p0, p1 = m0 * c[0], m1 * c[2]
        c = np.stack([(p1 >> np.uint64(32)) ^ c[1] ^ np.uint64(k0), p1 & mask, (p0 >> np.uint64(32)) ^ c[3] ^ np.uint64(k1), p0 & mask])
        if r < 9:
            k0, k1 = (k0 + w0) & 0xFFFFFFFF, (k1 + w1) & 0xFFFFFFFF
    return c.T.astype(np.uint32)


def _uniform01(u: np.ndarray) -> np.ndarray:
    return ((u & np.uint32(0x7FFFFF)) | np.uint32(0x3F800000)).view(np.float32) - f32(1)


def random_normal(shape, op_seed: int, seed: int = 777) -> np.ndarray:
    """TF 1.x's tf.random_normal(shape) values for graph seed ``seed`` and op seed ``op_seed``."""
    n = int(np.prod(shape))
    u = _philox(seed, op_seed, (n + 3) // 4)
    a, b = _uniform01(u[:, 0::2]), _uniform01(u[:, 1::2])  # pairs (u0, u1) and (u2, u3)
    u1 = np.maximum(a, f32(1e-7))
    v = (2 * np.pi * b.astype(np.float64)).astype(np.float32)
    r = np.sqrt(f32(-2) * np.log(u1))
    out = np.stack([np.sin(v) * r, np.cos(v) * r], axis=-1).reshape(-1)
    return out[:n].reshape(shape).astype(np.float32)


# --- TF 1.x's float32 kernels ---------------------------------------------------------------------------------------

def ftz(x: np.ndarray) -> np.ndarray:
    """Flush-to-zero, as TF's CPU kernels run."""
    x = np.asarray(x, dtype=np.float32)
    return np.where(np.abs(x) < _FLT_MIN, f32(0), x).astype(np.float32)


def tf_exp(v: np.ndarray) -> np.ndarray:
    """TF 1.x's packet float32 exp (Cephes polynomial), flushing denormal results."""
    inp = np.asarray(v, dtype=np.float32)
    x = np.clip(inp, f32(-88.3762626647949), f32(88.3762626647950))
    fx = np.floor(x * f32(1.44269504088896341) + f32(0.5)).astype(np.float32)
    x = x - fx * f32(0.693359375)
    x = x - fx * f32(-2.12194440e-4)
    z = x * x
    y = f32(1.9875691500e-4)
    for c in (1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1):
        y = y * x + f32(c)
    y = y * z + x + f32(1)
    with np.errstate(invalid="ignore"):  # nan inputs: their result is replaced below
        fxi = fx.astype(np.int32)
    pow2 = ((fxi + 127) << 23).astype(np.int32).view(np.float32)
    r = ftz(y * pow2)
    with np.errstate(invalid="ignore"):
        return np.where(np.isnan(inp), inp, np.maximum(r, inp)).astype(np.float32)


def tf_log(v: np.ndarray) -> np.ndarray:
    """TF 1.x's packet float32 log (Cephes polynomial); log(0) = -inf, log(<0) = nan."""
    inp = np.asarray(v, dtype=np.float32)
    x = np.maximum(inp, _FLT_MIN)
    bits = x.view(np.int32)
    e = ((bits.view(np.uint32) >> 23).astype(np.int32) - 0x7F + 1).astype(np.float32)
    x = ((bits & ~0x7F800000) | f32(0.5).view(np.int32)).view(np.float32)
    small = x < f32(0.707106781186547524)
    tmp = np.where(small, x, f32(0))
    x = x - f32(1)
    e = np.where(small, e - f32(1), e)
    x = x + tmp
    x2 = x * x
    x3 = x2 * x
    y = f32(7.0376836292e-2) * x + f32(-1.1514610310e-1)
    y1 = f32(-1.2420140846e-1) * x + f32(1.4249322787e-1)
    y2 = f32(2.0000714765e-1) * x + f32(-2.4999993993e-1)
    y = y * x + f32(1.1676998740e-1)
    y1 = y1 * x + f32(-1.6668057665e-1)
    y2 = y2 * x + f32(3.3333331174e-1)
    y = (y * x3 + y1) * x3 + y2
    y = y * x3
    y = y + e * f32(-2.12194440e-4)
    x = x - x2 * f32(0.5)
    x = x + y
    x = x + e * f32(0.693359375)
    x = np.where(inp == 0, f32(-np.inf), x)
    return np.where(np.isnan(inp) | (inp < 0), f32(np.nan), x).astype(np.float32)


def inner_sum(block: np.ndarray, axis: int = -1) -> np.ndarray:
    """TF's sum of a contiguous run: four lanes, combined (l0 + l2) + (l1 + l3), then the tail added first."""
    b = np.moveaxis(np.asarray(block, dtype=np.float32), axis, -1)
    n = b.shape[-1] // 4 * 4
    lanes = [np.zeros(b.shape[:-1], np.float32) for _ in range(4)]
    for j in range(0, n, 4):
        for q in range(4):
            lanes[q] = lanes[q] + b[..., j + q]
    tail = np.zeros(b.shape[:-1], np.float32)
    for j in range(n, b.shape[-1]):
        tail = tail + b[..., j]
    return (tail + ((lanes[0] + lanes[2]) + (lanes[1] + lanes[3]))).astype(np.float32)


def column_sum(a: np.ndarray) -> np.ndarray:
    """Sum over axis 0, rows added in order (TF's column reduction)."""
    acc = np.zeros(a.shape[1:], np.float32)
    for row in a:
        acc = acc + row
    return acc


def matmul(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a @ b with each dot product added in order of k (four lanes when b has one column, as TfMatMul)."""
    terms = a[:, :, None].astype(np.float32) * b[None, :, :].astype(np.float32)  # [m, k, n]
    if b.shape[1] == 1:
        return inner_sum(terms, axis=1)
    acc = np.zeros((a.shape[0], b.shape[1]), np.float32)
    for p in range(a.shape[1]):
        acc = acc + terms[:, p, :]
    return acc


def mean_all(a: np.ndarray) -> np.float32:
    return f32(inner_sum(np.asarray(a, np.float32).reshape(-1)) / f32(a.size))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return (f32(1) / (f32(1) + tf_exp(-x))).astype(np.float32)


# --- the labs ---------------------------------------------------------------------------------------------------------

def lab_07_1(learning_rate: float = 0.1, out=print) -> None:
    """Softmax classifier; prints ``step cost W`` (cost before the update, W after it), then prediction and accuracy."""
    x = np.array([[1, 2, 1], [1, 3, 2], [1, 3, 4], [1, 5, 5], [1, 7, 5], [1, 2, 5], [1, 6, 6], [1, 7, 7]], np.float32)
    y = np.array([[0, 0, 1]] * 3 + [[0, 1, 0]] * 3 + [[1, 0, 0]] * 2, np.float32)
    x_test = np.array([[2, 1, 1], [3, 1, 2], [3, 3, 4]], np.float32)
    y_test = np.array([[0, 0, 1]] * 3, np.float32)
    w, b, lr = random_normal([3, 3], 5), random_normal([3], 14), f32(learning_rate)

    def softmax(xx):
        z = matmul(xx, w) + b
        e = tf_exp(z - z.max(axis=1, keepdims=True))
        return (e / inner_sum(e)[:, None]).astype(np.float32)

    for step in range(201):
        h = softmax(x)
        with np.errstate(all="ignore"):
            cost = mean_all(-inner_sum(ftz(y * tf_log(h))))
            g = ftz(-y / f32(len(x)) / h)
            gz = ftz((g - inner_sum(ftz(g * h))[:, None]) * h)
            w = (w - lr * matmul(x.T.copy(), gz)).astype(np.float32)
            b = (b - lr * column_sum(gz)).astype(np.float32)
        out(step, cost, w)
    with np.errstate(all="ignore"):
        pred = np.argmax(softmax(x_test), axis=1)
        out("Prediction:", pred)
        out("Accuracy: ", mean_all((pred == np.argmax(y_test, axis=1)).astype(np.float32)))


_STOCK = np.array([[828.659973, 833.450012, 908100, 828.349976, 831.659973],
                   [823.02002, 828.070007, 1828100, 821.655029, 828.070007],
                   [819.929993, 824.400024, 1438100, 818.97998, 824.159973],
                   [816, 820.958984, 1008100, 815.48999, 819.23999],
                   [819.359985, 823, 1188100, 818.469971, 818.97998],
                   [819, 823, 1198100, 816, 820.450012],
                   [811.700012, 815.25, 1098100, 809.780029, 813.669983],
                   [809.51001, 816.659973, 1398100, 804.539978, 809.559998]])


def _linear(xy: np.ndarray, out, train_first: bool) -> None:
    x, y = xy[:, 0:-1].astype(np.float32), xy[:, [-1]].astype(np.float32)
    w, b, lr = random_normal([4, 1], 5), random_normal([1], 14), f32(1e-5)
    for step in range(101):
        with np.errstate(all="ignore"):
            h = matmul(x, w) + b
            cost = mean_all(np.square(h - y))
            g = (f32(2) * (h - y) / f32(len(x))).astype(np.float32)
            w = (w - lr * matmul(x.T.copy(), g)).astype(np.float32)
            b = (b - lr * column_sum(g)).astype(np.float32)
        out(step, "Cost: ", cost, "\nPrediction:\n", h)


def lab_07_2(out=print) -> None:
    """Linear regression on raw prices (diverges to inf and nan)."""
    _linear(_STOCK, out, False)


def lab_07_3(out=print) -> None:
    """The same with min-max scaling."""
    xy = (_STOCK - np.min(_STOCK, 0)) / (np.max(_STOCK, 0) - np.min(_STOCK, 0) + 1e-7)
    out(xy)
    _linear(xy, out, True)


_XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], np.float32)
_XOR_Y = np.array([[0], [1], [1], [0]], np.float32)


def _xor_cost(h, y):
    return -mean_all(y * tf_log(h) + (f32(1) - y) * tf_log(f32(1) - h))


def _xor_dh(h, y):
    n = f32(len(y))
    return (-(y / h) / n + ((f32(1) - y) / (f32(1) - h)) / n).astype(np.float32)


def _xor_report(h, y, out, style: str) -> None:
    c = (h > f32(0.5)).astype(np.float32)
    a = mean_all((c == y).astype(np.float32))
    if style == "2019":
        out(f"\nHypothesis:\n{h} \nPredicted:\n{c} \nAccuracy:\n{a}")
    else:
        out("\nHypothesis: ", h, "\nCorrect: ", c, "\nAccuracy: ", a)


def lab_09_1(out=print) -> None:
    """Logistic regression on XOR."""
    x, y = _XOR_X, _XOR_Y
    w, b, lr = random_normal([2, 1], 5), random_normal([1], 14), f32(0.1)
    for step in range(10001):
        h = sigmoid(matmul(x, w) + b)
        cost = _xor_cost(h, y)
        gz = _xor_dh(h, y) * h * (f32(1) - h)
        w = (w - lr * matmul(x.T.copy(), gz)).astype(np.float32)
        b = (b - lr * column_sum(gz)).astype(np.float32)
        if step % 100 == 0:
            out(step, cost, w)
    _xor_report(sigmoid(matmul(x, w) + b), y, out, "2017")


def _xor_nn_params():
    return random_normal([2, 2], 5), random_normal([2], 14), random_normal([2, 1], 26), random_normal([1], 35)


def lab_09_2(out=print) -> None:
    """The 2-2-1 network with gradient descent."""
    x, y = _XOR_X, _XOR_Y
    w1, b1, w2, b2 = _xor_nn_params()
    lr = f32(0.1)
    for step in range(10001):
        l1 = sigmoid(matmul(x, w1) + b1)
        h = sigmoid(matmul(l1, w2) + b2)
        cost = _xor_cost(h, y)
        g2 = _xor_dh(h, y) * h * (f32(1) - h)
        g1 = matmul(g2, w2.T.copy()) * l1 * (f32(1) - l1)
        w2 = (w2 - lr * matmul(l1.T.copy(), g2)).astype(np.float32)
        b2 = (b2 - lr * column_sum(g2)).astype(np.float32)
        w1 = (w1 - lr * matmul(x.T.copy(), g1)).astype(np.float32)
        b1 = (b1 - lr * column_sum(g1)).astype(np.float32)
        if step % 100 == 0:
            out(step, cost)
    l1 = sigmoid(matmul(x, w1) + b1)
    _xor_report(sigmoid(matmul(l1, w2) + b2), y, out, "2019")


def lab_09_x(out=print) -> None:
    """The 2-2-1 network with the lab's hand-written back propagation."""
    x, y = _XOR_X, _XOR_Y
    w1, b1, w2, b2 = _xor_nn_params()
    lr = f32(0.1)

    def forward():
        l1 = sigmoid(matmul(x, w1) + b1)
        return l1, sigmoid(matmul(l1, w2) + b2)

    def grads(l1, yp):
        d_a2 = (yp - y) / (yp * (f32(1.0) - yp) + f32(1e-7)) * (yp * (f32(1) - yp))
        d_w2 = matmul(l1.T.copy(), d_a2) / f32(len(x))
        d_b2 = inner_sum(d_a2.T.copy()) / f32(len(x))
        d_a1 = matmul(d_a2, w2.T.copy()) * (l1 * (f32(1) - l1))
        d_w1_sum = matmul(x.T.copy(), d_a1)
        return d_w2, d_b2, d_w1_sum / f32(len(x)), inner_sum(d_a1.T.copy()) / f32(len(x)), d_w1_sum

    out("shape", np.int32(len(x)))
    for i in range(10001):
        l1, yp = forward()
        d_w2, d_b2, d_w1, d_b1, _ = grads(l1, yp)
        w2, b2 = (w2 - lr * d_w2).astype(np.float32), (b2 - lr * d_b2).astype(np.float32)
        w1, b1 = (w1 - lr * d_w1).astype(np.float32), (b1 - lr * d_b1).astype(np.float32)
        if i % 1000 == 0:
            l1, yp = forward()
            out(i, [_xor_cost(yp, y), grads(l1, yp)[4]], [w1, w2])
    _xor_report(forward()[1], y, out, "2017")


def random_uniform(shape, op_seed: int, seed: int = 777) -> np.ndarray:
    """TF 1.x's tf.random_uniform(shape) values (one Philox output per value) for graph seed ``seed``, op seed ``op_seed``."""
    n = int(np.prod(shape))
    return _uniform01(_philox(seed, op_seed, (n + 3) // 4).reshape(-1))[:n].reshape(shape)


def lab_08(out=print) -> None:
    """Tensor manipulation: each cell of python/labs/lab-08-tensor_manipulation.py in numpy, printed as the script
    prints it (pprint of the value, in TF 1.x's dtypes: int32 for Python ints and tf.shape, int64 for argmax and numpy
    int arrays, float32 for Python floats). The random cells are ops 3, 9 and 16 of the notebook's graph."""
    import pprint
    pp = pprint.PrettyPrinter(indent=4)

    def show(v):
        out(pp.pformat(v))

    i32 = np.int32
    show(random_normal([3], 3))
    show(random_uniform([2], 9))
    show(random_uniform([2, 3], 16))
    t = np.array([0., 1., 2., 3., 4., 5., 6.])
    show(t)
    out(t.ndim)
    out(t.shape)
    out(t[0], t[1], t[-1])
    out(t[2:5], t[4:-1])
    out(t[:2], t[3:])
    t = np.array([[1., 2., 3.], [4., 5., 6.], [7., 8., 9.], [10., 11., 12.]])
    show(t)
    out(t.ndim)
    out(t.shape)
    nested = [[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]], [[13, 14, 15, 16], [17, 18, 19, 20], [21, 22, 23, 24]]]]
    for value in ([1, 2, 3, 4], [[1, 2], [3, 4]], nested):
        show(np.array(np.shape(value), i32))  # tf.shape
    show(nested)
    m1, m2 = np.array([[3., 3.]], f32), np.array([[2.], [2.]], f32)
    show(matmul(m1, m2))
    show(m1 * m2)
    show(m1 + m2)
    show(m1 + np.array([[2., 2.]], f32))
    ints = np.array([1, 2], i32)
    show(i32(np.trunc(np.sum(ints, dtype=np.int64) / ints.size)))  # integer mean truncates
    x = np.array([[1., 2.], [3., 4.]], f32)
    show(mean_all(x))
    show(column_sum(x) / f32(2))
    show(inner_sum(x) / f32(2))
    show(inner_sum(x) / f32(2))
    show(f32(inner_sum(x.reshape(-1))))
    show(column_sum(x))
    show(inner_sum(x))
    show(mean_all(inner_sum(x)))
    x = np.array([[0, 1, 2], [2, 1, 0]], i32)
    show(np.argmax(x, axis=0).astype(np.int64))
    show(np.argmax(x, axis=1).astype(np.int64))
    show(np.argmax(x, axis=-1).astype(np.int64))
    t = np.array([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]])
    show(t.shape)
    show(t.reshape(-1, 3))
    show(t.reshape(-1, 1, 3))
    show(np.squeeze(np.array([[0], [1], [2]], i32)))
    show(np.expand_dims(np.array([0, 1, 2], i32), 1))
    hot = np.eye(3, dtype=f32)[np.array([[0], [1], [2], [0]])]  # one_hot(depth=3): float32, a new last axis
    show(hot)
    show(hot.reshape(-1, 3))
    show(np.array([1.8, 2.2, 3.3, 4.9], f32).astype(i32))  # cast truncates toward zero
    show(np.array([True, False, 1 == 1, 0 == 1]).astype(i32))
    x, y, z = np.array([1, 4], i32), np.array([2, 5], i32), np.array([3, 6], i32)
    show(np.stack([x, y, z]))
    show(np.stack([x, y, z], axis=1))
    x = np.array([[0, 1, 2], [2, 1, 0]], i32)
    show(np.ones_like(x))
    show(np.zeros_like(x))
    for a, b in zip([1, 2, 3], [4, 5, 6]):
        out(a, b)
    for a, b, c in zip([1, 2, 3], [4, 5, 6], [7, 8, 9]):
        out(a, b, c)
    t = np.array([[[0, 1, 2], [3, 4, 5]], [[6, 7, 8], [9, 10, 11]]])
    show(t.shape)
    show(t)
    for perm in ([1, 0, 2], [1, 0, 2], [1, 2, 0], [2, 0, 1]):
        t = np.transpose(t, perm)
        show(t.shape)
        show(t)


LABS = {
    "lab-07-1-learning_rate_and_evaluation-lr0.1": lambda out: lab_07_1(0.1, out),
    "lab-07-1-learning_rate_and_evaluation-lr1.5": lambda out: lab_07_1(1.5, out),
    "lab-07-1-learning_rate_and_evaluation-lr1e-10": lambda out: lab_07_1(1e-10, out),
    "lab-07-2-linear_regression_without_min_max": lab_07_2,
    "lab-07-3-linear_regression_min_max": lab_07_3,
    "lab-08-tensor_manipulation": lab_08,
    "lab-09-1-xor": lab_09_1,
    "lab-09-2-xor-nn": lab_09_2,
    "lab-09-x-xor-nn-back_prop": lab_09_x,
}
