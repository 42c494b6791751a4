"""The lab scripts against the original outputs, and the crosscheck's verdicts."""
import pytest

from bridge import compare, crosscheck

ORIG = crosscheck.ORIGINALS


@pytest.mark.parametrize("lr", ["0.1", "1.5", "1e-10"])
def test_lab_07_1_matches_the_original(lr):
    out = crosscheck.run_bridge(crosscheck._071, None if lr == "0.1" else lr)
    r = compare.compare_output(out, (ORIG / f"{crosscheck._071}-lr{lr}.txt").read_text())
    assert r.all_match, r.mismatches[:5]


@pytest.mark.parametrize("name,ulps", [("lab-07-2-linear_regression_without_min_max", 1), ("lab-07-3-linear_regression_min_max", 2)])
def test_lab_07_2_and_3_match_the_original(name, ulps):
    r = compare.compare_output(crosscheck.run_bridge(name), (ORIG / f"{name}.txt").read_text(), ulps)
    assert r.all_match, r.mismatches[:5]


def test_compare_rejects_a_wrong_digit():
    assert not compare.compare_output("0 5.73213\n", "0 5.73203\n").all_match
    assert compare.compare_output("0 5.732027\n", "0 5.73203\n").all_match


def test_crosscheck_passes_and_prints_the_table():
    lines = []
    assert crosscheck.crosscheck(lines.append) == 0
    text = "\n".join(lines)
    assert "verdict: PASS" in text and "tensorflow: skipped" in text
    assert text.count("| bridge |") == len(crosscheck.RUNS)


# --- lab 08 (the notebook as a script) against ../shared/golden/lab08.json ----------------------------------------

import json  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402

GOLDEN_08 = crosscheck.REPO.parent / "shared" / "golden" / "lab08.json"
_RANDOM_08 = ("random_normal_3", "random_uniform_2", "random_uniform_2x3")  # the script runs them first (In [2]..[4])
_SHAPE_FIRST = ("transpose.",)  # these cells print the shape, then the array


def _flat(value):
    return [x for v in value for x in _flat(v)] if isinstance(value, list) else [value]


def _expected_08():
    """The golden items in the script's order, each with the numbers it prints."""
    items = json.loads(GOLDEN_08.read_text())["items"]
    items = [i for i in items if i["id"] in _RANDOM_08] + [i for i in items if i["id"] not in _RANDOM_08]
    for it in items:
        nums = _flat(it["expected_output"])
        if it["id"].startswith(_SHAPE_FIRST):
            nums = it["expected_shape"] + nums
        it["numbers"] = nums
    return items


def _printed_numbers(text):
    """(number text, start, end) of each number printed, with compare.py's tokenizer."""
    return [(m.group("num"), m.start(), m.end()) for m in compare._TOKENS.finditer(text) if m.group("num")]


@pytest.mark.skipif(not GOLDEN_08.exists(), reason=f"{GOLDEN_08} (../shared beside the repository) is absent")
def test_lab_08_prints_the_golden_numbers_and_dtypes():
    out = crosscheck.run_bridge("lab-08-tensor_manipulation")
    printed = _printed_numbers(out)
    items = _expected_08()
    assert len(printed) == sum(len(i["numbers"]) for i in items), out
    k = 0
    for n, it in enumerate(items):
        ours = printed[k:k + len(it["numbers"])]
        k += len(ours)
        # Every number, by compare.py's rule (the golden value's last digit, or 1 float32 ulp of the item's largest).
        r = compare.compare_numbers([compare.Number(t, 0) for t, _, _ in ours],
                                    [compare.Number(repr(v), 0) for v in it["numbers"]], it["id"])
        assert r.all_match, r.mismatches
        # The dtype, through the repr's suffix where numpy prints one: float32/int32 arrays show it, float64 and
        # (on 64-bit Linux) int64 arrays and numpy scalars do not.
        first = ours[len(it["expected_shape"]) if it["id"].startswith(_SHAPE_FIRST) else 0]
        head = out[out.rfind("\n", 0, first[1]) + 1:first[1]]  # the first array number's line, up to it
        last_end = ours[-1][2]
        tail = out[last_end:out.find("\n", last_end) if "\n" in out[last_end:] else len(out)]  # after the last number
        suffix = re.search(r"dtype=(\w+)\)", tail)
        dt = it["expected_dtype"]
        if dt in ("float32", "int32", "int64", "float64") and it["expected_shape"]:
            assert head.lstrip().startswith("array("), (it["id"], head)
            want = None if dt in ("int64", "float64") else dt
            assert (suffix.group(1) if suffix else None) == want, (it["id"], tail)
        elif dt in ("float32", "int32"):  # a numpy scalar: printed bare, float32 with a point, int32 without
            assert suffix is None and head == "" and ("." in first[0]) == (dt == "float32"), (it["id"], head, first)
        else:
            assert suffix is None, (it["id"], tail)
    assert k == len(printed)
