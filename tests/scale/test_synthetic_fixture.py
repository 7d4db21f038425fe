"""The synthetic spec generator (tests/fixtures/synthetic/make_spec.py): deterministic, valid,
and shaped like a real API (30 models per operation, every field kind, shared entity shapes)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from cccgen import model as m
from cccgen.spec.loader import load_service
from fixtures.synthetic.make_spec import write_service

REPO = Path(__file__).resolve().parents[2]


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def test_same_arguments_write_the_same_bytes(tmp_path: Path) -> None:
    first = write_service(tmp_path / "a", 5)
    second = write_service(tmp_path / "b", 5)
    other_seed = write_service(tmp_path / "c", 5, seed=1)
    assert tree_bytes(first.parent) == tree_bytes(second.parent)
    assert tree_bytes(first.parent) != tree_bytes(other_seed.parent)
    assert len(list(first.parent.glob("*.yaml"))) == 6  # service.yaml and 5 operations


def test_every_operation_has_the_asked_number_of_models(synth_service: m.Service) -> None:
    assert synth_service.name == "synth"
    for op in synth_service.operations:
        assert len({op.request.name, *(obj.name for obj in op.objects())}) == 30, op.name
        assert [ex.name for ex in op.examples if ex.response is not None] == ["typical"]


def test_models_per_operation_is_a_parameter(tmp_path: Path) -> None:
    service = load_service(write_service(tmp_path, 2, models_per_operation=8))
    for op in service.operations:
        assert len({op.request.name, *(obj.name for obj in op.objects())}) == 8


def test_the_fixture_has_the_variety_of_a_real_api(synth_service: m.Service) -> None:
    kinds: Counter[str] = Counter()
    flags: Counter[str] = Counter()
    for op in synth_service.operations:
        for obj in op.objects():
            for f in obj.fields:
                kinds[f.type.kind] += 1
                if f.type.kind == "array" and f.type.items is not None:
                    kinds[f"array of {f.type.items.kind}"] += 1
                flags["required"] += f.required
                flags["nullable"] += f.nullable
                flags["zh and en"] += bool(f.description and f.description.zh and f.description.en)
    for kind in ("string", "int32", "int64", "number", "boolean", "object", "array"):
        assert kinds[kind] > 0, kind
    assert kinds["array of object"] > 0 and kinds["array of string"] > 0
    assert flags["required"] > 0 and flags["nullable"] > 0
    assert flags["zh and en"] == sum(kinds[k] for k in m.ALL_KINDS)
    enum_kinds = {enum.kind for enum in synth_service.enums}
    assert enum_kinds == {"string", "int32"}
    assert (
        sum(bool(op.errors) for op in synth_service.operations)
        == len(synth_service.operations) // 2
    )
    assert {op.read_only for op in synth_service.operations} == {True, False}
    assert all(len(op.request.fields) >= 2 for op in synth_service.operations)


def is_nested(f: m.Field) -> bool:
    items = f.type.items
    return f.type.kind == "object" or (items is not None and items.kind == "object")


def test_an_entity_has_the_same_fields_in_every_operation(synth_service: m.Service) -> None:
    """An entity is a shared model where it is a leaf (`Agent`) and an operation's own model
    where it has children there (`ListAgent001Agent`): the same own fields either way."""
    shapes: dict[str, set[tuple[tuple[str, str, bool, bool], ...]]] = {}
    for op in synth_service.operations:
        for obj in op.objects():
            entity = obj.name.removeprefix(op.name)
            if entity in ("Response", "Data"):
                continue
            shape = tuple(
                (f.wire_name, f.type.kind, f.required, f.nullable)
                for f in obj.fields
                if not is_nested(f)
            )
            shapes.setdefault(entity, set()).add(shape)
    used = Counter(
        obj.name.removeprefix(op.name) for op in synth_service.operations for obj in op.objects()
    )
    assert sum(count == len(synth_service.operations) for count in used.values()) > 10
    for entity, seen in shapes.items():
        assert len(seen) == 1, entity


def test_command_line_writes_a_service(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.fixtures.synthetic.make_spec",
            str(tmp_path),
            "--operations",
            "3",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(tmp_path / "synth" / "service.yaml")
    assert len(load_service(tmp_path / "synth" / "service.yaml").operations) == 3


@pytest.mark.parametrize("arguments", [["--operations", "0"], ["--models-per-operation", "2"]])
def test_command_line_refuses_impossible_sizes(tmp_path: Path, arguments: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.fixtures.synthetic.make_spec", str(tmp_path), *arguments],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("make_spec: ") and "Traceback" not in done.stderr
