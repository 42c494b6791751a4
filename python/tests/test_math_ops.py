"""TF 1.x's Python operators over the core math ops (the C# ops come through the derived binding unedited)."""
import numpy as np

from bridge import tf


def test_operators_map_to_tf_ops():
    tf.reset_default_graph()
    x = tf.constant([7, -7])
    b = tf.constant([True, False])
    with tf.Session() as s:
        floordiv, mod, rmod, power, rpow, both, either, neither, xor = s.run(
            [x // 2, x % 3, 10 % tf.constant(4), tf.constant(2.0) ** 3.0, 2.0 ** tf.constant([1.0, 2.0]),
             b & tf.constant([True, True]), b | False, ~b, b ^ True])
    assert floordiv.tolist() == [3, -4] and mod.tolist() == [1, 2] and rmod == 2
    assert power == 8.0 and rpow.tolist() == [2.0, 4.0]
    assert both.tolist() == [True, False] and either.tolist() == [True, False]
    assert neither.tolist() == [False, True] and xor.tolist() == [False, True]


def test_new_ops_take_tf_keywords_and_deprecated_aliases():
    tf.reset_default_graph()
    with tf.Session() as s:
        n = s.run(tf.count_nonzero([[0, 1, 0], [1, 1, 0]], axis=0, keep_dims=True))
        w = s.run(tf.where([[True, False], [False, True]]))
        c = s.run(tf.clip_by_value(np.array([-1.0, 0.5, 2.0], np.float32), clip_value_min=0.0, clip_value_max=1.0))
    assert n.tolist() == [[1, 2, 0]] and n.dtype == np.int64
    assert w.tolist() == [[0, 0], [1, 1]]
    assert c.tolist() == [0.0, 0.5, 1.0]


def test_str_of_a_tensor_is_tf_1x():
    tf.reset_default_graph()
    t = tf.add(tf.constant(1.0), 2.0)
    assert str(t) == 'Tensor("Add:0", shape=(), dtype=float32)'
    assert str(tf.placeholder(tf.float32, [None, 784])) == 'Tensor("Placeholder:0", shape=(?, 784), dtype=float32)'
    assert repr(t) == "<tf.Tensor 'Add:0' shape=() dtype=float32>"


def test_string_constants_fetch_as_bytes():
    tf.reset_default_graph()
    hello = tf.constant("Hello, TensorFlow!")
    assert str(hello) == 'Tensor("Const:0", shape=(), dtype=string)'
    with tf.Session() as s:
        assert s.run(hello) == b"Hello, TensorFlow!"
        assert s.run(tf.constant(b"caf\xc3\xa9")) == "café".encode()
