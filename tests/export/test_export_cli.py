"""`python -m ccc export-cdrs` and `cccgen export-cdrs` in real subprocesses, against a fake
server on loopback: exit statuses, messages, a SIGKILLed run resumed, progress on a terminal."""

from __future__ import annotations

import json
import os
import pty
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from export.helpers import (
    HOUR,
    START,
    by_id,
    env_for,
    export_command,
    listed,
    read_lines,
    run_export,
    same,
    server_with,
    stored,
)


@pytest.mark.parametrize("command", [("-m", "ccc"), ("-m", "cccgen")], ids=["ccc", "cccgen"])
def test_export_writes_every_call_once(command: tuple[str, ...], tmp_path: Path) -> None:
    output = tmp_path / "calls.jsonl"
    end = START + HOUR
    with server_with(250, end=end) as server:
        done = run_export(server, output, START, end, command=command, cwd=tmp_path)
        expected = listed(server, START, end)
    assert done.returncode == 0, done.stderr
    written = by_id(read_lines(output))
    assert written.keys() == expected.keys()
    assert all(same(written[k], expected[k]) for k in expected)
    assert "250 call records written to" in done.stderr
    assert "250 records checked (strict): 250 valid, 0 invalid" in done.stderr
    assert "\r" not in done.stderr  # no progress bar off a terminal
    assert done.stdout == ""


def test_iso_times_and_details(tmp_path: Path) -> None:
    output = tmp_path / "details.jsonl"
    end = START + HOUR
    with server_with(30, end=end) as server:
        done = run_export(
            server,
            output,
            START,
            end,
            "--details",
            "--concurrency",
            "3",
        )
        iso = run_export(
            server,
            tmp_path / "iso.jsonl",
            START,
            end,
        )
        by_iso = run_export(
            server, tmp_path / "iso2.jsonl", "2025-11-30T16:00:00Z", "2025-12-01T01:00:00+08:00"
        )
    assert done.returncode == 0, done.stderr
    assert all("AgentEvents" in line or "CallDuration" in line for line in read_lines(output))
    assert iso.returncode == 0 and by_iso.returncode == 0, by_iso.stderr
    assert (tmp_path / "iso.jsonl").read_bytes() == (tmp_path / "iso2.jsonl").read_bytes()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "yesterday"], "neither Unix milliseconds nor an ISO 8601"),
        (["--end", str(START)], "--end must come after --start"),
        (["--page-size", "101"], "must be at most 100"),
        (["--responses"], "--responses needs --details"),
    ],
)
def test_bad_usage_exits_2(extra: list[str], message: str, tmp_path: Path) -> None:
    with server_with(3) as server:
        done = run_export(server, tmp_path / "x.jsonl", START, START + HOUR, *extra)
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_a_configuration_error_at_call_time_is_exit_2_under_both_commands(tmp_path: Path) -> None:
    """An instance id too long for a URL: the client's ConfigurationError comes at the first
    call, and is the command's error (exit 2, one line), not a failed window (exit 1), under
    `cccgen export-cdrs` as under `python -m ccc export-cdrs`: cccgen runs the package's own copy
    of the tool, whose `except ConfigurationError` is the class the package's client raises."""
    long = ("--instance-id", "x" * 70_000)  # the last --instance-id given wins
    commands = {"python -m ccc": ("-m", "ccc"), "cccgen": ("-m", "cccgen")}
    with server_with(3) as server:
        done = {
            prog: run_export(
                server, tmp_path / f"{cli[1]}.jsonl", START, START + HOUR, *long, command=cli
            )
            for prog, cli in commands.items()
        }
        assert server.requests == []
    for prog, run in done.items():
        assert (run.returncode, run.stdout) == (2, ""), run.stderr
        assert run.stderr == (
            f"{prog} export-cdrs: ListCallDetailRecords: the request cannot be sent:"
            " URL too long (a parameter too long?)\n"
        )
    assert not list(tmp_path.glob("*.jsonl"))


def test_failed_windows_exit_1_then_the_same_command_finishes(tmp_path: Path) -> None:
    output = tmp_path / "calls.jsonl"
    end = START + HOUR
    with server_with(40, end=end) as server:
        server.random_faults(1.0)
        failed = run_export(server, output, START, end, "--max-attempts", "2")
        server.random_faults(0.0)
        again = run_export(server, output, START, end)
        expected = listed(server, START, end)
    assert failed.returncode == 1, failed.stderr
    assert "failed: [2025-11-30T16:00:00.000Z, 2025-11-30T17:00:00.000Z)" in failed.stderr
    assert "ServiceUnavailable" in failed.stderr and "run the same command again" in failed.stderr
    assert again.returncode == 0, again.stderr
    assert "(resumed)" in again.stderr
    assert by_id(read_lines(output)).keys() == expected.keys()


def test_drift_exits_3_with_the_summary(tmp_path: Path) -> None:
    output = tmp_path / "calls.jsonl"
    end = START + HOUR
    with server_with(5, end=end, validate_records=False) as server:
        record = server.stored_records("GetCallDetailRecord")[0]
        server.add_record({**record, "ContactDisposition": "Teleported"})
        done = run_export(server, output, START, end)
    assert done.returncode == 3, done.stderr
    assert "drift: 1 difference between the responses and the spec" in done.stderr
    assert "/Data/List/*/ContactDisposition = 'Teleported'" in done.stderr
    assert len(read_lines(output)) == 5


def _wait_for_progress(checkpoint: Path, process: subprocess.Popen[bytes]) -> int:
    """The records the checkpoint counts, once it counts some (the run is still going)."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert process.poll() is None, "the export ended before it could be killed"
        try:
            records = int(json.loads(checkpoint.read_text(encoding="utf-8"))["records"])
        except (OSError, ValueError, KeyError):
            records = 0
        if records:
            return records
        time.sleep(0.02)
    raise AssertionError("no progress in 120 s")


def test_a_sigkilled_export_resumes_and_holds_each_call_once(tmp_path: Path) -> None:
    """Pages of 10 reach 1,000 calls a query: 3,000 split into several windows; the run is
    killed (SIGKILL) once a window is in, and the same command finishes the file."""
    output = tmp_path / "calls.jsonl"
    end = START + 6 * HOUR
    with server_with(3000, end=end, hot_share=0.0) as server:
        process = subprocess.Popen(
            export_command(server, output, START, end, "--page-size", "10", "--max-rps", "150"),
            env=env_for(server),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            kept = _wait_for_progress(tmp_path / "calls.jsonl.checkpoint.json", process)
            process.send_signal(signal.SIGKILL)
        finally:
            process.wait(timeout=30)
        assert not output.exists() and (tmp_path / "calls.jsonl.part").exists()
        assert 0 < kept < 3000
        done = run_export(server, output, START, end, "--page-size", "10")
        expected = listed(server, START, end)
    assert done.returncode == 0, done.stderr
    assert "3,000" not in done.stderr and "3000 call records written" in done.stderr
    assert "(resumed)" in done.stderr
    written = by_id(read_lines(output))
    assert written.keys() == expected.keys()
    assert all(same(written[k], expected[k]) for k in expected)
    assert not (tmp_path / "calls.jsonl.part").exists()
    assert not (tmp_path / "calls.jsonl.checkpoint.json").exists()


def test_progress_with_rate_and_time_left_on_a_terminal(tmp_path: Path) -> None:
    end = START + 4 * HOUR
    with server_with(600, end=end, hot_share=0.0) as server:
        leader, follower = pty.openpty()
        try:
            process = subprocess.Popen(
                export_command(server, tmp_path / "p.jsonl", START, end, "--page-size", "10"),
                env=env_for(server),
                stdout=subprocess.DEVNULL,
                stderr=follower,
            )
            os.close(follower)
            seen = b""
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                seen += chunk
            process.wait(timeout=60)
        finally:
            os.close(leader)
    text = seen.decode("utf-8", "replace")
    assert process.returncode == 0, text
    assert "\r" in text and " of 600 records, " in text and "/s" in text
    assert " left" in text


def test_no_credentials_or_an_unwritable_output_exit_2(tmp_path: Path) -> None:
    with server_with(3) as server:
        env = {k: v for k, v in env_for(server).items() if not k.startswith("ALIBABA_CLOUD_")}
        bare = subprocess.run(
            export_command(server, tmp_path / "x.jsonl", START, START + HOUR),
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        nowhere = run_export(server, tmp_path / "missing" / "x.jsonl", START, START + HOUR)
    assert bare.returncode == 2 and "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in bare.stderr
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr
    assert "Traceback" not in bare.stderr + nowhere.stderr
    assert not list(tmp_path.iterdir())


def test_whole_responses_validate_as_captures(tmp_path: Path) -> None:
    """`--details --responses`: each line is a GetCallDetailRecord response as received, which
    `validate` checks like any capture named after its operation."""
    output = tmp_path / "GetCallDetailRecord.export.jsonl"
    end = START + HOUR
    with server_with(25, end=end) as server:
        done = run_export(server, output, START, end, "--details", "--responses")
        cdrs = stored(server, START, end)
    assert done.returncode == 0, done.stderr
    lines = read_lines(output)
    assert {line["Code"] for line in lines} == {"OK"}
    assert by_id([line["Data"] for line in lines]).keys() == cdrs.keys()
    checked = subprocess.run(
        [sys.executable, "-m", "ccc", "validate", "--strict", str(output)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "25 responses" in checked.stdout + checked.stderr
