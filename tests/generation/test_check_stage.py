"""One check stage over the model, before any emitter: `load_service` builds a model whose nodes
carry their source location; `check_service` refuses what the generated code cannot say, located
from those nodes alone; the spec layer never imports the emitters; an emitter that reports a
spec problem after the check stage passed is a generator bug, not a spec error."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from cccgen import model as m
from cccgen import pipeline
from cccgen.problems import Problem, SpecError
from cccgen.spec.codegen_checks import check_service
from cccgen.spec.loader import load_service
from generation.helpers import copy_spec, edit, line_of

OP = "GetCallDetailRecord.yaml"
GENERATOR = Path(pipeline.__file__).resolve().parent


def _client_error(tmp_path: Path) -> Path:
    service_file = copy_spec(tmp_path)
    edit(
        service_file.parent / OP,
        "      en: The parameter may not be null or a blank string.\n",
        "      en: The parameter may not be null or a blank string.\n    python_name: Client\n",
    )
    return service_file


def test_load_builds_the_model_and_check_service_locates_the_problem(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    service_file = _client_error(tmp_path)
    monkeypatch.chdir(tmp_path)
    service = load_service(service_file)  # parses and checks meaning: no codegen checks
    with pytest.raises(SpecError) as caught:
        check_service(service)
    [problem] = caught.value.problems
    assert problem == Problem(
        f"spec/ccc/{OP}",
        line_of(service_file.parent / OP, "python_name: Client"),
        5,
        "errors.Parameter.Blank.python_name",
        "class name 'Client' is taken by the client",
    )


def test_model_nodes_carry_their_location(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    service_file = copy_spec(tmp_path)
    monkeypatch.chdir(tmp_path)
    service = load_service(service_file)
    op = next(o for o in service.operations if o.name == "GetCallDetailRecord")
    op_file = service_file.parent / OP
    shown = f"spec/ccc/{OP}"
    assert op.location == m.Location(
        shown, line_of(op_file, "name: GetCallDetailRecord"), 1, "name"
    )
    assert service.location.file == "spec/ccc/service.yaml"
    assert service.location.line == line_of(service_file, "name: ccc")
    field = op.request.fields[0]
    assert field.location.file == shown
    assert field.location.line == line_of(op_file, f"    {field.wire_name}:")
    assert field.type.location.path == f"request.fields.{field.wire_name}.type"
    enum = op.enums[0]
    lines = op_file.read_text(encoding="utf-8").splitlines()
    assert lines[enum.location.line - 1] == f"  {enum.name}:"
    assert enum.values[0].location.path == f"enums.{enum.name}.values[0]"
    assert op.response.location.path == "response.model"
    assert {e.location.file for e in op.errors} == {shown}
    assert all(e.location.line > 0 for e in (*service.errors, *op.errors))
    assert all(ex.location.path == f"examples.{ex.name}" for ex in op.examples)
    # Locations are where a node was written, not what it means: equal specs compare equal.
    assert dataclasses_equal_without_location(op)


def dataclasses_equal_without_location(op: m.Operation) -> bool:
    import dataclasses

    moved = dataclasses.replace(op, location=m.Location("elsewhere.yaml", 99, 1, "name"))
    return moved == op and hash(moved.location) != hash(op.location)


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_spec_layer_never_imports_the_emitters() -> None:
    offenders = {
        path.name: sorted(name for name in _imports(path) if name.startswith("cccgen.emit"))
        for path in sorted((GENERATOR / "spec").glob("*.py"))
    }
    assert {name: found for name, found in offenders.items() if found} == {}
    # The model-level helpers the checks use are not emitters either.
    for neutral in ("schemas.py", "exports.py", "model.py", "naming.py", "reserved.py"):
        assert not [n for n in _imports(GENERATOR / neutral) if n.startswith("cccgen.emit")]


def test_an_emitter_reporting_a_spec_problem_is_a_generator_bug(service: m.Service) -> None:
    def broken(_: m.Service) -> dict[str, str]:
        raise SpecError([Problem("spec/ccc/x.yaml", 0, 0, "response", "cannot compile")])

    with pytest.raises(pipeline.GeneratorBugError) as caught:
        pipeline.run_emitters(service, [broken])
    assert "generator bug" in str(caught.value)
    assert "cannot compile" in str(caught.value)


def test_a_package_name_the_generator_refuses_still_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `cccgen diff` compares specs the generator refuses: only the check stage says no.
    service_file = copy_spec(tmp_path)
    edit(service_file, "name: ccc\n", "name: typing_extensions\n")
    monkeypatch.chdir(tmp_path)
    service = load_service(service_file)
    with pytest.raises(SpecError) as caught:
        check_service(service)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.path) == (
        "spec/ccc/service.yaml",
        line_of(service_file, "name: typing_extensions"),
        "name",
    )
    assert "package name 'typing_extensions' would shadow" in problem.message
