"""`python -m ccc validate` loads the validate tool alone: not the client, the fake server,
the `get` command, httpx or pydantic; the other commands are still there when asked for."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from validate_cli.helpers import clean_env, dump

# Runs `python -m ccc ARGS...` as `-m` does, then writes every module loaded to a file.
WRAPPER = """\
import json, runpy, sys
out, args = sys.argv[1], sys.argv[2:]
sys.argv = ["ccc", *args]
try:
    runpy.run_module("ccc", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(out, "w", encoding="utf-8") as file:
    json.dump({"code": code, "modules": sorted(sys.modules)}, file)
"""

# Last components of modules that belong to the client, the fake server or the other commands
# (by name, so that the check holds wherever in `_runtime` they live).
NOT_FOR_VALIDATE = frozenset(
    {
        "body",
        "client",
        "client_core",
        "credentials",
        "deadline",
        "endpoints",
        "fake_http",
        "fake_server",
        "get_cli",
        "get_command",
        "lenient",
        "models",
        "responses",
        "retry",
        "signer",
        "signing",
        "testing",
        "transport",
    }
)


def loaded_by(tmp_path: Path, *args: str) -> tuple[object, list[str]]:
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out), *args],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
        env=clean_env(),
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    return data["code"], data["modules"]


def validated(tmp_path: Path, page_example: dict[str, Any], *options: str) -> list[str]:
    """The modules a run of `validate` on one valid capture loaded."""
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    code, modules = loaded_by(
        tmp_path, "validate", "--operation", "GetCallDetailRecord", *options, "ok.json"
    )
    assert code == 0
    return modules


def test_validate_imports_neither_client_nor_fake_server(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    modules = validated(tmp_path, page_example)
    assert "ccc._runtime" in modules  # the run really happened in this process
    third_party = sorted(m for m in modules if m.split(".")[0] in ("httpx", "pydantic"))
    assert third_party == []
    ours = [m for m in modules if m == "ccc" or m.startswith("ccc.")]
    unwanted = sorted(m for m in ours if set(m.split(".")[1:]) & NOT_FOR_VALIDATE)
    assert unwanted == []


def test_the_other_commands_still_load_when_asked_for(tmp_path: Path) -> None:
    code, modules = loaded_by(tmp_path, "serve", "--help")
    assert code == 0
    assert any(m.split(".")[-1] == "fake_server" for m in modules)
    code, modules = loaded_by(tmp_path, "get", "--help")
    assert code == 0
    assert "ccc.get_command" in modules


def test_get_loads_no_other_command(tmp_path: Path) -> None:
    """A run of `get` builds its own subcommand only: not the fake server, `export-cdrs`
    or `redact` (each `get` in a script pays for its start-up)."""
    code, modules = loaded_by(tmp_path, "get", "--help")
    assert code == 0 and "ccc.get_command" in modules
    others = {"fake_server", "fake_http", "serve_cli", "testing", "export", "redact"}
    ours = [m for m in modules if m == "ccc" or m.startswith("ccc.")]
    assert sorted(m for m in ours if set(m.split(".")[1:]) & others) == []


def test_only_validate_loads_the_validate_command_line(tmp_path: Path) -> None:
    """The root parser and the dispatch live apart from the validate tool: `get`, `serve` and
    `export-cdrs` load none of its modules, `redact` only the readers and report pieces it
    uses, never its command line, workers or report options (each run paid ~20 ms of start-up
    for them). `export-cdrs --help` loads its options alone: the export tool, which brings the
    report pieces, loads when the command runs (~30 ms)."""
    command_line = {"cli", "arguments", "pool", "checker", "report_options", "progress"}
    for command in ("get", "serve", "export-cdrs", "redact"):
        code, modules = loaded_by(tmp_path, command, "--help")
        assert code == 0 and "ccc._runtime.tools.root_command" in modules
        tool = [m for m in modules if m.startswith("ccc._runtime.tools.validate.")]
        if command in ("get", "serve", "export-cdrs"):
            assert tool == [], command
        if command == "export-cdrs":
            export = [m for m in modules if m.startswith("ccc._runtime.tools.export.")]
            assert export == ["ccc._runtime.tools.export.arguments"]
        assert sorted(m for m in tool if m.split(".")[-1] in command_line) == [], command


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ccc", "--help"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=clean_env(),
    )
    assert done.returncode == 0, done.stderr
    commands = done.stdout.split("COMMAND", 2)[-1]
    for name in ("validate", "serve", "get", "export-cdrs", "redact"):
        assert re.search(rf"\n    {name}\s", commands), done.stdout
    for name in ("serve", "get", "export-cdrs", "redact"):
        sub = subprocess.run(
            [sys.executable, "-m", "ccc", name, "--help"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            env=clean_env(),
        )
        assert sub.returncode == 0, sub.stderr
        assert sub.stdout.startswith(f"usage: python -m ccc {name} "), sub.stdout


def test_the_text_report_loads_no_other_formats_writer(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    modules = validated(tmp_path, page_example)
    writers = {"json_report", "junit_report", "html_report", "markdown_report", "report_writers"}
    assert sorted(m for m in modules if m.split(".")[-1] in writers) == []
    assert "tempfile" not in modules  # the JUnit writer's spool, and `-o FILE`'s
    # With --operation nothing is attributed from its path: pathlib (and urllib.parse,
    # ipaddress with it) is not loaded.
    assert "pathlib" not in modules
    modules = validated(tmp_path, page_example, "--format", "junit")
    assert "ccc._runtime.tools.validate.junit_report" in modules


def test_only_coverage_loads_the_coverage_statistics(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """The per-field statistics (`coverage`, and the schema walk of `spec_fields`) load only
    with --coverage: a plain run paid ~3 ms of start-up for their classes."""
    statistics = {"coverage", "spec_fields"}
    modules = validated(tmp_path, page_example)
    assert sorted(m for m in modules if m.split(".")[-1] in statistics) == []
    modules = validated(tmp_path, page_example, "--coverage")
    assert {m.split(".")[-1] for m in modules} >= statistics


def test_validate_loads_no_error_classes(tmp_path: Path, page_example: dict[str, Any]) -> None:
    """The package's error classes (`<package>.errors`, one per error code of the spec, and the
    runtime's base classes) load on first use, not with the package: `validate` raises none of
    them (~4% of a run's instructions)."""
    modules = validated(tmp_path, page_example)
    assert sorted(m for m in modules if m.split(".")[-1] in {"errors", "error_table"}) == []
