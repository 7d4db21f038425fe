"""YAML built to exhaust the generator (alias bombs, deep nesting, huge integers, merge keys)
gets a located error and exit 2, in bounded memory and time.

The CLI runs under an address-space limit and a timeout, so a regression fails the test
instead of eating the machine."""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from generation.helpers import copy_spec

OP = "GetCallDetailRecord.yaml"
MEMORY_LIMIT = 1024 * 1024 * 1024  # far above what a real run needs, far below a bomb


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def _generate(service_file: Path, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "cccgen",
            "generate",
            "--spec",
            str(service_file),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        cwd=service_file.parent.parent.parent,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        preexec_fn=_limit_memory,
        timeout=60,
        check=False,
    )


def _alias_bomb() -> tuple[str, int, str]:
    lines = ["bomb_l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, 10):
        refs = ", ".join([f"*l{level - 1}"] * 10)
        lines.append(f"bomb_l{level}: &l{level} [{refs}]")
    # Reported at the first alias, on the block's second line.
    return "\n".join(lines) + "\n", 1, "YAML aliases (*name) are not allowed in a spec"


def _deep_nesting() -> tuple[str, int, str]:
    return "deep: " + "[" * 500 + "]" * 500 + "\n", 0, "nested more than 64 levels deep"


def _huge_integer() -> tuple[str, int, str]:
    return "huge: " + "7" * 5000 + "\n", 0, "integer with more than 20 digits"


def _merge_key() -> tuple[str, int, str]:
    return "merged:\n  <<: {a: 1}\n  b: 2\n", 1, "merge keys (<<) are not allowed in a spec"


CASES = {
    "alias bomb": _alias_bomb,
    "500 levels deep": _deep_nesting,
    "5000-digit integer": _huge_integer,
    "merge key": _merge_key,
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_hostile_yaml_is_a_located_error(case: str, tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    op_file = service_file.parent / OP
    text = op_file.read_text(encoding="utf-8")
    addition, offset, message = CASES[case]()
    line = text.count("\n") + 1 + offset  # the appended block starts on the file's last line + 1
    op_file.write_text(text + addition, encoding="utf-8")

    result = _generate(service_file, tmp_path / "out")

    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert message in result.stderr, result.stderr[-2000:]
    assert re.search(rf"^spec/ccc/{OP}:{line}:\d+: ", result.stderr, re.MULTILINE), result.stderr
    assert not (tmp_path / "out").exists()


def test_a_huge_integer_in_the_service_file_too(tmp_path: Path) -> None:
    service_file = copy_spec(tmp_path)
    text = service_file.read_text(encoding="utf-8")
    service_file.write_text(text.replace("cccgen_spec: 1", "cccgen_spec: " + "1" * 5000), "utf-8")
    result = _generate(service_file, tmp_path / "out")
    assert result.returncode == 2
    assert re.search(
        r"^spec/ccc/service.yaml:\d+:14: cccgen_spec: integer with more than 20 digits",
        result.stderr,
        re.MULTILINE,
    ), result.stderr
