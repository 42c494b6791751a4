"""pytest set-up: the package is imported from python/ (no install needed)."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pytest  # noqa: E402


@pytest.fixture(params=["managed", "torch", "by-size"])
def placement(request):
    """Runs a test under each kernel placement in turn (all managed, all libtorch, by size), on a fresh default graph;
    a module takes it for every test with ``pytestmark = pytest.mark.usefixtures("placement")``, and a test pins one
    with ``@pytest.mark.parametrize("placement", ["by-size"], indirect=True)``."""
    from bridge import tf
    from bridge._convert import _Interop
    tf.reset_default_graph()
    previous = _Interop.SetPlacement(request.param)
    yield request.param
    _Interop.SetPlacement(previous)
