"""Helpers for the Dask tests: a corpus with every hard case, runs of the real command, and
reports with their timings masked (the one thing two runs never share)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from validate_cli.helpers import clean_env

# The package has every operation: these corpora's names don't say theirs, --operation does.
OPERATION = "--operation=GetCallDetailRecord"
COMMAND = [sys.executable, "-m", "ccc", "validate", OPERATION]

_TIMINGS = [
    (re.compile(r'"seconds": [0-9.]+'), '"seconds": S'),
    (re.compile(r'time="[0-9.]+"'), 'time="S"'),
    (re.compile(r"[0-9]+\.[0-9]+ s\b"), "S s"),
    (re.compile(r"\| seconds \| [0-9]+&#46;[0-9]+ \|"), "| seconds | S |"),
]


def masked(report: bytes) -> bytes:
    """`report` with its timings replaced: what must be byte-identical between two runs."""
    text = report.decode("utf-8")
    for pattern, replacement in _TIMINGS:
        text = pattern.sub(replacement, text)
    return text.encode("utf-8")


def run(
    *args: str, cwd: Path, timeout: float = 300, **env: str
) -> subprocess.CompletedProcess[bytes]:
    """`python -m ccc validate ARGS` in a subprocess; never a traceback."""
    done = subprocess.run(
        [*COMMAND, *args],
        cwd=cwd,
        capture_output=True,
        timeout=timeout,
        check=False,
        env=clean_env(**env),
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode("utf-8", "replace")
    return done


def variants(page: dict[str, Any]) -> dict[str, str]:
    """One-line responses: valid, with drift, with a type error, an error answer, hostile."""
    drift = copy.deepcopy(page)
    drift["Data"]["ContactType"] = "NEWTYPE"
    drift["Data"]["BrandNewField"] = 1
    mistyped = copy.deepcopy(page)
    mistyped["Data"]["CallDuration"] = "fifty"
    hostile = copy.deepcopy(page)
    hostile["Data"]["evil\x1b[31m\u2028key"] = "\x07"
    dump = json.dumps
    return {
        "good": dump(page, ensure_ascii=False),
        "drift": dump(drift, ensure_ascii=False),
        "mistyped": dump(mistyped, ensure_ascii=False),
        "error": '{"RequestId": "r", "Code": "Throttling", "Message": "m"}',
        "hostile": dump(hostile, ensure_ascii=False),
        "broken": '{"broken": ',
    }


def big_jsonl(page: dict[str, Any], count: int) -> bytes:
    """`count` lines mixing every kind: LF and CRLF endings, blank lines, broken JSON, a line
    that is not UTF-8; no newline after the last line."""
    kinds = variants(page)
    lines: list[bytes] = []
    for i in range(count):
        name = "good"
        if i % 37 == 5 or i == count - 1:
            name = "drift"
        elif i % 53 == 7:
            name = "mistyped"
        elif i % 61 == 9:
            name = "error"
        elif i % 71 == 11:
            name = "hostile"
        elif i % 89 == 13:
            name = "broken"
        line = kinds[name].encode("utf-8")
        if i % 97 == 17:
            line = b""
        elif i % 101 == 19:
            line = b'{"Code": "\xff\xfe"}'
        lines.append(line + (b"\r\n" if i % 3 == 0 else b"\n"))
    return b"".join(lines).rstrip(b"\r\n")


def write_corpus(root: Path, page: dict[str, Any], *, lines: int = 150) -> list[str]:
    """Files under `root` covering every case; returns the arguments naming them."""
    kinds = variants(page)
    captures = root / "captures"
    captures.mkdir(parents=True, exist_ok=True)
    (captures / "big.jsonl").write_bytes(big_jsonl(page, lines))
    bom = ("\ufeff" + kinds["good"] + "\n" + kinds["drift"] + "\n").encode("utf-8")
    (captures / "bom.jsonl").write_bytes(bom * 20)
    (captures / "empty.jsonl").write_bytes(b"")
    huge = '{"Data": "' + "x" * 6000 + '"}'
    (captures / "huge.ndjson").write_text(
        "\n".join([kinds["good"], huge, kinds["drift"], huge + huge, kinds["good"]]) + "\n",
        "utf-8",
    )
    (captures / "one.json").write_text(json.dumps(page, indent=2), "utf-8")
    (captures / "two.json").write_text(kinds["hostile"][:-30], "utf-8")
    return ["captures", "missing.json"]
