"""Helpers for the packaging tests: the README's own lines, and commands run outside the checkout."""

from __future__ import annotations

import importlib.util
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
README = REPO / "README.md"


def readme_fixture_line() -> str:
    """The conftest.py line the README gives for the fake server fixture, verbatim."""
    text = README.read_text(encoding="utf-8")
    found: list[str] = re.findall(r"`(ccc_server = ccc\.testing\.server_fixture\([^`]*\))`", text)
    assert len(found) == 1, f"the README should give the fixture line once: {found}"
    return found[0]


def readme_actions_lines() -> list[str]:
    """The shell lines of the README's GitHub Actions step (comments left out)."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"- name: Validate captured CCC responses\n  run: \|\n((?:    .*\n)+)", text)
    assert block, "the README's GitHub Actions snippet is missing"
    lines = [line.strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line and not line.startswith("#")]


def run(
    command: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        env=env if env is not None else {**os.environ, "PYTHONIOENCODING": "utf-8"},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def environment(venv: Path | None = None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update(
        PIP_CONSTRAINT=str(REPO / "constraints.txt"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
        # A throwaway environment, whose processes import a fraction of what is installed (not
        # black, isort, most of pydantic...): pip does not byte-compile all of it (`--compile`
        # off, as PIP_COMPILE=0; the install commands stay the users' own), and each module is
        # compiled by the first process that imports it, its bytecode written for the next ones.
        env["PIP_COMPILE"] = "0"
        del env["PYTHONDONTWRITEBYTECODE"]
    return env


def checked(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(source: Path, out: Path) -> Path:
    """The wheel of the project at `source`, built by its build backend, hatchling (which comes
    with the dev tools: no build-isolation download), from its own command line: one process,
    where `pip wheel` took three for the same wheel (0.2 s CPU instead of 0.9 s). pip's own way
    from a source tree to an install, PEP 517 and build isolation included, is what the
    pre-commit step of test_install_cccgen.py runs, for both projects."""
    command = [sys.executable, "-m", "hatchling", "build", "--target", "wheel"]
    checked(run([*command, "--directory", str(out)], source, environment()))
    (wheel,) = out.glob("*.whl")
    return wheel


def new_venv(path: Path) -> Path:
    """A fresh environment whose `pip` is the checkout's pip run by the environment's own Python,
    as a pip installed in it runs, without seeding a copy of pip into it (5 s CPU): `bin/pip`
    puts a folder holding only a link to the checkout's `pip` package on PYTHONPATH, for pip
    alone. (`pip --python` did the same in two interpreters: 0.5 s more CPU per command.)"""
    checked(run([sys.executable, "-m", "venv", "--without-pip", str(path)], path.parent))
    spec = importlib.util.find_spec("pip")
    assert spec is not None and spec.origin is not None, "the checkout's environment has pip"
    site = path.parent / f"{path.name}-pip-site"
    site.mkdir()
    (site / "pip").symlink_to(Path(spec.origin).parent)
    python = path / "bin" / "python"
    pip = path / "bin" / "pip"
    line = f'PYTHONPATH={shlex.quote(str(site))} exec {shlex.quote(str(python))} -m pip "$@"'
    pip.write_text(f"#!/bin/sh\n{line}\n", encoding="utf-8")
    pip.chmod(0o755)
    return path


def venv_pip(venv: Path) -> list[str]:
    """The checkout's pip, installing into `venv` (its `bin/pip`: new_venv)."""
    return [str(venv / "bin" / "pip")]


def cccgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real `cccgen` command line of the checkout's environment, in a subprocess."""
    return run([sys.executable, "-m", "cccgen", *args], cwd=cwd)


#: A record the fake server serves, and the client asks for, in the fixture tests.
FIXTURE_TEST = """\
import ccc


def test_reads_a_record_from_the_data_dir(ccc_server):
    credentials = ccc_server.credentials
    with ccc.Client(endpoint=ccc_server.url, access_key_id=credentials.access_key_id,
                    access_key_secret=credentials.access_key_secret) as client:
        record = client.get_call_detail_record(contact_id="job-1", instance_id="ccc-test")
    assert record.data.call_duration == 50
"""
RECORD = '{"ContactId": "job-1", "InstanceId": "ccc-test", "CallDuration": 50}\n'


def write_fixture_project(root: Path) -> Path:
    """A user's project: tests/conftest.py with the README's line, tests/cdrs/, a test."""
    tests = root / "tests"
    (tests / "cdrs").mkdir(parents=True)
    (tests / "cdrs" / "job-1.json").write_text(RECORD, encoding="utf-8")
    conftest = f"import ccc\n\n{readme_fixture_line()}\n"
    (tests / "conftest.py").write_text(conftest, encoding="utf-8")
    (tests / "test_user.py").write_text(FIXTURE_TEST, encoding="utf-8")
    return tests
