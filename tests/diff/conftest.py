"""The diff scenarios, diffed once per test run and shared by the xdist workers."""

from __future__ import annotations

import os

import pytest
from diff.scenarios import Diffed, shared_scenarios


@pytest.fixture(scope="session")
def diffed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Diffed]:
    """{scenario name: its changes both ways}, for every row of CASES and EXTRA plus TWIN and
    ROA: computed by one worker per run, read by the others (read-only). Shared through the
    run's common temporary directory, as `real_tree` is."""
    base = tmp_path_factory.getbasetemp()
    return shared_scenarios(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
