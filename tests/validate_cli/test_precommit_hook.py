"""The pre-commit hook other repositories use: its definition, and its entry run the way
pre-commit runs it (the entry split into words, then the matching file names appended)."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from validate_cli.helpers import REPO, clean_env, dump, with_drift


def hook() -> dict[str, Any]:
    hooks: list[dict[str, Any]] = yaml.safe_load(
        (REPO / ".pre-commit-hooks.yaml").read_text("utf-8")
    )
    (found,) = [h for h in hooks if h["id"] == "validate-ccc-responses"]
    return found


def test_hook_definition() -> None:
    found = hook()
    assert found["entry"] == "cccgen validate"
    assert found["language"] == "python"
    assert found["require_serial"] is True
    files = re.compile(found["files"])
    matching = ["a.json", "captures/b.jsonl", "x/y/c.json"]
    assert all(files.search(name) for name in matching)
    assert not any(files.search(name) for name in ["a.json5", "b.jsonlines", "c.yaml", "json"])


def test_entry_runs_on_the_files_pre_commit_passes(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    (tmp_path / "drift.json").write_text(dump(with_drift(page_example)), "utf-8")
    (tmp_path / "calls.jsonl").write_text(dump(page_example, indent=None) + "\n", "utf-8")
    entry = shlex.split(hook()["entry"])
    executable = shutil.which(entry[0], path=str(Path(sys.executable).parent))
    assert executable, "the console script pre-commit would run is installed with the package"
    # Captures named ok.json name no operation: the hook's args name it (see the hook's notes).
    command = [executable, *entry[1:], "--operation", "GetCallDetailRecord"]
    ok = subprocess.run(
        [*command, "ok.json", "calls.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=clean_env(),
    )
    assert ok.returncode == 0, ok.stdout + ok.stderr
    failing = subprocess.run(
        [*command, "ok.json", "drift.json", "calls.jsonl"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=clean_env(),
    )
    assert failing.returncode == 1
    assert "drift.json:" in failing.stdout and "drift: 3 differences" in failing.stdout
    lenient = subprocess.run(
        [*command, "--lenient", "drift.json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=clean_env(),
    )
    assert lenient.returncode == 0
