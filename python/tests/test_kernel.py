"""The Jupyter kernel "bridge" (``python3 -m bridge kernel``): the course's lab 08 notebook, executed headless by
nbclient through the kernel, shows the notebook's recorded values (``../shared/golden/lab08.json``)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bridge import kernel, lab08

PYTHON_DIR = Path(__file__).resolve().parents[1]

SETUP = """\
# https://www.tensorflow.org/api_guides/python/array_ops
import tensorflow as tf
import numpy as np
import pprint
tf.set_random_seed(777)  # for reproducibility

pp = pprint.PrettyPrinter(indent=4)
sess = tf.InteractiveSession()"""


def _cells_as_recorded() -> list[tuple[int, str]]:
    """The notebook's code cells as the golden file records them (setup line, then each item's expression), in the
    order their execution counts say the notebook's author ran them: the random cells ran right after the set-up,
    which is what gives them the op seeds of their recorded values."""
    items = json.loads(lab08.GOLDEN.read_text())["items"]
    cells: dict[int, dict] = {}
    for it in items:
        c = cells.setdefault(it["notebook_cell"], {"count": it["execution_count"], "setup": it["setup"], "lines": []})
        expr = it["expression"]
        if expr.startswith("<"):  # the nested-list cell is recorded by its value: the literal itself
            expr = repr(it["expected_output"])
        if expr not in c["lines"]:
            c["lines"].append(expr)
    out = []
    for n, c in sorted(cells.items(), key=lambda kv: kv[1]["count"]):
        lines = ([c["setup"]] if c["setup"] else []) + c["lines"]
        out.append((c["count"], "\n".join(part.strip() for line in lines for part in _statements(line))))
    return out


def _statements(line: str) -> list[str]:
    # "a = 1; b = 2" stays one line only where it is a compound statement (for ...: print(...))
    return [line] if line.startswith("for ") else line.split("; ")


def _notebook(cells: list[str]) -> dict:
    return {"cells": [{"cell_type": "code", "metadata": {}, "source": src, "outputs": [], "execution_count": None,
                       "id": f"c{i}"} for i, src in enumerate(cells)],
            "metadata": {"kernelspec": {"name": kernel.NAME, "display_name": kernel.DISPLAY_NAME, "language": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def _execute(nb: dict, tmp_path: Path) -> dict:
    """Runs the notebook with nbclient in a child process (a kernel of its own), with the kernelspec in a scratch
    JUPYTER_PATH; returns the executed notebook."""
    kernel.install(tmp_path / "jupyter" / "kernels")
    src = tmp_path / "lab-08.ipynb"
    src.write_text(json.dumps(nb))
    out = tmp_path / "executed.ipynb"
    runner = ("import nbformat, nbclient, sys\n"
              "nb = nbformat.read(sys.argv[1], as_version=4)\n"
              "nbclient.NotebookClient(nb, timeout=300, kernel_name='bridge', resources={'metadata': {'path': sys.argv[3]}}).execute()\n"
              "nbformat.write(nb, sys.argv[2])\n")
    env = dict(os.environ, JUPYTER_PATH=str(tmp_path / "jupyter"))
    r = subprocess.run([sys.executable, "-c", runner, str(src), str(out), str(tmp_path)], env=env,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr[-4000:]
    return json.loads(out.read_text())


def _shown(nb: dict) -> str:
    text = []
    for cell in nb["cells"]:
        for o in cell["outputs"]:
            assert o["output_type"] != "error", f"cell failed: {o.get('ename')}: {o.get('evalue')}"
            if o["output_type"] == "stream":
                assert o["name"] == "stdout", "".join(o["text"])
                text.append("".join(o["text"]))
            elif o["output_type"] == "execute_result":
                text.append("".join(o["data"]["text/plain"]) + "\n")
    return "".join(text)


def test_the_kernel_runs_the_lab_08_notebook_with_its_recorded_values(tmp_path):
    cells = _cells_as_recorded()
    executed = _execute(_notebook([SETUP] + [src for _, src in cells]), tmp_path)
    text = _shown(executed)
    # Every printed number and dtype against its item, the items in the order the cells ran.
    order = {n: i for i, (n, _) in enumerate(cells)}
    items = sorted(lab08.expected(), key=lambda it: order[it["execution_count"]])
    result = lab08.compare_output(text, items)
    assert result.compared > 200
    assert result.mismatches == [] and result.dtype_mismatches == []
    # A cell's value shows as IPython shows it (an execute_result), as in the original notebook's Out[5].
    shape_cell = next(i for i, (n, _) in enumerate(cells) if n == 5) + 1
    (value,) = executed["cells"][shape_cell]["outputs"]
    assert value["output_type"] == "execute_result" and "".join(value["data"]["text/plain"]) == "array([4], dtype=int32)"


def test_install_writes_a_kernelspec_that_starts_this_package(tmp_path):
    r = subprocess.run([sys.executable, "-m", "bridge", "kernel", "install", "--dir", str(tmp_path)],
                       cwd=PYTHON_DIR, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    spec = json.loads((tmp_path / "bridge" / "kernel.json").read_text())
    assert spec["argv"][1:5] == ["-m", "bridge", "kernel", "-f"] and spec["argv"][5] == "{connection_file}"
    assert spec["env"]["PYTHONPATH"].split(os.pathsep)[0] == str(PYTHON_DIR)


def test_install_rejects_unknown_arguments():
    r = subprocess.run([sys.executable, "-m", "bridge", "kernel", "install", "--everywhere"], cwd=PYTHON_DIR,
                       capture_output=True, text=True)
    assert r.returncode == 2 and "kernel install [--user | --prefix DIR | --dir DIR]" in r.stderr
