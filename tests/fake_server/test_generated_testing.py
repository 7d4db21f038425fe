"""emit/testing.py (the spec-driven tables) and the generated `ccc.testing` module."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import httpx
import pytest
from cccgen import model as m
from cccgen.emit.testing import (
    description,
    emit_testing,
    fake_operation,
    fake_operations,
    gateway_errors,
    record_field,
    render_testing,
)
from cccgen.runtime.core.tls import shared_ssl_context
from cccgen.runtime.tools.fake_server.description import operations_from_description
from fake_server.helpers import REPO, cdr

# --------------------------------------------------------------------------- tables


def test_the_real_operation_table(operation: m.Operation) -> None:
    table = fake_operation(operation)
    assert table is not None
    assert table.name == "GetCallDetailRecord"
    assert table.required == ("ContactId", "InstanceId")
    assert table.match == {"ContactId": "ContactId", "InstanceId": "InstanceId"}
    assert table.blank_code == "Parameter.Blank"
    assert table.blank_status == 400
    assert table.blank_message == "The parameter %s may not be null or blank."
    assert (table.not_found_code, table.not_found_status) == ("NotExists.ContactId", 404)


def test_gateway_errors_are_the_spec_codes(service: m.Service) -> None:
    errors = gateway_errors(service)
    assert errors["SignatureDoesNotMatch"] == (
        400,
        "Specified signature is not matched with our calculation.",
    )
    assert errors["InvalidAccessKeyId.NotFound"][0] == 404
    assert errors["ServiceUnavailable"][0] == 503
    assert set(errors) == {e.code for e in service.errors}
    assert "Parameter.Blank" not in errors  # an operation error, carried by the operation


def _with_response_fields(op: m.Operation, fields: tuple[m.Field, ...]) -> m.Operation:
    return dataclasses.replace(op, response=dataclasses.replace(op.response, fields=fields))


def test_record_field_is_data_or_the_only_object(operation: m.Operation) -> None:
    data = record_field(operation)
    assert data is not None and data.wire_name == "Data"
    renamed = dataclasses.replace(data, wire_name="Result")
    others = tuple(f for f in operation.response.fields if f.wire_name != "Data")
    assert record_field(_with_response_fields(operation, (*others, renamed))) == renamed
    assert record_field(_with_response_fields(operation, others)) is None
    # No record field: the operation selects no record (it answers its example).
    assert fake_operation(_with_response_fields(operation, others)).match == {}


def test_only_required_parameters_that_are_record_fields_select(operation: m.Operation) -> None:
    contact, instance = operation.request.fields
    extra = dataclasses.replace(contact, wire_name="PageSize", required=True)
    optional = dataclasses.replace(instance, required=False)
    request = dataclasses.replace(operation.request, fields=(contact, optional, extra))
    table = fake_operation(dataclasses.replace(operation, request=request))
    assert table is not None
    assert table.required == ("ContactId", "PageSize")
    assert table.match == {"ContactId": "ContactId"}


def test_without_a_spec_message_the_default_blank_message(operation: m.Operation) -> None:
    table = fake_operation(dataclasses.replace(operation, errors=()))
    assert table is not None
    assert table.blank_message == "The parameter %s may not be null or blank."


def _entry(service: m.Service, name: str) -> dict[str, Any]:
    """The operation's entry in the generated description, as the fake server reads it."""
    files = emit_testing(service)
    document = json.loads(files[f"{service.name}/testing_operations.json"])
    entry: dict[str, Any] = document["operations"][name]
    return entry


def test_spec_text_reaches_the_module_only_as_inert_literals(service: m.Service) -> None:
    nasty = 'It\'s """%s""" \\ may not be blank.\n"); import os  # '
    op = next(o for o in service.operations if o.name == "GetCallDetailRecord")
    errors = tuple(
        dataclasses.replace(e, message=nasty) if e.code == "Parameter.Blank" else e
        for e in op.errors
    )
    changed = dataclasses.replace(service, operations=(dataclasses.replace(op, errors=errors),))
    source = render_testing(changed)
    compile(source, "testing.py", "exec")
    assert nasty not in source  # the spec's texts live in the JSON description only
    assert _entry(changed, op.name)["blank"]["message"] == nasty
    loaded = operations_from_description({"operations": {op.name: _entry(changed, op.name)}})
    assert loaded[op.name].blank_message == nasty


def test_rendered_module_for_the_real_spec(service: m.Service) -> None:
    source = render_testing(service)
    assert _entry(service, "GetCallDetailRecord")["required"] == ["ContactId", "InstanceId"]
    assert "class FakeCCCServer(FakeServer):" in source
    assert [t.name for t in fake_operations(service)] == [op.name for op in service.operations]


# --------------------------------------------------------------------------- generated module


def test_generated_fake_server_with_default_credentials_and_the_packaged_signer() -> None:
    from ccc._runtime.core import signing
    from ccc.testing import FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET, FakeCCCServer

    params = {"ContactId": "job-g", "InstanceId": "ccc-test"}
    with FakeCCCServer(records=[cdr("job-g")]) as server:
        assert server.api_version == "2020-07-01"
        assert server.credentials.access_key_id == FAKE_ACCESS_KEY_ID
        headers = signing.build_signed_v3_headers(
            method="POST",
            path="/",
            query=params,
            host=server.endpoint,
            action="GetCallDetailRecord",
            version="2020-07-01",
            access_key_id=FAKE_ACCESS_KEY_ID,
            access_key_secret=FAKE_ACCESS_KEY_SECRET,
        )
        url = f"{server.url}/?{signing.canonical_query_string(params)}"
        response = httpx.post(url, headers=headers, verify=shared_ssl_context())
    assert response.status_code == 200
    assert response.json()["Data"] == cdr("job-g")


def test_generated_client_against_the_generated_fake_server() -> None:
    """The package's own client and fake server agree (the client's owner tests this in depth)."""
    ccc = pytest.importorskip("ccc")
    from ccc.testing import FakeCCCServer

    with FakeCCCServer(records=[cdr("job-c")]) as server:
        creds = server.credentials
        try:
            client = ccc.Client(
                endpoint=server.url,
                access_key_id=creds.access_key_id,
                access_key_secret=creds.access_key_secret,
            )
        except TypeError as exc:  # the client's constructor is still changing
            pytest.skip(f"ccc.Client signature differs: {exc}")
        with client:
            result = client.get_call_detail_record(contact_id="job-c", instance_id="ccc-test")
    assert result.data.contact_id == "job-c"


def test_importing_ccc_testing_does_not_import_pytest_or_start_anything() -> None:
    code = "import sys, threading, ccc.testing; print('pytest' in sys.modules, threading.active_count())"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "1"]


def test_server_fixture_in_a_users_conftest(tmp_path: Path) -> None:
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.json").write_text('{"ContactId": "job-u", "InstanceId": "i-1"}')
    (tmp_path / "conftest.py").write_text(
        textwrap.dedent(
            """
            from pathlib import Path
            from ccc.testing import server_fixture

            ccc_server = server_fixture(data_dir=Path(__file__).parent / "records")
            shared_server = server_fixture(name="shared_server", scope="module")
            """
        )
    )
    (tmp_path / "test_user.py").write_text(
        textwrap.dedent(
            """
            import httpx
            from ccc._runtime.core import signing
            from ccc.testing import FAKE_ACCESS_KEY_ID, FAKE_ACCESS_KEY_SECRET

            def test_fixture_serves_the_record(ccc_server):
                params = {"ContactId": "job-u", "InstanceId": "i-1"}
                full = signing.build_rpc_v1_params(
                    action="GetCallDetailRecord", version="2020-07-01",
                    access_key_id=FAKE_ACCESS_KEY_ID, api_params=params,
                )
                full["Signature"] = signing.sign_rpc_v1("GET", full, FAKE_ACCESS_KEY_SECRET)
                response = httpx.get(ccc_server.url + "/", params=full)
                assert response.json()["Data"]["ContactId"] == "job-u"

            def test_module_scoped(shared_server):
                assert shared_server.record_count == 0
            """
        )
    )
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_generated_module_is_current(service: m.Service) -> None:
    from cccgen.pipeline import format_python

    files = emit_testing(service)
    expected = format_python({"ccc/testing.py": files["ccc/testing.py"]})["ccc/testing.py"]
    actual = (REPO / "generated" / "ccc" / "testing.py").read_text(encoding="utf-8")
    assert actual == expected, "generated/ccc/testing.py is stale: run `make generate`"
    described = (REPO / "generated" / "ccc" / "testing_operations.json").read_text("utf-8")
    assert described == files["ccc/testing_operations.json"], "run `make generate`"


# --------------------------------------------------------------------------- another spec

WIDGETS_SPEC = REPO / "tests" / "fixtures" / "multi" / "widgets" / "service.yaml"


@pytest.fixture(scope="module")
def widgets_service() -> m.Service:
    from cccgen.spec.loader import load_service

    return load_service(WIDGETS_SPEC)


def test_the_envelope_and_not_found_error_follow_the_spec(widgets_service: m.Service) -> None:
    tables = {t.name: t for t in fake_operations(widgets_service)}
    assert sorted(tables) == ["DeleteWidget", "GetWidget", "ListWidgets"]
    # ListWidgets has an array, DeleteWidget no record: they answer their examples
    assert (tables["ListWidgets"].match, tables["DeleteWidget"].match) == ({}, {})
    get = tables["GetWidget"]
    assert get.match == {"WidgetId": "WidgetId"}  # InstanceId is not a field of the record
    assert get.required == ("InstanceId", "WidgetId")
    assert (get.record_field, get.envelope) == ("Widget", {})
    assert (get.not_found_code, get.not_found_status) == ("Widget.NotFound", 404)
    assert get.not_found_from_spec is True
    source = render_testing(widgets_service)
    assert "class FakeWidgetsServer(FakeServer):" in source
    assert "own choice" not in source


def test_the_ccc_envelope_comes_from_the_spec_example(operation: m.Operation) -> None:
    table = fake_operation(operation)
    assert table is not None
    assert (table.record_field, table.envelope) == ("Data", {"Code": "OK", "HttpStatusCode": 200})
    assert table.not_found_from_spec is False


def test_a_server_for_another_spec_answers_in_its_shape(widgets_service: m.Service) -> None:
    from cccgen.runtime.core import signing
    from cccgen.runtime.tools.fake_server.fake_server import FakeServer

    operations = operations_from_description(description(widgets_service))
    errors = gateway_errors(widgets_service)
    widget = {"WidgetId": "w-1", "State": "active", "CreatedAt": 1700000000000}
    envelope = {"RequestId": "R", "Widget": {**widget, "WidgetId": "w-2"}}

    def get(server: FakeServer, widget_id: str) -> httpx.Response:
        params = {"InstanceId": "inst-1", "WidgetId": widget_id}
        headers = signing.build_signed_v3_headers(
            method="POST", path="/", query=params, host=server.endpoint, action="GetWidget",
            version=widgets_service.api_version, access_key_id="k", access_key_secret="s",
        )  # fmt: skip
        return httpx.post(
            f"{server.url}/?{signing.canonical_query_string(params)}",
            headers=headers,
            verify=shared_ssl_context(),
        )

    with FakeServer(
        operations=operations,
        errors=errors,
        access_key_id="k",
        access_key_secret="s",
        api_version=widgets_service.api_version,
        records=[widget, envelope],
    ) as server:
        found, from_envelope, missing = get(server, "w-1"), get(server, "w-2"), get(server, "w-9")
    assert found.status_code == 200
    assert found.json() == {"RequestId": found.json()["RequestId"], "Widget": widget}
    assert from_envelope.json()["Widget"]["WidgetId"] == "w-2"
    assert missing.status_code == 404
    assert missing.json()["Code"] == "Widget.NotFound"
    assert missing.json()["Message"] == "The widget w-9 does not exist."
