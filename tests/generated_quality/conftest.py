"""A fresh generation of every service under spec/: the one the whole test run shares."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def fresh_tree(real_tree: Path) -> Path:
    """The directory holding the generated packages (one per service), as `make generate` would
    (the one generation of spec/ the whole run shares; read-only)."""
    return real_tree
