"""`cccgen vendor`: names, headers, placement and safe replacement (real CLI in subprocesses)."""

from __future__ import annotations

import ast
import json
import re
import shutil
from pathlib import Path

import pytest
from cccgen.pipeline import build_all, find_service_files
from cccgen.vendor import (
    MARKER,
    VendorError,
    package_name_problem,
    select_service,
    vendor_files,
    write_package,
)
from vendor.isolation import cccgen_cli

ONE_OP = Path(__file__).resolve().parents[1] / "fixtures" / "one_op" / "spec"


@pytest.fixture(scope="module")
def built(real_files: dict[str, str]) -> dict[str, str]:
    """The whole API's generated tree (the one generation of spec/ the run shares)."""
    return real_files


@pytest.fixture(scope="module")
def small() -> dict[str, str]:
    """The one-operation spec's tree: for the mechanics of writing a copy (refusals, the swap),
    which do not depend on the package's size. The whole API is vendored by
    test_headers_name_generator_spec_digest_and_package and test_vendored_package.py."""
    return build_all(find_service_files([ONE_OP]))


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("acme._vendor.ccc", None),
        ("ccc", None),
        ("_private.pkg2", None),
        ("", "empty"),
        ("acme..ccc", "not a valid package name part"),
        (".acme", "not a valid package name part"),
        ("acme.", "not a valid package name part"),
        ("acme-vendor.ccc", "not a valid package name part"),
        ("acme.2ccc", "not a valid package name part"),
        ("acme.ccc ", "not a valid package name part"),
        ("acme/ccc", "not a valid package name part"),
        ("acme.class", "keyword"),
        ("None.ccc", "keyword"),
        ("acmé.ccc", "not a valid package name part"),
        ("json", "would shadow"),
        ("pydantic.ccc", "would shadow"),
        ("httpx", "would shadow"),
    ],
)
def test_package_name_problems(name: str, problem: str | None) -> None:
    found = package_name_problem(name)
    if problem is None:
        assert found is None
    else:
        assert found is not None and problem in found


def test_headers_name_generator_spec_digest_and_package(built: dict[str, str]) -> None:
    files = vendor_files(built, "ccc", "acme._vendor.ccc")
    digest = re.search(r'SPEC_DIGEST: Final = "([0-9a-f]{64})"', files["_meta.py"])
    assert digest, files["_meta.py"]
    for path, text in files.items():
        if path.endswith(".py"):
            head = text.split("\n", 4)
            assert head[0] == f"{MARKER} 0.1.0 as acme._vendor.ccc.", path
            assert head[1].startswith("# Generated from spec ") and "service.yaml" in head[1]
            assert head[2] == f"# (sha256 {digest.group(1)}).", path
            assert "Do not edit by hand" in head[3]
            assert "make generate" not in text.split('"""')[0], f"{path} keeps the generator banner"
            compile(text, path, "exec")
        elif path.endswith(".json"):
            data = json.loads(text)
            assert data["$comment"].startswith("Vendored by cccgen 0.1.0 as acme._vendor.ccc.")
            assert digest.group(1) in data["$comment"]
            original = json.loads(built[f"ccc/{path}"])
            assert {k: v for k, v in data.items() if k != "$comment"} == original
    assert files["py.typed"] == built["ccc/py.typed"]  # a marker whose content has a meaning


def test_bad_package_name_is_exit_2_with_a_clear_message(tmp_path: Path, repo_root: Path) -> None:
    for name in ("acme.class", "acme-x", "json"):
        done = cccgen_cli("vendor", "--into", str(tmp_path), "--package", name, cwd=repo_root)
        assert done.returncode == 2, done
        assert f"invalid --package {name!r}" in done.stderr
        assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_into_directory_is_exit_2(tmp_path: Path, repo_root: Path) -> None:
    missing = tmp_path / "nope"
    args = ["vendor", "--into", str(missing), "--package", "acme.ccc", "--spec", str(ONE_OP)]
    done = cccgen_cli(*args, cwd=repo_root)
    assert done.returncode == 2 and "no such directory" in done.stderr, done
    assert "Traceback" not in done.stderr and not missing.exists()


def test_a_missing_into_directory_is_told_before_anything_is_generated(
    tmp_path: Path, repo_root: Path
) -> None:
    """The cheap check first: with a broken spec too, the missing directory is what is told (a
    whole-API generation takes a minute; a mistyped path should not cost one)."""
    spec = tmp_path / "spec" / "bad"
    spec.mkdir(parents=True)
    (spec / "service.yaml").write_text("cccgen_spec: 1\nkind: service\nname: bad\n", "utf-8")
    missing = tmp_path / "nope"
    args = ["vendor", "--into", str(missing), "--package", "acme.bad", "--spec", str(spec.parent)]
    done = cccgen_cli(*args, cwd=repo_root)
    assert done.returncode == 2 and "no such directory" in done.stderr, done
    assert "missing required key" not in done.stderr and not missing.exists()


def test_broken_spec_is_exit_2_with_located_problems(tmp_path: Path, repo_root: Path) -> None:
    spec = tmp_path / "spec" / "bad"
    spec.mkdir(parents=True)
    (spec / "service.yaml").write_text(
        "cccgen_spec: 1\nkind: service\nname: bad\n", encoding="utf-8"
    )
    project = tmp_path / "project"
    project.mkdir()
    args = ["vendor", "--into", str(project), "--package", "acme.bad", "--spec", str(spec.parent)]
    done = cccgen_cli(*args, cwd=repo_root)
    assert done.returncode == 2, done
    assert "service.yaml:" in done.stderr and "missing required key" in done.stderr
    assert "Traceback" not in done.stderr and list(project.iterdir()) == []


def test_vendor_places_package_and_keeps_existing_parents(tmp_path: Path, repo_root: Path) -> None:
    project = tmp_path / "project"
    (project / "acme").mkdir(parents=True)
    (project / "acme" / "__init__.py").write_text("OWN = 1\n", encoding="utf-8")
    (project / "acme" / "app.py").write_text("print('mine')\n", encoding="utf-8")
    args = ["vendor", "--into", str(project), "--package", "acme._vendor.ccc"]
    done = cccgen_cli(*args, "--spec", str(ONE_OP), cwd=tmp_path)
    assert done.returncode == 0, done
    assert "vendored ccc as acme._vendor.ccc" in done.stdout
    assert (project / "acme" / "__init__.py").read_text(encoding="utf-8") == "OWN = 1\n"
    assert (project / "acme" / "app.py").read_text(encoding="utf-8") == "print('mine')\n"
    assert (project / "acme" / "_vendor" / "__init__.py").read_text(encoding="utf-8") == ""
    target = project / "acme" / "_vendor" / "ccc"
    for name in ("__init__.py", "_meta.py", "py.typed", "models/__init__.py"):
        assert (target / name).is_file(), name
    assert list((target / "schemas").glob("*.schema.json"))
    # Nothing left behind beside the package: no staging or old-copy directories.
    assert sorted(p.name for p in (project / "acme" / "_vendor").iterdir()) == [
        "__init__.py",
        "ccc",
    ]


def test_revendoring_replaces_the_old_copy_whole(tmp_path: Path, small: dict[str, str]) -> None:
    files = vendor_files(small, "ccc", "acme.ccc")
    target, created = write_package(tmp_path, "acme.ccc", files)
    assert created == (tmp_path / "acme" / "__init__.py",)
    (target / "stale.py").write_text("# left by an older version\n", encoding="utf-8")
    (tmp_path / "acme" / "neighbour.py").write_text("X = 1\n", encoding="utf-8")
    target2, created2 = write_package(tmp_path, "acme.ccc", files)
    assert target2 == target and created2 == ()
    assert not (target / "stale.py").exists()
    assert (tmp_path / "acme" / "neighbour.py").read_text(encoding="utf-8") == "X = 1\n"
    assert sorted(p.name for p in (tmp_path / "acme").iterdir()) == [
        "__init__.py",
        "ccc",
        "neighbour.py",
    ]


def test_refuses_to_replace_a_directory_it_did_not_vendor(
    tmp_path: Path, small: dict[str, str]
) -> None:
    own = tmp_path / "acme" / "ccc"
    own.mkdir(parents=True)
    (own / "__init__.py").write_text("# someone's own package\n", encoding="utf-8")
    with pytest.raises(VendorError, match="not a copy vendored by cccgen"):
        write_package(tmp_path, "acme.ccc", vendor_files(small, "ccc", "acme.ccc"))
    assert (own / "__init__.py").read_text(encoding="utf-8") == "# someone's own package\n"
    (tmp_path / "mod.py").write_text("", encoding="utf-8")
    with pytest.raises(VendorError, match="would shadow"):
        write_package(tmp_path, "mod", vendor_files(small, "ccc", "mod"))
    with pytest.raises(VendorError, match="is a module, not a package"):
        write_package(tmp_path, "mod.ccc", vendor_files(small, "ccc", "mod.ccc"))


def test_a_package_that_imports_itself_by_name_is_refused(small: dict[str, str]) -> None:
    broken = dict(small)
    broken["ccc/extra.py"] = "from ccc import models\n"
    with pytest.raises(VendorError, match=r"imports itself by name \(ccc/extra.py:1\)"):
        vendor_files(broken, "ccc", "acme.ccc")


def test_an_import_of_itself_by_name_is_found_in_any_nested_statement(
    small: dict[str, str],
) -> None:
    """The check reaches every statement list: bodies, else, finally, handlers, match cases."""
    nested = (
        "import json\n"
        "class A:\n"
        "    def f(self):\n"
        "        try:\n            pass\n"
        "        except ImportError:\n"
        "            for _ in ():\n                pass\n"
        "            else:\n"
        "                with open('x') as f:\n"
        "                    match f:\n"
        "                        case _:\n"
        "                            import ccc.models\n"
        "        finally:\n"
        "            while False:\n                pass\n"
        "            else:\n                from ccc.x import y\n"
        "async def g():\n"
        "    if True:\n        pass\n"
        "    elif False:\n        import os, ccc as c\n"
        "lambda: __import__('ccc')\n"
    )
    broken = dict(small)
    broken["ccc/extra.py"] = nested
    lines = "ccc/extra.py:13, ccc/extra.py:18, ccc/extra.py:23"
    with pytest.raises(VendorError, match=rf"imports itself by name \({lines}\)"):
        vendor_files(broken, "ccc", "acme.ccc")


FULLWIDTH_CCC = "".join(chr(ord(c) + 0xFEE0) for c in "ccc")  # NFKC: "ccc"


@pytest.mark.parametrize(
    ("source", "line"),
    [
        ("import os, \\\n    ccc.models\n", 1),
        ("from \\\r\n ccc import models\n", 1),
        ("import\tjson as j,ccc as c\n", 1),
        ("x = 1; import\fccc\n", 1),
        (f"import {FULLWIDTH_CCC}.models\n", 1),
        (f'"""A docstring, then a line."""\nfrom {FULLWIDTH_CCC} import x\n', 2),
    ],
)
def test_every_spelling_of_an_import_of_itself_is_found(
    small: dict[str, str], source: str, line: int
) -> None:
    """Only files that may import the package by name are parsed (a text search first): line
    breaks escaped by a backslash, tabs, form feeds, several statements on a line and
    identifiers that are the name only after NFKC normalization are all found."""
    broken = dict(small)
    broken["ccc/extra.py"] = source
    with pytest.raises(VendorError, match=rf"imports itself by name \(ccc/extra.py:{line}\)"):
        vendor_files(broken, "ccc", "acme.ccc")


def test_an_import_of_itself_in_a_string_or_of_another_module_is_no_import(
    small: dict[str, str],
) -> None:
    harmless = dict(small)
    harmless["ccc/extra.py"] = (
        '"""Use it so:\n\n    import ccc\n    from ccc import Client\n"""\n'
        "import cccx\nfrom .ccc import y\nfrom . import ccc\nimport a.ccc\n"
    )
    assert "extra.py" in vendor_files(harmless, "ccc", "acme.ccc")


def test_choosing_the_service_to_vendor() -> None:
    files = {"ccc/__init__.py": "", "ccc/_meta.py": "", "widgets/__init__.py": "", "docs/x.md": ""}
    assert select_service(files, "widgets") == "widgets"
    with pytest.raises(VendorError, match=r"has 2 services \(ccc, widgets\); choose one"):
        select_service(files, None)
    with pytest.raises(VendorError, match="no service 'nope'"):
        select_service(files, "nope")
    assert select_service({"ccc/__init__.py": ""}, None) == "ccc"


def test_vendoring_another_spec_by_name(tmp_path: Path, repo_root: Path) -> None:
    fixture = repo_root / "tests" / "fixtures" / "multi"
    args = ["vendor", "--into", str(tmp_path), "--package", "shop.widgets_api"]
    done = cccgen_cli(*args, "--spec", str(fixture), "--service", "widgets", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "shop" / "widgets_api"
    assert (target / "models" / "list_widgets.py").is_file()
    assert "as shop.widgets_api." in (target / "client.py").read_text(encoding="utf-8")
    done = cccgen_cli(*args, "--spec", str(fixture), "--service", "nope", cwd=tmp_path)
    assert done.returncode == 2 and "no service 'nope'" in done.stderr, done


def test_vendoring_a_hostile_spec_from_a_hostile_path(tmp_path: Path) -> None:
    """Spec text and the spec's path reach the headers: every file still compiles and parses."""
    from hostile_spec.service import write_spec

    folder = tmp_path / "outer" / 'sp\n--> """ import os #'
    folder.mkdir(parents=True)
    files = build_all([write_spec(folder)])
    vendored = vendor_files(files, "hostile", "acme.hostile")
    for path, text in vendored.items():
        if path.endswith(".py"):
            tree = ast.parse(text, path)
            assert not any(
                isinstance(node, ast.Import) and node.names[0].name == "os" and node.lineno <= 4
                for node in ast.walk(tree)
            ), path
            assert text.startswith(f"{MARKER} 0.1.0 as acme.hostile.\n"), path
        elif path.endswith(".json"):
            assert "\\n-->" in json.loads(text)["$comment"], path


def test_vendoring_one_service_of_several(tmp_path: Path, repo_root: Path) -> None:
    """Only the chosen service is generated, so the others cannot get in its way."""
    spec = tmp_path / "spec"
    shutil.copytree(ONE_OP / "ccc", spec / "ccc")  # which service, not how big it is
    shutil.copytree(repo_root / "tests" / "fixtures" / "multi" / "widgets", spec / "widgets")
    project = tmp_path / "project"
    project.mkdir()
    base = ["vendor", "--into", str(project), "--spec", str(spec)]
    done = cccgen_cli(*base, "--package", "acme.w", cwd=tmp_path)
    assert done.returncode == 2 and "choose one with --service" in done.stderr, done
    assert "Traceback" not in done.stderr and list(project.iterdir()) == []
    done = cccgen_cli(*base, "--package", "acme.w", "--service", "widgets", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (project / "acme" / "w" / "models" / "get_widget.py").is_file()
    assert not (project / "acme" / "w" / "models" / "get_call_detail_record.py").exists()
