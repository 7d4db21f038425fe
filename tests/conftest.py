"""Fixtures shared by every test package: the repository, the real spec, its model and example."""

from __future__ import annotations

import copy
import fcntl
import hashlib
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import heap
import pytest
import yaml
from cccgen import model as m
from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import read_tree, write_tree
from hypothesis import HealthCheck, settings
from per_run import MypyStrict
from real_spec import real_service
from schedule import slowest_first

REPO = Path(__file__).resolve().parents[1]
SERVICE_FILE = REPO / "spec" / "ccc" / "service.yaml"
OPERATION_FILE = REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml"
# Speed lives in benchmarks, never in timed tests: hypothesis's timing checks (the per-example
# deadline, "input generation is slow") fail on a loaded 2-core machine running the suite in
# parallel without saying anything about the code, so the suite switches them off.
settings.register_profile("cccgen", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cccgen")

# The project's shared folder (facts, signing vectors, the reference page) lies beside the
# checkout, not in it: a plain clone has none, CI always has one.
SHARED = REPO.parent / "shared"

# Hundreds of interpreters started by the tests import the same generated modules (ccc/client.py
# alone is 1.8 MB): with PYTHONDONTWRITEBYTECODE set, each compiled them afresh from source
# (0.2 s of CPU for a `python -m ccc get`). Bytecode is written, as Python does by default, by
# the first import in the run; `__pycache__` is ignored by git and by the generator's tree reader.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def pytest_configure(config: pytest.Config) -> None:
    # A plugin, not a hook of this conftest: fixtures of session scope are set up for the
    # session's node, above tests/, where this file's own hooks are not called.
    config.pluginmanager.register(heap, "cccgen-heap")
    # cccgen's cache (generator/cccgen/cache.py): each run starts with an empty one, shared by
    # its xdist workers (they inherit the environment), never the developer's ~/.cache/cccgen,
    # so a run neither depends on nor leaves behind what an earlier run computed, as in CI.
    if not hasattr(config, "workerinput"):
        folder = tempfile.mkdtemp(prefix="cccgen-test-cache-")
        os.environ["CCCGEN_CACHE_DIR"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.hookimpl(optionalhook=True)  # xdist's hook: unknown under -p no:xdist
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: one worker more than the machine has cores. Many tests spend part of their
    time waiting (on a timeout they test, a server, a subprocess's pipe): the extra worker's CPU
    fills those waits (make test on the 2-core VM: 190 s with 2 workers, 175 s with 3, 198 s
    with 4)."""
    return (os.cpu_count() or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slowest test files first (tests/schedule.py: why, and which)."""
    slowest_first(items)


def need_shared(relative: str, what: str) -> Path:
    """`../shared/<relative>`; a test without it skips saying which file it needs, or fails
    under CI=true, where shared/ is always laid beside the checkout and a skip would hide it."""
    path = SHARED / relative
    if path.is_file():
        return path
    reason = f"needs ../shared/{relative} ({what}); not present beside this checkout ({path})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}, and CI=true always has it", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_file() -> Callable[[str, str], Path]:
    """`need_shared` for tests and fixtures: `shared_file("seed/x.txt", "the reference page")`."""
    return need_shared


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory) -> m.Service:
    """The whole API's spec, loaded once per run (tests/real_spec.py). Read-only."""
    return real_service(tmp_path_factory)


@pytest.fixture(scope="session")
def operation(service: m.Service) -> m.Operation:
    """GetCallDetailRecord, the curated operation most tests are about."""
    return next(op for op in service.operations if op.name == "GetCallDetailRecord")


@pytest.fixture(scope="session")
def _page_example() -> dict[str, Any]:
    spec = yaml.safe_load(OPERATION_FILE.read_text(encoding="utf-8"))
    example: dict[str, Any] = spec["examples"]["page_success"]["response"]
    return example


@pytest.fixture
def page_example(_page_example: dict[str, Any]) -> dict[str, Any]:
    """The reference page's JSON example (a fresh deep copy each test may mutate)."""
    return copy.deepcopy(_page_example)


@pytest.fixture(scope="session")
def mypy_strict(tmp_path_factory: pytest.TempPathFactory) -> MypyStrict:
    """`mypy_strict(package, cwd)`: `mypy --strict` over a generated package, every run but the
    first of the whole test run reusing what the standard library, pydantic and httpx cost to
    check (some 6 s of CPU each; tests/per_run.py). The package is always checked afresh."""
    return MypyStrict(tmp_path_factory)


def _spec_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(
            path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()[:16]


@pytest.fixture(scope="session")
def real_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tree `make generate` writes for every service under spec/, generated ONCE per test
    run: xdist workers share it through the run's common temporary directory, under a file lock,
    keyed by the spec's content hash. Read-only: copy it before changing anything in it."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    home = shared / f"real-spec-{_spec_hash(REPO / 'spec')}"
    with (shared / f"{home.name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (home / "complete").exists():
            write_tree(home / "generated", build_all(find_service_files([REPO / "spec"])))
            (home / "complete").touch()
    return home / "generated"


@pytest.fixture(scope="session")
def real_files(real_tree: Path) -> dict[str, str]:
    """`real_tree` as `build_all` returns it: {relative path: text}."""
    return {path: data.decode("utf-8") for path, data in read_tree(real_tree).items()}
