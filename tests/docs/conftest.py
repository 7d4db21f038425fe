"""Fixtures for the docs tests: the generated tree for the real spec."""

from __future__ import annotations

from pathlib import Path

import pytest
from cccgen.pipeline import build

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def built() -> dict[str, str]:
    """Every generated file for the real spec, as `cccgen generate` would write it."""
    return build(REPO / "spec" / "ccc" / "service.yaml")


@pytest.fixture(scope="session")
def page(built: dict[str, str]) -> str:
    return built["docs/GetCallDetailRecord.md"]
