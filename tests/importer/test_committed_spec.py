"""The committed spec/ccc is exactly what `cccgen import` makes of the shared metadata, every
example in it validates strictly, and the curated GetCallDetailRecord still generates the bytes
it generated before the import (golden copies in golden/)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from cccgen import model as m
from cccgen import schemas
from cccgen.importer.run import build_files

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO / "spec" / "ccc"
GOLDEN = Path(__file__).with_name("golden")
METADATA = "alibaba-metadata/ccc-2020-07-01.api-docs.zh_cn.json"


def test_the_committed_spec_is_a_fresh_import(shared_file: Callable[[str, str], Path]) -> None:
    metadata = shared_file(METADATA, "Alibaba's CCC metadata")
    files, result = build_files(metadata, SPEC)
    on_disk = {
        p.relative_to(SPEC).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(SPEC.rglob("*.yaml"))
    }
    assert sorted(on_disk) == sorted(files), "files added or missing: run cccgen import"
    stale = [name for name in files if files[name] != on_disk[name]]
    assert stale == [], "hand-edited or stale; edit curation/ and re-run cccgen import"
    assert result.operations == 242
    assert result.curated == (
        "GetCallDetailRecord.yaml",
        "ListCallDetailRecords.yaml",
        "service.yaml",
    )


def test_every_operation_example_validates_strictly(service: m.Service) -> None:
    assert len(service.operations) == 242
    with_examples = 0
    for op in service.operations:
        validator = jsonschema.Draft202012Validator(schemas.response_schema(op, strict=True))
        for example in op.examples:
            if example.response is None:
                continue
            with_examples += 1
            errors = [e.message for e in validator.iter_errors(example.response)]
            assert errors == [], (op.name, example.name, errors[:3])
    assert with_examples >= 242  # GetCallDetailRecord has two success examples, the rest one


@pytest.mark.parametrize("golden", sorted(GOLDEN.glob("*.golden")), ids=lambda p: p.stem)
def test_the_curated_operation_generates_what_it_did(golden: Path) -> None:
    generated = REPO / "generated" / "ccc" / golden.stem.replace("__", "/")
    assert generated.read_bytes() == golden.read_bytes()
    if golden.stem.endswith(".json"):
        json.loads(golden.read_text(encoding="utf-8"))
