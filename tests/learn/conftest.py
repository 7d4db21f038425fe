"""One small imported spec per run, copied for each test that changes it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from learn.helpers import METADATA, build_small_spec


@pytest.fixture(scope="session")
def small_spec_template(
    tmp_path_factory: pytest.TempPathFactory, shared_file: Callable[[str, str], Path]
) -> tuple[Path, Path]:
    metadata = shared_file(METADATA, "Alibaba's CCC metadata")
    return build_small_spec(metadata, tmp_path_factory.mktemp("learn-template"))


@pytest.fixture
def small_spec(small_spec_template: tuple[Path, Path], tmp_path: Path) -> Path:
    """A fresh copy of the small imported spec: `tmp_path/spec/ccc`."""
    folder = tmp_path / "spec" / "ccc"
    shutil.copytree(small_spec_template[0], folder)
    return folder
