"""Where the report goes can fail: a full disk, a file size limit, a reader that went away.

Each is a clear message and exit 2, never a traceback; `-o FILE` is written beside FILE and
renamed at the end, so a failed run leaves an older report whole.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import ENTRY_POINTS, clean_env, dump, run_validate, with_type_error


@pytest.fixture
def invalid(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    """3000 invalid responses: a report of several hundred kilobytes in any format."""
    line = dump(with_type_error(page_example), indent=None)
    (tmp_path / "bad.jsonl").write_text((line + "\n") * 3000, "utf-8")
    return tmp_path


def no_traceback(done: subprocess.CompletedProcess[Any]) -> str:
    stderr = done.stderr if isinstance(done.stderr, str) else done.stderr.decode()
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    return stderr


@pytest.mark.parametrize("fmt", ["text", "json", "junit", "github"])
def test_a_full_device_is_a_clear_error(fmt: str, invalid: Path) -> None:
    done = run_validate("--format", fmt, "-o", "/dev/full", "bad.jsonl", cwd=invalid)
    assert done.returncode == 2
    assert "cannot write the report to /dev/full: no space left on device" in no_traceback(done)


def test_standard_output_on_a_full_device(invalid: Path) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [*ENTRY_POINTS["python -m ccc"], "bad.jsonl"],
            cwd=invalid,
            stdout=full,
            stderr=subprocess.PIPE,
            env=clean_env(),
            timeout=300,
            check=False,
        )
    assert done.returncode == 2
    stderr = no_traceback(done)
    assert "cannot write the report to standard output: no space left on device" in stderr


def test_a_failure_mid_report_keeps_the_old_report_whole(invalid: Path) -> None:
    old = invalid / "report.xml"
    old.write_text("<old/>\n", "utf-8")

    def small_files() -> None:  # writing past 64 KiB fails with EFBIG ("file too large")
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 << 10, 64 << 10))

    done = subprocess.run(
        [*ENTRY_POINTS["python -m ccc"], "--format", "junit", "-o", "report.xml", "bad.jsonl"],
        cwd=invalid,
        capture_output=True,
        env=clean_env(),
        timeout=300,
        check=False,
        preexec_fn=small_files,
    )
    assert done.returncode == 2
    assert "cannot write the report to report.xml: file too large" in no_traceback(done)
    assert old.read_text("utf-8") == "<old/>\n"
    assert sorted(p.name for p in invalid.iterdir()) == ["bad.jsonl", "report.xml"]  # no temp


def test_a_new_report_file_gets_the_usual_permissions(invalid: Path) -> None:
    done = run_validate("-o", "sub.txt", "bad.jsonl", cwd=invalid)
    assert done.returncode == 1
    mask = os.umask(0)
    os.umask(mask)
    assert (invalid / "sub.txt").stat().st_mode & 0o777 == 0o666 & ~mask
    assert "3000 responses in 1 input" in (invalid / "sub.txt").read_text("utf-8")
    assert sorted(p.name for p in invalid.iterdir()) == ["bad.jsonl", "sub.txt"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_reader_that_goes_away_is_no_traceback(fmt: str, invalid: Path) -> None:
    process = subprocess.Popen(
        [*ENTRY_POINTS["python -m ccc"], "--format", fmt, "bad.jsonl"],
        cwd=invalid,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=clean_env(),
    )
    assert process.stdout is not None and process.stderr is not None
    with process.stderr:
        process.stdout.readline()  # `| head -1`
        process.stdout.close()
        stderr = process.stderr.read().decode()
    process.wait(timeout=300)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr


def test_a_small_report_to_a_full_device_is_not_exit_0(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")  # all valid: a tiny report
    done = run_validate("-o", "/dev/full", "ok.json", cwd=tmp_path)
    assert done.returncode == 2
    assert "cannot write the report to /dev/full: no space left on device" in no_traceback(done)


def test_standard_output_closed(tmp_path: Path, page_example: dict[str, Any]) -> None:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    done = subprocess.run(
        [*ENTRY_POINTS["python -m ccc"], "ok.json"],  # as with `>&-`
        cwd=tmp_path,
        stderr=subprocess.PIPE,
        env=clean_env(),
        timeout=300,
        check=False,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 2
    assert "cannot write the report to standard output: it is closed" in no_traceback(done)
