"""tf.summary from Python: summary values fetched as bytes, and event files written with FileWriter, read back here
record by record (TFRecord framing with both CRC-32C checks, Event and Summary protobufs) with a small reader."""
import os
import re
import socket
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bridge import _runtime, errors, tf

PY = Path(__file__).resolve().parents[1]

# --- a TFRecord and protobuf reader, independent of Bridge's ----------------------------------------------------------

_CRC_TABLE = []
for _n in range(256):
    for _ in range(8):
        _n = (_n >> 1) ^ 0x82F63B78 if _n & 1 else _n >> 1
    _CRC_TABLE.append(_n)


def _masked_crc32c(data: bytes) -> int:
    c = 0xFFFFFFFF
    for b in data:
        c = _CRC_TABLE[(c ^ b) & 0xFF] ^ (c >> 8)
    c ^= 0xFFFFFFFF
    return (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def _records(path, check_crc=lambda i: True):
    """The records of a TFRecord file: uint64 length, masked CRC of it, data, masked CRC of the data."""
    raw, out, i = Path(path).read_bytes(), [], 0
    while i < len(raw):
        (length,), (length_crc,) = struct.unpack_from("<Q", raw, i), struct.unpack_from("<I", raw, i + 8)
        data = raw[i + 12:i + 12 + length]
        (data_crc,) = struct.unpack_from("<I", raw, i + 12 + length)
        if check_crc(len(out)):
            assert length_crc == _masked_crc32c(raw[i:i + 8]) and data_crc == _masked_crc32c(data), f"record {len(out)}"
        out.append(data)
        i += 16 + length
    assert i == len(raw), "the file ends inside a record"
    return out


def _fields(msg: bytes):
    """(field number, value) of a protobuf message: int (varint), float (fixed32), double (fixed64) or bytes."""
    i, out = 0, []

    def varint():
        nonlocal i
        n = shift = 0
        while True:
            b = msg[i]
            i += 1
            n |= (b & 0x7F) << shift
            shift += 7
            if b < 0x80:
                return n

    while i < len(msg):
        key = varint()
        kind = key & 7
        if kind == 0:
            v = varint()
        elif kind == 1:
            (v,), i = struct.unpack_from("<d", msg, i), i + 8
        elif kind == 5:
            (v,), i = struct.unpack_from("<f", msg, i), i + 4
        elif kind == 2:
            n = varint()
            v, i = msg[i:i + n], i + n
        else:
            raise AssertionError(f"wire type {kind}")
        out.append((key >> 3, v))
    return out


def _event(data: bytes) -> dict:
    """Event: wall_time 1, step 2, file_version 3, graph_def 4, summary 5 (Summary: value 1 = tag 1, simple_value 2,
    histo 5 = min 1, max 2, num 3, sum 4)."""
    e = {"step": 0, "values": None}
    for f, v in _fields(data):
        if f == 1:
            e["wall_time"] = v
        elif f == 2:
            e["step"] = v
        elif f == 3:
            e["file_version"] = v.decode()
        elif f == 4:
            e["nodes"] = [dict(_fields(node))[1].decode() for k, node in _fields(v) if k == 1]
        elif f == 5:
            e["values"] = [_value(value) for k, value in _fields(v) if k == 1]
    return e


def _value(data: bytes) -> dict:
    d = dict(_fields(data))
    value = {"tag": d[1].decode()}
    if 2 in d:
        value["simple_value"] = d[2]
    if 5 in d:
        h = dict(_fields(d[5]))
        value["histo"] = (h.get(1, 0.0), h.get(2, 0.0), h.get(3, 0.0), h.get(4, 0.0))  # min, max, num, sum
    return value


def test_the_reader_checks_crc32c():
    assert _masked_crc32c(b"") == 0xA282EAD8  # the mask of CRC-32C("") = 0
    c = 0xE3069283  # CRC-32C("123456789"), the standard check value
    assert _masked_crc32c(b"123456789") == (((c >> 15) | (c << 17)) + 0xA282EAD8) & 0xFFFFFFFF


# --- summaries and FileWriter -----------------------------------------------------------------------------------------

def test_summaries_written_from_python_read_back(tmp_path):
    tf.reset_default_graph()
    tf.set_random_seed(777)
    x = tf.placeholder(tf.float32, [None], name="x")
    W = tf.Variable(tf.random_normal([3]), name="W")
    with tf.name_scope("Cost"):
        cost = tf.reduce_mean(x * W)
        tf.summary.scalar("Cost", cost)
    hist = tf.summary.histogram("W", W)  # tagged "W_1": a tag is the op's name, made unique (W is taken), as TF 1.x
    assert hist.dtype == tf.string and hist.shape == ()
    merged = tf.summary.merge_all()
    assert merged.name == "Merge/MergeSummary:0"
    logdir = tmp_path / "run1"  # made by the writer
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        w0 = sess.run(W)
        assert isinstance(hist.eval(), bytes)  # a summary's value is its serialized protobuf, as TF returns it
        with tf.summary.FileWriter(logdir, sess.graph) as writer:
            assert writer.get_logdir() == str(logdir)
            costs = []
            for step in range(3):
                s, c = sess.run([merged, cost], feed_dict={x: [1.0, 2.0, float(step)]})
                assert type(s) is bytes
                costs.append(c)
                writer.add_summary(s, global_step=step)
            writer.flush()  # the records are on disk while the writer is open
            files = os.listdir(logdir)
            assert len(files) == 1 and re.fullmatch(r"events\.out\.tfevents\.\d{10}\." + re.escape(socket.gethostname()), files[0]), files
            assert len(_records(logdir / files[0])) == 5
            writer.add_summary(sess.run(tf.summary.merge([hist])), 7)  # merge of chosen summaries; a bare step
    events = [_event(r) for r in _records(logdir / files[0])]
    assert len(events) == 6
    assert events[0]["file_version"] == "brain.Event:2"
    assert {"x", "W", "Cost/Cost", "W_1", "Merge/MergeSummary"} <= set(events[1]["nodes"]), events[1]["nodes"]
    for step, (e, c) in enumerate(zip(events[2:5], costs)):
        assert e["step"] == step
        (scalar, histo) = e["values"]
        assert scalar == {"tag": "Cost/Cost", "simple_value": c}  # the float32 fetched in the same run
        # W's histogram: min, max, count and sum of its values (the float32 values, in double).
        assert histo["tag"] == "W_1" and histo["histo"] == (float(w0.min()), float(w0.max()), 3.0, float(np.sum(w0.astype(np.float64)))), histo
    assert events[5]["step"] == 7 and [v["tag"] for v in events[5]["values"]] == ["W_1"]


def test_a_large_summary_is_fetched_whole():
    """A merged summary larger than the run's 16 KB scratch buffer takes the large-result path."""
    tf.reset_default_graph()
    tf.set_random_seed(1)
    hists = [tf.summary.histogram(f"h{i}", tf.random_normal([100000], stddev=10.0 ** i)) for i in range(6)]
    with tf.Session() as sess:
        s, small = sess.run([tf.summary.merge_all(), hists[0]])
    assert type(s) is bytes and len(s) > 16384, len(s)
    values = [_value(v) for k, v in _fields(s) if k == 1]
    assert [v["tag"] for v in values] == [f"h{i}" for i in range(6)]
    assert all(v["histo"][2] == 100000.0 for v in values)
    assert s.startswith(small[:2])  # the merge begins with h0's value (field 1, length-delimited)


def test_file_writer_filename_suffix_and_close_at_exit(tmp_path):
    code = ("from bridge import tf\n"
            "w = tf.summary.FileWriter(r'%s', filename_suffix='.v2')\n"
            "with tf.Session() as s:\n"
            "    w.add_summary(s.run(tf.summary.scalar('loss', tf.constant(2.5))), global_step=3)\n" % tmp_path)
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep)))
    assert p.returncode == 0, p.stderr[-2000:]
    (f,) = tmp_path.iterdir()
    assert f.name.endswith(".v2"), f.name
    # Never flushed nor closed by the script: closed when Python exits, so the summary is in the file.
    events = [_event(r) for r in _records(f)]
    assert [e["step"] for e in events] == [0, 3] and events[1]["values"] == [{"tag": "loss", "simple_value": 2.5}]


def test_summary_errors_name_the_fix(tmp_path):
    tf.reset_default_graph()
    assert tf.summary.merge_all() is None  # no summaries: None, as TF
    with pytest.raises(errors.ValueError, match=r"tf.summary.scalar: 'v' must be a scalar.*reduce_mean"):
        tf.summary.scalar("v", tf.constant([1.0, 2.0]))
    with pytest.raises(NotImplementedError, match=r"tf.summary.scalar: collections=\['mine'\] is not supported.*merge_all"):
        tf.summary.scalar("c", tf.constant(1.0), collections=["mine"])
    with pytest.raises(errors.TypeError, match=r"tf.summary.merge: inputs must be a list of tensors, but one is 1.0 .*"
                                               r"- help: call tf.summary.merge\(inputs, collections=None, name=None\)"):
        tf.summary.merge([1.0])
    with pytest.raises(errors.TypeError, match=r"FileWriter.__init__: expected a graph .*sess.graph"):
        tf.summary.FileWriter(tmp_path, graph=42)
    with tf.summary.FileWriter(tmp_path) as writer:
        with pytest.raises(errors.TypeError, match=r"add_summary: expected the value of a summary op.*got float"):
            writer.add_summary(1.0, 0)


# --- tf.summary.image ------------------------------------------------------------------------------------------------

def _images(summary: bytes):
    """(tag, height, width, colorspace, png bytes) of each value of a Summary (Value.image = 4: Image fields 1-4)."""
    out = []
    for k, v in _fields(summary):
        d = dict(_fields(v))
        im = dict(_fields(d[4]))
        out.append((d[1].decode(), im.get(1, 0), im.get(2, 0), im.get(3, 0), im[4]))
    return out


def test_summary_image_pngs_decode_with_matplotlib(tmp_path):
    """TF's kernel test (summary_image_op_test.py): float images scaled per image, one NaN pixel in bad_color red;
    the PNGs, read by matplotlib's own reader, hold exactly those pixels."""
    import matplotlib.image as mpimg
    tf.reset_default_graph()
    rng = np.random.RandomState(7)
    for depth in (1, 3, 4):
        for positive in (False, True):
            const = rng.randn(4, 5, 7, depth).astype(np.float32)
            const[0, 1, 2] = 0
            if positive:
                const = 1 + np.maximum(const, 0)
                scale = np.float32(255) / const.reshape(4, -1).max(axis=1)
                offset = np.float32(0)
            else:
                scale = np.float32(127) / np.abs(const.reshape(4, -1)).max(axis=1)
                offset = np.float32(128)
            adjusted = np.floor((scale[:, None, None, None] * const).astype(np.float32) + offset)
            const[0, 1, 2, depth // 2] = np.nan
            tf.reset_default_graph()  # TF's test: a graph for each case
            summ = tf.summary.image("img", const)
            assert summ.shape == () and summ.dtype == tf.string
            with tf.Session() as sess:
                value = sess.run(summ)
            images = _images(value)
            assert [(t, h, w, c) for t, h, w, c, _ in images] == [(f"img/image/{i}", 5, 7, depth) for i in range(3)]
            for i, (_, _, _, _, png) in enumerate(images):
                path = tmp_path / f"img{depth}{positive}{i}.png"
                path.write_bytes(png)
                decoded = np.round(mpimg.imread(path) * 255).astype(np.uint8)  # matplotlib reads PNGs as floats in [0, 1]
                decoded = decoded.reshape(5, 7, depth)
                expected = adjusted[i].copy()
                if i == 0:
                    assert list(decoded[1, 2]) == [255, 0, 0, 255][:depth]
                    expected[1, 2] = decoded[1, 2]
                np.testing.assert_array_equal(decoded, expected.astype(np.uint8))


def test_summary_image_uint8_tags_and_errors():
    tf.reset_default_graph()
    images = np.random.RandomState(7).randint(256, size=(4, 5, 7, 3)).astype(np.uint8)
    x = tf.placeholder(tf.float32, [None, 784])
    x_image = tf.reshape(x, [-1, 28, 28, 1])
    with tf.variable_scope("layer1"):
        one = tf.summary.image("input", x_image, 1)  # lab 13-2's positional max_outputs
    kept = tf.summary.image("img", images, max_outputs=2)
    with tf.Session() as sess:
        a, b = sess.run([one, kept], feed_dict={x: np.zeros((2, 784), np.float32)})
    assert [v[:4] for v in _images(a)] == [("layer1/input/image", 28, 28, 1)]
    assert [v[:4] for v in _images(b)] == [("img/image/0", 5, 7, 3), ("img/image/1", 5, 7, 3)]
    mine = tf.summary.image("mine", images, collections=["mine"])
    assert [t.name for t in tf.get_collection("mine")] == [mine.name] == ["mine:0"]
    with pytest.raises(errors.ValueError, match=r"tf.summary.image: Attr 'max_images' of 'ImageSummary' Op passed 0 less than minimum 1.*- help:"):
        tf.summary.image("bad", images, max_outputs=0)
    with pytest.raises(errors.TypeError, match=r"tf.summary.image: 'ints' has dtype int32, but .*uint8, float32"):
        tf.summary.image("ints", np.zeros((1, 2, 2, 1), np.int32))
    two_channels = tf.summary.image("two", np.zeros((1, 2, 2, 2), np.float32))
    with tf.Session() as sess:
        with pytest.raises(errors.InvalidArgumentError, match=r"Tensor must be 4-D with last dim 1, 3, or 4, not"):
            sess.run(two_channels)


def test_image_summaries_in_an_event_file_read_back_and_decode(tmp_path):
    """An image summary written by FileWriter: the TFRecord CRCs check, the Event holds Summary.Value.image with
    height, width, colorspace and a PNG that matplotlib decodes to the uint8 pixels given."""
    import matplotlib.image as mpimg
    tf.reset_default_graph()
    pixels = np.arange(2 * 3 * 4 * 3, dtype=np.uint8).reshape(2, 3, 4, 3) * 2
    tf.summary.image("rgb", tf.constant(pixels), max_outputs=2)
    with tf.Session() as sess, tf.summary.FileWriter(tmp_path) as writer:
        writer.add_summary(sess.run(tf.summary.merge_all()), global_step=5)
    (f,) = tmp_path.iterdir()
    events = [r for r in _records(f)]
    (step, summary), = [(dict(_fields(e)).get(2, 0), dict(_fields(e))[5]) for e in events if 5 in dict(_fields(e))]
    assert step == 5
    images = _images(summary)
    assert [v[:4] for v in images] == [("rgb/image/0", 3, 4, 3), ("rgb/image/1", 3, 4, 3)]
    for i, (*_, png) in enumerate(images):
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        (tmp_path / f"{i}.png").write_bytes(png)
        decoded = np.round(mpimg.imread(tmp_path / f"{i}.png") * 255).astype(np.uint8)
        np.testing.assert_array_equal(decoded, pixels[i])


# --- lab 09-4 (xor tensorboard) from Python -------------------------------------------------------------------------

LAB_094 = PY / "labs" / "lab-09-4-xor_tensorboard.py"
CSX_094 = _runtime.REPO / "scripts" / "lab-09-4-xor_tensorboard.csx"


def test_lab_09_4_from_python_prints_and_writes_what_the_csharp_lab_does(tmp_path):
    """The original lab 09-4 (import line changed) runs from Python; its output and its event file equal those of the
    C# script run by `bridge run` (records byte for byte but for each event's wall time), and every step's summary
    holds that step's cost."""
    py_dir, cs_dir = tmp_path / "py", tmp_path / "cs"
    py_dir.mkdir()
    py = subprocess.run([sys.executable, str(LAB_094)], capture_output=True, text=True, cwd=py_dir, timeout=300,
                        env=dict(os.environ, PYTHONPATH=os.pathsep.join([str(PY)] + os.environ.get("PYTHONPATH", "").split(os.pathsep)).rstrip(os.pathsep)))
    assert py.returncode == 0, py.stderr[-2000:]
    cs = subprocess.run(["dotnet", str(_runtime.build_dir() / "Bridge.Cli.dll"), "run", str(CSX_094), str(cs_dir)],
                        capture_output=True, text=True, timeout=300)
    assert cs.returncode == 0, cs.stderr[-2000:]
    assert py.stdout == cs.stdout
    assert py.stdout.rstrip().endswith("Accuracy:\n1.0")

    (py_file,) = (py_dir / "logs" / "xor_logs_r0_01").iterdir()  # the lab's own logdir, under its working folder
    (cs_file,) = cs_dir.iterdir()
    # CRCs of the first and last records here (the pure-Python CRC of 10 MB would be slow); all are compared below.
    py_records = _records(py_file, lambda i: i < 20 or i > 9990)
    cs_records = _records(cs_file, lambda i: False)
    assert len(py_records) == len(cs_records) == 2 + 10001
    for i, (a, b) in enumerate(zip(py_records, cs_records)):
        assert a[0] == b[0] == 0x09 and a[9:] == b[9:], f"record {i} differs beyond its wall time"

    events = [_event(r) for r in py_records]
    assert {"x", "y", "Layer1/weight_1", "Cost/Cost", "Train/beta1_power", "accuracy"} <= set(events[1]["nodes"])
    printed = dict(line.split() for line in py.stdout.splitlines() if re.fullmatch(r"\d+ \S+", line))
    assert len(printed) == 101
    for step, e in enumerate(events[2:]):
        assert e["step"] == step
        tags = [v["tag"] for v in e["values"]]
        assert tags == ["Layer1/W1", "Layer1/b1", "Layer1/Layer1", "Layer2/W2", "Layer2/b2", "Layer2/Hypothesis",
                        "Cost/Cost", "accuracy"], tags
        if str(step) in printed:  # the cost printed at this step is the one summarised in the same run
            assert np.float32(e["values"][6]["simple_value"]) == np.float32(printed[str(step)]), step
