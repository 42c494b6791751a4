"""Op names and str(tensor) as TF 1.x gives them: Python's operators name their ops "add", "mul", ..."""
from bridge import tf


def test_operators_name_their_ops_as_tf_1_does():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    assert (x + 1.0).name == "add:0"
    assert (1.0 + x).name == "add_1:0"
    assert (x - 1.0).name == "sub:0"
    assert (x * 2.0).name == "mul:0"
    assert (x / 2.0).name == "truediv:0"
    assert (x ** 2.0).name == "pow:0"
    assert (x // 2.0).name == "floordiv:0"
    assert (x % 2.0).name == "mod:0"
    assert tf.add(x, 1.0).name == "Add:0"
    assert (x > 1.0).name == "Greater:0"
    assert (-x).name == "Neg:0"


def test_str_leaves_an_unknown_shape_out():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32)
    assert str(x) == 'Tensor("Placeholder:0", dtype=float32)'
    y = tf.placeholder(tf.float32, [None, 3])
    assert str(y) == 'Tensor("Placeholder_1:0", shape=(?, 3), dtype=float32)'
