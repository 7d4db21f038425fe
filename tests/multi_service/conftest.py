"""The `widgets` fixture service (tests/fixtures/multi), generated and imported once."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from cccgen import model as m
from cccgen.pipeline import build_all
from cccgen.spec.loader import load_service
from cccgen.writer import write_tree

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "multi"
WIDGETS_SPEC = FIXTURES / "widgets" / "service.yaml"


@pytest.fixture(scope="session")
def widgets_service() -> m.Service:
    return load_service(WIDGETS_SPEC)


@pytest.fixture(scope="session")
def widgets_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("multi") / "generated"
    write_tree(out, build_all([WIDGETS_SPEC]))
    return out


@pytest.fixture(scope="session")
def widgets(widgets_out: Path) -> Iterator[ModuleType]:
    """The generated `widgets` package, imported from the temporary tree."""
    sys.path.insert(0, str(widgets_out))
    try:
        yield importlib.import_module("widgets")
    finally:
        sys.path.remove(str(widgets_out))
        for name in [n for n in sys.modules if n == "widgets" or n.startswith("widgets.")]:
            del sys.modules[name]
