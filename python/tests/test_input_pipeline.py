"""TF 1.x's reading pipeline from Python, as lab 04-4 writes it: string_input_producer, TextLineReader, decode_csv,
tf.train.batch, the Coordinator and start_queue_runners, with TF's Python keyword names and return types."""
import numpy as np
import pytest

from bridge import tf


@pytest.fixture
def csv(tmp_path):
    def write(text, name="data.csv"):
        path = tmp_path / name
        path.write_text(text)
        return str(path)
    return write


def test_lab_04_4_pipeline_batches_rows_in_order(csv):
    tf.reset_default_graph()
    path = csv("73,80,75,152\n93,88,93,185\n89,91,90,180\n")
    filename_queue = tf.train.string_input_producer([path], shuffle=False, name='filename_queue')
    reader = tf.TextLineReader()
    key, value = reader.read(filename_queue)
    xy = tf.decode_csv(value, record_defaults=[[0.], [0.], [0.], [0.]])
    assert isinstance(xy, list) and len(xy) == 4
    train_x_batch, train_y_batch = tf.train.batch([xy[0:-1], xy[-1:]], batch_size=2)
    assert train_x_batch.shape.as_list() == [2, 3] and train_y_batch.shape.as_list() == [2, 1]
    sess = tf.Session()
    coord = tf.train.Coordinator()
    threads = tf.train.start_queue_runners(sess=sess, coord=coord)
    assert len(threads) == 4  # one per enqueue op and one closing each queue on stop, as TF starts them
    x_batch, y_batch = sess.run([train_x_batch, train_y_batch])
    assert x_batch.dtype == np.float32 and x_batch.tolist() == [[73, 80, 75], [93, 88, 93]]
    assert y_batch.tolist() == [[152], [185]]
    x_batch, _ = sess.run([train_x_batch, train_y_batch])
    assert x_batch.tolist() == [[89, 91, 90], [73, 80, 75]]  # the next epoch follows
    k, v = sess.run([key, value])
    assert k == f"{path}:2".encode() and v == b"93,88,93,185"  # running the reader reads on
    coord.request_stop()
    coord.join(threads)
    sess.close()


def test_a_single_tensor_batch_is_a_tensor_and_num_epochs_ends_in_out_of_range(csv):
    tf.reset_default_graph()
    path = csv("1\n2\n3\n")
    q = tf.train.string_input_producer([path], num_epochs=1, shuffle=False)
    _, value = tf.TextLineReader().read(q)
    x, = tf.decode_csv(value, [[0]])
    b = tf.train.batch([x], batch_size=2)
    assert isinstance(b, tf.Tensor) and b.dtype == tf.int32  # TF 1.x returns a lone tensor for one component
    with tf.Session() as sess:
        sess.run(tf.local_variables_initializer())
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(coord=coord)  # the default session
        assert sess.run(b).tolist() == [1, 2]
        with pytest.raises(tf.errors.OutOfRangeError, match="is closed and has insufficient elements"):
            sess.run(b)
        coord.request_stop()
        coord.join(threads)


def test_decode_csv_errors_and_defaults(csv):
    tf.reset_default_graph()
    cols = tf.decode_csv(tf.constant(["1,,x", "2,3.5,"]), record_defaults=[[0], [-1.0], ["none"]], field_delim=",")
    with tf.Session() as sess:
        a, b = sess.run(cols[:2])
        assert a.tolist() == [1, 2] and b.tolist() == [-1.0, 3.5]
        # (Python fetches scalar strings only: one record.)
        assert sess.run(tf.decode_csv(tf.constant("2,3.5,"), [[0], [-1.0], ["none"]])[2]) == b"none"
        with pytest.raises(tf.errors.InvalidArgumentError, match="Expect 2 fields but have 3 in record 0"):
            sess.run(tf.decode_csv(tf.constant("1,2,3"), [[0], [0]])[0])
    with pytest.raises(ValueError, match="Shape must be rank 1"):
        tf.decode_csv(tf.constant("1"), [0.0])


def test_shuffle_batch_is_reproducible_with_a_graph_seed(csv):
    path = csv("".join(f"{i}\n" for i in range(10)))
    runs = []
    for _ in range(2):
        tf.reset_default_graph()
        tf.set_random_seed(1)
        q = tf.train.string_input_producer([path], shuffle=False)
        _, value = tf.TextLineReader().read(q)
        x, = tf.decode_csv(value, [[0]])
        b = tf.train.shuffle_batch([x], batch_size=4, capacity=8, min_after_dequeue=3)
        with tf.Session() as sess:
            coord = tf.train.Coordinator()
            threads = tf.train.start_queue_runners(sess, coord)
            runs.append([sess.run(b).tolist() for _ in range(3)])
            coord.request_stop()
            coord.join(threads)
    assert runs[0] == runs[1]
    assert sum(runs[0], []) != list(range(10)) + [0, 1]


def test_without_runners_or_a_session_the_errors_say_what_to_do():
    tf.reset_default_graph()
    q = tf.train.string_input_producer(["a.csv"], shuffle=False)
    with pytest.raises(ValueError, match="No default session"):
        tf.train.start_queue_runners()
    with tf.Session() as sess:
        with pytest.raises(tf.errors.FailedPreconditionError, match="start_queue_runners"):
            sess.run(q.dequeue())


def test_tf_keywords_bridge_lacks_are_refused_clearly():
    tf.reset_default_graph()
    x = tf.constant(1.0)
    with pytest.raises(NotImplementedError, match="dynamic_pad=True is not supported"):
        tf.train.batch([x], 2, dynamic_pad=True)
    with pytest.raises(TypeError, match="tensors must be a list"):
        tf.train.batch({"x": x}, 2)
    q = tf.FIFOQueue(3, [tf.float32], shapes=[[]])
    assert q.dequeue().dtype == tf.float32  # one component: a tensor
    assert q.dequeue_many(2).shape.as_list() == [2]


def test_the_coordinator_reraises_what_stopped_it(csv):
    coord = tf.train.Coordinator()
    coord.request_stop(KeyError("mine"))
    assert coord.should_stop()
    with pytest.raises(KeyError, match="mine"):
        coord.join([])
    clean = tf.train.Coordinator()
    with clean.stop_on_exception():
        raise tf.errors.OutOfRangeError("done")
    assert clean.should_stop()
    clean.join()  # OutOfRangeError is a clean stop

    tf.reset_default_graph()
    q = tf.train.string_input_producer([csv("1\nx\n")], shuffle=False)
    _, value = tf.TextLineReader().read(q)
    b = tf.train.batch(tf.decode_csv(value, [[0.0]]), batch_size=2)
    with tf.Session() as sess:
        coord = tf.train.Coordinator()
        threads = tf.train.start_queue_runners(sess, coord)
        with pytest.raises(tf.errors.InvalidArgumentError, match="Field 0 in record 0 is not a valid float: x"):
            sess.run(b)  # the runner's error, raised by the run that needed its elements
        assert coord.should_stop()
        with pytest.raises(tf.errors.InvalidArgumentError, match="not a valid float"):
            coord.join(threads)


def test_a_queue_takes_one_dtype_and_one_shape_as_lists_of_one_as_tf_does():
    # TF 1.x's data_flow_ops._as_type_list and _as_shape_list: a single dtype or a single shape is a list of one.
    tf.reset_default_graph()
    q = tf.FIFOQueue(3, tf.float32, shapes=[2])
    r = tf.RandomShuffleQueue(4, 0, np.float32, shapes=[2], seed=1)
    assert q.dtypes == [tf.float32] and r.dtypes == [tf.float32]
    with tf.Session() as s:
        s.run([q.enqueue([[1.0, 2.0]]), r.enqueue([[3.0, 4.0]])])
        assert np.array_equal(s.run(q.dequeue()), [1.0, 2.0])
        assert np.array_equal(s.run(r.dequeue()), [3.0, 4.0])
    assert tf.FIFOQueue(3, "int32").dtypes == [tf.int32]  # as_dtype's names too
    with pytest.raises(TypeError, match="dtypes must be a list"):
        tf.FIFOQueue(3, 5)
