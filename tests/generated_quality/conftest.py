"""A fresh generation of every service under spec/: the one the whole test run shares, and what
the checks read of its Python modules, parsed once per test process."""

from __future__ import annotations

from pathlib import Path

import pytest
from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import write_tree
from generated_quality.parsed import Facts, read_facts

ONE_OP = Path(__file__).resolve().parents[1] / "fixtures" / "one_op" / "spec"


@pytest.fixture(scope="session")
def fresh_tree(real_tree: Path) -> Path:
    """The directory holding the generated packages (one per service), as `make generate` would
    (the one generation of spec/ the whole run shares; read-only)."""
    return real_tree


@pytest.fixture(scope="session")
def module_facts(fresh_tree: Path) -> dict[Path, Facts]:
    """What the checks read (imports, literal dynamic imports, docstrings) of every .py file of
    the fresh tree, each parsed once per test process (read-only). The trees themselves are not
    kept: the whole API's are millions of objects, which every later full garbage collection of
    the process would scan (13 s to build them, mostly in such collections)."""
    return read_facts(sorted(fresh_tree.rglob("*.py")))


@pytest.fixture(scope="session")
def one_op_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-operation fixture spec generated afresh (the same emitters, one operation)."""
    out = tmp_path_factory.mktemp("one-op") / "generated"
    write_tree(out, build_all(find_service_files([ONE_OP])))
    return out
