"""TF 1.x's higher-level API from Python: tf.layers.dense / flatten, tf.contrib.layers.fully_connected / flatten and
tf.contrib.framework.arg_scope, with TF's keyword names (core_test.py, layers_test.py, arg_scope_test.py semantics;
C# side: LayersTests)."""
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from bridge import errors, tf


def _run(t, feed=None):
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        return s.run(t, feed)


def _names(vs):
    return [v.name for v in vs]


def test_dense_names_shapes_and_values():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.layers.dense(x, 2, kernel_initializer=tf.constant_initializer([1, 2, 3, 4, 5, 6]),
                        bias_initializer=tf.constant_initializer([0.5, -1]))
    assert y.name == "dense/BiasAdd:0" and y.get_shape().as_list() == [None, 2]
    z = tf.layers.dense(x, 4, activation=tf.nn.relu, name="my_dense", use_bias=False)
    assert z.name == "my_dense/Relu:0"
    assert _names(tf.trainable_variables()) == ["dense/kernel:0", "dense/bias:0", "my_dense/kernel:0"]
    out = _run(y, {x: [[1, 2, 3], [-1, 0.5, 4]]})
    np.testing.assert_array_equal(out, np.array([[22.5, 27], [21, 23]], np.float32))
    with tf.variable_scope("test"):
        tf.layers.dense(x, 2, activation=lambda t: tf.nn.sigmoid(t))
    assert _names(tf.trainable_variables())[-2:] == ["test/dense/kernel:0", "test/dense/bias:0"]


def test_dense_reuse_and_errors():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    tf.layers.dense(x, 2, name="d")
    tf.layers.dense(x, 2, name="d", reuse=True)
    assert len(tf.trainable_variables()) == 2
    with pytest.raises(ValueError, match="Variable d/kernel already exists, disallowed"):
        tf.layers.dense(x, 2, name="d")
    with pytest.raises(ValueError, match=r"The last dimension of the inputs to `Dense` should be defined. Found `None`."):
        tf.layers.dense(tf.placeholder(tf.float32, [2, None]), 2)
    with pytest.raises(ValueError, match="Inputs to `Dense` should have rank >= 2"):
        tf.layers.dense(tf.constant([1.0, 2.0]), 2)
    with pytest.raises(ValueError, match="units must be a positive integer, got 0"):
        tf.layers.dense(x, 0)
    with pytest.raises(TypeError, match="activation must be a callable"):
        tf.layers.dense(x, 2, activation="relu")


def test_dense_rank3_and_regularizers():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 2, 3])
    y = tf.layers.dense(x, 4, kernel_regularizer=lambda w: tf.reduce_sum(w), activity_regularizer=lambda o: tf.reduce_sum(o),
                        kernel_initializer=tf.ones_initializer())
    assert y.get_shape().as_list() == [None, 2, 4]
    losses = tf.get_collection(tf.GraphKeys.REGULARIZATION_LOSSES)
    assert len(losses) == 2
    v = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        out, l0, l1 = s.run([y, losses[0], losses[1]], {x: v})
    np.testing.assert_array_equal(out, np.repeat(v.sum(axis=2, keepdims=True), 4, axis=2))
    assert l0 == 12.0 and l1 == out.sum()


def test_seeded_dense_draws_tfs_kernel_and_later_seeds():
    # The placeholder is op 1, the kernel's Consts 2-4 (its RandomUniform has op seed 4); dense + Relu are ops 2-18, so
    # the next random_uniform's Consts are 19-21 and its op seed is 21 (TF 1.0's get_seed reads graph._last_id).
    tf.reset_default_graph()
    tf.set_random_seed(777)
    x = tf.placeholder(tf.float32, [None, 4])
    tf.layers.dense(x, 3, activation=tf.nn.relu)
    after = tf.random_uniform([5])
    k, r = None, None
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        k, r = s.run([tf.global_variables()[0], after])
    tf.reset_default_graph()
    tf.set_random_seed(777)
    lim = math.sqrt(6.0 / 7.0)
    k2 = tf.random_uniform([4, 3], -lim, lim, seed=4)
    r2 = tf.random_uniform([5], seed=21)
    with tf.Session() as s:
        np.testing.assert_array_equal(k, s.run(k2))
        np.testing.assert_array_equal(r, s.run(r2))


def test_fully_connected_names_collections_and_none_arguments():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.contrib.layers.fully_connected(x, 4)
    assert y.name == "fully_connected/Relu:0"
    tf.contrib.layers.fully_connected(x, 4, scope="fc1")
    tf.contrib.layers.fully_connected(x, 4, scope="fc1", reuse=True)
    lin = tf.contrib.layers.fully_connected(x, 2, activation_fn=None, biases_initializer=None, scope="lin",
                                            variables_collections=["mine"], outputs_collections="outs")
    assert lin.name == "lin/MatMul:0"
    assert _names(tf.trainable_variables()) == ["fully_connected/weights:0", "fully_connected/biases:0",
                                                "fc1/weights:0", "fc1/biases:0", "lin/weights:0"]
    assert _names(tf.model_variables()) == _names(tf.trainable_variables())
    assert _names(tf.get_collection("mine")) == ["lin/weights:0"]
    assert [t.name for t in tf.get_collection("outs")] == ["lin/MatMul:0"]
    with pytest.raises(ValueError, match="num_outputs should be int or long"):
        tf.contrib.layers.fully_connected(x, 2.5)


def test_fully_connected_normalizer_gets_its_keyword_arguments():
    tf.reset_default_graph()
    x = tf.constant([[1.0, -2.0], [3.0, 0.5]])
    seen = {}

    def norm(t, scale=1.0, note=None):
        seen.update(scale=scale, note=note)
        return t * scale

    y = tf.contrib.layers.fully_connected(x, 2, weights_initializer=tf.ones_initializer(), normalizer_fn=norm,
                                          normalizer_params={"scale": -2.0, "note": x})
    assert seen["scale"] == -2.0 and seen["note"] is x
    assert _names(tf.trainable_variables()) == ["fully_connected/weights:0"], "no biases with a normalizer"
    np.testing.assert_array_equal(_run(y), np.array([[2, 2], [0, 0]], np.float32))


def test_contrib_batch_norm_takes_activation_fn_and_param_initializers():
    # TF 1.0's contrib batch_norm: outputs = activation_fn(normalized) in the layer's scope, and param_initializers
    # gives the variables' initializers by name ('beta', 'gamma', 'moving_mean', 'moving_variance').
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    y = tf.contrib.layers.batch_norm(x, activation_fn=tf.nn.relu, scale=True, updates_collections=None, is_training=True,
                                     param_initializers={"beta": tf.constant_initializer(0.5),
                                                         "gamma": tf.constant_initializer([2.0, 1.0, 4.0]),
                                                         "moving_mean": tf.constant_initializer(7.0)})
    assert y.name == "BatchNorm/Relu:0"
    assert _names(tf.global_variables()) == ["BatchNorm/beta:0", "BatchNorm/gamma:0", "BatchNorm/moving_mean:0",
                                             "BatchNorm/moving_variance:0"]
    assert all(v.dtype.base_dtype == tf.float32 for v in tf.global_variables())
    X = np.array([[1, 2, 3], [3, -4, 5]], np.float32)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        mm0 = s.run(tf.global_variables()[2])
        out = s.run(y, {x: X})
    np.testing.assert_array_equal(mm0, np.full(3, 7.0, np.float32))
    mean, var = X.mean(0), X.var(0)
    gamma = np.array([2.0, 1.0, 4.0], np.float32)
    inv = (1 / np.sqrt(var + np.float32(0.001))).astype(np.float32) * gamma
    expected = np.maximum(X * inv + (np.float32(0.5) - mean * inv), 0)
    np.testing.assert_allclose(out, expected, rtol=2e-6, atol=1e-6)
    # A lambda activation, and no activation (None), without a scale.
    z = tf.contrib.layers.batch_norm(x, activation_fn=lambda t: t * 2.0, is_training=False, scope="twice")
    w = tf.contrib.layers.batch_norm(x, activation_fn=None, is_training=False, scope="plain")
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        zo, wo = s.run([z, w], {x: X})
    np.testing.assert_allclose(zo, 2 * wo, rtol=0, atol=0)
    np.testing.assert_allclose(wo, X / np.sqrt(np.float32(1.001)), rtol=2e-7)


def test_contrib_batch_norm_arguments_and_arg_scope():
    tf.reset_default_graph()
    x = tf.placeholder(tf.float32, [None, 3])
    with tf.contrib.framework.arg_scope([tf.contrib.layers.batch_norm], decay=0.5, updates_collections=None, scale=True):
        y = tf.contrib.layers.batch_norm(x, scope="bn")
    assert _names(tf.global_variables()) == ["bn/beta:0", "bn/gamma:0", "bn/moving_mean:0", "bn/moving_variance:0"]
    assert tf.get_collection(tf.GraphKeys.UPDATE_OPS) == [], "updates_collections=None from the arg_scope: in place"
    X = np.array([[1, 2, 3], [3, -4, 5]], np.float32)
    with tf.Session() as s:
        s.run(tf.global_variables_initializer())
        s.run(y, {x: X})
        mm = s.run(tf.global_variables()[2])
    np.testing.assert_allclose(mm, (0 - (0 - X.mean(0)) * np.float32(0.5)), rtol=1e-6)
    with pytest.raises(errors.TypeError, match="activation_fn"):
        tf.contrib.layers.batch_norm(x, activation_fn="relu")
    with pytest.raises(errors.TypeError, match="param_initializers"):
        tf.contrib.layers.batch_norm(x, param_initializers=[tf.zeros_initializer()])
    with pytest.raises(errors.TypeError, match="float64"):
        tf.contrib.layers.batch_norm(tf.placeholder(tf.float64, [None, 3]))  # TF 1.0: the core layer's float32 variables
    v = tf.contrib.layers.batch_norm(tf.placeholder(tf.float64, [None, 3]), updates_collections=None, scope="f64")
    assert v.dtype == tf.float64 and tf.global_variables()[-1].dtype.base_dtype == tf.float64


def test_arg_scope_defaults_nesting_explicit_wins():
    tf.reset_default_graph()
    arg_scope = tf.contrib.framework.arg_scope
    fc = tf.contrib.layers.fully_connected
    x = tf.placeholder(tf.float32, [None, 3])
    with arg_scope([fc], activation_fn=tf.nn.sigmoid, biases_initializer=None) as sc:
        h1 = fc(x, 4, scope="h1")
        with arg_scope([fc], activation_fn=tf.nn.tanh):
            h2 = fc(x, 4, scope="h2")
        h3 = fc(x, 4, activation_fn=None, scope="h3")
        h4 = fc(x, 4, activation_fn=tf.nn.relu, biases_initializer=tf.zeros_initializer(), scope="h4")
    assert [t.op.type for t in (h1, h2, h3, h4)] == ["Sigmoid", "Tanh", "MatMul", "Relu"]
    assert _names(tf.trainable_variables()) == ["h1/weights:0", "h2/weights:0", "h3/weights:0", "h4/weights:0",
                                                "h4/biases:0"]
    assert fc(x, 2, scope="after").op.type == "Relu"
    with arg_scope(sc):
        assert fc(x, 2, scope="again").op.type == "Sigmoid"
    assert tf.contrib.framework.has_arg_scope(fc) and tf.contrib.framework.has_arg_scope(tf.contrib.layers.flatten)
    assert "activation_fn" in tf.contrib.framework.arg_scoped_arguments(fc)
    with pytest.raises(ValueError, match="is not decorated with @add_arg_scope"):
        with arg_scope([tf.matmul], a=1):
            pass
    with pytest.raises(TypeError, match="list_ops_or_scope must either be a list/tuple"):
        with arg_scope(fc, a=1):
            pass
    with arg_scope([fc], no_such=1):
        with pytest.raises(TypeError, match="no_such"):
            fc(x, 2)
    with arg_scope([tf.contrib.layers.flatten], outputs_collections=["flat"]):
        tf.contrib.layers.flatten(tf.placeholder(tf.float32, [None, 2, 2]))
    assert len(tf.get_collection("flat")) == 1
    # A Python function of one's own opts in with add_arg_scope.
    @tf.contrib.framework.add_arg_scope
    def mine(v, k=1):
        return v * k
    with arg_scope([mine], k=3):
        assert mine(2) == 6 and mine(2, k=5) == 10


def test_flatten_both():
    tf.reset_default_graph()
    p = tf.placeholder(tf.float32, [None, 2, 3])
    f = tf.contrib.layers.flatten(p)
    g = tf.layers.flatten(p)
    assert f.name == "Flatten/Reshape:0" and f.get_shape().as_list() == [None, 6]
    assert g.get_shape().as_list() == [None, 6]
    v = np.arange(12, dtype=np.float32).reshape(2, 2, 3)
    with tf.Session() as s:
        a, b = s.run([f, g], {p: v})
    np.testing.assert_array_equal(a, v.reshape(2, 6))
    np.testing.assert_array_equal(b, v.reshape(2, 6))
    with pytest.raises(ValueError, match="Inputs 2nd dimension must be defined"):
        tf.contrib.layers.flatten(tf.placeholder(tf.float32, [None, None, 3]))


def test_contrib_modules_import_under_tensorflow_names(tmp_path):
    script = tmp_path / "imports.py"
    script.write_text(textwrap.dedent("""
        from tensorflow.contrib.layers import fully_connected, flatten, xavier_initializer
        from tensorflow.contrib.framework import arg_scope
        import tensorflow.contrib.layers as L
        import tensorflow as tf
        X = tf.placeholder(tf.float32, [None, 784])
        with arg_scope([fully_connected], weights_initializer=xavier_initializer(), biases_initializer=None):
            h = fully_connected(X, 512, scope="h1")
        print(h.name, L.fully_connected is fully_connected, [v.name for v in tf.global_variables()])
    """))
    python_dir = str(Path(__file__).resolve().parents[1])  # the package, wherever pytest runs from (CI: the root)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([python_dir] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep))
    out = subprocess.run([sys.executable, "-m", "bridge", "run", str(script)], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "h1/Relu:0 True ['h1/weights:0']"
