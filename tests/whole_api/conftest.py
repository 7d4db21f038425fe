"""The `shop` fixture service (tests/fixtures/whole_api), generated and imported once."""

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
from real_spec import real_service

SHOP_SPEC = Path(__file__).resolve().parents[1] / "fixtures" / "whole_api" / "shop" / "service.yaml"


@pytest.fixture(scope="session")
def ccc_service(tmp_path_factory: pytest.TempPathFactory) -> m.Service:
    """The committed spec of the whole CCC API (242 operations): the root conftest's `service`,
    loaded once per test run for every folder that reads it."""
    return real_service(tmp_path_factory)


@pytest.fixture(scope="session")
def shop_service() -> m.Service:
    return load_service(SHOP_SPEC)


@pytest.fixture(scope="session")
def shop_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("whole_api") / "generated"
    write_tree(out, build_all([SHOP_SPEC]))
    return out


@pytest.fixture(scope="session")
def shop(shop_out: Path) -> Iterator[ModuleType]:
    """The generated `shop` package, imported from the temporary tree."""
    sys.path.insert(0, str(shop_out))
    try:
        yield importlib.import_module("shop")
    finally:
        sys.path.remove(str(shop_out))
        for name in [n for n in sys.modules if n == "shop" or n.startswith("shop.")]:
            del sys.modules[name]
