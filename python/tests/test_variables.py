"""TF 1.x's variables API from Python: tf.get_variable, tf.variable_scope, the initializers, tf.Variable's arguments
and the graph collections (variable_scope.py, init_ops.py, variables.py semantics; C# side: VariableScopeTests)."""
import math

import numpy as np
import pytest

from bridge import tf


def _value(v):
    with tf.Session() as s:
        s.run(v.initializer)
        return s.run(v)


def test_names_follow_variable_scopes_and_ignore_name_scopes():
    tf.reset_default_graph()
    with tf.name_scope("outer") as ns:
        with tf.variable_scope("layer1") as vs:
            W = tf.get_variable("W", shape=[3, 4])
            c = tf.constant(1.0)
    assert ns == "outer/"
    assert isinstance(vs, tf.VariableScope) and vs.name == "layer1" and vs.original_name_scope == "outer/layer1/"
    assert W.name == "layer1/W:0" and W.op.name == "layer1/W"
    assert W.initial_value.name == "layer1/W/Initializer/random_uniform:0"
    assert c.name == "outer/layer1/Const:0"
    with tf.variable_scope("layer1", reuse=True):
        assert tf.get_variable("W") is W
        assert tf.constant(2.0).name == "layer1/Const:0"
    with tf.variable_scope("a"), tf.variable_scope("b"):
        assert tf.get_variable("v", [1]).name == "a/b/v:0"
    names = []
    for _ in range(2):
        with tf.variable_scope(None, default_name="dense"):
            names.append(tf.get_variable("kernel", [2]).op.name)
    assert names == ["dense/kernel", "dense_1/kernel"]
    assert tf.get_variable_scope().name == ""


def test_reuse_errors_are_tfs_value_errors():
    tf.reset_default_graph()
    with tf.variable_scope("layer1"):
        tf.get_variable("W", [3, 4])
    with pytest.raises(ValueError, match=r"Variable layer1/W already exists, disallowed\. Did you mean to set reuse=True"):
        with tf.variable_scope("layer1"):
            tf.get_variable("W", [3, 4])
    with pytest.raises(ValueError, match=r"Variable layer1/b does not exist, or was not created with tf.get_variable\(\)"):
        with tf.variable_scope("layer1", reuse=True):
            tf.get_variable("b", [4])
    with pytest.raises(ValueError, match=r"Trying to share variable layer1/W, but specified shape \(4, 3\) and found shape \(3, 4\)"):
        with tf.variable_scope("layer1", reuse=True):
            tf.get_variable("W", [4, 3])
    with pytest.raises(ValueError, match=r"Shape of a new variable \(x\) must be fully defined, but instead was \(\?, 3\)"):
        tf.get_variable("x", [None, 3])
    with pytest.raises(ValueError, match="reuse parameter must be True or False or None"):
        tf.variable_scope("s", reuse="yes")
    with pytest.raises(TypeError, match="If default_name is None then name_or_scope is required"):
        tf.variable_scope(None)
    assert tf.get_variable_scope().name == "", "a failed scope leaves no scope behind"


def test_reuse_variables_auto_reuse_and_scope_objects():
    tf.reset_default_graph()
    with tf.variable_scope("s") as scope:
        a = tf.get_variable("a", [2])
        scope.reuse_variables()
        assert scope.reuse is True
        assert tf.get_variable("a", [2]) is a
    with tf.variable_scope("auto", reuse=tf.AUTO_REUSE) as auto:
        assert auto.reuse is tf.AUTO_REUSE
        assert tf.get_variable("v", [1]) is tf.get_variable("v", [1])
    with tf.variable_scope("elsewhere"):
        with tf.variable_scope(scope, reuse=True):
            assert tf.get_variable("a").name == "s/a:0"
    assert a in tf.trainable_variables() and a in tf.global_variables()


def test_initializers_draw_tfs_values_through_the_op_id_chain():
    # lab-10-3-mnist_nn_xavier.py's first layer: W1's random_uniform takes op seed 3 (three Consts first), b1's
    # random_normal op seed 13 (W1 made 10 ops); the values are those ops' under tf.set_random_seed(777).
    tf.reset_default_graph()
    tf.set_random_seed(777)
    W1 = tf.get_variable("W1", shape=[784, 256], initializer=tf.contrib.layers.xavier_initializer())
    b1 = tf.Variable(tf.random_normal([256]))
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        w1, bias = s.run([W1, b1])
    limit = math.sqrt(6.0 / (784 + 256))
    assert np.abs(w1).max() <= np.float32(limit)
    tf.reset_default_graph()
    tf.set_random_seed(777)
    with tf.Session() as s:
        np.testing.assert_array_equal(s.run(tf.random_uniform([784, 256], -limit, limit, seed=3)), w1)
        np.testing.assert_array_equal(s.run(tf.random_normal([256], seed=13)), bias)


def test_initializer_objects_are_callables_with_tfs_arguments():
    tf.reset_default_graph()
    tf.set_random_seed(1)
    init = tf.glorot_normal_initializer(seed=5)
    t = init([10, 30])  # TF 1.0: a truncated normal of stddev sqrt(2 / (fan_in + fan_out))
    with tf.Session() as s:
        v = s.run(t)
        ref = s.run(tf.truncated_normal([10, 30], 0.0, math.sqrt(1.0 / 20), seed=5))
    np.testing.assert_array_equal(v, ref)
    assert init([2], dtype=tf.float64).dtype == tf.float64
    assert _value(tf.get_variable("c", [3, 2], initializer=tf.constant_initializer([1, 2, 3]))).tolist() == [[1, 2], [3, 3], [3, 3]]
    with pytest.raises(ValueError, match="Too many elements provided. Needed at most 2, but received 3"):
        tf.get_variable("d", [2], initializer=tf.constant_initializer([1, 2, 3]))
    assert _value(tf.get_variable("z", [2], initializer=tf.zeros_initializer())).tolist() == [0.0, 0.0]
    assert _value(tf.get_variable("z2", [1], initializer=tf.zeros_initializer)).tolist() == [0.0]  # TF 1.15 instantiates it
    assert tf.zeros_initializer().dtype == tf.float32
    assert _value(tf.get_variable("o", [2], dtype=tf.int32, initializer=tf.ones_initializer())).tolist() == [1, 1]
    assert _value(tf.get_variable("i", [2], dtype=tf.int64)).tolist() == [0, 0]  # TF's default for integers
    assert _value(tf.get_variable("n", [2], initializer=tf.initializers.constant(4.0))).tolist() == [4.0, 4.0]
    with pytest.raises(ValueError, match="`scale` must be positive float"):
        tf.variance_scaling_initializer(scale=0.0)
    with pytest.raises(ValueError, match="Expected floating point type, got int32"):
        tf.random_normal_initializer(dtype=tf.int32)
    # A Python function as the initializer, TF's (shape, dtype, partition_info) signature.
    seen = []

    def fives(shape, dtype=None, partition_info=None):
        seen.append((shape, dtype))
        return tf.ones(shape, dtype) * 5

    assert _value(tf.get_variable("f", [2, 1], initializer=fives)).tolist() == [[5.0], [5.0]]
    assert seen == [([2, 1], tf.float32)]
    # A value (not a callable) initializes from itself: no shape then.
    v = tf.get_variable("from_value", initializer=np.array([1.5, 2.5], np.float32))
    assert v.shape.as_list() == [2] and _value(v).tolist() == [1.5, 2.5]
    with pytest.raises(ValueError, match="If initializer is a constant, do not specify shape"):
        tf.get_variable("bad", [2], initializer=tf.constant([1.0, 2.0]))


def test_variable_takes_tfs_positional_arguments_and_a_callable():
    tf.reset_default_graph()
    frozen = tf.Variable(tf.zeros([2]), False, None, True, None, "frozen")
    assert frozen.name == "frozen:0" and not frozen.trainable
    assert tf.trainable_variables() == [] and tf.global_variables() == [frozen]
    counter = tf.Variable(0, collections=[tf.GraphKeys.LOCAL_VARIABLES], name="counter")
    assert tf.local_variables() == [counter] and tf.global_variables() == [frozen]
    b = tf.Variable(lambda: tf.ones([3]), name="b")
    assert b.initial_value.name.startswith("b/Initializer/")
    v = tf.Variable(5.0, name="v", dtype=tf.float64)
    assert v.dtype == tf.float64 and v.initial_value.name == "v/initial_value:0"
    assert v.value().name == "v/read:0" and v.read_value().op.type == "Identity"
    assert v.get_shape().as_list() == [] and v.op.type == "VariableV2"
    with pytest.raises(ValueError, match="Tensor conversion requested dtype float64 for Tensor with dtype float32"):
        tf.Variable(tf.zeros([2]), dtype=tf.float64)
    with pytest.raises(ValueError, match="collections must be a list, tuple, or set"):
        tf.Variable(1.0, collections="mine")
    inc = counter.assign_add(2, False, "inc")
    assert inc.name == "inc:0" and isinstance(counter.assign(7, read_value=False), tf.Operation)
    with tf.Session() as s:
        s.run(tf.local_variables_initializer())
        assert s.run(inc) == 2
        s.run(counter.assign(0))
        s.run(tf.variables_initializer([b]))
        assert s.run(counter) == 0 and s.run(b).tolist() == [1.0, 1.0, 1.0]
        s.run(tf.initialize_all_variables())
        assert s.run(frozen).tolist() == [0.0, 0.0]


def test_collections_hold_python_objects_and_filter_by_scope():
    tf.reset_default_graph()
    assert tf.GraphKeys.GLOBAL_VARIABLES == "variables" and tf.GraphKeys.TRAINABLE_VARIABLES == "trainable_variables"
    assert tf.GraphKeys.UPDATE_OPS == "update_ops" and tf.GraphKeys.SUMMARIES == "summaries"
    with tf.variable_scope("D"):
        d = tf.get_variable("w", [1])
    with tf.variable_scope("G"):
        g = tf.get_variable("w", [1])
    assert tf.trainable_variables("D") == [d] and tf.global_variables(scope="G/") == [g]
    assert tf.get_collection(tf.GraphKeys.TRAINABLE_VARIABLES, "[DG]/w") == [d, g]
    marker = object()
    loss = tf.constant(1.0, name="loss")
    tf.add_to_collection("mine", marker)
    tf.add_to_collection("mine", loss)
    tf.add_to_collections(["x", "x"], d)
    mine = tf.get_collection("mine")
    assert mine[0] is marker and mine[1].name == "loss:0"
    assert [t.name for t in tf.get_collection("mine", scope="lo")] == ["loss:0"]
    assert tf.get_collection("x") == [d] and tf.get_collection("nothing") == []
    s = tf.summary.scalar("loss", loss)
    assert [t.name for t in tf.get_collection(tf.GraphKeys.SUMMARIES)] == [s.name]
    with tf.variable_scope("D", reuse=True) as scope:
        assert scope.trainable_variables() == [d]


def test_regularizer_losses_join_their_collection():
    tf.reset_default_graph()
    with tf.variable_scope("layer", regularizer=lambda w: tf.reduce_sum(tf.square(w))):
        w = tf.get_variable("w", [2], initializer=tf.constant_initializer([3.0, 4.0]))
    (loss,) = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert loss.name.startswith("layer/w/Regularizer/")
    with tf.Session() as s:
        s.run(w.initializer)
        assert s.run(loss) == 25.0


def test_unsupported_arguments_say_so():
    tf.reset_default_graph()
    with pytest.raises(NotImplementedError, match="tf.get_variable: partitioner"):
        tf.get_variable("p", [2], partitioner=lambda shape, dtype: [1])
    with pytest.raises(NotImplementedError, match="tf.variable_scope: custom_getter"):
        tf.variable_scope("c", custom_getter=lambda getter, *a, **k: getter(*a, **k))
