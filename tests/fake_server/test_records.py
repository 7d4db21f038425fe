"""Records: from memory and from JSON files; clear errors naming the file for bad ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cccgen.runtime.tools.fake_server.fake_server import FakeServerError, load_records
from fake_server.helpers import INSTANCE, cdr, make_server, v3_send


def write(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def fetch(server: object, contact: str, instance: str = INSTANCE) -> dict[str, object]:
    response = v3_send(server, {"ContactId": contact, "InstanceId": instance})  # type: ignore[arg-type]
    body: dict[str, object] = response.json()
    return body


def test_records_and_envelopes_found_recursively(tmp_path: Path) -> None:
    write(tmp_path / "a.json", cdr("job-a"))
    envelope = {
        "RequestId": "X",
        "Code": "OK",
        "HttpStatusCode": 200,
        "Message": "無",
        "Data": cdr("job-b"),
    }
    write(tmp_path / "deep" / "er" / "b.json", envelope)
    (tmp_path / "notes.txt").write_text("not a record", encoding="utf-8")
    with make_server(data_dir=tmp_path) as server:
        assert server.record_count == 2
        assert fetch(server, "job-a")["Data"] == cdr("job-a")
        assert fetch(server, "job-b")["Data"] == cdr("job-b")


def test_data_dir_as_str_and_records_together(tmp_path: Path) -> None:
    write(tmp_path / "a.json", cdr("job-a"))
    with make_server(data_dir=str(tmp_path), records=[cdr("job-m")]) as server:
        assert server.record_count == 2
        assert fetch(server, "job-m")["Code"] == "OK"


def test_same_contact_in_two_instances_are_two_records() -> None:
    with make_server(records=[cdr("job-1", "ccc-a"), cdr("job-1", "ccc-b")]) as server:
        first = fetch(server, "job-1", "ccc-a")["Data"]
        second = fetch(server, "job-1", "ccc-b")["Data"]
    assert first["InstanceId"] == "ccc-a"  # type: ignore[index]
    assert second["InstanceId"] == "ccc-b"  # type: ignore[index]


def test_add_record_while_running_and_replace() -> None:
    with make_server() as server:
        # No record yet: the spec's example answers, about the contact asked for.
        assert fetch(server, "job-1")["Data"]["ContactId"] == "job-1"  # type: ignore[index]
        server.add_record(cdr("job-1"))
        assert fetch(server, "job-1")["Code"] == "OK"
        assert fetch(server, "job-2")["Code"] == "NotExists.ContactId"
        changed = {**cdr("job-1"), "CallDuration": 999}
        server.add_record({"RequestId": "r", "Data": changed})
        assert fetch(server, "job-1")["Data"]["CallDuration"] == 999  # type: ignore[index]
        assert server.record_count == 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ('{"ContactId": "a",\n  "InstanceId": }', r"bad\.json:2:17: invalid JSON"),
        ("[1, 2]", r"bad\.json: expected a JSON object .* found list"),
        ('"text"', r"bad\.json: expected a JSON object .* found str"),
        # Many operations select a record by InstanceId alone: which one is never guessed.
        ('{"InstanceId": "ccc-test"}', r"bad\.json: the record could be for .*: name its"),
        ('{"ContactId": 12, "InstanceId": "ccc-test"}', r"bad\.json: the record could be for "),
        ('{"ContactId": "a"}', r"bad\.json: the record lacks InstanceId"),
        ('{"Data": [1]}', r"bad\.json: the record lacks .*ContactId"),
    ],
    ids=["syntax", "array", "string", "no-id", "id-not-string", "no-instance", "data-not-object"],
)
def test_bad_file_names_the_file(tmp_path: Path, content: str, expected: str) -> None:
    write(tmp_path / "good.json", cdr("job-1"))
    (tmp_path / "bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(FakeServerError, match=expected):
        make_server(data_dir=tmp_path)


def test_non_utf8_file(tmp_path: Path) -> None:
    (tmp_path / "latin.json").write_bytes(b'{"ContactId": "caf\xe9"}')
    with pytest.raises(FakeServerError, match=r"latin\.json: not UTF-8"):
        load_records(tmp_path)


def test_the_same_record_in_two_files(tmp_path: Path) -> None:
    write(tmp_path / "a.json", cdr("job-1"))
    write(tmp_path / "b.json", cdr("job-1"))
    with pytest.raises(FakeServerError, match=r"b\.json: a record with .*job-1.* is given twice"):
        make_server(data_dir=tmp_path)


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_data_dir_must_be_a_directory(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nope"
    if kind == "file":
        target.write_text("{}", encoding="utf-8")
    with pytest.raises(FakeServerError, match=r"nope: (no such directory|not a directory)"):
        make_server(data_dir=target)


def test_add_record_without_ids_is_refused() -> None:
    server = make_server()
    with pytest.raises(FakeServerError, match=r"the record lacks .*ContactId"):
        server.add_record({"CallDuration": 1})


def test_bad_configuration_is_a_clear_error() -> None:
    with pytest.raises(FakeServerError, match="access_key_secret is blank"):
        make_server(access_key_secret="  ")
    with pytest.raises(FakeServerError, match="at least one operation"):
        make_server(operations={})


def test_port_in_use_is_a_clear_error() -> None:
    with make_server() as first:
        second = make_server(port=first.port)
        with pytest.raises(FakeServerError, match=f"cannot listen on 127.0.0.1:{first.port}"):
            second.start()


def test_a_record_that_is_not_json_data_is_refused() -> None:
    server = make_server()
    with pytest.raises(FakeServerError, match="not JSON data"):
        server.add_record({**cdr("job-1"), "When": {1, 2}})
    with pytest.raises(FakeServerError, match="not JSON data"):
        server.add_record({**cdr("job-1"), "Ratio": float("nan")})
