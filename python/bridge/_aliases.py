"""``import tensorflow as tf`` as Bridge, for ``python3 -m bridge run``: the modules of TF 1.x that Bridge provides,
put in ``sys.modules`` under TF's names before the script runs.

- ``tensorflow`` and ``tensorflow.compat.v1``: ``bridge.tf`` itself (so ``from bridge import tf`` is the same module);
- ``tensorflow.examples.tutorials.mnist.input_data``: ``bridge.input_data``, with its parent packages;
- ``tensorflow.contrib``, ``tensorflow.contrib.layers``, ``tensorflow.contrib.framework``: ``tf.contrib`` and its
  namespaces (derived from the C# facade, so every function C# adds there can be imported).

Any other ``tensorflow.*`` module (``tensorflow.contrib.slim`` ...) fails to import with a ModuleNotFoundError saying what
Bridge provides, through a finder placed first on ``sys.meta_path``.
"""
from __future__ import annotations

import importlib.abc
import sys
import types

ROOT = "tensorflow"
PROVIDED = ("tensorflow", "tensorflow.compat.v1", "tensorflow.examples.tutorials.mnist.input_data", "tensorflow.contrib",
            "tensorflow.contrib.layers", "tensorflow.contrib.framework")


class _Unprovided(importlib.abc.MetaPathFinder):
    """Refuses ``tensorflow.*`` modules Bridge lacks, with a message naming those it has (instead of a real TF's)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname == ROOT or fullname.startswith(ROOT + "."):
            raise ModuleNotFoundError(
                f"No module named {fullname!r}: Bridge provides {', '.join(PROVIDED)} only. - help: use the tf.* API "
                "of `import tensorflow as tf` (TF 1.x's graph mode), or run the script with TensorFlow itself.",
                name=fullname)
        return None


_installed = False


def install() -> None:
    """Makes ``import tensorflow`` (and the modules in PROVIDED) give Bridge's modules in this process. Idempotent."""
    global _installed
    if _installed:
        return
    from . import input_data, tf

    def package(name, **children):
        mod = types.ModuleType(name, f"Bridge's stand-in for TF's package {name}.")
        mod.__path__ = []  # a package: submodules not set here go to the finder, which names what Bridge has
        mod.__package__ = name
        for child, value in children.items():
            setattr(mod, child, value)
        return mod

    mnist = package("tensorflow.examples.tutorials.mnist", input_data=input_data)
    tutorials = package("tensorflow.examples.tutorials", mnist=mnist)
    examples = package("tensorflow.examples", tutorials=tutorials)
    compat = package("tensorflow.compat", v1=tf)
    # bridge.tf also serves as the package `tensorflow`: `import tensorflow.x.y` looks for `x` as its attribute and,
    # for modules not in sys.modules, needs its __path__ (empty: only the finder is asked).
    if not hasattr(tf, "__path__"):
        tf.__path__ = []
    tf.examples, tf.compat = examples, compat
    # tf.contrib and its namespaces as packages: `from tensorflow.contrib.layers import fully_connected`.
    contrib = tf.contrib
    for mod in (contrib, contrib.layers, contrib.framework):
        if not hasattr(mod, "__path__"):
            mod.__path__ = []
    sys.modules.update({
        "tensorflow.contrib": contrib,
        "tensorflow.contrib.layers": contrib.layers,
        "tensorflow.contrib.framework": contrib.framework,
    })
    sys.modules.update({
        ROOT: tf,
        "tensorflow.compat": compat,
        "tensorflow.compat.v1": tf,
        "tensorflow.examples": examples,
        "tensorflow.examples.tutorials": tutorials,
        "tensorflow.examples.tutorials.mnist": mnist,
        "tensorflow.examples.tutorials.mnist.input_data": input_data,
    })
    sys.meta_path.insert(0, _Unprovided())
    _installed = True
