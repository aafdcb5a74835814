"""`make install` keeps a working .venv whatever python3 the shell finds first.

The Makefile runs against a stand-in uv that records how it was called, so the test needs
neither the network nor a real environment build (the measured run is in the report).
"""

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")


def _script(path: Path, body: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def project(tmp_path):
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    # uv stand-in: records the interpreter it was told to use.
    _script(
        tmp_path / ".tools/bin/uv",
        'echo "UV_PYTHON=${UV_PYTHON-<unset>} $*" >> "$(dirname "$0")/calls"\n',
    )
    # Another python3 first on the PATH, as in a second shell.
    _script(tmp_path / "other/python3", f'exec {sys.executable} "$@"\n')
    return tmp_path


def _install(project: Path) -> list[str]:
    env = {**os.environ, "PATH": f"{project / 'other'}:{os.environ['PATH']}"}
    env["UV_PYTHON"] = str(project / "other/python3")  # even one left in the environment
    subprocess.run(["make", "-s", "install"], cwd=project, env=env, check=True, timeout=30)
    return (project / ".tools/bin/calls").read_text().splitlines()


def test_a_working_venv_is_synced_without_naming_another_interpreter(project):
    _script(project / ".venv/bin/python", "exit 0\n")
    before = (project / ".venv/bin/python").stat()
    assert _install(project) == ["UV_PYTHON=<unset> sync --frozen --quiet"]
    after = (project / ".venv/bin/python").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_a_missing_venv_is_created_with_the_resolved_interpreter(project):
    (call,) = _install(project)
    # The real path behind the python3 found on the PATH, never a shim or wrapper.
    expected = subprocess.run(
        [sys.executable, "-c", "import sys; print(sys.executable)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert call == f"UV_PYTHON={expected} sync --frozen --quiet"
    assert "other" not in call
