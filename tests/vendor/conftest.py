"""Fixtures for vendoring tests: a Python that sees only the standard library, pydantic and httpx."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from vendor.isolation import RUNTIME_DISTRIBUTIONS, distribution_closure, top_level_names


@pytest.fixture(scope="session")
def runtime_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory holding links to pydantic, httpx and their dependencies, and nothing else."""
    site = tmp_path_factory.mktemp("runtime-site")
    for dist in distribution_closure(RUNTIME_DISTRIBUTIONS):
        for name in top_level_names(dist):
            source = Path(str(dist.locate_file(name)))
            if source.exists():
                (site / name).symlink_to(source)
    assert (site / "pydantic").exists() and (site / "httpx").exists(), sorted(os.listdir(site))
    return site
