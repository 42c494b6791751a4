"""tf.train.Saver in Python: TF 1.x's signature over Bridge's C# Saver (``Bridge.Saver``).

The C# facade's ``train.Saver`` takes its variables as one .NET object (a list or a dictionary); this class converts
Python's lists, tuples, sets and dicts of tf.Variable to those, takes TF's global_step forms (an int, a variable or
a tensor, or a tensor's name is not supported), and returns the paths as Python strings. The checkpoint files are
TF's V2 format, so TF 1.x itself can read what Bridge saves and the other way round.
"""
from __future__ import annotations

import numbers

from . import _convert, errors
from ._graph import Tensor, Variable, call, net_tf

import System  # type: ignore
from System.Collections.Generic import Dictionary  # type: ignore
from Bridge import Session as _NetSession, Variable as _NetVariable  # type: ignore


class SaverDef:
    """TF's tf.train.SaverDef: only the format versions (Bridge writes V2, the format TF 1.x writes by default)."""

    LEGACY = 0
    V1 = 1
    V2 = 2


def _net_var_list(var_list):
    if var_list is None:
        return None
    if isinstance(var_list, dict):
        d = Dictionary[System.String, _NetVariable]()
        for k, v in var_list.items():
            if not isinstance(k, str):
                raise errors.TypeError("tf.train.Saver: names_to_saveables must be a dict mapping string names to "
                                       f"Variables. Name is not a string: {k!r}")
            if not isinstance(v, Variable):
                raise errors.TypeError("tf.train.Saver: names_to_saveables must be a dict mapping string names to "
                                       f"Variables. Not a variable: {v!r} (for {k!r}). - help: give tf.Variable objects.")
            d[k] = v._t
        return d
    if isinstance(var_list, (list, tuple, set)):
        out = []
        for v in var_list:
            if not isinstance(v, Variable):
                raise errors.TypeError(f"tf.train.Saver: Variable to save is not a Variable: {v!r}. - help: pass "
                                       "tf.Variable objects (tensors are not saved).")
            out.append(v._t)
        return System.Array[_NetVariable](out)
    raise errors.TypeError(f"tf.train.Saver: Variables to save should be passed in a dict or a list: {var_list!r}")


def _session(sess, what):
    net = getattr(sess, "_t", None)
    if net is None:
        raise errors.TypeError(f"{what}: 'sess' must be a Session; {sess!r}. - help: pass the tf.Session that holds "
                               "the variables.")
    return net


class Saver:
    """TF 1.x's tf.train.Saver: saves all global variables (with the optimizers' slots), or those of ``var_list``
    (a list, keyed by their names, or a dict {checkpoint name: variable}), in TF's V2 checkpoint format; keeps the
    last ``max_to_keep`` checkpoints and the directory's ``checkpoint`` file. ``restore_sequentially`` and
    ``filename`` change nothing; ``sharded``, ``saver_def``, ``builder``, ``defer_build``, ``save_relative_paths`` and
    the V1 format are not supported. No ``.meta`` file is written (restoring never needs one)."""

    def __init__(self, var_list=None, reshape=False, sharded=False, max_to_keep=5, keep_checkpoint_every_n_hours=10000.0,
                 name=None, restore_sequentially=False, saver_def=None, builder=None, defer_build=False,
                 allow_empty=False, write_version=SaverDef.V2, pad_step_number=False, save_relative_paths=False,
                 filename=None):
        for arg, value, default in (("saver_def", saver_def, None), ("builder", builder, None),
                                    ("defer_build", defer_build, False), ("save_relative_paths", save_relative_paths, False)):
            if value != default:
                raise NotImplementedError(f"tf.train.Saver: {arg} is not supported by Bridge. - help: leave it out.")
        if write_version != SaverDef.V2:
            raise NotImplementedError("tf.train.Saver: Bridge writes TF's V2 checkpoint format only. - help: leave "
                                      "write_version out (V2 is TF 1.x's default).")
        self._t = call(net_tf.train.Saver, _net_var_list(var_list), bool(reshape), bool(sharded),
                       None if max_to_keep is None else int(max_to_keep), float(keep_checkpoint_every_n_hours),
                       name, bool(restore_sequentially), bool(allow_empty), bool(pad_step_number))

    @property
    def last_checkpoints(self):
        """The kept checkpoints' prefixes, oldest first."""
        return [str(p) for p in self._t.last_checkpoints]

    def set_last_checkpoints(self, last_checkpoints):
        """The checkpoints to consider for deletion, oldest first."""
        call(self._t.set_last_checkpoints, System.Array[System.String]([str(p) for p in last_checkpoints]))

    def recover_last_checkpoints(self, checkpoint_paths):
        """As set_last_checkpoints, keeping those whose files exist."""
        call(self._t.recover_last_checkpoints, System.Array[System.String]([str(p) for p in checkpoint_paths]))

    def save(self, sess, save_path, global_step=None, latest_filename=None, meta_graph_suffix="meta",
             write_meta_graph=True, write_state=True):
        """Saves the variables' values in ``sess`` to ``save_path-global_step`` (or ``save_path``); returns that
        prefix. ``global_step`` is an int, or a variable or tensor whose value is read in ``sess``."""
        net = _session(sess, "Saver.save")
        if isinstance(global_step, (Variable, Tensor)):
            global_step = sess.run(global_step)
        if global_step is not None:
            if not isinstance(global_step, numbers.Integral) and not (
                    hasattr(global_step, "dtype") and getattr(global_step.dtype, "kind", "") in "iu"):
                raise errors.TypeError(f"Saver.save: global_step must be an int, a variable or a tensor, not "
                                       f"{global_step!r}.")
            global_step = System.Nullable[System.Int64](int(global_step))
        else:
            global_step = None
        r = call(self._t.save.Overloads[_NetSession, System.String, System.Nullable[System.Int64], System.String,
                                        System.String, System.Boolean, System.Boolean],
                 net, str(save_path), global_step, latest_filename, meta_graph_suffix, bool(write_meta_graph),
                 bool(write_state))
        return None if r is None else str(r)

    def restore(self, sess, save_path):
        """Sets the variables in ``sess`` to their values in checkpoint ``save_path``; everything is checked first,
        so a failed restore changes nothing."""
        net = _session(sess, "Saver.restore")
        if save_path is None:
            raise errors.ValueError("Can't load save_path when it is None. - help: check what "
                                    "tf.train.latest_checkpoint returned.")
        call(self._t.restore, net, str(save_path))

    def __repr__(self):
        return f"<tf.train.Saver of {len(self._t.saved_names)} variables>"


def load_variable(ckpt_dir_or_file, name):
    """TF's tf.train.load_variable: the tensor ``name`` of the checkpoint, as a numpy array."""
    return _convert.from_net(call(net_tf.train.load_variable, str(ckpt_dir_or_file), str(name)))


def list_variables(ckpt_dir_or_file):
    """TF's tf.train.list_variables: (name, shape) of every tensor in the checkpoint, sorted by name."""
    return [(str(t.Item1), [int(d) for d in t.Item2]) for t in call(net_tf.train.list_variables, str(ckpt_dir_or_file))]
