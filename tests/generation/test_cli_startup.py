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
    "cccgen.pipeline",
    "cccgen.runtime.tools.fake_server.fake_server",
    "cccgen.runtime.tools.validate.arguments",
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
        # The version needs no command at all (pre-commit and CI steps print it).
        (["--version"], []),
        (["-V"], []),
        # The emitters (jinja2, datamodel-code-generator) load only once a spec passed its checks,
        # jsonschema only for a spec file that fails them (test_a_valid_spec_loads_no_jsonschema).
        (["check", "--spec", "nowhere"], ["cccgen.pipeline"]),
        (["generate", "--help"], ["cccgen.pipeline"]),
    ],
)
def test_a_command_loads_only_its_own_module(argv: list[str], loaded: list[str]) -> None:
    code = PROBE.replace("WATCHED", repr(WATCHED))
    done = subprocess.run(
        [sys.executable, "-c", code, json.dumps(argv)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == loaded


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
