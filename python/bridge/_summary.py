"""tf.summary.FileWriter for Python: the C# writer, fed the serialized summaries ``sess.run`` returns as bytes, and
closed when Python exits if the script never closed it."""
import atexit as _atexit
import os as _os
import weakref as _weakref

import numpy as _np

from . import errors as _errors
from ._graph import call as _call, net_tf as _net_tf
from Bridge.Interop import PythonInterop as _Interop  # type: ignore

__all__ = ["FileWriter"]


def _net_graph(graph, what):
    from Bridge import Graph as NetGraph  # type: ignore
    if graph is None or isinstance(graph, NetGraph):
        return graph
    raise _errors.TypeError(f"FileWriter.{what}: expected a graph (sess.graph or tf.get_default_graph()), got "
                           f"{type(graph).__name__}. - help: pass sess.graph.")


class FileWriter:
    """tf.summary.FileWriter: writes TensorBoard event files (``events.out.tfevents.<time>.<host>``) in ``logdir``,
    created if missing; with ``graph`` (e.g. ``sess.graph``) the graph first. Buffered events reach the disk every
    ``flush_secs`` seconds, on flush() and on close(). A context manager that closes itself."""

    def __init__(self, logdir, graph=None, max_queue=10, flush_secs=120, graph_def=None, filename_suffix=None,
                 session=None):
        if graph_def is not None or session is not None:
            raise NotImplementedError("tf.summary.FileWriter: graph_def= and session= are not supported. - help: pass "
                                      "graph=sess.graph (or call writer.add_graph(sess.graph)).")
        self._logdir = _os.fspath(logdir)
        self._w = _call(_net_tf.summary.FileWriter, self._logdir, _net_graph(graph, "__init__"), float(flush_secs),
                       filename_suffix)
        _open_writers.add(self)

    def get_logdir(self) -> str:
        return self._logdir

    def add_summary(self, summary, global_step=None):
        """Adds ``summary``, the value of a summary op as sess.run returns it (serialized bytes), at ``global_step``."""
        if isinstance(summary, _np.ndarray) and summary.dtype == object and summary.size == 1:
            summary = summary.item()
        if not isinstance(summary, (bytes, bytearray, memoryview)):
            raise _errors.TypeError(f"FileWriter.add_summary: expected the value of a summary op (serialized Summary "
                                   f"bytes), got {type(summary).__name__}. - help: pass what sess.run(merged_summary) "
                                   "returned.")
        data = _np.frombuffer(summary, dtype=_np.uint8)
        _call(_Interop.AddSummary, self._w, data.ctypes.data if data.size else 0, data.size,
             0 if global_step is None else int(global_step))

    def add_graph(self, graph, global_step=None, graph_def=None):
        """Adds ``graph`` (e.g. ``sess.graph``), shown in TensorBoard's Graphs tab."""
        if graph_def is not None:
            raise NotImplementedError("FileWriter.add_graph: graph_def= is not supported. - help: pass sess.graph.")
        _call(self._w.add_graph, _net_graph(graph, "add_graph"))

    def flush(self):
        """Writes the buffered events to disk."""
        _call(self._w.flush)

    def close(self):
        """Flushes and closes the file; events added later are dropped (as TF 1.x)."""
        _open_writers.discard(self)
        _call(self._w.close)

    def reopen(self):
        raise NotImplementedError("FileWriter.reopen is not supported. - help: make a new tf.summary.FileWriter(logdir).")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


# Writers still open when Python exits are closed then, so that their buffered events reach the disk (scripts such
# as lab 09-4 never call close(); .NET does not flush them at exit).
_open_writers: "_weakref.WeakSet[FileWriter]" = _weakref.WeakSet()


@_atexit.register
def _close_open_writers():
    for w in list(_open_writers):
        w.close()
