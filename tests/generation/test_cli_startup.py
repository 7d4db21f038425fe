"""`cccgen COMMAND` imports only that command's module: start-up time of every run (the test
suite starts the CLI some hundred times, users in every pre-commit hook and CI step)."""

from __future__ import annotations

import json
import subprocess
import sys

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
        # The emitters (jinja2, datamodel-code-generator) load only once a spec passed its checks.
        (["check", "--spec", "nowhere"], ["cccgen.pipeline", "jsonschema"]),
        (["generate", "--help"], ["cccgen.pipeline", "jsonschema"]),
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
