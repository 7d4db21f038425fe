"""Fixtures shared by every test package: the repository, the real spec, its model and example."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen import model as m
from cccgen.spec.loader import load_service

REPO = Path(__file__).resolve().parents[1]
SERVICE_FILE = REPO / "spec" / "ccc" / "service.yaml"
OPERATION_FILE = REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def service() -> m.Service:
    return load_service(SERVICE_FILE)


@pytest.fixture(scope="session")
def operation(service: m.Service) -> m.Operation:
    return service.operations[0]


@pytest.fixture(scope="session")
def _page_example() -> dict[str, Any]:
    spec = yaml.safe_load(OPERATION_FILE.read_text(encoding="utf-8"))
    example: dict[str, Any] = spec["examples"]["page_success"]["response"]
    return example


@pytest.fixture
def page_example(_page_example: dict[str, Any]) -> dict[str, Any]:
    """The reference page's JSON example (a fresh deep copy each test may mutate)."""
    return copy.deepcopy(_page_example)
