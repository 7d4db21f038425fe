"""`pii: <kind>` in the spec: loaded into the model, checked at its key, diffed as its own kind,
and marked on the personal fields of GetCallDetailRecord and ListCallDetailRecords."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cccgen import model as m
from cccgen.diff import diff_services
from cccgen.problems import SpecError
from cccgen.spec.loader import load_service
from importer.specs import OPERATION, write_spec

REPO = Path(__file__).resolve().parents[2]


def with_field(spec: dict[str, Any], *, items: bool = False) -> dict[str, Any]:
    op = copy.deepcopy(OPERATION)
    fields = op["response"]["fields"]["Data"]["fields"]
    if items:
        fields["List"]["items"].update(spec)
    else:
        fields["Phone"] = spec
    return op


def test_pii_kinds_load_into_the_model(tmp_path: Path) -> None:
    op = with_field({"type": "string", "pii": "phone_number"})
    op["response"]["fields"]["Data"]["fields"]["List"]["items"]["pii"] = "free_text"
    service = load_service(write_spec(tmp_path, op))
    data = service.operations[0].response.fields[1].type.object
    assert data is not None
    by_name = {f.wire_name: f for f in data.fields}
    assert by_name["Phone"].type.pii == "phone_number"
    items = by_name["List"].type.items
    assert items is not None and items.pii == "free_text"
    assert by_name["TotalCount"].type.pii is None


@pytest.mark.parametrize(
    ("spec", "items", "expected"),
    [
        (
            {"type": "string", "pii": "phone"},
            False,
            "response.fields.Data.fields.Phone.pii: unknown pii kind 'phone'; known kinds: "
            + ", ".join(m.PII_KINDS),
        ),
        (
            {"type": "int64", "pii": "phone_number"},
            False,
            "response.fields.Data.fields.Phone.pii: `pii` is only allowed on string fields, not int64",
        ),
        (
            {"type": "array", "items": {"type": "string"}, "pii": "free_text"},
            False,
            "response.fields.Data.fields.Phone.pii: `pii` is only allowed on string fields, not "
            "array; put it on its `items`",
        ),
    ],
)
def test_misplaced_or_unknown_pii_is_located(
    tmp_path: Path, spec: dict[str, Any], items: bool, expected: str
) -> None:
    with pytest.raises(SpecError) as caught:
        load_service(write_spec(tmp_path, with_field(spec, items=items)))
    found = [f"{p.path}: {p.message}" for p in caught.value.problems]
    assert any(p.startswith(expected) for p in found), found


def test_unknown_kind_is_reported_by_check_at_file_line_column(tmp_path: Path) -> None:
    """`cccgen check` on a spec with an unknown kind: exit 2, the problem at file:line:column."""
    op = with_field({"type": "string", "pii": "passport\x1b[31m"})
    service_file = write_spec(tmp_path, op)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "cccgen",
            "check",
            "--spec",
            str(service_file),
            "--out",
            str(tmp_path / "out"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert run.returncode == 2, run.stderr
    line = next(x for x in run.stderr.splitlines() if "unknown pii kind" in x)
    text = (service_file.parent / "ListThings.yaml").read_text(encoding="utf-8").splitlines()
    row = next(i for i, x in enumerate(text, 1) if "pii:" in x)
    column = text[row - 1].index("pii:") + 1
    assert f"ListThings.yaml:{row}:{column}: response.fields.Data.fields.Phone.pii" in line
    assert "\x1b" not in run.stderr


def test_a_pii_change_is_its_own_compatible_kind(tmp_path: Path) -> None:
    old = load_service(write_spec(tmp_path / "old", with_field({"type": "string"})))
    new = load_service(
        write_spec(tmp_path / "new", with_field({"type": "string", "pii": "phone_number"}))
    )
    changes = diff_services(old, new)
    assert [(c.kind, c.severity, c.location) for c in changes] == [
        ("pii-changed", "compatible", "ListThings.response.Data.Phone")
    ]
    assert "phone_number" in changes[0].message
    back = diff_services(new, old)
    assert [(c.kind, c.severity) for c in back] == [("pii-changed", "compatible")]


def pii_paths(op: m.Operation) -> dict[str, str]:
    found: dict[str, str] = {}

    def walk(t: m.Type, at: str) -> None:
        if t.pii:
            found[at] = t.pii
        if t.object is not None:
            for f in t.object.fields:
                walk(f.type, f"{at}.{f.wire_name}" if at else f.wire_name)
        if t.items is not None:
            walk(t.items, f"{at}[]")

    walk(m.Type(kind="object", object=op.response), "")
    return found


def test_call_detail_records_mark_their_personal_fields(service: m.Service) -> None:
    ops = {op.name: op for op in service.operations}
    get = pii_paths(ops["GetCallDetailRecord"])
    assert get["Data.CallingNumber"] == get["Data.CalledNumber"] == "phone_number"
    assert get["Data.CustomerEvents[].CustomerId"] == "phone_number"
    assert get["Data.AgentNames"] == get["Data.AgentEvents[].AgentName"] == "person_name"
    assert get["Data.CallerLocation"] == get["Data.CalleeLocation"] == "location"
    assert get["Data.AnalyticsReport.ProblemSolving.Problem"] == "free_text"
    assert get["Data.AnalyticsReport.TodoList.Tasks[]"] == "free_text"
    listed = pii_paths(ops["ListCallDetailRecords"])
    for name in ("CallingNumber", "CalledNumber", "Broker", "AdditionalBroker"):
        assert listed[f"Data.List[].{name}"] == "phone_number"
    assert listed["Data.List[].AgentNames"] == "person_name"
    assert listed["Data.List[].CallerLocation"] == "location"
    assert "Data.List[].ContactId" not in listed
