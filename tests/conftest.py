"""Fixtures shared by every test package: the repository, the real spec, its model and example."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen import model as m
from cccgen.spec.loader import load_service

REPO = Path(__file__).resolve().parents[1]
SERVICE_FILE = REPO / "spec" / "ccc" / "service.yaml"
OPERATION_FILE = REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml"
# The project's shared folder (facts, signing vectors, the reference page) lies beside the
# checkout, not in it: a plain clone has none, CI always has one.
SHARED = REPO.parent / "shared"


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
def service() -> m.Service:
    return load_service(SERVICE_FILE)


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
