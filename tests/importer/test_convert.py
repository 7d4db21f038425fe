"""The importer on small hand-written metadata: each README quirk handled and stated in a note."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
from cccgen import schemas
from cccgen.importer.convert import convert
from cccgen.importer.run import import_metadata
from cccgen.spec.loader import load_service
from importer.metadata import api, document, write


def one(spec: dict[str, Any]) -> dict[str, Any]:
    """The converted spec of the only operation, `Op`."""
    return convert(document({"Op": spec})).files["Op.yaml"]


def response_field(doc: dict[str, Any], *path: str) -> dict[str, Any]:
    fields = doc["response"]["fields"]
    found: dict[str, Any] = {}
    for name in path:
        found = fields[name]
        inner = found
        while inner.get("type") == "array":
            inner = inner["items"]
        fields = inner.get("fields", {})
    return found


def test_enum_keys_with_trailing_spaces_are_the_wire_values(tmp_path: Path) -> None:
    doc = one(
        api(
            properties={
                "ReleaseInitiator": {
                    "type": "string",
                    "enumValueTitles": {"agent ": "坐席", "customer ": "客户"},
                    "example": "customer",
                }
            },
            example={"RequestId": "R", "ReleaseInitiator": "customer"},
        )
    )
    enum = doc["enums"][response_field(doc, "ReleaseInitiator")["enum"]]
    assert [v["value"] for v in enum["values"]] == ["agent", "customer"]
    assert [v["zh"] for v in enum["values"]] == ["坐席", "客户"]
    assert '"agent "' in enum["note"] and "wire values have none" in enum["note"]


def test_string_examples_become_numbers_and_booleans() -> None:
    doc = one(
        api(
            properties={
                "CallDuration": {"type": "integer", "format": "int64", "example": "50"},
                "Ready": {"type": "boolean", "example": "true"},
                "Rate": {"type": "number", "format": "float", "example": "0.5"},
                "Count": {"type": "integer", "format": "int32", "example": "无"},
            }
        )
    )
    assert response_field(doc, "CallDuration")["example"] == 50
    assert response_field(doc, "Ready")["example"] is True
    assert response_field(doc, "Rate")["example"] == 0.5
    count = response_field(doc, "Count")
    assert "example" not in count and "is not a int32; left out" in count["note"]
    assert "every example as a string" in doc["note"]


def test_form_data_and_style_json_parameters_arrays_and_objects() -> None:
    parameters = [
        {"name": "Name", "in": "formData", "schema": {"type": "string", "required": False}},
        {
            "name": "NumberList",
            "in": "query",
            "style": "json",
            "schema": {
                "type": "array",
                "required": False,
                "items": {"type": "string", "example": '["1"]'},
            },
        },
        {
            "name": "Property",
            "in": "formData",
            "style": "json",
            "schema": {
                "type": "object",
                "required": True,
                "properties": {"Name": {"type": "string", "required": True, "example": "n"}},
            },
        },
        {
            "name": "Size",
            "in": "query",
            "schema": {"type": "integer", "format": "int32", "minimum": "1", "maximum": "100"},
        },
    ]
    params = one(api(parameters=parameters))["request"]["fields"]
    assert params["Name"]["in"] == "body" and "style" not in params["Name"]
    assert params["NumberList"] == {"type": "array", "items": {"type": "string"}, "style": "json"}
    prop = params["Property"]
    assert (prop["in"], prop["style"], prop["required"], prop["model"]) == (
        "body",
        "json",
        True,
        "OpRequestProperty",
    )
    assert (params["Size"]["minimum"], params["Size"]["maximum"]) == (1, 100)


def test_type_any_and_maps_are_any_with_a_note() -> None:
    doc = one(
        api(
            properties={
                "Data": {"type": "any", "example": "无"},
                "Properties": {
                    "type": "object",
                    "additionalProperties": {"type": "object", "properties": {}},
                },
            },
            example={"RequestId": "R", "Data": {"anything": [1]}},
        )
    )
    assert response_field(doc, "Data")["type"] == "any"
    props = response_field(doc, "Properties")
    assert props["type"] == "any" and "map of names to objects" in props["note"]
    assert doc["examples"]["metadata"]["response"]["Data"] == {"anything": [1]}


def test_deprecated_operations_say_what_replaces_them() -> None:
    doc = one(api(deprecated=True, staticInfo={"substitutions": ["CCC::2020-07-01::NewOp"]}))
    assert doc["deprecated"] is True
    assert "Deprecated in the metadata; use NewOp instead." in doc["note"]


def test_a_field_typed_differently_between_operations_keeps_each_type() -> None:
    files = convert(
        document(
            {
                "GetRecord": api(
                    properties={"CallDuration": {"type": "integer", "format": "int64"}}
                ),
                "ListRecords": api(properties={"CallDuration": {"type": "string"}}),
            }
        )
    ).files
    get = files["GetRecord.yaml"]["response"]["fields"]["CallDuration"]
    listed = files["ListRecords.yaml"]["response"]["fields"]["CallDuration"]
    assert get["type"] == "int64" and listed["type"] == "string"
    assert "CallDuration is string in ListRecords" in get["note"]
    assert "CallDuration is integer in GetRecord" in listed["note"]


def test_where_the_example_contradicts_the_schema_a_note_says_which_side_won() -> None:
    imported = convert(
        document(
            {
                "Op": api(
                    properties={
                        "Count": {"type": "integer", "format": "int32"},
                        "Name": {"type": "string"},
                        "Flag": {"type": "boolean"},
                        "State": {"type": "string", "enumValueTitles": {"On": "开"}},
                        "Mode": {"type": "string", "enumValueTitles": {"A": "甲"}},
                    },
                    example={
                        "RequestId": "R",
                        "Count": "7",
                        "Name": None,
                        "Flag": "maybe",
                        "State": "Off",
                        "Mode": "无",
                        "Extra": 3,
                    },
                )
            }
        )
    )
    doc = imported.files["Op.yaml"]
    example = doc["examples"]["metadata"]["response"]
    assert example == {"RequestId": "R", "Count": 7, "Name": None, "State": "Off", "Extra": 3}
    assert (
        "schema's int32 is kept and the example converted" in response_field(doc, "Count")["note"]
    )
    name = response_field(doc, "Name")
    assert name["nullable"] is True and "carries null" in name["note"]
    assert "value left out of the example" in response_field(doc, "Flag")["note"]
    state = doc["enums"][response_field(doc, "State")["enum"]]
    assert "Off" in [v["value"] for v in state["values"]] and "lacks; added" in state["note"]
    assert "placeholder" in response_field(doc, "Mode")["note"]
    extra = response_field(doc, "Extra")
    assert extra["type"] == "int64" and "typed from the example" in extra["note"]
    assert len(imported.decisions["Op"]) == 6


def test_paging_groups_and_endpoints() -> None:
    listing = api(
        parameters=[
            {
                "name": "PageNumber",
                "in": "query",
                "schema": {"type": "integer", "format": "int32", "required": True},
            },
            {
                "name": "PageSize",
                "in": "query",
                "schema": {"type": "integer", "format": "int32", "required": True},
            },
        ],
        properties={
            "Data": {
                "type": "object",
                "properties": {
                    "TotalCount": {"type": "integer", "format": "int32"},
                    "List": {
                        "type": "array",
                        "items": {"type": "object", "properties": {"Id": {"type": "string"}}},
                    },
                },
            }
        },
    )
    files = convert(document({"ListThings": listing, "GetThing": api()})).files
    paging = files["ListThings.yaml"]["paging"]
    assert (paging["items"], paging["total"]) == (["Data", "List"], ["Data", "TotalCount"])
    item = files["ListThings.yaml"]["response"]["fields"]["Data"]["fields"]["List"]["items"]
    assert item["model"] == "ListThingsResponseDataListItem"
    service = files["service.yaml"]
    assert service["endpoints"] == {"cn-shanghai": "ccc.cn-shanghai.aliyuncs.com"}
    assert service["endpoint"] == {"host_pattern": "ccc.{region}.aliyuncs.com"}
    assert service["groups"] == [
        {"title": {"zh": "全部", "en": ""}, "operations": ["GetThing", "ListThings"]}
    ]


def test_python_names_avoid_keywords_pydantic_and_client_names() -> None:
    doc = one(
        api(
            parameters=[{"name": "From", "in": "query", "schema": {"type": "string"}}],
            properties={
                "List": {"type": "array", "items": {"type": "string"}},
                "Json": {"type": "string"},
            },
        )
    )
    assert doc["request"]["fields"]["From"]["python_name"] == "from_"
    assert response_field(doc, "List")["python_name"] == "list_"


def test_an_import_loads_and_every_example_validates_strictly(tmp_path: Path) -> None:
    metadata = write(
        tmp_path / "meta.json",
        document(
            {
                "Op": api(
                    properties={
                        "Data": {
                            "type": "object",
                            "properties": {
                                "State": {"type": "string", "enumValueTitles": {"On ": "开"}},
                                "N": {"type": "integer", "format": "int64", "example": "5"},
                            },
                        }
                    },
                    example={"RequestId": "R", "Data": {"State": "On", "N": "5", "New": True}},
                )
            }
        ),
    )
    import_metadata(metadata, tmp_path / "spec" / "ccc")
    service = load_service(tmp_path / "spec" / "ccc" / "service.yaml")
    (op,) = service.operations
    (example,) = op.examples
    strict = jsonschema.Draft202012Validator(schemas.response_schema(op, strict=True))
    assert example.response is not None
    assert list(strict.iter_errors(example.response)) == []


@pytest.mark.parametrize("times", [2])
def test_re_import_changes_no_byte(tmp_path: Path, times: int) -> None:
    metadata = write(tmp_path / "meta.json", document({"Op": api(), "ListOp": api()}))
    target = tmp_path / "spec" / "ccc"
    snapshots = []
    for _ in range(times):
        import_metadata(metadata, target)
        snapshots.append(
            {p.relative_to(target).as_posix(): p.read_bytes() for p in sorted(target.rglob("*"))}
        )
    assert snapshots[0] == snapshots[1]
    assert sorted(snapshots[0]) == ["ListOp.yaml", "Op.yaml", "service.yaml"]


def test_a_parameter_holding_a_json_list_of_enum_values_is_no_enum() -> None:
    parameters = [
        {
            "name": "ContactTypeList",
            "in": "query",
            "schema": {
                "type": "string",
                "enumValueTitles": {"Inbound": "呼入", "Outbound": "呼出"},
                "example": '["Inbound","Outbound"]',
            },
        }
    ]
    doc = one(api(parameters=parameters))
    param = doc["request"]["fields"]["ContactTypeList"]
    assert "enum" not in param and "enums" not in doc
    assert "Holds several of these values as JSON text" in param["note"]
    assert "Inbound: 呼入; Outbound: 呼出" in param["note"]
