"""A fresh generation of every service under spec/: the one the whole test run shares, and its
Python modules parsed once per test process."""

from __future__ import annotations

from pathlib import Path

import pytest
from generated_quality.parsed import Module, parse


@pytest.fixture(scope="session")
def fresh_tree(real_tree: Path) -> Path:
    """The directory holding the generated packages (one per service), as `make generate` would
    (the one generation of spec/ the whole run shares; read-only)."""
    return real_tree


@pytest.fixture(scope="session")
def modules(fresh_tree: Path) -> dict[Path, Module]:
    """Every .py file of the fresh tree, read and parsed once per test process (read-only)."""
    return {path: parse(path) for path in sorted(fresh_tree.rglob("*.py"))}
