"""Helpers for the validate CLI tests: the two real entry points, and payload builders."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]

# The two ways to run the command, as a user would. The captures these tests write answer
# GetCallDetailRecord, which the package (242 operations) cannot tell from a file name like
# ok.json: they name it, as a user does (validate never guesses; a later --operation wins).
DEFAULT_OPERATION = "GetCallDetailRecord"
ENTRY_POINTS: dict[str, list[str]] = {
    "python -m ccc": [sys.executable, "-m", "ccc", "validate", "--operation", DEFAULT_OPERATION],
    "cccgen": [sys.executable, "-m", "cccgen", "validate", "--operation", DEFAULT_OPERATION],
}


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    env.update(PYTHONIOENCODING="utf-8")
    env.update(extra)
    return env


def run_validate(
    *args: str,
    cwd: Path,
    entry: str = "python -m ccc",
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """The real command in a subprocess; never a traceback, whatever happens."""
    done = subprocess.run(
        [*ENTRY_POINTS[entry], *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=300,
        check=False,
        env=env or clean_env(),
    )
    result = subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8"),
        done.stderr.decode("utf-8"),
    )
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout
    return result


def dump(payload: Any, *, indent: int | None = 2) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=indent)


def with_drift(page: dict[str, Any]) -> dict[str, Any]:
    """The page example plus an unknown enum value and two unknown fields."""
    bad = copy.deepcopy(page)
    bad["Data"]["ContactType"] = "NEWTYPE"
    bad["Data"]["BrandNewField"] = 1
    bad["Data"]["AgentEvents"][0]["Extra"] = True
    return bad


def with_type_error(page: dict[str, Any]) -> dict[str, Any]:
    """The page example with a wrong type: invalid in every mode."""
    bad = copy.deepcopy(page)
    bad["Data"]["CallDuration"] = "fifty"
    return bad


def line_of(text: str, needle: str) -> int:
    """1-based line of the first line containing `needle`."""
    for number, line in enumerate(text.splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in text")


def column_of(text: str, needle: str) -> int:
    for line in text.splitlines():
        if needle in line:
            return line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in text")
