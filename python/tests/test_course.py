"""bridge.course: course files run unmodified and compared with their C# scripts (tested on stand-in files)."""
import io

from bridge import course


def _run(tmp_path, files, only=()):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    lines = []
    code = course.course(tmp_path, list(only), out=lines.append)
    return code, "\n".join(lines)


def test_a_file_printing_its_scripts_numbers_agrees(tmp_path):
    # A stand-in for lab 02-3 that prints what scripts/lab-02-3-linear_regression_tensorflow.org.csx prints.
    code, text = _run(tmp_path, {"lab-02-3-linear_regression_tensorflow.org.py":
                                 'print("W: [-0.9999969] b: [0.9999908] cost: 5.699973826267524e-11")\n'},
                      only=["lab-02-3"])
    assert code == 0, text
    assert "lab-02-3-linear_regression_tensorflow.org.py | agree" in text
    assert "verdict: PASS" in text


def test_a_different_number_fails_and_is_named(tmp_path):
    code, text = _run(tmp_path, {"lab-02-3-linear_regression_tensorflow.org.py":
                                 'print("W: [-0.9999968] b: [0.9999908] cost: 5.699973826267524e-11")\n'},
                      only=["lab-02-3"])
    assert code == 1
    assert "DIFFER (1)" in text and "ours -0.9999968, original -0.9999969" in text


def test_a_failing_file_and_absent_files_are_reported(tmp_path):
    code, text = _run(tmp_path, {"lab-02-3-linear_regression_tensorflow.org.py": "import tensorflow as tf\ntf.no_such_op()\n"},
                      only=["lab-02"])
    assert code == 1
    assert "lab-02-3-linear_regression_tensorflow.org.py | FAILED (exit 1)" in text
    assert "lab-02-1-linear_regression.py" in text and "absent" in text


def test_usage():
    assert course.main([]) == 2
    assert course.main(["/no/such/folder"]) == 2
