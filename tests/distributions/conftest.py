"""Fixtures of the install tests (test_install.py, test_install_cccgen.py): one work folder
and one user's project outside the checkout per test file, so that the two files, which share
nothing else, can run on two workers at once."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from distributions.helpers import REPO


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
def user(work: Path, page_example_module: dict[str, Any]) -> Path:
    """A user's project, outside the checkout, with captured responses."""
    root = work / "user-project"
    (root / "captures" / "GetCallDetailRecord").mkdir(parents=True)  # names the operation
    text = json.dumps(page_example_module, ensure_ascii=False)
    (root / "captures" / "GetCallDetailRecord" / "ok.json").write_text(text, encoding="utf-8")
    (root / "captures" / "GetCallDetailRecord" / "calls.ndjson").write_text(
        text + "\n" + text + "\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def page_example_module() -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml").read_text("utf-8"))
    example: dict[str, Any] = spec["examples"]["page_success"]["response"]
    return example
