"""A service with several operations (the `widgets` test fixture), generated and used end to end."""

from __future__ import annotations

import copy
import importlib
import json
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import jsonschema
import pytest
from cccgen import model as m
from cccgen.emit.json_schema import response_schema
from per_run import MypyStrict
from serving import background


def response_examples(service: m.Service) -> list[tuple[m.Operation, str, dict[str, Any]]]:
    return [
        (op, ex.name, ex.response)
        for op in service.operations
        for ex in op.examples
        if ex.response is not None
    ]


def test_fixture_has_several_operations(widgets_service: m.Service) -> None:
    assert [op.name for op in widgets_service.operations] == [
        "ListWidgets",
        "GetWidget",
        "DeleteWidget",
    ]
    assert len(response_examples(widgets_service)) == 4


def test_every_operation_gets_its_files(widgets_out: Path, widgets_service: m.Service) -> None:
    package = widgets_out / "widgets"
    for op in widgets_service.operations:
        assert (package / "models" / f"{op.python_name}.py").is_file()
        for variant in ("response", "response.lenient", "request"):
            assert (package / "schemas" / f"{op.name}.{variant}.schema.json").is_file()
        assert (package / "validators" / f"{op.python_name}.py").is_file()
        page = (widgets_out / "docs" / f"{op.name}.md").read_text(encoding="utf-8")
        assert op.name in page and op.summary.en in page
    meta = importlib.import_module("widgets._meta") if False else None
    assert meta is None


def test_meta_lists_every_operation(widgets: ModuleType, widgets_service: m.Service) -> None:
    meta = importlib.import_module("widgets._meta")
    assert tuple(meta.OPERATIONS) == tuple(op.name for op in widgets_service.operations)
    assert widgets.API_VERSION == "2024-01-01"


def test_every_model_is_exported_from_the_root(widgets: ModuleType) -> None:
    for name in (
        "ListWidgetsRequest",
        "ListWidgetsResponse",
        "WidgetSummary",
        "WidgetOwner",
        "WidgetSize",
        "GetWidgetRequest",
        "GetWidgetResponse",
        "WidgetDetail",
        "WidgetState",
        "DeleteWidgetRequest",
        "DeleteWidgetResponse",
    ):
        assert hasattr(widgets, name), name
        assert name in widgets.__all__


@pytest.mark.parametrize("index", range(4))
def test_models_round_trip_every_example(
    widgets: ModuleType, widgets_service: m.Service, index: int
) -> None:
    op, name, example = response_examples(widgets_service)[index]
    model_class = getattr(widgets, op.response.name)
    model = model_class.model_validate(example)
    dumped = model.model_dump(mode="json", by_alias=True, exclude_unset=True)
    assert dumped == example, name


def test_int_enum_nullable_object_and_open_enums(widgets: ModuleType) -> None:
    page = widgets.ListWidgetsResponse.model_validate(
        {
            "RequestId": "r",
            "TotalCount": 3,
            "Widgets": [
                {"WidgetId": "a", "Size": 1, "Owner": {"Name": "Ada"}},
                {"WidgetId": "b", "Owner": None},
                {"WidgetId": "c", "Size": 9},
            ],
        }
    )
    first, second, third = page.widgets
    assert first.size is widgets.WidgetSize.SMALL and isinstance(first.size, int)
    assert first.owner is not None and first.owner.name == "Ada" and first.owner.email is None
    assert second.owner is None and second.size is None
    assert third.size == 9 and not isinstance(third.size, widgets.WidgetSize)  # kept, not lost
    detail = widgets.GetWidgetResponse.model_validate(
        {"RequestId": "r", "Widget": {"WidgetId": "w", "State": "retired"}}
    )
    assert detail.widget.state is widgets.WidgetState.RETIRED


def test_json_schemas_are_valid_and_accept_the_examples(
    widgets_out: Path, widgets_service: m.Service
) -> None:
    schemas = widgets_out / "widgets" / "schemas"
    for op in widgets_service.operations:
        for variant in ("response", "response.lenient", "request"):
            schema = json.loads((schemas / f"{op.name}.{variant}.schema.json").read_text("utf-8"))
            jsonschema.Draft202012Validator.check_schema(schema)
        strict = json.loads((schemas / f"{op.name}.response.schema.json").read_text("utf-8"))
        assert strict == response_schema(op, strict=True, service=widgets_service)
        for ex in op.examples:
            if ex.response is not None:
                jsonschema.validate(ex.response, strict, cls=jsonschema.Draft202012Validator)


def mutations(example: dict[str, Any]) -> list[dict[str, Any]]:
    """Payloads that break the strict schema in different ways."""
    out: list[dict[str, Any]] = []
    missing = copy.deepcopy(example)
    missing.pop("RequestId")
    out.append(missing)
    out.append({**copy.deepcopy(example), "Unknown": 1})
    out.append({**copy.deepcopy(example), "RequestId": 7})
    return out


def test_validator_agrees_with_jsonschema(widgets: ModuleType, widgets_service: m.Service) -> None:
    for op, name, example in response_examples(widgets_service):
        assert list(widgets.validate_response(op.name, example)) == [], name
        schema = response_schema(op, strict=True)
        for payload in mutations(example):
            expected = sorted(
                "/" + "/".join(str(p) for p in error.absolute_path) if error.absolute_path else ""
                for error in jsonschema.Draft202012Validator(schema).iter_errors(payload)
            )
            found = sorted(issue.path for issue in widgets.validate_response(op.name, payload))
            assert found == expected, (op.name, payload)


def test_client_has_a_method_per_operation(widgets: ModuleType, widgets_service: m.Service) -> None:
    for op in widgets_service.operations:
        for client_class in (widgets.Client, getattr(widgets, "AsyncClient", widgets.Client)):
            method = getattr(client_class, op.python_name)
            doc = method.__doc__ or ""
            assert op.name in doc, (client_class.__name__, op.name)


class ExampleServer(ThreadingHTTPServer):
    """A loopback HTTP server answering each action (`x-acs-action`) with a stored body."""

    def __init__(self, answers: dict[str, dict[str, Any]]) -> None:
        self.answers = answers
        self.actions: list[str] = []
        super().__init__(("127.0.0.1", 0), ExampleHandler)


class ExampleHandler(BaseHTTPRequestHandler):
    server: ExampleServer

    def do_POST(self) -> None:
        action = self.headers.get("x-acs-action", "")
        self.server.actions.append(action)
        answer = self.server.answers.get(action)
        status = 200 if answer is not None else 404
        body = json.dumps(answer or {"Code": "NoSuchAction", "RequestId": "x"}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_client_calls_every_operation_over_http(
    widgets: ModuleType, widgets_service: m.Service
) -> None:
    answers = {op.name: next(iter(response_examples_of(op))) for op in widgets_service.operations}
    server = ExampleServer(answers)
    thread = background(server)
    thread.start()
    try:
        endpoint = f"127.0.0.1:{server.server_address[1]}"
        keys = {"access_key_id": "AKID-TEST", "access_key_secret": "not-a-real-secret"}
        with widgets.Client(endpoint=endpoint, protocol="http", **keys) as client:
            listed = client.list_widgets(instance_id="inst-1")
            got = client.get_widget(instance_id="inst-1", widget_id="w-1")
            deleted = client.delete_widget(instance_id="inst-1", widget_id="w-1")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert server.actions == ["ListWidgets", "GetWidget", "DeleteWidget"]
    assert isinstance(listed, widgets.ListWidgetsResponse) and listed.total_count == 2
    assert listed.widgets[1].owner is None and listed.widgets[0].size is widgets.WidgetSize.MEDIUM
    assert isinstance(got, widgets.GetWidgetResponse) and got.widget.widget_id == "w-1"
    assert isinstance(deleted, widgets.DeleteWidgetResponse) and deleted.deleted is True


def response_examples_of(op: m.Operation) -> list[dict[str, Any]]:
    return [ex.response for ex in op.examples if ex.response is not None]


def test_client_calls_an_operation_on_the_fake_server(widgets: ModuleType) -> None:
    testing = importlib.import_module("widgets.testing")
    record = {"WidgetId": "w-1", "State": "active", "CreatedAt": 1700000000000}
    with testing.FakeWidgetsServer(records=[record]) as server:
        options = {"endpoint": server.endpoint, "credentials": server.credentials}
        with widgets.Client(protocol="http", **options) as client:
            answer = client.get_widget(instance_id="inst-1", widget_id="w-1")
    assert isinstance(answer, widgets.GetWidgetResponse)
    assert answer.widget.widget_id == "w-1" and answer.widget.state is widgets.WidgetState.ACTIVE


def test_generated_widgets_pass_ruff_and_mypy(
    widgets_out: Path, repo_root: Path, mypy_strict: MypyStrict
) -> None:
    """Arrays of objects, int enums and nullable objects type-check too (ccc has no such mix)."""
    config = str(repo_root / "pyproject.toml")
    commands = [
        [sys.executable, "-m", "ruff", "check", "--no-cache", "--config", config, "."],
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", "--config", config, "."],
    ]
    for command in commands:
        done = subprocess.run(command, cwd=widgets_out, capture_output=True, text=True, check=False)
        assert done.returncode == 0, f"{' '.join(command[2:4])}:\n{done.stdout}\n{done.stderr}"
    done = mypy_strict("widgets", widgets_out)
    assert done.returncode == 0, f"mypy --strict:\n{done.stdout}\n{done.stderr}"
