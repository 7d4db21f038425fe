"""`export-cdrs --redact`: personal values are replaced as each answer arrives, under the key of
CCC_REDACT_KEY, before the answer is checked and written (a real subprocess against a fake
server on loopback)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ccc.export import export_cdrs
from ccc.redact import redactor
from ccc.testing import FakeCCCServer
from export.helpers import (
    HOUR,
    INSTANCE,
    START,
    client_for,
    env_for,
    export_command,
    read_lines,
    server_with,
    stored,
)
from redact.helpers import KEY, OTHER_KEY, personal_values


def _export(
    server: FakeCCCServer, output: Path, *extra: str, key: str | None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in env_for(server).items() if k != "CCC_REDACT_KEY"}
    if key is not None:
        env["CCC_REDACT_KEY"] = key
    return subprocess.run(
        export_command(server, output, START, START + HOUR, "--redact", *extra),
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_redacted_export_validates_strictly_and_holds_no_original(tmp_path: Path) -> None:
    output = tmp_path / "calls.jsonl"
    with server_with(120, end=START + HOUR) as server:
        done = _export(server, output, "--details", "--responses", key=KEY)
        originals = stored(server, START, START + HOUR)
    assert done.returncode == 0, done.stderr
    assert "120 records checked (strict): 120 valid, 0 invalid" in done.stderr
    assert "personal values replaced (--redact):" in done.stderr
    assert "    Data.CallingNumber (phone_number): 120 value(s)" in done.stderr
    text = output.read_text(encoding="utf-8")
    lines = {line["Data"]["ContactId"]: line for line in read_lines(output)}
    # Phone numbers (random, long): none of them anywhere in the file.
    numbers = {
        value
        for record in originals.values()
        for value in personal_values("GetCallDetailRecord", {"Data": record})
        if value.isdigit()
    }
    assert len(numbers) > 100 and [n for n in numbers if n in text] == []
    # Names and places are replaced by plausible ones from fixed lists, so a stand-in may be
    # another caller's real name: what must hold is that no value is left where it was.
    for contact, record in originals.items():
        before = personal_values("GetCallDetailRecord", {"Data": record})
        after = personal_values("GetCallDetailRecord", lines[contact])
        assert len(before) == len(after) and before, contact
        assert [b for b, a in zip(before, after, strict=True) if a == b] == []
    assert KEY not in text and KEY not in done.stderr and KEY not in done.stdout
    # The calls still join: one line per call, each keyed by its own ContactId.
    assert sorted(lines) == sorted(originals)
    # Each redacted response validates strictly, as the validate command reads it.
    check = subprocess.run(
        [
            sys.executable,
            "-m",
            "ccc",
            "validate",
            "--operation",
            "GetCallDetailRecord",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_the_listing_is_redacted_too_and_a_key_gives_the_same_standins(tmp_path: Path) -> None:
    with server_with(40, end=START + HOUR) as server:
        first = _export(server, tmp_path / "a.jsonl", key=KEY)
        again = _export(server, tmp_path / "b.jsonl", key=KEY)
        other = _export(server, tmp_path / "c.jsonl", key=OTHER_KEY)
        listed_numbers = {r["CallingNumber"] for r in stored(server, START, START + HOUR).values()}
    assert first.returncode == again.returncode == other.returncode == 0, other.stderr
    assert "ListCallDetailRecords" in first.stderr
    a = (tmp_path / "a.jsonl").read_bytes()
    assert a == (tmp_path / "b.jsonl").read_bytes()
    assert a != (tmp_path / "c.jsonl").read_bytes()
    numbers = {line["CallingNumber"] for line in read_lines(tmp_path / "a.jsonl")}
    assert numbers and not numbers & listed_numbers


def test_without_a_key_nothing_is_fetched_and_the_exit_is_2(tmp_path: Path) -> None:
    with server_with(5, end=START + HOUR) as server:
        done = _export(server, tmp_path / "x.jsonl", key=None)
        short = _export(server, tmp_path / "x.jsonl", key="short")
        requests = len(server.requests)
    assert done.returncode == 2 and "CCC_REDACT_KEY" in done.stderr
    assert short.returncode == 2 and "too short" in short.stderr and "short)" not in short.stderr
    assert "Traceback" not in done.stderr + short.stderr
    assert requests == 0
    assert list(tmp_path.iterdir()) == []


def test_a_resumed_export_refuses_another_key(tmp_path: Path) -> None:
    output = tmp_path / "calls.jsonl"
    with server_with(30, end=START + HOUR) as server:
        server.random_faults(1.0)
        failed = _export(server, output, "--max-attempts", "1", key=KEY)
        checkpoint = (tmp_path / "calls.jsonl.checkpoint.json").read_text(encoding="utf-8")
        server.random_faults(0.0)
        mixed = _export(server, output, key=OTHER_KEY)
        resumed = _export(server, output, key=KEY)
    assert failed.returncode == 1, failed.stderr
    assert mixed.returncode == 2, mixed.stderr
    assert "checkpoint" in mixed.stderr and "Traceback" not in mixed.stderr
    assert KEY not in mixed.stderr and OTHER_KEY not in mixed.stderr
    assert resumed.returncode == 0 and "(resumed)" in resumed.stderr, resumed.stderr
    # The checkpoint names the key by a fingerprint, never by the key itself.
    assert "redacted under the key " in checkpoint and KEY not in checkpoint


def test_the_python_api_redacts_as_redacting_the_plain_export_does(tmp_path: Path) -> None:
    """export_cdrs(redactor=...) writes what redacting a plain export with the same key gives."""
    plain, redacted = tmp_path / "plain.jsonl", tmp_path / "redacted.jsonl"
    with server_with(25, end=START + HOUR) as server, client_for(server) as client:
        export_cdrs(client, instance_id=INSTANCE, start=START, end=START + HOUR, output=plain)
        report = export_cdrs(
            client,
            instance_id=INSTANCE,
            start=START,
            end=START + HOUR,
            output=redacted,
            redactor=redactor(KEY),
        )
    assert report.complete and report.records == 25 and report.invalid == 0
    # Each listed item sits in a page; the page's redaction is the item's, with the same key.
    by_hand = redactor(KEY)
    expected = [
        by_hand.record("ListCallDetailRecords", {"Data": {"List": [item]}})["Data"]["List"][0]
        for item in read_lines(plain)
    ]
    assert read_lines(redacted) == expected != read_lines(plain)
