"""`cccgen vendor --operations A,B`: a copy with those operations only, and the models they
need, that works on its own (models, validator, client, fake server) in an isolated Python."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from vendor.isolation import cccgen_cli, isolated_python

PACKAGE = "acme._vendor.widgets"
WIDGETS = Path(__file__).resolve().parents[1] / "fixtures" / "multi" / "widgets" / "service.yaml"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("acme-subset")
    done = cccgen_cli(
        "vendor", "--into", str(root), "--package", PACKAGE, "--spec", str(WIDGETS),
        "--operations", "GetWidget, DeleteWidget,GetWidget", cwd=root,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return root


def test_only_the_operations_asked_for_are_vendored(project: Path) -> None:
    target = project.joinpath(*PACKAGE.split("."))
    models = sorted(p.name for p in (target / "models").glob("*.py"))
    assert models == ["__init__.py", "delete_widget.py", "get_widget.py"]
    schemas = {p.name.split(".")[0] for p in (target / "schemas").glob("*.json")}
    assert "ListWidgets" not in schemas and {"GetWidget", "DeleteWidget"} <= schemas
    assert "ListWidgets" not in (target / "client.py").read_text("utf-8")
    described = json.loads((target / "testing_operations.json").read_text("utf-8"))
    assert sorted(described["operations"]) == ["DeleteWidget", "GetWidget"]


def test_the_subset_works_on_its_own(project: Path, runtime_site: Path) -> None:
    script = textwrap.dedent(
        f"""
        import importlib.util, json
        assert importlib.util.find_spec("cccgen") is None
        import {PACKAGE} as widgets
        from {PACKAGE}.testing import FakeWidgetsServer
        body = {{"RequestId": "r", "Widget": {{"WidgetId": "w-1", "State": "active", "CreatedAt": 1}}}}
        model = widgets.GetWidgetResponse.model_validate(body)
        assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == body
        assert list(widgets.validate_response("GetWidget", body)) == []
        assert not hasattr(widgets, "ListWidgetsResponse")
        with FakeWidgetsServer() as server:
            pass
        print(json.dumps({{"ok": True}}))
        """
    )
    done = isolated_python(project, runtime_site, ["-c", script])
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"ok": True}


@pytest.mark.parametrize(
    ("operations", "message"),
    [
        (
            "GetWidget,Nope",
            "no operation Nope in widgets (known: ListWidgets, GetWidget, DeleteWidget)",
        ),
        (" , ", "--operations names no operation"),
    ],
)
def test_unknown_or_no_operations_exit_2_writing_nothing(
    tmp_path: Path, operations: str, message: str
) -> None:
    done = cccgen_cli(
        "vendor", "--into", str(tmp_path), "--package", "acme.w", "--spec", str(WIDGETS),
        "--operations", operations, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert message in done.stderr and "nothing was written" in done.stderr
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
