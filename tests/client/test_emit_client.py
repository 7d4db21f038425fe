"""The client emitter: names, base classes and methods decided from the API model."""

from __future__ import annotations

import ast
import dataclasses

from cccgen import model as m
from cccgen.emit.client import (
    base_class,
    emit_client,
    error_classes,
    error_exports,
    get_operation,
    methods,
    package_exports,
)


def test_error_classes_follow_the_spec(service: m.Service) -> None:
    classes = {e.code: e for e in error_classes(service)}
    assert classes["Parameter.Blank"].class_name == "ParameterBlankError"
    assert classes["Parameter.Blank"].base == "ClientError"
    assert classes["ServiceUnavailable"].base == "ServerError"
    assert classes["Throttling.User"].base == "ThrottlingError"
    # `Throttling` is named like the runtime base class and fits it, so maps onto it.
    assert classes["Throttling"].class_name == "ThrottlingError"
    assert not classes["Throttling"].defined
    assert all(e.defined for code, e in classes.items() if code != "Throttling")


def code(name: str, status: int = 400, **flags: bool) -> m.ErrorCode:
    return m.ErrorCode(
        code=name,
        class_name=name.replace(".", "") + "Error",
        http_status=status,
        message="m",
        description=m.Text("zh", "en"),
        retryable=flags.get("retryable", False),
        throttling=flags.get("throttling", False),
    )


def test_base_class_by_status_and_flags() -> None:
    assert base_class(code("A", 400)) == "ClientError"
    assert base_class(code("A", 404)) == "ClientError"
    assert base_class(code("A", 500)) == "ServerError"
    assert base_class(code("A", 400, throttling=True, retryable=True)) == "ThrottlingError"


# Clashing class names and non-string parameters are located spec problems now, found by
# the loader: tests/generation/test_bad_specs.py covers them through the CLI.


def test_one_method_per_operation_with_its_parameters(service: m.Service) -> None:
    every = methods(service, error_classes(service))
    assert len(every) == len(service.operations)
    (method,) = [x for x in every if x.operation == "GetCallDetailRecord"]
    assert method.name == "get_call_detail_record"
    assert method.operation == "GetCallDetailRecord"
    assert method.model == "GetCallDetailRecordResponse"
    assert [(p.python_name, p.wire_name, p.required) for p in method.params] == [
        ("contact_id", "ContactId", True),
        ("instance_id", "InstanceId", True),
    ]
    assert method.idempotent and method.method == "POST" and method.path == "/"
    assert method.blank_error == "ParameterBlankError"
    assert method.blank_message == "The parameter %s may not be null or blank."
    assert "Get the detail record of one call" in method.doc


def test_without_a_parameter_blank_code_the_check_raises_client_error(service: m.Service) -> None:
    op = next(o for o in service.operations if o.name == "GetCallDetailRecord")
    bare_op = dataclasses.replace(op, errors=())
    bare = dataclasses.replace(service, operations=(bare_op,))
    (method,) = methods(bare, error_classes(bare))
    assert method.blank_error == "ClientError"
    assert method.blank_message == "The parameter %s may not be null or blank."


def test_spec_text_enters_the_source_only_as_inert_literals(service: m.Service) -> None:
    hostile = 'He said """; import os; os.system("x") \\'
    op = next(o for o in service.operations if o.name == "GetCallDetailRecord")
    summary = m.Text(zh=hostile, en=hostile)
    bad_error = dataclasses.replace(
        code("Evil.Code"), description=m.Text(hostile, hostile), message=hostile
    )
    evil = dataclasses.replace(
        service,
        errors=(*service.errors, bad_error),
        operations=(dataclasses.replace(op, summary=summary),),
    )
    files = emit_client(evil)
    for path, text in files.items():
        tree = ast.parse(text, path)  # still valid Python
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        }
        assert "os" not in imported
        calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
        assert not any(getattr(c.func, "attr", None) == "system" for c in calls)
    docstrings = [
        ast.get_docstring(node) or ""
        for node in ast.walk(ast.parse(files["ccc/errors.py"]))
        if isinstance(node, ast.ClassDef)
    ]
    assert any(hostile in doc for doc in docstrings)


def test_exports_are_sorted_isort_style(service: m.Service) -> None:
    names = error_exports(error_classes(service))
    assert names[0] == "ERRORS_BY_CODE"
    assert names[1:] == sorted(names[1:])
    exported = package_exports(service)
    assert "Client" in exported["client"] and "ParameterBlankError" in exported["errors"]


def test_the_get_command_calls_the_first_read_only_operation(service: m.Service) -> None:
    ops = methods(service, error_classes(service))
    assert get_operation(ops).operation == "GetCallDetailRecord"
    writer = dataclasses.replace(ops[0], operation="SetThing", idempotent=False)
    reader = dataclasses.replace(ops[0], operation="GetThing", idempotent=True)
    assert get_operation([writer, reader, *ops]).operation == "GetCallDetailRecord"
    assert get_operation([writer, reader]).operation == "GetThing"
    assert get_operation([writer]).operation == "SetThing"
    text = emit_client(service)["ccc/get_command.py"]
    tree = ast.parse(text)
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module
    }
    assert imported <= {"__future__", "argparse", "typing", "_runtime.tools.get_cli"}  # stdlib only
    assert "get_call_detail_record_with_http_info" in text
