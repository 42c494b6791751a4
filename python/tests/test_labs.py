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
    # Lab 08: Bridge and the NumPy reference each against the notebook's recorded values, every printed number.
    rows = [[c.strip() for c in line.split("|")] for line in lines if line.startswith("lab-08-tensor_manipulation ")]
    assert [r[1:4] for r in rows] == [["bridge", "original", "291"], ["numpy", "original", "291"]], rows
    assert all(r[5] == "agree" and float(r[4]) < 1e-7 for r in rows), rows


# --- lab 08 (the notebook as a script) against ../shared/golden/lab08.json ----------------------------------------

import re  # noqa: E402

from bridge import lab08  # noqa: E402

LAB_08 = [r for r in crosscheck.RUNS if r[0] == lab08.SCRIPT]


@pytest.fixture(scope="module")
def lab_08_output():
    return crosscheck.run_bridge(lab08.SCRIPT)


def test_lab_08_prints_the_golden_numbers_and_dtypes(lab_08_output):
    items = lab08.expected()
    assert len(lab08.printed_numbers(lab_08_output)) == sum(len(i["numbers"]) for i in items) == 291, lab_08_output
    # Every number by compare.py's rule (the golden value's last digit, or 1 float32 ulp of the item's largest), and
    # each item's dtype through the repr's suffix where numpy prints one: float32/int32 arrays show it, float64 and (on
    # 64-bit Linux) int64 arrays and numpy scalars do not.
    r = lab08.compare_output(lab_08_output, items)
    assert r.compared == 291 and r.all_match, (r.mismatches[:5], r.dtype_mismatches)


def _crosscheck_lab_08(monkeypatch, output):
    """The crosscheck of lab 08 alone, Bridge's output replaced by ``output``: (exit code, its bridge row, text)."""
    monkeypatch.setattr(crosscheck, "run_bridge", lambda script, lr=None: output)
    lines = []
    code = crosscheck.crosscheck(lines.append, LAB_08)
    row = next(line for line in lines if line.startswith(lab08.SCRIPT) and "| bridge |" in line)
    return code, [c.strip() for c in row.split("|")], "\n".join(lines)


def test_crosscheck_lab_08_verdicts(monkeypatch, lab_08_output):
    code, row, _ = _crosscheck_lab_08(monkeypatch, lab_08_output)
    assert code == 0 and row[5] == "agree", row
    # A wrong digit in the first random cell: 2.2086694 printed as 2.2086704 (1e-6 off: 4 float32 ulps).
    assert "2.2086694 ," in lab_08_output
    code, row, text = _crosscheck_lab_08(monkeypatch, lab_08_output.replace("2.2086694 ,", "2.2086704 ,", 1))
    assert code == 1 and row[5] == "DIFFER (1)" and "verdict: FAIL" in text, row
    assert "first difference: random_normal_3 #0: ours 2.2086704, original 2.20866942" in text, text
    # A wrong dtype with the right numbers: tf.shape's int32 printed as an int64 array (no suffix).
    shape_int32 = "array([4], dtype=int32)"
    assert shape_int32 in lab_08_output
    code, row, text = _crosscheck_lab_08(monkeypatch, lab_08_output.replace(shape_int32, "array([4])", 1))
    assert code == 1 and row[5] == "DIFFER (1)" and "shape.rank1: dtype suffix None, expected int32" in text, row
    # A missing cell: its numbers pair with the wrong items from there on.
    code, row, _ = _crosscheck_lab_08(monkeypatch, lab_08_output.replace("array([[12.]], dtype=float32)\n", "", 1))
    assert code == 1 and row[5].startswith("DIFFER"), row


