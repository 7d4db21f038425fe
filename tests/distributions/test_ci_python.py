"""CI runs the suite on the newest CPython 3.12+ as well as on 3.11: `.ci/find-python` finds
it, or fails loudly saying how to get one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from distributions.helpers import REPO, run

FIND = REPO / ".ci" / "find-python"


def test_finds_a_cpython_of_312_or_newer(tmp_path: Path) -> None:
    done = run(["bash", str(FIND)], cwd=tmp_path, env={**os.environ, "CCCGEN_CI_NO_UV": "1"})
    assert done.returncode == 0, done.stderr
    exe = done.stdout.strip()
    version = subprocess.run(
        [
            exe,
            "-c",
            "import sys, platform; print(platform.python_implementation(), *sys.version_info[:2])",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.split()
    assert version[0] == "CPython" and (int(version[1]), int(version[2])) >= (3, 12)


def test_fails_loudly_without_one(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "PYENV_ROOT": str(tmp_path / "no-pyenv"),
        "CCCGEN_CI_NO_UV": "1",
    }
    # /usr/bin may hold a 3.12+ of the system's own: then there is one, and that is right too
    done = run(["bash", str(FIND)], cwd=tmp_path, env=env)
    if done.returncode == 0:
        assert done.stdout.strip().startswith("/usr/bin/")
        return
    assert done.returncode == 1 and done.stdout == ""
    assert "no CPython 3.12 or newer" in done.stderr and "uv python install" in done.stderr


def test_ci_runs_the_suite_on_both() -> None:
    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test\n" in script
    assert 'make check test PYTHON="$newest"' in script
