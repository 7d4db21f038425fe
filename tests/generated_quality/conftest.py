"""A fresh generation of every service under spec/, written to a temporary directory once."""

from __future__ import annotations

from pathlib import Path

import pytest
from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import write_tree


@pytest.fixture(scope="session")
def fresh_tree(repo_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The directory holding the generated packages (one per service), as `make generate` would."""
    out = tmp_path_factory.mktemp("quality") / "generated"
    write_tree(out, build_all(find_service_files([repo_root / "spec"])))
    return out
