"""Lab 08's printed output against the notebook's recorded values, ``../shared/golden/lab08.json``.

Lab 08 prints one value per notebook cell, not a training log, so it is compared item by item rather than by
``compare.segments``: the numbers the script prints, in order, are cut into the golden items (in the script's order:
the three random cells first, where the notebook ran them), each number is compared with the item's recorded value
by compare.py's rule (the value's last digit, or 1 float32 ulp of the item's largest), and the dtype each item shows
through numpy's repr is checked against the recorded dtype.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from . import compare
from ._runtime import REPO

# ../shared beside the repository, or $BRIDGE_SHARED (as the C# tests find it: tests/Bridge.Tests/Support/SharedData.cs).
GOLDEN = Path(os.environ.get("BRIDGE_SHARED") or REPO.parent / "shared") / "golden" / "lab08.json"
SCRIPT = "lab-08-tensor_manipulation"
_RANDOM = ("random_normal_3", "random_uniform_2", "random_uniform_2x3")  # the script runs them first (In [2]..[4])
_SHAPE_FIRST = ("transpose.",)  # these cells print the shape, then the array


def _flat(value):
    return [x for v in value for x in _flat(v)] if isinstance(value, list) else [value]


def expected(path: Path = GOLDEN) -> list:
    """The golden items in the script's order, each with ``numbers``: the numbers it prints."""
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: put the shared folder beside the repository or set BRIDGE_SHARED.")
    items = json.loads(path.read_text())["items"]
    items = [i for i in items if i["id"] in _RANDOM] + [i for i in items if i["id"] not in _RANDOM]
    for it in items:
        nums = _flat(it["expected_output"])
        if it["id"].startswith(_SHAPE_FIRST):
            nums = it["expected_shape"] + nums
        it["numbers"] = nums
    return items


def printed_numbers(text: str) -> list:
    """(number text, start, end) of each number printed, with compare.py's tokenizer."""
    return [(m.group("num"), m.start(), m.end()) for m in compare._TOKENS.finditer(text) if m.group("num")]


def _dtype_problem(text: str, it: dict, ours: list) -> str | None:
    """None if the dtype ``it`` records shows in the printed text as numpy prints it: float32/int32 arrays with a
    ``dtype=`` suffix, float64 and (on 64-bit Linux) int64 arrays without; numpy scalars bare, float32 with a point,
    int32 without."""
    first = ours[len(it["expected_shape"]) if it["id"].startswith(_SHAPE_FIRST) else 0]
    head = text[text.rfind("\n", 0, first[1]) + 1:first[1]]  # the first array number's line, up to it
    last_end = ours[-1][2]
    tail = text[last_end:text.find("\n", last_end) if "\n" in text[last_end:] else len(text)]  # after the last number
    suffix = re.search(r"dtype=(\w+)\)", tail)
    dt = it["expected_dtype"]
    if dt in ("float32", "int32", "int64", "float64") and it["expected_shape"]:
        if not head.lstrip().startswith("array("):
            return f"{it['id']}: expected a {dt} array, printed {head!r}..."
        want = None if dt in ("int64", "float64") else dt
        got = suffix.group(1) if suffix else None
        return None if got == want else f"{it['id']}: dtype suffix {got}, expected {want} (a {dt} array)"
    if dt in ("float32", "int32"):
        ok = suffix is None and head == "" and ("." in first[0]) == (dt == "float32")
        return None if ok else f"{it['id']}: expected a bare {dt} scalar, printed {head!r}{first[0]}"
    return None if suffix is None else f"{it['id']}: unexpected dtype suffix {suffix.group(1)} ({dt})"


def compare_output(text: str, items: list | None = None) -> compare.Result:
    """Every printed number against its golden item (mismatches name the item), plus each item's printed dtype
    (``Result.dtype_mismatches``); a count that differs from the golden one is a mismatch too."""
    items = expected() if items is None else items
    printed = printed_numbers(text)
    total = compare.Result()
    k = 0
    for it in items:
        ours = printed[k:k + len(it["numbers"])]
        k += len(ours)
        total.add(compare.compare_numbers([compare.Number(t, 0) for t, _, _ in ours],
                                          [compare.Number(repr(v), 0) for v in it["numbers"]], it["id"]))
        if len(ours) == len(it["numbers"]) and ours:
            problem = _dtype_problem(text, it, ours)
            if problem:
                total.dtype_mismatches.append(problem)
    for t, _, _ in printed[k:]:
        total.compared += 1
        total.mismatches.append(f"after the last item: ours {t}, original (none)")
    return total
