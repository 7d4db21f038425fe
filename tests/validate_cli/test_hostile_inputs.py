"""Hostile inputs: devices, FIFOs, huge documents and lines, unreadable files and folders.

Each runs the real command in a subprocess, with a timeout as the hang guard and a memory limit
(RLIMIT_AS) so that reading without a bound fails the test instead of the machine.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import ENTRY_POINTS, REPO, clean_env, dump

MEMORY = 768 << 20  # far below what reading the hostile inputs whole would need


def limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def validate(
    *args: str, cwd: Path, as_user: tuple[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """The real command; `as_user` (user, python) runs it as that user, with that interpreter."""
    command = [*ENTRY_POINTS["python -m ccc"], *args]
    env = clean_env()
    if as_user is not None:
        command[0] = as_user[1]
        env["PYTHONPATH"] = str(REPO / "generated")  # `python -m ccc` needs nothing else
    done = subprocess.run(
        command,
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
        env=env,
        preexec_fn=limited,
        user=as_user[0] if as_user is not None else None,
    )
    result = subprocess.CompletedProcess(
        done.args, done.returncode, done.stdout.decode(), done.stderr.decode()
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def test_devices_and_fifos_in_a_searched_directory_are_reported_not_read(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    captures = tmp_path / "captures"
    captures.mkdir()
    (captures / "ok.json").write_text(dump(page_example), "utf-8")
    (captures / "zero.json").symlink_to("/dev/zero")
    os.mkfifo(captures / "pipe.jsonl")
    (captures / "link.json").symlink_to(captures / "ok.json")  # a link to a file: read
    done = validate("captures", cwd=tmp_path, timeout=60)
    assert done.returncode == 2, done.stdout
    assert "captures/pipe.jsonl: error: not a regular file (a FIFO); not read" in done.stdout
    assert "captures/zero.json: error: not a regular file (a character device); not read" in (
        done.stdout
    )
    assert "2 valid, 0 invalid" in done.stdout


def test_a_fifo_or_device_named_explicitly_is_an_error_not_a_hang(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    done = validate("pipe.json", "/dev/zero", cwd=tmp_path, timeout=60)
    assert done.returncode == 2
    assert "pipe.json: error: not a regular file (a FIFO); not read" in done.stdout
    assert "(use - to read standard input)" in done.stdout
    assert "/dev/zero: error: not a regular file (a character device)" in done.stdout


def test_documents_and_lines_past_the_size_bound_are_located_errors(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    one = dump(page_example, indent=None)
    (tmp_path / "big.json").write_text(dump({"pad": "x" * 3000, **page_example}), "utf-8")
    (tmp_path / "r.jsonl").write_text(
        f"{one}\n{dump({'pad': 'x' * 5000}, indent=None)}\n{one}\n", "utf-8"
    )
    done = validate("--max-document-size", "4k", "big.json", "r.jsonl", cwd=tmp_path)
    assert done.returncode == 2
    assert "big.json: error: larger than the 4 KiB limit for one document" in done.stdout
    assert "--max-document-size" in done.stdout
    assert "r.jsonl:2:1: error: line longer than the 4 KiB limit for one response" in done.stdout
    assert "2 valid, 0 invalid" in done.stdout
    # the default is documented, and a wrong value is a usage error
    assert "64 MiB" in validate("--help", cwd=tmp_path).stdout
    bad = validate("--max-document-size", "lots", "big.json", cwd=tmp_path)
    assert bad.returncode == 2 and "max-document-size" in bad.stderr


@pytest.fixture(scope="module")
def huge_line_folder(
    tmp_path_factory: pytest.TempPathFactory, _page_example: dict[str, Any]
) -> Iterator[Path]:
    """One file for both runs, in memory (tmpfs) where the machine has /dev/shm: on a disk's
    file system the kernel fills the page cache with the sparse file's zero pages on the first
    read of its hole (some 3 to 6 s of system CPU per GiB); tmpfs reads a hole as its one shared
    zero page. The command reads the same 1 GiB line either way."""
    shm = Path("/dev/shm")  # a private folder in it, removed after the module
    in_memory = shm.is_dir() and os.access(shm, os.W_OK)
    folder = (
        Path(tempfile.mkdtemp(prefix="vcli-huge-", dir=shm))
        if in_memory
        else tmp_path_factory.mktemp("huge-line")
    )
    try:
        with (folder / "huge.jsonl").open("wb") as out:
            out.write(dump(_page_example, indent=None).encode() + b'\n{"pad": "')
            out.truncate(1 << 30)  # a 1 GiB second line, sparse: nothing on disk
        yield folder
    finally:
        if in_memory:
            shutil.rmtree(folder)


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_huge_line_is_never_held_in_memory(jobs: str, huge_line_folder: Path) -> None:
    done = validate("-j", jobs, "huge.jsonl", cwd=huge_line_folder)
    assert done.returncode == 2
    assert "huge.jsonl:2:1: error: line longer than the 64 MiB limit" in done.stdout
    assert "1 valid, 0 invalid" in done.stdout


@pytest.fixture
def shared() -> Iterator[Path]:
    """A folder another user can reach (pytest's tmp_path is private to its owner)."""
    path = Path(tempfile.mkdtemp(prefix="vcli-hostile-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        for root, dirs, _ in os.walk(path):
            for d in dirs:
                os.chmod(os.path.join(root, d), 0o755)
        shutil.rmtree(path)


def other_user() -> tuple[str, str] | None:
    """Root reads everything: run as `nobody` then (with a Python 3.11+ that `nobody` can run:
    this virtual environment's may live in root's private home); others are stopped by chmod."""
    if os.geteuid() != 0:
        return None
    check = "import sys; sys.exit(sys.version_info < (3, 11))"
    folders = [*os.environ.get("PATH", "").split(os.pathsep), "/usr/local/bin", "/usr/bin"]
    names = ("python3", "python3.11", "python3.12", "python3.13")
    found = [
        os.path.join(f, n) for f in folders for n in names if os.path.isfile(os.path.join(f, n))
    ]
    for python in dict.fromkeys([sys.executable, *found]):
        try:
            done = subprocess.run([python, "-c", check], user="nobody", timeout=60, check=False)
        except (OSError, KeyError):
            continue
        if done.returncode == 0:
            return "nobody", python
    pytest.skip("running as root, and no Python 3.11+ that the user nobody can run")


@pytest.fixture
def locked(shared: Path, page_example: dict[str, Any]) -> Path:
    """captures/a.json readable; captures/locked/ (holding b.json) and secret.json closed."""
    captures = shared / "captures"
    (captures / "locked").mkdir(parents=True)
    for name in ("a.json", "locked/b.json", "secret.json"):
        (captures / name).write_text(dump(page_example), "utf-8")
        (captures / name).chmod(0o644)
    captures.chmod(0o755)
    (captures / "locked").chmod(0o000)
    (captures / "secret.json").chmod(0o000)
    return shared


def test_unreadable_subdirectories_and_files_are_reported(locked: Path) -> None:
    done = validate("captures", "captures/locked/b.json", cwd=locked, as_user=other_user())
    assert done.returncode == 2, done.stdout
    assert "captures/locked: error: cannot read this directory: permission denied" in done.stdout
    assert "captures/secret.json: error: cannot read: permission denied" in done.stdout
    assert "captures/locked/b.json: error: cannot read: permission denied" in done.stdout
    assert "no such file" not in done.stdout
    assert "1 valid" in done.stdout


def test_a_recursive_pattern_reports_the_folders_it_cannot_read(locked: Path) -> None:
    done = validate("captures/**/*.json", cwd=locked, as_user=other_user())
    assert done.returncode == 2, done.stdout
    assert "captures/locked: error: cannot read this directory: permission denied" in done.stdout
    assert "captures/secret.json: error: cannot read: permission denied" in done.stdout
    assert "1 valid" in done.stdout
