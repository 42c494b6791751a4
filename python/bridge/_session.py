"""tf.Session for Python: ``run`` returns numpy values shaped like the fetches, one .NET call per run.

Each distinct (fetches, fed tensors) pair gets a C# ``PreparedRun`` with two numpy buffers it reads and writes: feeds
go in as (address, dtype, shape) records (large ones read in place for the run, small ones copied), results come back
in a scratch buffer (or, when large, are copied straight into numpy arrays allocated here, or taken in place). See
src/Bridge/Interop/PreparedRun.cs.
"""
from __future__ import annotations

import threading

import numpy as np

from . import _convert, _runtime, _signals
from ._graph import Operation, _Node, call, net_tf
from .errors import RuntimeError as BridgeRuntimeError, ValueError as BridgeValueError
from Bridge.Interop import PythonInterop as _Interop, PreparedRun as _NetPreparedRun  # type: ignore
from Bridge.Interop import PythonData as _PythonData  # type: ignore

_RECORD = int(_NetPreparedRun.Record)
_MAX_RANK = int(_Interop.MaxRank)
_BYTES = int(_Interop.BytesCode)  # a scalar string (a summary): returned as bytes, as TF does
_SCRATCH = 16384
_IN_PLACE = -2  # a result's offset slot when it is the run's alone: numpy takes it without a copy (PreparedRun.Pin)
_CACHE_LIMIT = 256
# The progress line on a terminal (BRIDGE_PROGRESS; see input_data.py) shows the last float scalar a fed run fetched.
_PROGRESS = bool(_PythonData.ProgressEnabled)
_REPORT_COST = _PythonData.ReportCost
_defaults: list = []  # sessions made default by `with` blocks and InteractiveSession, innermost last


def default_session(what: str):
    """The session ``t.eval()`` and ``op.run()`` use."""
    if not _defaults:
        raise BridgeValueError(f"Cannot evaluate tensor using `{what}`: No default session is registered. - help: use "
                               "`with sess.as_default()` (or `with tf.Session() as sess:`), tf.InteractiveSession(), or pass session=sess.")
    return _defaults[-1]


def _flatten(fetches, out: list):
    """Appends the graph elements of a (nested) fetch structure to ``out`` and returns a rebuilder of the structure."""
    if isinstance(fetches, (_Node, Operation)):
        i = len(out)
        out.append(fetches)
        return lambda values: values[i]
    if isinstance(fetches, (list, tuple)):
        parts = [_flatten(f, out) for f in fetches]
        kind = type(fetches)
        if kind is list:
            return lambda values: [p(values) for p in parts]
        if kind is tuple:
            return lambda values: tuple(p(values) for p in parts)
        return lambda values: kind(*(p(values) for p in parts))  # namedtuples
    if isinstance(fetches, dict):
        parts = {k: _flatten(v, out) for k, v in fetches.items()}
        return lambda values: {k: p(values) for k, p in parts.items()}
    raise TypeError(f"Fetch argument {fetches!r} has invalid type {type(fetches).__name__}, must be a tf.Tensor, "
                    "tf.Variable or tf.Operation, or a list, tuple or dict of them.")


class _Prepared:
    """A C# PreparedRun with the buffers it owns (kept alive here as long as it lives)."""

    __slots__ = ("net", "meta", "scratch", "fetches", "feed_keys", "feed_dtypes", "rebuild")

    def __init__(self, session, fetches, feed_keys, rebuild):
        self.fetches, self.feed_keys, self.rebuild = fetches, feed_keys, rebuild
        self.feed_dtypes = [k.dtype.as_numpy_dtype for k in feed_keys]
        n = max(len(fetches), len(feed_keys), 1)
        self.meta = np.zeros(n * _RECORD, dtype=np.int64)
        self.scratch = np.zeros(_SCRATCH, dtype=np.uint8)
        from System import Object  # type: ignore
        import System  # type: ignore
        self.net = call(_Interop.Prepare, session._s, System.Array[Object]([f._t for f in fetches]),
                        System.Array[Object]([k._t for k in feed_keys]), self.meta.ctypes.data, self.meta.size,
                        self.scratch.ctypes.data, self.scratch.size)


class Session:
    """tf.Session: runs the default graph (as it is when the session is made); a context manager that closes itself."""

    def __init__(self, target: str = "", graph=None, config=None):
        _runtime.ensure_natives()
        _signals.enable()
        self._s = call(net_tf.Session) if graph is None else call(net_tf.Session, graph)
        self._cache: dict = {}
        self._closed = False
        # One run at a time, as the C# session: a run fills its prepared run's metadata buffer, and .NET releases the
        # GIL while it runs, so a second thread's run would overwrite that buffer under the first one's feet. Re-entrant:
        # a run started by a signal handler on the running thread reaches the C# session, which refuses it itself.
        self._running = threading.RLock()

    @property
    def graph(self):
        return self._s.graph

    @property
    def _t(self):
        """The .NET session (what tf.* functions taking a session, such as tf.train.start_queue_runners, pass on)."""
        return self._s

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        """Computes ``fetches`` (a tensor, variable or op, or a nested list/tuple/dict of them) with ``feed_dict``
        ({placeholder: value}); returns numpy values in the same structure (None for ops)."""
        # The acquire is inside the try, so that a KeyboardInterrupt raised right after it (Ctrl-C lands between any two
        # bytecodes) still releases the lock: a lock left held would refuse every later run of the session.
        try:
            if not self._running.acquire(blocking=False):
                raise BridgeRuntimeError("Session.run: this session is already running (a run started from a signal handler "
                                         "or another thread while one is in progress). - help: run it after the current run "
                                         "returns, or use another tf.Session for concurrent work.")
            return self._run(fetches, feed_dict)
        finally:
            try:
                self._running.release()
            except RuntimeError:
                pass  # not held by this thread: the run above was refused

    def _run(self, fetches, feed_dict):
        feed_dict = feed_dict or {}
        key = (id(fetches) if isinstance(fetches, (_Node, Operation)) else _structure_key(fetches),
               tuple(map(id, feed_dict)))
        p = self._cache.get(key)
        if p is None:
            p = self._prepare(key, fetches, feed_dict)
        meta = p.meta
        keep = []  # the fed arrays must live until the run returns: large ones are read in place (PythonInterop.Feed)
        for i, (k, dt) in enumerate(zip(p.feed_keys, p.feed_dtypes)):
            a = feed_dict[k]
            if type(a) is not np.ndarray or a.dtype.type is not dt or not a.flags.c_contiguous:
                a = _convert.contiguous(a, dt, f"feeding {k.name}")
            if a.ndim > _MAX_RANK:
                raise BridgeValueError(f"Session.run: arrays of rank {a.ndim} cannot be fed (at most {_MAX_RANK}).")
            keep.append(a)
            o = i * _RECORD
            meta[o:o + 3 + a.ndim] = (a.__array_interface__["data"][0], _convert.CODE[a.dtype], a.ndim, *a.shape)
        large = call(p.net.Run)
        values = self._results(p, large)
        if _PROGRESS and feed_dict:
            for v in values:
                if type(v) is np.ndarray and v.ndim == 0 and v.dtype.kind == "f" or isinstance(v, np.floating):
                    _REPORT_COST(float(v))
                    break
        return p.rebuild(values)

    def _prepare(self, key, fetches, feed_dict) -> _Prepared:
        if self._closed:
            raise RuntimeError("Attempted to use a closed Session.")
        flat: list = []
        rebuild = _flatten(fetches, flat)
        for k in feed_dict:
            if not isinstance(k, _Node):
                raise TypeError(f"Cannot interpret feed_dict key {k!r} as a Tensor. - help: feed tf.placeholder tensors.")
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        p = self._cache[key] = _Prepared(self, flat, list(feed_dict), rebuild)
        # Keep the fetched objects alive with the entry so that the ids in the key cannot be reused.
        p.fetches = flat + [fetches]
        return p

    def _results(self, p: _Prepared, large: int) -> list:
        n = len(p.fetches) - 1
        records = p.meta[:n * _RECORD].reshape(n, _RECORD).tolist()
        values = [None] * n
        pending = []
        scratch = p.scratch
        for j, r in enumerate(records):
            code = r[0]
            if code < 0:
                continue  # an operation
            if code == _BYTES:
                n, off = r[2], r[-1]
                if off >= 0:
                    values[j] = scratch[off:off + n].tobytes()
                else:
                    out = np.empty(n, dtype=np.uint8)
                    p.meta[j * _RECORD + _RECORD - 1] = out.__array_interface__["data"][0]
                    pending.append((j, out))
                continue
            dt = _convert.DTYPES[code]
            shape = tuple(r[2:2 + r[1]])
            off = r[-1]
            if off >= 0:
                count = int(np.prod(shape)) if shape else 1
                v = scratch[off:off + count * dt.itemsize].view(dt)
                values[j] = v[0] if not shape else v.reshape(shape).copy()
            elif off == _IN_PLACE:
                values[j] = _convert.pinned(call(p.net.Pin, j), shape, dt)
            else:
                out = np.empty(shape, dtype=dt)
                p.meta[j * _RECORD + _RECORD - 1] = out.__array_interface__["data"][0]
                pending.append((j, out))
        if pending:
            call(p.net.CopyLarge)
            for j, out in pending:
                values[j] = out.tobytes() if records[j][0] == _BYTES else out
        return values

    def close(self) -> None:
        """Releases the session; later runs raise RuntimeError."""
        if not self._closed:
            self._closed = True
            self._cache.clear()
            self._s.Dispose()
            if self in _defaults:
                _defaults.remove(self)

    def as_default(self):
        """A context in which this session is the default one (for .eval() and .run())."""
        return _DefaultContext(self, close=False)

    def __enter__(self):
        _defaults.append(self)
        return self

    def __exit__(self, *exc):
        if _defaults and _defaults[-1] is self:
            _defaults.pop()
        self.close()
        return False


class _DefaultContext:
    def __init__(self, session, close):
        self.session = session

    def __enter__(self):
        _defaults.append(self.session)
        return self.session

    def __exit__(self, *exc):
        if _defaults and _defaults[-1] is self.session:
            _defaults.pop()
        return False


class InteractiveSession(Session):
    """A session that makes itself the default on creation, for ``t.eval()`` in notebooks."""

    def __init__(self, target: str = "", graph=None, config=None):
        super().__init__(target, graph, config)
        _defaults.append(self)


def _structure_key(fetches):
    """A hashable key for a fetch structure: the ids of its elements, nested as the structure is."""
    if isinstance(fetches, (_Node, Operation)):
        return id(fetches)
    if isinstance(fetches, (list, tuple)):
        return (type(fetches),) + tuple(_structure_key(f) for f in fetches)
    if isinstance(fetches, dict):
        return (dict,) + tuple((k, _structure_key(v)) for k, v in fetches.items())
    return ("?", id(fetches))
