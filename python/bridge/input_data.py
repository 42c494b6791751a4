"""TF 1.x's ``tensorflow.examples.tutorials.mnist.input_data`` over Bridge's C# loader (``Bridge.input_data``).

``read_data_sets`` takes TF's arguments and returns TF's ``Datasets(train, validation, test)``; each split's ``images``
and ``labels`` are numpy arrays and ``next_batch`` returns a tuple of numpy arrays, as TF's loader did. Reading,
the 55000/5000/10000 split, shuffling (numpy's generator, seeded from ``tf.set_random_seed`` as TF's was) and batches
that cross an epoch boundary are the C# loader's (src/Bridge/Data/input_data.cs); this module only moves its arrays
into numpy. ``python3 -m bridge run`` makes ``from tensorflow.examples.tutorials.mnist import input_data`` this module.
"""
from __future__ import annotations

import collections
import os
import sys

import numpy as np

from . import _convert, _dtypes, _runtime
from ._graph import call

_runtime.load()
import System  # type: ignore  # noqa: E402
from Bridge import input_data as _NetInputData  # type: ignore  # noqa: E402
from Bridge.Interop import PythonData as _PythonData  # type: ignore  # noqa: E402

DEFAULT_SOURCE_URL = str(_NetInputData.DefaultSourceUrl)

Datasets = collections.namedtuple("Datasets", ["train", "validation", "test"])

_SAME = System.Object.ReferenceEquals
# Bound once (a static method looked up through pythonnet costs about 2 us a call): copies a batch into numpy arrays.
_NEXT_BATCH = _PythonData.NextBatch
# Progress on a terminal (epoch, step, cost, the epoch's ETA), drawn on stderr by the C# TrainingProgress from each
# batch: only when stderr is a terminal, or BRIDGE_PROGRESS=1 (=0: never). Before anything is written to stdout the
# line is cleared, so the lab's own output is never mixed with it (and stdout's bytes are the same either way).
_PROGRESS = bool(_PythonData.ProgressEnabled)
_progress_hooked = False


class _ClearingProgress:
    """sys.stdout, clearing the progress line (on stderr) before each write."""

    def __init__(self, inner):
        self._inner = inner

    def write(self, text):
        if text:
            _PythonData.ClearProgress()
        return self._inner.write(text)

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _hook_progress():
    global _progress_hooked
    _progress_hooked = True
    import atexit
    import sys
    sys.stdout = _ClearingProgress(sys.stdout)
    atexit.register(_PythonData.ClearProgress)


class DataSet:
    """One split of MNIST (TF's ``DataSet``): ``images``, ``labels``, ``num_examples``, ``epochs_completed`` and
    ``next_batch``. ``images`` and ``labels`` are numpy arrays in the split's current order (shuffled once
    ``next_batch`` has shuffled, as TF's were), converted once per order."""

    __slots__ = ("_d", "_images", "_labels", "_layout")

    def __init__(self, net):
        self._d = net
        self._images = self._labels = (None, None)  # (the .NET NDArray converted, its numpy copy)
        self._layout = None  # a batch's (image shape, image dtype, label shape, label dtype) after the 0th dimension

    @staticmethod
    def _numpy(cached, nd):
        return cached if cached[0] is not None and _SAME(cached[0], nd) else (nd, _convert.from_net(nd))

    @property
    def images(self):
        self._images = self._numpy(self._images, self._d.images)
        return self._images[1]

    @property
    def labels(self):
        self._labels = self._numpy(self._labels, self._d.labels)
        return self._labels[1]

    @property
    def num_examples(self) -> int:
        return int(self._d.num_examples)

    @property
    def epochs_completed(self) -> int:
        return int(self._d.epochs_completed)

    def next_batch(self, batch_size, fake_data=False, shuffle=True):
        """The next ``batch_size`` examples as ``(images, labels)`` numpy arrays (see TF 1.x's ``DataSet.next_batch``)."""
        if fake_data:
            raise NotImplementedError("next_batch(fake_data=True) is not supported by Bridge. - help: drop fake_data "
                                      "(read_data_sets loads the real MNIST files).")
        n = _int(batch_size, "batch_size")
        layout = self._layout
        if layout is None:  # the first batch through the general conversion, which tells the shapes and dtypes
            batch = call(self._d.next_batch, n, bool(shuffle))
            x, y = _convert.from_net(batch.Item1), _convert.from_net(batch.Item2)
            self._layout = (x.shape[1:], x.dtype, y.shape[1:], y.dtype)
            if _PROGRESS:
                if not _progress_hooked:
                    _hook_progress()
                _PythonData.BatchDone(self._d, n)
            return x, y
        x = np.empty((n,) + layout[0], layout[1])
        y = np.empty((n,) + layout[2], layout[3])
        call(_NEXT_BATCH, self._d, n, bool(shuffle), x.ctypes.data, y.ctypes.data)
        return x, y

    def __repr__(self) -> str:
        return f"<DataSet: {self.num_examples} examples>"


def read_data_sets(train_dir, fake_data=False, one_hot=False, dtype=_dtypes.float32, reshape=True,
                   validation_size=5000, seed=None, source_url=DEFAULT_SOURCE_URL):
    """Reads MNIST from ``train_dir`` (``"MNIST_data/"``), downloading missing files from ``source_url``, as TF 1.x:
    ``Datasets(train=55000, validation=5000, test=10000)`` by default. ``dtype`` is ``tf.float32`` (pixels in [0, 1])
    or ``tf.uint8`` (raw bytes); ``reshape=False`` gives images of shape [n, 28, 28, 1]. The shuffling of
    ``next_batch`` is seeded by ``seed``, else by ``tf.set_random_seed``'s graph seed (unseeded without either)."""
    if fake_data:
        raise NotImplementedError("read_data_sets(fake_data=True) is not supported by Bridge. - help: drop fake_data; "
                                  "put MNIST's four .gz files in train_dir (they are downloaded when missing).")
    net_dtype = _dtypes.as_dtype(dtype)._net
    # TF 1.0's mnist.py print()s "Extracting <train_dir/file>" for each file (and "Successfully downloaded ..."): the
    # lines go to Python's stdout, after the files are read (also when reading fails part way).
    log = System.IO.StringWriter()
    try:
        d = call(_NetInputData.read_data_sets, os.fspath(train_dir), bool(one_hot), net_dtype, bool(reshape),
                 _int(validation_size, "validation_size"), None if seed is None else _int(seed, "seed"),
                 source_url or DEFAULT_SOURCE_URL, log)
    finally:
        text = str(log.ToString())
        if text:
            sys.stdout.write(text)
    return Datasets(DataSet(d.train), DataSet(d.validation), DataSet(d.test))


def _int(value, what: str) -> int:
    try:
        return int(value.__index__())
    except (AttributeError, TypeError):
        raise TypeError(f"{what} must be an int, not {type(value).__name__}.") from None
