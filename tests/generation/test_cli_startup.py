"""`cccgen COMMAND` imports only that command's module: start-up time of every run (the test
suite starts the CLI some hundred times, users in every pre-commit hook and CI step)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Runs cccgen's entry point in-process, then prints which of the watched modules it loaded.
PROBE = """
import json, runpy, sys
sys.argv = ["cccgen", *json.loads(sys.argv[1])]
try:
    runpy.run_module("cccgen", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
print(json.dumps(sorted(n for n in WATCHED if n in sys.modules)))
"""

WATCHED = [
    "ccc._runtime.tools.get_cli",
    "cccgen.pipeline",
    "cccgen.runtime.tools.fake_server.fake_server",
    "cccgen.runtime.tools.export.api",
    "cccgen.runtime.tools.validate.arguments",
    "cccgen.runtime.tools.validate.reports",
    "cccgen.runtime.tools.validate.report_options",
    "cccgen.diff",
    "cccgen.emitters",
    "datamodel_code_generator",
    "jinja2",
    "jsonschema",
]


@pytest.mark.parametrize(
    ("argv", "loaded"),
    [
        (["get", "--help"], []),
        # `get` and `export-cdrs` run the generated package's own copy of the tool, whose
        # `except` clauses name the classes the package's client raises (cccgen's copy of them
        # is another class); cccgen's copy gives only the options, so --help loads no tool.
        (["export-cdrs", "--help"], []),
        (
            ["get", "--contact-id", "c", "--instance-id", "i", "--endpoint", "ftp://127.0.0.1:1"],
            ["ccc._runtime.tools.get_cli"],
        ),
        # The version needs no command at all (pre-commit and CI steps print it).
        (["--version"], []),
        (["-V"], []),
        # The emitters (jinja2, datamodel-code-generator) load only once a spec passed its checks,
        # jsonschema only for a spec file that fails them (test_a_valid_spec_loads_no_jsonschema).
        (["check", "--spec", "nowhere"], ["cccgen.pipeline"]),
        (["generate", "--help"], ["cccgen.pipeline"]),
        # `validate` hands its arguments to the generated package, which runs the reports: its
        # own copy of the options loads neither the reports nor their options (~10 ms).
        (["validate", "--help"], ["cccgen.runtime.tools.validate.arguments"]),
    ],
)
def test_a_command_loads_only_its_own_module(argv: list[str], loaded: list[str]) -> None:
    assert _watched_loaded(argv) == loaded


def _watched_loaded(argv: list[str], cwd: Path | None = None) -> list[str]:
    """The watched modules `cccgen ARGV...` loaded (run to its end in a real subprocess)."""
    code = PROBE.replace("WATCHED", repr(WATCHED))
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argv)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded: list[str] = json.loads(done.stdout.splitlines()[-1])
    return loaded


def test_a_valid_spec_loads_no_jsonschema() -> None:
    """Loading a valid spec (structure, meaning, every example) never imports jsonschema: the
    compiled checks of `cccgen.spec.meta_check` pass it, and jsonschema is only asked to
    locate and word the problems of a file or example they do not pass (~80 ms per process)."""
    code = (
        "import sys; from pathlib import Path; from cccgen.spec.loader import load_service; "
        "service = load_service(Path(sys.argv[1])); "
        "print(len(service.operations), 'jsonschema' in sys.modules)"
    )
    spec = Path(__file__).resolve().parents[1] / "fixtures" / "one_op" / "spec" / "ccc"
    done = subprocess.run(
        [sys.executable, "-c", code, str(spec / "service.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "False"]


def test_a_warm_generate_runs_no_emitter(tmp_path: Path) -> None:
    """`cccgen generate` of a spec whose tree is in cccgen's cache (the same spec files, model,
    generator and tools) reads the tree back: no emitter module, jinja2 or
    datamodel-code-generator is imported, and the tree written is the one an earlier run wrote
    (`pipeline.build_all`'s "tree" values; the run's own cache, from conftest)."""
    spec = Path(__file__).resolve().parents[1] / "fixtures" / "one_op"
    # The first run may be the test run's first generation of this spec, or not.
    _watched_loaded(["generate", "--spec", "spec", "--out", str(tmp_path / "first")], spec)
    second = ["generate", "--spec", "spec", "--out", str(tmp_path / "second")]
    assert _watched_loaded(second, spec) == ["cccgen.pipeline"]
    written = [_tree(tmp_path / "first"), _tree(tmp_path / "second")]
    assert len(written[0]) > 100
    assert written[0] == written[1]


def _tree(root: Path) -> dict[Path, bytes]:
    """Every file under `root` by relative path, with its bytes."""
    return {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
