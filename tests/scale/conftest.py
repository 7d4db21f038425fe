"""The synthetic `synth` service (tests/fixtures/synthetic), written and generated once.

12 operations of 30 models each: enough to see per-operation behaviour (one validator module
per operation, one client method per operation) while `make test` stays fast; the 250-operation
figures live in `python -m bench scale`.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from cccgen import model as m
from cccgen.spec.codegen_checks import check_service
from cccgen.spec.loader import load_service
from fixtures.synthetic.make_spec import SERVICE, write_service
from per_run import once_per_run

OPERATIONS = 12


@pytest.fixture(scope="session")
def synth_spec(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spec, written once per test run (tests/per_run.py; read-only)."""
    folder = once_per_run(
        tmp_path_factory, "synth-spec", lambda home: write_service(home, OPERATIONS)
    )
    return folder / SERVICE / "service.yaml"


@pytest.fixture(scope="session")
def synth_service(synth_spec: Path) -> m.Service:
    service = load_service(synth_spec)
    check_service(service)
    return service


def generate(spec: Path, out: Path) -> None:
    """`cccgen generate --spec SPEC --out OUT`, the real command line."""
    command = [sys.executable, "-m", "cccgen", "generate", "--spec", str(spec), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def synth_out(synth_spec: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated tree, written by the real command line once per test run (read-only)."""
    home = once_per_run(
        tmp_path_factory, "synth-out", lambda h: generate(synth_spec, h / "generated")
    )
    return home / "generated"


@pytest.fixture(scope="session")
def synth(synth_out: Path) -> Iterator[ModuleType]:
    """The generated `synth` package, imported from the temporary tree."""
    sys.path.insert(0, str(synth_out))
    try:
        yield importlib.import_module("synth")
    finally:
        sys.path.remove(str(synth_out))
        for name in [n for n in sys.modules if n == "synth" or n.startswith("synth.")]:
            del sys.modules[name]
