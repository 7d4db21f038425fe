"""`cccgen.reserved` must know every name the generated modules import or define for themselves,
or the spec checks silently let a model, error class or parameter replace one."""

from __future__ import annotations

import ast
from pathlib import Path

import pydantic
from cccgen import reserved


def _module_names(path: Path) -> set[str]:
    """Names a module binds at its top level (imports, classes, functions, assignments)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def test_models_module_imports_are_reserved(repo_root: Path) -> None:
    for module in (repo_root / "generated" / "ccc" / "models").glob("[!_]*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            a.asname or a.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom)
            for a in node.names
        }
        assert imported <= reserved.MODELS_MODULE_NAMES


def test_errors_module_names_are_reserved(repo_root: Path) -> None:
    names = _module_names(repo_root / "generated" / "ccc" / "errors.py")
    spec_classes = {n for n in names if n.endswith("Error")} - set(reserved.RUNTIME_ERROR_NAMES)
    unknown = names - spec_classes - set(reserved.RUNTIME_ERROR_NAMES) - {"__all__"}
    assert unknown <= reserved.ERRORS_MODULE_NAMES | {"annotations"}


def test_client_module_names_are_reserved(repo_root: Path) -> None:
    names = _module_names(repo_root / "generated" / "ccc" / "client.py")
    import ccc.models

    # The spec's own classes: every model (responses, pager items) and every error class.
    spec_classes = set(ccc.models.__all__) | {n for n in names if n.endswith("Error")}
    assert names - spec_classes - {"__all__", "annotations"} <= reserved.CLIENT_NAMES


def test_package_root_names_are_reserved(repo_root: Path) -> None:
    tree = ast.parse((repo_root / "generated" / "ccc" / "__init__.py").read_text(encoding="utf-8"))
    imported = {
        a.asname or a.name
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom) and not getattr(node, "level", 0)
        for a in node.names
    }
    assert imported <= reserved.ROOT_MODULE_NAMES


def test_every_public_basemodel_attribute_is_reserved() -> None:
    public = {n for n in dir(pydantic.BaseModel) if not n.startswith(("_", "model_"))}
    assert public <= reserved.BASEMODEL_ATTRIBUTES


def test_every_name_the_model_generator_renames_is_reserved() -> None:
    from datamodel_code_generator.model.field_name import PYDANTIC_BASE_MODEL_ATTRIBUTES

    public = {n for n in PYDANTIC_BASE_MODEL_ATTRIBUTES if not n.startswith(("_", "model_"))}
    assert public <= reserved.BASEMODEL_ATTRIBUTES
