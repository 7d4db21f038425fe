"""Helpers for the generation tests: copies of the real spec to break, and the real CLI in a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
#: Broken-spec tests edit a copy of the one-operation fixture (spec/ccc as it was with
#: GetCallDetailRecord alone), not the real spec, which grows to the whole API.
SPEC_DIR = REPO / "tests" / "fixtures" / "one_op" / "spec" / "ccc"


def copy_spec(tmp: Path) -> Path:
    """A writable copy of the one-operation fixture under tmp/spec/ccc; returns the service file."""
    target = tmp / "spec" / "ccc"
    shutil.copytree(SPEC_DIR, target)
    return target / "service.yaml"


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count} times in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """1-based line number of the n-th line containing `needle`."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} not in {path}")


def cccgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "cccgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        check=False,
        timeout=300,
    )
