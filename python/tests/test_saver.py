"""tf.train.Saver, tf.train.latest_checkpoint and tf.train.get_checkpoint_state from Python with TF 1.x's keywords,
as lab 13-3 uses them: save with global_step, the checkpoint file, restore in a new graph, max_to_keep, Adam's state
restored so that training continues bit for bit, and damaged checkpoints (TF's error classes, nothing changed)."""
import os

import numpy as np
import pytest

from bridge import tf


def _model():
    tf.reset_default_graph()
    tf.set_random_seed(777)
    x = tf.constant(np.array([[0.5, -1.25], [2.0, 0.75], [-0.3, 1.1]], np.float32))
    y = tf.constant(np.array([[1, 0], [1, 1], [0, 0]], np.float32))
    with tf.variable_scope("layer1"):
        w = tf.get_variable("W", shape=[2, 2], initializer=tf.contrib.layers.xavier_initializer())
        b = tf.Variable(tf.random_normal([2]))
    cost = tf.reduce_mean(tf.square(tf.sigmoid(tf.matmul(x, w) + b) - y))
    train = tf.train.AdamOptimizer(learning_rate=0.1).minimize(cost)
    last_epoch = tf.Variable(0, name="last_epoch")
    return w, b, train, cost, last_epoch


def test_lab_13_3_pattern_save_state_restore(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ckpt_dir = "./tb/mnist2"
    w, b, train, cost, last_epoch = _model()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    saver = tf.train.Saver()
    assert tf.train.get_checkpoint_state(ckpt_dir) is None
    assert tf.train.latest_checkpoint(ckpt_dir) is None
    for epoch in range(3):
        sess.run(train)
        sess.run(last_epoch.assign(epoch + 1))
        if not os.path.exists(ckpt_dir):
            os.makedirs(ckpt_dir)
        path = saver.save(sess, ckpt_dir + "/model", global_step=549 * (epoch + 1))
        assert path == f"./tb/mnist2/model-{549 * (epoch + 1)}"
    assert isinstance(path, str)
    with open("tb/mnist2/checkpoint") as f:
        assert f.read() == ('model_checkpoint_path: "model-1647"\nall_model_checkpoint_paths: "model-549"\n'
                            'all_model_checkpoint_paths: "model-1098"\nall_model_checkpoint_paths: "model-1647"\n')
    expected = sess.run([w, b])
    for _ in range(2):
        sess.run(train)
    continued = sess.run([w, b])

    w2, b2, train2, cost2, last_epoch2 = _model()
    sess2 = tf.Session()
    sess2.run(tf.global_variables_initializer())
    saver2 = tf.train.Saver()
    checkpoint = tf.train.get_checkpoint_state(ckpt_dir)
    assert checkpoint and checkpoint.model_checkpoint_path == "./tb/mnist2/model-1647"
    assert list(checkpoint.all_model_checkpoint_paths) == [f"./tb/mnist2/model-{s}" for s in (549, 1098, 1647)]
    saver2.restore(sess2, checkpoint.model_checkpoint_path)
    assert sess2.run(last_epoch2) == 3
    for a, e in zip(sess2.run([w2, b2]), expected):
        np.testing.assert_array_equal(a, e)
    for _ in range(2):
        sess2.run(train2)
    for a, e in zip(sess2.run([w2, b2]), continued):
        assert a.tobytes() == e.tobytes()  # bit for bit: Adam's slots and beta powers were restored too
    assert tf.train.latest_checkpoint(ckpt_dir) == "./tb/mnist2/model-1647"
    names = [n for n, _ in tf.train.list_variables(ckpt_dir)]
    assert names == ["beta1_power", "beta2_power", "last_epoch", "layer1/Variable", "layer1/Variable/Adam",
                     "layer1/Variable/Adam_1", "layer1/W", "layer1/W/Adam", "layer1/W/Adam_1"]
    np.testing.assert_array_equal(tf.train.load_variable(ckpt_dir, "last_epoch"), np.int32(3))


def test_var_list_forms_max_to_keep_and_global_step_variable(tmp_path):
    tf.reset_default_graph()
    a = tf.Variable(1.0, name="a")
    b = tf.Variable([2.0, 3.0], name="b")
    step = tf.Variable(0, trainable=False, name="global_step")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver([a, b], max_to_keep=2)
        prefix = str(tmp_path / "m")
        for s in range(4):
            sess.run(step.assign(s * 10))
            saver.save(sess, prefix, global_step=step)
        assert saver.last_checkpoints == [prefix + "-20", prefix + "-30"]
        assert not os.path.exists(prefix + "-10.index")
        assert os.path.exists(prefix + "-30.data-00000-of-00001")
        assert [n for n, _ in tf.train.list_variables(prefix + "-30")] == ["a", "b"]
        p = tf.train.Saver({"renamed": b}).save(sess, prefix + "_dict", write_meta_graph=False)
        assert tf.train.list_variables(p) == [("renamed", [2])]
        sess.run(a.assign(-1.0))
        tf.train.Saver({"a": a}).restore(sess, saver.last_checkpoints[-1])
        assert sess.run(a) == 1.0
        assert saver.save(sess, prefix, global_step=np.int64(7)) == prefix + "-7"


def test_errors_are_tf_error_classes_and_change_nothing(tmp_path):
    tf.reset_default_graph()
    a = tf.Variable([1.0, 2.0], name="a")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver()
        prefix = saver.save(sess, str(tmp_path / "m"))
        sess.run(a.assign([-1.0, -1.0]))
        with open(prefix + ".data-00000-of-00001", "r+b") as f:
            f.seek(3)
            f.write(b"\x7f")
        with pytest.raises(tf.errors.DataLossError, match="Checksum does not match"):
            saver.restore(sess, prefix)
        np.testing.assert_array_equal(sess.run(a), [-1.0, -1.0])
        with pytest.raises(tf.errors.NotFoundError, match="Failed to find any matching files"):
            saver.restore(sess, str(tmp_path / "none"))
        with pytest.raises(ValueError, match="Parent directory"):
            saver.save(sess, str(tmp_path / "no" / "m"))
        with pytest.raises(ValueError, match="No variables to save"):
            tf.reset_default_graph()
            tf.train.Saver()
        with pytest.raises(TypeError, match="dict or a list"):
            tf.train.Saver(a)
        with pytest.raises(NotImplementedError):
            tf.train.Saver(write_version=tf.train.SaverDef.V1)

    # A variable of another shape in a new graph: InvalidArgumentError, TF's text.
    tf.reset_default_graph()
    tf.Variable([0.0, 0.0, 0.0], name="a")
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError, match=r"lhs shape= \[3\] rhs shape= \[2\]"):
            tf.train.Saver().restore(sess, prefix)


def test_lab_13_3_except_clause_catches_a_corrupt_checkpoint(tmp_path):
    """The lab wraps restore in a bare except and prints "Error on loading old network weights"."""
    tf.reset_default_graph()
    v = tf.Variable(1.0, name="v")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        saver = tf.train.Saver()
        saver.save(sess, str(tmp_path / "model"), global_step=1)
        with open(tmp_path / "model-1.index", "r+b") as f:
            f.truncate(20)
        checkpoint = tf.train.get_checkpoint_state(str(tmp_path))
        try:
            saver.restore(sess, checkpoint.model_checkpoint_path)
            loaded = True
        except Exception:  # noqa: BLE001  (as the lab)
            loaded = False
        assert not loaded
        assert sess.run(v) == 1.0
