"""Fixtures for the docs tests: the generated tree for the real spec."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def built(real_files: dict[str, str]) -> dict[str, str]:
    """Every generated file for the real spec, as `cccgen generate` would write it (the one
    generation of spec/ the whole run shares)."""
    return real_files


@pytest.fixture(scope="session")
def page(built: dict[str, str]) -> str:
    return built["docs/GetCallDetailRecord.md"]
