"""Shared models: `models:` and `enums:` in service.yaml, used by any operation's field as
`{type: object, model: Name}` (no `fields`), checked with located problems and emitted once."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from cccgen import model as m
from cccgen.naming import snake_case
from cccgen.problems import Problem, SpecError
from cccgen.spec.loader import load_service
from fixtures.synthetic.make_spec import dump, write_service


def shared_used_by(service: m.Service) -> dict[str, set[str]]:
    users: dict[str, set[str]] = {}
    for op in service.operations:
        for obj in op.objects():
            if obj.shared:
                users.setdefault(obj.name, set()).add(op.name)
    return users


def test_a_shared_model_is_one_object_in_every_operation(synth_service: m.Service) -> None:
    users = shared_used_by(synth_service)
    assert {obj.name for obj in synth_service.models} == set(users)
    assert max(len(ops) for ops in users.values()) >= 3
    by_name = {obj.name: obj for obj in synth_service.models}
    for op in synth_service.operations:
        for obj in op.objects():
            if obj.shared:
                assert obj == by_name[obj.name]
                assert obj.location.file.endswith("service.yaml")
    assert synth_service.enums and all(e.shared for e in synth_service.enums)


# -- located problems ----------------------------------------------------------------------


def small_spec(tmp_path: Path) -> tuple[Path, dict[str, Any], Path, dict[str, Any]]:
    """A 2-operation spec: (service.yaml, its data, the first operation's file, its data)."""
    service_file = write_service(tmp_path, 2, models_per_operation=8)
    service = yaml.safe_load(service_file.read_text(encoding="utf-8"))
    op_file = service_file.parent / service["operations"][0]
    return service_file, service, op_file, yaml.safe_load(op_file.read_text(encoding="utf-8"))


def problems_of(service_file: Path) -> list[Problem]:
    with pytest.raises(SpecError) as caught:
        load_service(service_file)
    return caught.value.problems


def line_of(path: Path, pattern: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if re.search(pattern, line))


def line_of_after(path: Path, start: int, pattern: str) -> int:
    """How many lines after line `start` the first line matching `pattern` comes."""
    lines = path.read_text(encoding="utf-8").splitlines()[start:]
    return next(i for i, line in enumerate(lines, 1) if re.search(pattern, line))


def data_fields(op: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = op["response"]["fields"]["Data"]["fields"]
    return fields


def test_an_unknown_model_reference_is_located(tmp_path: Path) -> None:
    service_file, _, op_file, op = small_spec(tmp_path)
    data_fields(op)["Extra"] = {"type": "object", "model": "Nobody"}
    op_file.write_text(dump(op), encoding="utf-8")
    [problem] = problems_of(service_file)
    assert problem.file.endswith(op_file.name)
    assert problem.line == line_of(op_file, r"model: Nobody$")
    assert problem.path.endswith("Data.fields.Extra.model")
    assert "unknown model 'Nobody'" in problem.message and "Agent" in problem.message


def test_redefining_a_shared_model_inline_is_located(tmp_path: Path) -> None:
    service_file, service, op_file, op = small_spec(tmp_path)
    name = next(iter(service["models"]))
    data_fields(op)["Twin"] = {"type": "object", "model": name, "fields": {"X": {"type": "string"}}}
    op_file.write_text(dump(op), encoding="utf-8")
    [problem] = problems_of(service_file)
    assert problem.file.endswith(op_file.name)
    twin = line_of(op_file, r"^ +Twin:$")
    assert problem.path.endswith("Data.fields.Twin.model")
    assert problem.line == twin + line_of_after(op_file, twin, rf"model: {name}$")
    declared = line_of(service_file, rf"^  {name}:$")
    assert f"model {name!r} is already declared in service.yaml (line {declared})" in (
        problem.message
    )
    assert f"write `model: {name}` without `fields`" in problem.message


def test_redeclaring_a_shared_enum_is_located(tmp_path: Path) -> None:
    service_file, service, op_file, op = small_spec(tmp_path)
    name, spec = next(iter(service["enums"].items()))
    op["enums"] = {name: spec}
    op_file.write_text(dump(op), encoding="utf-8")
    problems = problems_of(service_file)
    assert any(
        p.file.endswith(op_file.name)
        and p.line == line_of(op_file, rf"^  {name}:$")
        and "already declared in service.yaml" in p.message
        for p in problems
    ), problems


def test_a_model_containing_itself_is_refused(tmp_path: Path) -> None:
    service_file, service, _, _ = small_spec(tmp_path)
    name = next(iter(service["models"]))
    service["models"][name]["fields"]["Again"] = {"type": "object", "model": name}
    service_file.write_text(dump(service), encoding="utf-8")
    problems = problems_of(service_file)
    assert [p.message for p in problems] == [
        f"model {name!r} contains itself ({name} -> {name}); recursive models are not supported"
    ]
    assert problems[0].file.endswith("service.yaml") and problems[0].line > 0


def test_an_unused_shared_model_is_refused(tmp_path: Path) -> None:
    service_file, service, _, _ = small_spec(tmp_path)
    service["models"]["Lonely"] = {"fields": {"Id": {"type": "string"}}}
    service_file.write_text(dump(service), encoding="utf-8")
    [problem] = problems_of(service_file)
    assert problem.line == line_of(service_file, r"^  Lonely:$")
    assert problem.message == "model 'Lonely' is declared but unused"


def test_the_command_line_reports_a_bad_reference_with_its_position(tmp_path: Path) -> None:
    service_file, _, op_file, op = small_spec(tmp_path)
    data_fields(op)["Extra"] = {"type": "object", "model": "Nobody"}
    op_file.write_text(dump(op), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cccgen", "check", "--spec", str(service_file)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    line = line_of(op_file, r"model: Nobody$")
    assert re.search(rf"{op_file.name}:{line}:\d+: .*Extra\.model: unknown model", done.stderr)


# -- emitted once ---------------------------------------------------------------------------


def test_a_shared_model_is_one_class(synth: ModuleType, synth_service: m.Service) -> None:
    users = shared_used_by(synth_service)
    name, ops = max(users.items(), key=lambda item: len(item[1]))
    modules = {
        op.python_name: getattr(importlib.import_module(f"synth.models.{op.python_name}"), name)
        for op in synth_service.operations
        if op.name in ops
    }
    shared_class = getattr(synth, name)
    assert shared_class.__module__ == "synth.models._shared"
    assert all(cls is shared_class for cls in modules.values()), modules


def test_each_shared_model_is_defined_once_in_models_and_validators(
    synth_out: Path, synth_service: m.Service
) -> None:
    package = synth_out / "synth"
    models = "\n".join(p.read_text(encoding="utf-8") for p in (package / "models").glob("*.py"))
    validators = "\n".join(
        p.read_text(encoding="utf-8") for p in (package / "validators").rglob("*.py")
    )
    for obj in synth_service.models:
        assert len(re.findall(rf"^class {obj.name}\(", models, re.MULTILINE)) == 1, obj.name
        function = rf"^def _collect_{snake_case(obj.name)}\("
        assert len(re.findall(function, validators, re.MULTILINE)) == 1, obj.name


def test_docs_list_the_shared_enums_an_operation_uses(
    synth_out: Path, synth_service: m.Service
) -> None:
    op = synth_service.operations[0]
    page = (synth_out / "docs" / f"{op.name}.md").read_text(encoding="utf-8")
    for anchor in set(re.findall(r"\]\(#(enum-[a-z0-9-]+)\)", page)):
        assert re.search(rf"^### Enum {anchor.removeprefix('enum-')}$", page, re.I | re.M), anchor
