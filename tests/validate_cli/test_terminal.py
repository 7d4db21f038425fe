"""What only happens on a terminal: the progress bar (stderr a TTY) and colour (stdout a TTY).

A real pseudo-terminal stands in for the terminal; the command runs as a real subprocess.
"""

from __future__ import annotations

import os
import pty
import subprocess
from pathlib import Path
from typing import Any

import pytest
from validate_cli.helpers import ENTRY_POINTS, clean_env, dump, run_validate, with_type_error


def run_on_pty(
    args: list[str], *, cwd: Path, stderr_tty: bool, stdout_tty: bool, env: dict[str, str]
) -> tuple[int, bytes, bytes]:
    """Run with stderr and/or stdout on a pseudo-terminal; returns (status, tty bytes, pipe bytes)."""
    master, slave = pty.openpty()
    try:
        process = subprocess.Popen(
            [*ENTRY_POINTS["python -m ccc"], *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=slave if stdout_tty else subprocess.PIPE,
            stderr=slave if stderr_tty else subprocess.PIPE,
            env=env,
        )
        with process:  # closes the pipe it read, and waits
            os.close(slave)
            slave = -1
            captured = bytearray()
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every writer to the terminal has gone
                    break
                if not chunk:
                    break
                captured += chunk
            pipe = process.stdout if process.stdout is not None else process.stderr
            piped = pipe.read() if pipe is not None else b""  # small: the report of a short run
            status = process.wait(timeout=300)
    finally:
        os.close(master)
        if slave != -1:
            os.close(slave)
    return status, bytes(captured), piped


@pytest.fixture
def long_run(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    lines = [dump(page_example, indent=None)] * 3000
    lines[10] = dump(with_type_error(page_example), indent=None)
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    return tmp_path


def test_progress_bar_on_a_terminal_and_the_report_untouched(long_run: Path) -> None:
    status, tty, report = run_on_pty(
        ["calls.jsonl"], cwd=long_run, stderr_tty=True, stdout_tty=False, env=clean_env()
    )
    assert status == 1
    text = tty.decode("utf-8")
    assert "\r[" in text and "%" in text and "responses" in text
    assert "100%" in text and "3,000 responses" in text  # the final state is drawn once
    assert text.endswith("\r\x1b[K")  # and the line is erased at the end
    assert b"\r" not in report and b"\x1b[" not in report  # stdout is a pipe: plain report
    assert b"3000 responses in 1 input" in report


def test_no_progress_bar_when_stderr_is_not_a_terminal(long_run: Path) -> None:
    done = run_validate("calls.jsonl", cwd=long_run)
    assert done.returncode == 1
    assert done.stderr == ""


def test_no_progress_flag(long_run: Path) -> None:
    status, tty, _ = run_on_pty(
        ["--no-progress", "calls.jsonl"],
        cwd=long_run,
        stderr_tty=True,
        stdout_tty=False,
        env=clean_env(),
    )
    assert status == 1 and tty == b""


def test_colour_on_a_terminal_unless_no_color(long_run: Path) -> None:
    status, tty, _ = run_on_pty(
        ["calls.jsonl"], cwd=long_run, stderr_tty=False, stdout_tty=True, env=clean_env()
    )
    assert status == 1
    assert b"\x1b[1;31merror\x1b[0m" in tty
    status, tty, _ = run_on_pty(
        ["calls.jsonl"],
        cwd=long_run,
        stderr_tty=False,
        stdout_tty=True,
        env=clean_env(NO_COLOR="1"),
    )
    assert status == 1 and b"\x1b[" not in tty and b"error:" in tty


def test_bar_is_erased_before_report_lines_on_the_same_terminal(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    lines = [dump(page_example, indent=None)] * 3000
    for i in range(5, 3000, 500):
        lines[i] = dump(with_type_error(page_example), indent=None)
    (tmp_path / "calls.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    status, tty, _ = run_on_pty(
        ["--color", "never", "calls.jsonl"],
        cwd=tmp_path,
        stderr_tty=True,
        stdout_tty=True,
        env=clean_env(),
    )
    assert status == 1
    text = tty.decode("utf-8")
    assert "\r[" in text  # the bar was drawn
    starts = [i for i in range(len(text)) if text.startswith("calls.jsonl:", i)]
    assert len(starts) == 6
    for start in starts:
        before = text[max(0, start - 4) : start]
        # each report line starts on a clean line: after the erase ("\r" + erase-line, where
        # a drawn bar would be "\r[###...] ...responses" + erase-line) or after a newline
        assert start == 0 or before.endswith(("\r\x1b[K", "\n")), repr(
            text[max(0, start - 80) : start + 20]
        )
