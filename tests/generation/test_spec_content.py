"""The spec covers the reference page: every parameter, field and enum value, and its example verbatim."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cccgen import model as m

PAGE_TYPES = {
    "string": "string",
    "integer": "int32",
    "long": "int64",
    "boolean": "boolean",
    "object": "object",
    "array<object>": "array",
}
_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


@pytest.fixture(scope="module")
def page(shared_file: Callable[[str, str], Path]) -> str:
    seed = shared_file("seed/000_1b60961b21243115.txt", "the API's reference page")
    return _PINYIN.sub("", seed.read_text(encoding="utf-8"))


def _fields(obj: m.ObjectModel) -> dict[str, m.Field]:
    found: dict[str, m.Field] = {}

    def visit(o: m.ObjectModel) -> None:
        for f in o.fields:
            found.setdefault(f.wire_name, f)
            t = f.type
            while t.items is not None:
                t = t.items
            if t.object is not None:
                visit(t.object)

    visit(obj)
    return found


def test_page_example_is_kept_verbatim(page: str, page_example: dict[str, Any]) -> None:
    start = page.index("JSON格式") + len("JSON格式")
    end = page.index("錯誤碼")
    assert json.loads(page[start:end]) == page_example


def test_every_table_row_is_in_the_spec_with_its_type(page: str, operation: m.Operation) -> None:
    rows = re.findall(
        r"^([A-Z][A-Za-z0-9]*)(string|integer|long|boolean|object|array<object>)$",
        page,
        re.MULTILINE,
    )
    assert len(rows) > 40
    fields = _fields(operation.response) | _fields(operation.request)
    for name, page_type in rows:
        assert name in fields, f"{name} from the page is missing in the spec"
        # Array rows are followed by their item row with the same name and type object.
        field_type = fields[name].type
        kinds = {field_type.kind, field_type.items.kind if field_type.items else None}
        assert PAGE_TYPES[page_type] in kinds, (name, page_type, kinds)


def test_every_enum_value_of_the_page_is_declared_with_its_label(
    page: str, operation: m.Operation
) -> None:
    # Each bullet is the value run together with its Chinese label ("Success正常結束", "1技能組").
    declared = {f"{v.value}{v.zh}" for e in operation.enums for v in e.values}
    bullets = [
        line.strip().lstrip("•").strip().replace(" ", "")
        for line in page.splitlines()
        if line.strip().startswith("•")
    ]
    assert len(bullets) >= 50
    missing = [b for b in bullets if b not in declared]
    assert missing == []


def test_descriptions_are_bilingual_and_free_of_pinyin(operation: m.Operation) -> None:
    for f in _fields(operation.response).values():
        assert f.description is not None, f.wire_name
        assert f.description.zh and f.description.en, f.wire_name
        assert not _PINYIN.search(f.description.zh), f.wire_name


def test_fields_beyond_the_page_are_present(operation: m.Operation) -> None:
    fields = _fields(operation.response)
    assert fields["OutsideNumberReleaseReason"].type.kind == "string"
    report = fields["AnalyticsReport"].type.object
    assert report is not None
    assert [f.wire_name for f in report.fields] == [
        "ProblemSolving",
        "Emotion",
        "Satisfaction",
        "TodoList",
    ]
    todo = fields["TodoList"].type.object
    assert todo is not None and {f.wire_name: f.type.kind for f in todo.fields}["Tasks"] == "array"
    assert fields["Confidence"].type.kind == "int32"


def test_page_inconsistencies_are_settled_with_notes(operation: m.Operation) -> None:
    fields = _fields(operation.response)
    assert fields["EstablishedTime"].nullable and fields["EstablishedTime"].note
    assert fields["CallerLocation"].note and fields["AnalyticsReportReady"].note
    assert (
        fields["QueueType"].type.enum is not None and fields["QueueType"].type.enum.kind == "int32"
    )
    customer = {e.name: e for e in operation.enums}["CustomerEventType"]
    assert customer.note and {"released", "Released"} <= {v.value for v in customer.values}


def test_error_code_of_the_page(operation: m.Operation) -> None:
    (blank,) = operation.errors
    assert (blank.code, blank.http_status, blank.message) == (
        "Parameter.Blank",
        400,
        "The parameter %s may not be null or blank.",
    )
