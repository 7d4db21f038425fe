"""Captures for the redaction tests: the spec's own examples of GetCallDetailRecord and
ListCallDetailRecords, and the personal values in them (found through the generated PII_FIELDS)."""

from __future__ import annotations

import copy
import functools
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from ccc.redact import PII_FIELDS

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "ccc"
KEY = "test-key-0123456789-abcdef"
OTHER_KEY = "another-key-9876543210-zyxwvu"


def examples(operation: str) -> list[dict[str, Any]]:
    """The success examples of `operation` in the spec (a fresh copy: callers may change it)."""
    return copy.deepcopy(_examples(operation))


@functools.cache
def _examples(operation: str) -> list[dict[str, Any]]:
    # Parsed once per process: PyYAML takes ~0.1 s of CPU for an operation's file.
    doc = yaml.safe_load((SPEC / f"{operation}.yaml").read_text(encoding="utf-8"))
    return [e["response"] for e in doc["examples"].values() if e.get("response")]


def personal_values(operation: str, payload: Any) -> list[str]:
    """Every non-empty string at a pii path of `operation` in `payload`."""
    found: list[str] = []

    def walk(value: Any, path: tuple[str, ...]) -> None:
        if not path:
            if isinstance(value, str) and value.strip():
                found.append(value)
            return
        head, rest = path[0], path[1:]
        if head == "[]" and isinstance(value, list):
            for item in value:
                walk(item, rest)
        elif isinstance(value, dict) and head in value:
            walk(value[head], rest)

    for path, _kind in PII_FIELDS.get(operation, ()):
        walk(payload, path)
    return found


def write_jsonl(path: Path, payloads: list[Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in payloads)
    path.write_text(text, encoding="utf-8")


def redact(
    *args: str, key: str | None = KEY, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m ccc redact ARGS...` in `cwd`, the key in CCC_REDACT_KEY (unset when None)."""
    environ = {k: v for k, v in os.environ.items() if k != "CCC_REDACT_KEY"}
    if key is not None:
        environ["CCC_REDACT_KEY"] = key
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "ccc", "redact", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environ,
        timeout=120,
    )
