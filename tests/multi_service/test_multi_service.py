"""Several services in one generation run, and name clashes reported with their location."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cccgen.pipeline import build, build_all
from multi_service.conftest import FIXTURES, WIDGETS_SPEC

#: spec/ccc with one operation: keeping two packages apart does not need the whole real API.
FIXTURE_SERVICE_FILE = FIXTURES.parent / "one_op" / "spec" / "ccc" / "service.yaml"


def cccgen(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cccgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_two_services_keep_their_packages_apart(repo_root: Path) -> None:
    ccc = build(FIXTURE_SERVICE_FILE)
    widgets = build(WIDGETS_SPEC)
    shared = sorted(set(ccc) & set(widgets))
    assert all(not path.startswith(("ccc/", "widgets/")) for path in shared), shared
    assert any(path.startswith("ccc/") for path in ccc)
    assert any(path.startswith("widgets/") for path in widgets)


def test_two_services_in_one_run(repo_root: Path, tmp_path: Path) -> None:
    files = build_all([FIXTURE_SERVICE_FILE, WIDGETS_SPEC])
    assert "ccc/__init__.py" in files and "widgets/__init__.py" in files
    assert "ccc/models/get_call_detail_record.py" in files
    assert "widgets/models/list_widgets.py" in files
    # One docs index names every operation of both services.
    index = files["docs/README.md"]
    assert "(GetCallDetailRecord.md)" in index and "(ListWidgets.md)" in index
    assert index.count("\n## ") == 2


def copy_fixture(tmp_path: Path, folder: str = "widgets") -> Path:
    target = tmp_path / "spec" / folder
    shutil.copytree(FIXTURES / "widgets", target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def check_fails(tmp_path: Path, *expected: str) -> str:
    """`cccgen generate` on tmp/spec: exit 2, every expected text in stderr, nothing written."""
    out = tmp_path / "out"
    done = cccgen("generate", "--spec", "spec", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2, done
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in done.stderr, done.stderr
    assert not out.exists()
    return done.stderr


def test_two_services_with_one_package_name(tmp_path: Path) -> None:
    copy_fixture(tmp_path, "widgets")
    copy_fixture(tmp_path, "widgets_again")
    stderr = check_fails(tmp_path)
    assert re.search(
        r"^spec/widgets_again/service\.yaml:\d+:1: name: package 'widgets' is produced by two "
        r"services$",
        stderr,
        re.MULTILINE,
    ), stderr


def test_enum_names_clash_across_operations(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    get = folder / "GetWidget.yaml"
    edit(get, "enum: WidgetState", "enum: WidgetSize")
    edit(get, "  WidgetState:\n", "  WidgetSize:\n")
    stderr = check_fails(
        tmp_path,
        "spec/widgets/service.yaml:31:5: operations[1]: enum 'WidgetSize' of 'GetWidget'",
        "same name as enum 'WidgetSize' of 'ListWidgets'",
    )
    assert stderr.count("WidgetSize") == 2  # one problem, not one per use


def test_enum_and_model_names_clash_across_operations(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    get = folder / "GetWidget.yaml"
    edit(get, "enum: WidgetState", "enum: WidgetSummary")
    edit(get, "  WidgetState:\n", "  WidgetSummary:\n")
    check_fails(
        tmp_path,
        "operations[1]: enum 'WidgetSummary' of 'GetWidget'",
        "same name as model 'WidgetSummary' of 'ListWidgets'",
    )


def test_model_names_clash_across_operations(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    edit(folder / "DeleteWidget.yaml", "model: DeleteWidgetRequest", "model: GetWidgetRequest")
    check_fails(
        tmp_path,
        "spec/widgets/service.yaml:32:5: operations[2]: model 'GetWidgetRequest' of 'DeleteWidget'",
        "same name as model 'GetWidgetRequest' of 'GetWidget'",
    )


def test_operation_python_names_clash(tmp_path: Path) -> None:
    folder = copy_fixture(tmp_path)
    delete = folder / "DeleteWidget.yaml"
    edit(delete, "name: DeleteWidget", "name: GETWidget")
    edit(delete, "model: DeleteWidgetRequest", "model: GETWidgetRequest")
    edit(delete, "model: DeleteWidgetResponse", "model: GETWidgetResponse")
    check_fails(
        tmp_path, "operations[2]: operations 'GetWidget' and 'GETWidget' share the Python name"
    )


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("json", "would shadow"),
        ("httpx", "would shadow"),
        ("cccgen", "would shadow"),
        ("class", "keyword"),
    ],
)
def test_package_names_that_would_shadow_or_cannot_be_imported(
    tmp_path: Path, name: str, why: str
) -> None:
    folder = copy_fixture(tmp_path)
    edit(folder / "service.yaml", "name: widgets\n", f"name: {name}\n")
    check_fails(tmp_path, "spec/widgets/service.yaml:5:1: name: package name", why)


def test_models_and_enums_may_not_take_the_package_roots_own_names(tmp_path: Path) -> None:
    """A model called Client would silently replace the client at the package root."""
    folder = copy_fixture(tmp_path)
    listing = folder / "ListWidgets.yaml"
    edit(listing, "model: WidgetOwner", "model: Client")
    edit(listing, "enum: WidgetSize", "enum: Issue")
    edit(listing, "  WidgetSize:\n", "  Issue:\n")
    edit(folder / "GetWidget.yaml", "model: WidgetDetail", "model: ApiError")
    stderr = check_fails(tmp_path)
    # Each at the file:line:column of the name, like every other spec problem.
    for expected in (
        (
            r"ListWidgets.yaml:\d+:\d+: response\.fields\.Widgets\.items\.fields\.Owner\.model: "
            r"model 'Client' has the same name as 'Client' of widgets\.client"
        ),
        r"ListWidgets.yaml:\d+:\d+: enums\.Issue: enum 'Issue' has the same name as 'Issue'",
        (
            r"GetWidget.yaml:\d+:\d+: response\.fields\.Widget\.model: model 'ApiError' has the "
            r"same name as 'ApiError' of widgets\.errors"
        ),
    ):
        assert re.search(rf"^spec/widgets/{expected}", stderr, re.MULTILINE), stderr
