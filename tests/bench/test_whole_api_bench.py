"""The helpers of bench/whole_api_bench.py that its figures rest on: the one-operation metadata
imports as one operation, `-X importtime` output is read for ccc's own modules, and a tree's size
is counted by area. The figures themselves live in `python -m bench whole_api`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cccgen.importer.run import import_metadata
from importer.metadata import api, document, write

from bench.whole_api_bench import one_operation_metadata, parse_importtime, tree_size


def test_the_cut_down_metadata_imports_as_one_operation(tmp_path: Path) -> None:
    doc = document({"GetCallDetailRecord": api(), "ListAgents": api(), "GetAgent": api()})
    doc["directories"].append(
        {"id": 2, "title": "坐席", "type": "directory", "children": ["ListAgents"]}
    )
    before = json.dumps(doc, sort_keys=True)
    cut = one_operation_metadata(doc, "GetCallDetailRecord")
    assert json.dumps(doc, sort_keys=True) == before  # the whole document is left as it was
    assert list(cut["apis"]) == ["GetCallDetailRecord"]
    assert [d["children"] for d in cut["directories"]] == [["GetCallDetailRecord"]]
    into = tmp_path / "spec" / "ccc"
    result = import_metadata(write(tmp_path / "m.json", cut), into)
    assert result.operations == 1
    assert sorted(p.name for p in into.glob("*.yaml")) == [
        "GetCallDetailRecord.yaml",
        "service.yaml",
    ]


def test_importtime_output_is_read_for_ccc_modules(tmp_path: Path) -> None:
    package = tmp_path / "ccc"
    package.mkdir()
    (package / "__init__.py").write_text("from . import heavy\n", encoding="utf-8")
    (package / "heavy.py").write_text("import json\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import ccc"],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=60,
    )
    summary = parse_importtime(done.stderr)
    assert summary["ccc_modules"] == 2
    assert summary["modules"] > 2  # json and the interpreter's own start-up modules too
    assert summary["ccc_us"] > 0
    assert {name for name, _ in summary["heaviest"]} == {"ccc", "ccc.heavy"}


def test_tree_size_counts_by_area(tmp_path: Path) -> None:
    files = {
        "ccc/__init__.py": "a\nb\n",
        "ccc/models/x.py": "1\n2\n3\n",
        "ccc/schemas/x.json": "{}\n",
        "ccc/models/__pycache__/x.cpython-311.pyc": "cache",
        "docs/x.md": "# x\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    size = tree_size(tmp_path)
    assert size["all"] == (4, 4 + 6 + 3 + 4, 5)
    assert size["python"] == (2, 10, 5)
    assert size["models"] == (1, 6, 3)
    assert size["schemas"] == (1, 3, 0)
    assert size["docs"] == (1, 4, 0)
