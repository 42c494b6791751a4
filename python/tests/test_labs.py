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
