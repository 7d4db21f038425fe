"""The hostile service, generated once per session into a temporary directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from cccgen import model as m
from cccgen.pipeline import build_all
from cccgen.spec.loader import load_service
from cccgen.writer import write_tree
from hostile_spec.service import write_spec


@pytest.fixture(scope="session")
def hostile_spec_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_spec(tmp_path_factory.mktemp("hostile-spec"))


@pytest.fixture(scope="session")
def hostile_service(hostile_spec_file: Path) -> m.Service:
    return load_service(hostile_spec_file)


@pytest.fixture(scope="session")
def hostile_out(hostile_spec_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The generated tree: `hostile/` (the package) and whatever else the emitters write."""
    out = tmp_path_factory.mktemp("hostile-out") / "generated"
    write_tree(out, build_all([hostile_spec_file]))
    return out
