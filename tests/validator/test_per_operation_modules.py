"""A service's validators as modules: one per operation, imported only when that operation's
payload is validated, and one per model several operations share (compiled once).

On the multi-operation `widgets` fixture (tests/fixtures/multi), generated into a temporary
tree and used from a fresh interpreter, so `sys.modules` shows exactly what was imported.
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen import model as m
from cccgen.emit.json_schema import response_schema
from cccgen.emit.validator import emit_validators
from cccgen.pipeline import build_all
from cccgen.spec.loader import load_service
from cccgen.writer import write_tree

WIDGETS_SPEC = (
    Path(__file__).resolve().parents[1] / "fixtures" / "multi" / "widgets" / "service.yaml"
)

PROBE = """
import json, sys
import widgets

def loaded():
    return sorted(n for n in sys.modules if n.startswith("widgets.validators."))

report = {"after import": loaded(), "issues": []}
for operation, payload in json.loads(sys.argv[1]):
    issues = widgets.validate_response(operation, payload)
    widgets.is_valid_response(operation, payload, strict=False)
    report[operation] = loaded()
    report["issues"].append(sorted({(i.path, i.keyword) for i in issues}))
print(json.dumps(report))
"""


@pytest.fixture(scope="module")
def widgets_tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("lazy") / "generated"
    write_tree(out, build_all([WIDGETS_SPEC]))
    return out


def probe(tree: Path, calls: list[tuple[str, Any]]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(calls)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tree,
        env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_validating_one_operation_imports_only_its_validator(widgets_tree: Path) -> None:
    report = probe(widgets_tree, [("GetWidget", {"Code": "OK"}), ("ListWidgets", {})])
    assert report["after import"] == []  # importing the package imports no validator module
    assert report["GetWidget"] == [
        "widgets.validators.get_widget",
    ]
    assert report["ListWidgets"] == [
        "widgets.validators.get_widget",
        "widgets.validators.list_widgets",
    ]


def test_the_ccc_package_imports_its_validator_on_first_use() -> None:
    code = (
        "import sys, ccc\n"
        "def loaded():\n"
        "    return sorted(n for n in sys.modules if n.startswith('ccc.validators.'))\n"
        "before = loaded()\n"
        "ccc.validate_response('GetCallDetailRecord', {})\n"
        "print(before, loaded())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    # The error envelope's module is every operation's (an error answer is told apart first).
    envelope = "'ccc.validators._error_response'"
    assert done.stdout.strip() == (
        f"[{envelope}] [{envelope}, 'ccc.validators.get_call_detail_record']"
    )


def _sharing_service() -> tuple[m.Service, m.Operation]:
    """widgets, with GetWidget's response also holding ListWidgets' `WidgetSummary` list: a
    model two operations share (the spec language has no way to say this yet; the compiler
    must still compile such a model once)."""
    service = load_service(WIDGETS_SPEC)
    ops = {op.name: op for op in service.operations}
    summaries = next(f for f in ops["ListWidgets"].response.fields if f.wire_name == "Widgets")
    extra = replace(summaries, wire_name="Related", python_name="related", required=False)
    get = ops["GetWidget"]
    get = replace(get, response=replace(get.response, fields=(*get.response.fields, extra)))
    operations = tuple(get if op.name == "GetWidget" else op for op in service.operations)
    return replace(service, operations=operations), get


def test_a_model_shared_by_two_operations_is_compiled_once(widgets_tree: Path) -> None:
    service, get = _sharing_service()
    files = emit_validators(service)
    package = "widgets/validators"
    shared = sorted(p for p in files if p.startswith(f"{package}/_models/"))
    assert shared == [
        f"{package}/_models/__init__.py",
        f"{package}/_models/widget_owner.py",
        f"{package}/_models/widget_summary.py",
    ]
    for name in ("get_widget", "list_widgets"):
        tree = ast.parse(files[f"{package}/{name}.py"])
        defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert not {d for d in defined if "widget_summary" in d or "widget_owner" in d}, name
        imported = {
            (n.module, a.name)
            for n in tree.body
            if isinstance(n, ast.ImportFrom) and n.level == 1
            for a in n.names
        }
        assert ("_models.widget_summary", "_collect_widget_summary") in imported, name
    summary = ast.parse(files[f"{package}/_models/widget_summary.py"])
    assert any(isinstance(n, ast.ImportFrom) and n.module == "widget_owner" for n in summary.body)

    # The modules run, agree with jsonschema, and GetWidget's needs only its own and the shared.
    copied = widgets_tree.parent / "sharing"
    shutil.copytree(widgets_tree, copied)
    for path, text in files.items():
        target = copied / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    base = {"RequestId": "r", "Widget": {"WidgetId": "w"}}
    payloads = [
        {**base, "Related": [{"WidgetId": "w-1", "Owner": {"Name": "Ada"}, "Size": 2}]},
        {**base, "Related": [{"WidgetId": 1, "Owner": {"Email": 2}, "Size": 9, "X": 0}]},
        {**base, "Related": [{"WidgetId": "w", "Owner": None}, "no"]},
    ]
    report = probe(copied, [("GetWidget", p) for p in payloads])
    assert report["GetWidget"] == [
        "widgets.validators._models",
        "widgets.validators._models.widget_owner",
        "widgets.validators._models.widget_summary",
        "widgets.validators.get_widget",
    ]
    reference = jsonschema.Draft202012Validator(response_schema(get, strict=True))
    expected = [
        [
            list(error)
            for error in sorted(
                {
                    ("".join(f"/{p}" for p in e.absolute_path), str(e.validator))
                    for e in reference.iter_errors(payload)
                }
            )
        ]
        for payload in payloads
    ]
    assert report["issues"] == expected
    assert [len(found) for found in expected] == [0, 5, 1]
