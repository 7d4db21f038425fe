"""Hostile bytes in captures and file names never reach a terminal or a CI log raw.

A captured key (or a file name) can hold a newline followed by a GitHub workflow command, or an
escape sequence: every text and github output escapes them; JUnit stays well-formed XML.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from cccgen.runtime.core.escapes import github_property, visible
from validate_cli.helpers import dump, run_validate

INJECTED = "x\n::error file=README.md,line=1::injected\u001b[2J"
EVIL_NAME = "evil\x1b]0;owned\x07\n::error file=README.md::name\x9b2J.json"


@pytest.fixture
def injected(tmp_path: Path, page_example: dict[str, Any]) -> Path:
    page_example["Data"][INJECTED] = 1
    page_example["Data"]["ContactType"] = "NEW\x1b[31m"
    (tmp_path / "inj.json").write_text(dump(page_example), "utf-8")
    (tmp_path / EVIL_NAME).write_text(dump(page_example), "utf-8")
    return tmp_path


def assert_inert(output: str) -> None:
    for char in ("\x1b", "\x07", "\x9b", "\r"):
        assert char not in output, repr(output)
    for line in output.splitlines():
        assert not line.startswith("::error file=README.md"), repr(line)
        assert "injected" not in line or "x\\n::error" in line or "%0A" in line, repr(line)


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_keys_values_and_file_names_are_escaped(fmt: str, injected: Path) -> None:
    done = run_validate("--format", fmt, "--color", "always", ".", cwd=injected)
    assert done.returncode == 1
    out = done.stdout.replace("\x1b[0m", "").replace("\x1b[1m", "")
    for code in ("1;31", "1;32", "1;33"):  # our own colour codes are the only escapes
        out = out.replace(f"\x1b[{code}m", "")
    assert_inert(out)
    assert_inert(done.stderr)
    # the escaped form is readable: the key, the value and the file name can be recognised
    if fmt == "text":
        assert "/Data/x\\n::error file=README.md,line=1::injected\\x1b[2J" in out
        assert "evil\\x1b]0;owned\\x07\\n::error file=README.md::name\\x9b2J.json" in out
    else:
        assert "/Data/x\\n%3A%3Aerror file=README.md%2Cline=1%3A%3Ainjected\\x1b[2J" in out
        assert (
            "file=evil\\x1b]0;owned\\x07\\n%3A%3Aerror file=README.md%3A%3Aname\\x9b2J.json" in out
        )
    # the drift summary too
    drift = out[out.index("drift:") :]
    assert "x\\n::error file=README.md,line=1::injected\\x1b[2J" in drift
    assert "'NEW\\x1b[31m'" in drift


def test_junit_stays_well_formed_and_json_exact(injected: Path) -> None:
    done = run_validate("--format", "junit", ".", cwd=injected)
    assert done.returncode == 1
    assert_inert(done.stdout)
    root = ET.fromstring(done.stdout)  # well-formed XML 1.0
    names = [suite.get("name") for suite in root.iter("testsuite")]
    assert "evil\\x1b]0;owned\\x07\\n::error file=README.md::name\\x9b2J.json" in names
    failures = "".join(f.text or "" for f in root.iter("failure"))
    assert "/Data/x\\n::error file=README.md,line=1::injected\\x1b[2J" in failures

    done = run_validate("--format", "json", ".", cwd=injected)
    assert "\x1b" not in done.stdout and "\x9b" not in done.stdout
    report = json.loads(done.stdout)
    pointers = {e["pointer"] for r in report["results"] for e in r["errors"]}
    assert "/Data/" + INJECTED in pointers  # structured output keeps the exact value
    assert {r["file"] for r in report["results"]} == {"inj.json", EVIL_NAME}


def test_escaping_function() -> None:
    assert visible("plain text, ünïcode, 中文 \\n") == "plain text, ünïcode, 中文 \\n"
    assert visible("a\nb\rc\td\x00e\x7ff\x85g\u202eh\u2028") == (
        "a\\nb\\rc\\td\\x00e\\x7ff\\x85g\\u202eh\\u2028"
    )
    assert visible(visible("\x1b[2J")) == "\\x1b[2J"  # idempotent
    assert github_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d\\ne"


def test_json_report_gives_each_description_once(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    lines = []
    for n in range(50):
        page = json.loads(json.dumps(page_example))
        page["Data"].update({f"k{n}_{i}": i for i in range(100)})  # 100 unknown fields each
        page["Data"]["AgentEvents"][0]["EventSequence"][0]["EventTime"] = (
            "late"  # and a type error in an array
        )
        lines.append(dump(page, indent=None))
    (tmp_path / "many.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    done = run_validate("--format", "json", "many.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    errors = [e for r in report["results"] for e in r["errors"]]
    assert len(errors) == 50 * 101
    assert all("description" not in e for e in errors)
    described = report["descriptions"]["GetCallDetailRecord"]
    assert described["/Data"].startswith("The call detail record")
    assert "/Data/AgentEvents/*/EventSequence/*/EventTime" in described
    assert done.stdout.count(described["/Data"].split("\n")[0]) == 1
    # proportional to the issues: a bounded number of bytes per error
    assert len(done.stdout.encode()) / len(errors) < 400
