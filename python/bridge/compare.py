"""Printed lab output compared number by number, with ``bridge check``'s rule (src/Bridge.Cli/Check/).

A number matches when it is within one unit of the original's last printed digit, or ``ulps`` float32 ulps of the
largest magnitude printed in the same array or line; inf and nan must be equal. Output is cut into segments (a step's
lines, a labelled line) so that the original's omitted steps (``...``) are skipped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import numpy as np

LABELS = ("Prediction:", "Accuracy:", "Hypothesis:", "Correct:", "Predicted:", "Your score will be", "Other scores will be", "-------------")
_STEP = re.compile(r"^(?:Step:\s*)?(\d+)(?=\s|$)")  # "200 0.59", or lab 06-2's "Step:   200\tLoss: 0.486"
_ELLIPSIS = re.compile(r"^\s*\.\.\.\s*$")
_TOKENS = re.compile(r"(?P<array>array\(\[)|(?P<open>\[)|(?P<close>\])|"
                     r"(?P<num>(?<![\w.])[-+]?(?:inf|nan|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)(?![\w.]))")


@dataclass
class Number:
    """A printed number: its text and the array (group) it was printed in."""
    text: str
    group: int

    @property
    def value(self) -> float:
        return float(self.text)

    @property
    def unit(self) -> float:
        """One unit in the last printed digit (0 for integral tokens, which must agree exactly)."""
        mantissa, _, exp = self.text.lower().partition("e")
        e = int(exp) if exp else 0
        if "." not in mantissa:
            return 10.0 ** e if exp else 0.0
        digits = len(mantissa) - mantissa.index(".") - 1
        return 0.0 if digits == 0 else 10.0 ** (e - digits)


@dataclass
class Result:
    """The tally: numbers compared and matched, the largest difference, and the mismatches (and, where a comparison
    checks printed dtypes as lab 08's does, the dtypes that differ: they fail ``all_match`` too)."""
    compared: int = 0
    matched: int = 0
    largest: float = 0.0
    mismatches: list = field(default_factory=list)
    dtype_mismatches: list = field(default_factory=list)

    @property
    def all_match(self) -> bool:
        return self.compared > 0 and self.matched == self.compared and not self.dtype_mismatches

    def add(self, other: "Result") -> None:
        self.compared += other.compared
        self.matched += other.matched
        self.largest = max(self.largest, other.largest)
        self.mismatches += other.mismatches
        self.dtype_mismatches += other.dtype_mismatches


def segments(text: str) -> tuple[dict, str | None]:
    """Cuts printed output into {key: text}: ``step N``, ``step N/Label``, ``end/Label``, ``preamble``."""
    out: dict = {}
    key = step = None
    body: list = []
    skipped = False

    def flush():
        nonlocal key, body
        if key is not None:
            k, n = key, 2
            while k in out:
                k, n = f"{key}#{n}", n + 1
            out[k] = "\n".join(body)
        key, body = None, []

    for line in text.split("\n"):
        line = line.rstrip("\r")
        if _ELLIPSIS.match(line):
            flush()
            skipped = True
            continue
        m = _STEP.match(line)
        if m:
            flush()
            step, skipped = m.group(1), False
            key = f"step {step}"
            body.append(line[m.end():])
            continue
        trimmed = line.lstrip()
        label = next((lb for lb in LABELS if trimmed.startswith(lb)), None)
        if label:
            flush()
            key = "end/" + label if skipped else (label if step is None else f"step {step}/{label}")
            body.append(trimmed[len(label):])
            continue
        if key is None and step is None and not skipped:
            key = "preamble"
        if key is not None:
            body.append(line)
    flush()
    return out, step


def numbers(text: str) -> list:
    """The numbers of ``text`` in order, grouped by outermost array (``array([...])`` starts its own group)."""
    result, stack, next_group = [], [], 0
    for m in _TOKENS.finditer(text):
        if m.group("array") or m.group("open"):
            starts = bool(m.group("array")) or not stack
            stack.append(next_group if starts else None)
            next_group += starts
        elif m.group("close"):
            if stack:
                stack.pop()
        else:
            group = next((g for g in reversed(stack) if g is not None), None)
            if group is None:
                group, next_group = next_group, next_group + 1
            result.append(Number(m.group("num"), group))
    return result


def _ulp(x: float) -> float:
    f = np.float32(abs(x))
    if not np.isfinite(f):
        return 0.0
    return float(np.nextafter(f, np.float32(np.inf))) - float(f)


def _dec(s: str):
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def compare_numbers(ours: list, original: list, segment: str = "", ulps: int = 1, floor: float = 0.0) -> Result:
    """Pairs the numbers in order and applies the tolerance rule."""
    r = Result()
    scale: dict = {}
    for n in original:
        if np.isfinite(n.value):
            scale[n.group] = max(scale.get(n.group, 0.0), abs(n.value))
    for i, o in enumerate(original):
        r.compared += 1
        if i >= len(ours):
            r.mismatches.append(f"{segment} #{i}: ours (missing), original {o.text}")
            continue
        a = ours[i]
        tol = max(o.unit, ulps * _ulp(scale.get(o.group, 0.0)), floor)
        if not np.isfinite(a.value) or not np.isfinite(o.value):
            ok = (np.isnan(a.value) and np.isnan(o.value)) or a.value == o.value
            diff = 0.0 if ok else float("inf")
        else:
            diff = abs(a.value - o.value)
            as_floats = abs(float(np.float32(a.value)) - float(np.float32(o.value)))
            if as_floats <= tol and np.float32(o.value) != 0:
                ok = True
            else:
                da, do = _dec(a.text), _dec(o.text)
                ok = (abs(da - do) <= Decimal(tol)) if (da is not None and do is not None and 1e-27 <= tol < 7.9e28) else diff <= tol
        r.largest = max(r.largest, diff)
        if ok:
            r.matched += 1
        else:
            r.mismatches.append(f"{segment} #{i}: ours {a.text}, original {o.text}, tolerance {tol:.3g}")
    for i in range(len(original), len(ours)):
        r.compared += 1
        r.mismatches.append(f"{segment} #{i}: ours {ours[i].text}, original (none)")
    return r


def compare_output(ours: str, original: str, ulps: int = 1, floor: float = 0.0) -> Result:
    """Every number of every segment of ``original`` against the same segment of ``ours`` (``floor``: an absolute
    tolerance added for comparisons with a reference rather than a printed original)."""
    mine, last = segments(ours)
    total = Result()
    theirs, _ = segments(original)
    for key, text in theirs.items():
        found = mine.get(key)
        if found is None and key.startswith("end/") and last is not None:
            found = mine.get(f"step {last}/{key[4:]}")
        if found is None and key.split("#")[0] in LABELS and last is not None:  # only the lines after training (04-4, 06-1)
            found = mine.get(f"step {last}/{key}")
        total.add(compare_numbers(numbers(found or ""), numbers(text), key, ulps, floor))
    return total
