"""Work done once per test run and shared by its xdist workers, through the run's common
temporary directory and a file lock: what a test only reads (a generated tree) is built by the
first worker that needs it; the others wait for it, then read the same files.

Never across runs: the directory is the run's own basetemp root (`pytest-of-<user>/pytest-N`
under xdist, the basetemp itself without it), which pytest makes afresh for every run.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory every process of this test run shares (see the module)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def once_per_run(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]
) -> Path:
    """`<run folder>/<name>`, filled by `build(folder)` in the first process that asks for it
    (the others wait on the lock, then find it complete). Read-only for everyone after."""
    shared = run_folder(tmp_path_factory)
    home = shared / name
    with (shared / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / f"{name}.complete").exists():
            shutil.rmtree(home, ignore_errors=True)  # a build that failed half-way
            home.mkdir()
            build(home)
            (shared / f"{name}.complete").touch()
    return home


class MypyStrict:
    """`python -m mypy --strict --cache-dir <this process's cache> PACKAGE` in a directory.

    Each test process keeps its own mypy cache (no two mypy processes ever write one cache at
    once), but it does not start empty: the run's first `mypy --strict` publishes its cache
    (what the standard library, pydantic and httpx cost to check, some 6 s of CPU) for every
    other process, which copies it before its first run. The package checked is always checked
    afresh: its files are new to every cache. The command is the one the tests always ran;
    mypy reads the configuration of the working directory, if any, as ever (the cached
    modules of the standard library and the dependencies do not depend on it).
    """

    def __init__(self, tmp_path_factory: pytest.TempPathFactory) -> None:
        self.shared = run_folder(tmp_path_factory)
        self.cache = tmp_path_factory.mktemp("mypy-cache")
        self.seeded = False

    def command(self, package: str) -> list[str]:
        return [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(self.cache), package]

    def __call__(self, package: str, cwd: Path | None) -> subprocess.CompletedProcess[str]:
        """mypy --strict over `package` (a directory or module name) from `cwd` (None: the
        test process's own working directory)."""
        if self.seeded:
            return self._run(package, cwd)
        warm = self.shared / "mypy-cache"
        with (self.shared / "mypy-cache.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            self.seeded = True
            if (self.shared / "mypy-cache.complete").exists():
                shutil.copytree(warm, self.cache, dirs_exist_ok=True)
            else:  # the run's first: the others wait for its cache rather than do its work
                done = self._run(package, cwd)
                shutil.rmtree(warm, ignore_errors=True)
                shutil.copytree(self.cache, warm)
                (self.shared / "mypy-cache.complete").touch()
                return done
        return self._run(package, cwd)

    def _run(self, package: str, cwd: Path | None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(package), cwd=cwd, capture_output=True, text=True, check=False
        )
