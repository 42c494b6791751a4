"""Packaging of python/ (``pip install ./python``): the metadata is in pyproject.toml; this adds one build step.

The wheel holds the Python package only; Bridge's .NET part (Bridge.dll, TorchSharp, libtorch: ~600 MB) stays in the
repository's build folder. So the build records where that repository is, in ``bridge/_source.py``, and an installed
``bridge`` finds the .NET build there (``_runtime.build_dir``); if the repository has no build yet, the step builds it
(``dotnet build -c Release src/Bridge.Cli``), or says how when ``dotnet`` is missing.
"""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

REPO = Path(__file__).resolve().parent.parent


class BuildPyRecordingTheRepository(build_py):
    def run(self):
        super().run()
        if not (REPO / "Bridge.sln").exists():
            return  # built from a copy without the repository (an sdist): BRIDGE_DOTNET_DIR then names the build
        target = Path(self.build_lib) / "bridge" / "_source.py"
        target.write_text('"""Written by setup.py: the repository this package was built from."""\n'
                          f"REPOSITORY = {str(REPO)!r}\n")
        self._ensure_dotnet_build()

    def _ensure_dotnet_build(self):
        outputs = [REPO / "artifacts" / "bin" / "Bridge.Cli" / c / "Bridge.dll" for c in ("debug", "release")]
        if any(p.exists() for p in outputs) or os.environ.get("BRIDGE_SKIP_DOTNET_BUILD") == "1":
            return
        dotnet = shutil.which("dotnet")
        if dotnet is None:
            print("note: Bridge's .NET part is not built and `dotnet` is not on PATH; install the .NET 10 SDK and run "
                  f"`dotnet build -c Release src/Bridge.Cli` in {REPO} before `import bridge`.", file=sys.stderr)
            return
        print(f"building Bridge's .NET part: dotnet build -c Release src/Bridge.Cli (in {REPO})", file=sys.stderr)
        subprocess.run([dotnet, "build", "-c", "Release", "src/Bridge.Cli"], cwd=REPO, check=True)


setup(cmdclass={"build_py": BuildPyRecordingTheRepository})
