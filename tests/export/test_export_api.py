"""`ccc.export.export_cdrs` against a real fake server on loopback: windows split until each
fits, edges, duplicates, failures reported and resumed, details, validation."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import ccc
import pytest
from ccc._runtime.tools.export.windows import Window
from ccc._runtime.tools.fake_server.synthetic import SyntheticOptions, synthetic_records
from ccc.export import export_cdrs
from ccc.testing import FakeCCCServer, _response_schema
from export.helpers import (
    HOUR,
    INSTANCE,
    START,
    by_id,
    client_for,
    listed,
    read_lines,
    same,
    server_with,
    stored,
)


def _records_at(moments: list[int]) -> list[dict[str, Any]]:
    schema = _response_schema("GetCallDetailRecord")
    assert schema is not None
    records = synthetic_records(
        schema["properties"]["Data"],
        SyntheticOptions(len(moments), seed=9, start_ms=START, end_ms=START + HOUR),
        time_field="StartTime",
        match=("ContactId", "InstanceId"),
    )
    for record, moment in zip(records, moments, strict=True):
        record["StartTime"] = moment
    return records


def test_window_halves_are_half_open_and_cover_the_window() -> None:
    window = Window(10, 21)
    first, second = window.halves()
    assert first.start == 10 and first.end == second.start and second.end == 21
    assert window.last == 20 and not Window(5, 6).splittable


def test_the_boundary_milliseconds(tmp_path: Path) -> None:
    """[start, end): a call at `start` and one at `end - 1` are in, one at `end` is not; two
    neighbouring exports together hold each call once."""
    end = START + HOUR
    records = _records_at([START - 1, START, START + 1, end - 1, end, end + 1])
    with FakeCCCServer(records=records) as server, client_for(server) as client:
        inside = export_cdrs(
            client, instance_id=INSTANCE, start=START, end=end, output=tmp_path / "a.jsonl"
        )
        after = export_cdrs(
            client, instance_id=INSTANCE, start=end, end=end + HOUR, output=tmp_path / "b.jsonl"
        )
    assert inside.complete and after.complete
    times = sorted(r["StartTime"] for r in read_lines(tmp_path / "a.jsonl"))
    assert times == [START, START + 1, end - 1]
    assert sorted(r["StartTime"] for r in read_lines(tmp_path / "b.jsonl")) == [end, end + 1]


def test_a_window_beyond_one_query_is_split_and_nothing_is_listed_twice(tmp_path: Path) -> None:
    """With pages of 5, one query reaches 500: 1,200 calls with a hot hour need splitting."""
    end = START + 4 * HOUR
    with server_with(1200, start=START, end=end, hot_share=0.6) as server:
        with client_for(server) as client:
            report = export_cdrs(
                client,
                instance_id=INSTANCE,
                start=START,
                end=end,
                output=tmp_path / "calls.jsonl",
                page_size=5,
            )
        lists = [r for r in server.requests if r.action == "ListCallDetailRecords"]
        expected = listed(server, START, end)
    assert report.complete and report.records == 1200 and report.expected == 1200
    assert report.duplicates == 0  # splitting alone lists nothing twice
    written = by_id(read_lines(tmp_path / "calls.jsonl"))
    assert written.keys() == expected.keys()
    assert all(same(written[k], expected[k]) for k in expected)
    windows = {(r.params["StartTime"], r.params["EndTime"]) for r in lists}
    assert len(windows) > 3  # split, and split again in the hot hour
    assert all(r.params["SortOrder"] == "ASC" for r in lists)
    assert not (tmp_path / "calls.jsonl.part").exists()
    assert not (tmp_path / "calls.jsonl.checkpoint.json").exists()
    assert report.valid == 1200 and report.invalid == 0 and report.drift == []


def test_failing_windows_are_reported_then_resumed(tmp_path: Path) -> None:
    """Calls that still fail after the client's retries fail their window: reported, the
    output not written; the same export again asks only what is missing."""
    end = START + 2 * HOUR
    output = tmp_path / "calls.jsonl"
    with server_with(300, start=START, end=end, hot_share=0.0) as server:
        with client_for(server, retry=ccc.RetryPolicy(max_attempts=2, base_delay=0.001)) as client:
            server.random_faults(0.5, seed=3)
            first = export_cdrs(
                client, instance_id=INSTANCE, start=START, end=end, output=output, page_size=20
            )
            assert not first.complete and first.failures
            assert "ServiceUnavailable" in first.failures[0].message
            assert not output.exists()
            assert (tmp_path / "calls.jsonl.checkpoint.json").exists()
            kept = first.records
            server.random_faults(0.0)
            server.clear_requests()
            second = export_cdrs(
                client, instance_id=INSTANCE, start=START, end=end, output=output, page_size=20
            )
        expected = listed(server, START, end)
        asked = len([r for r in server.requests if r.action == "ListCallDetailRecords"])
    assert second.complete and second.resumed
    assert by_id(read_lines(output)).keys() == expected.keys()
    assert second.records == 300
    assert asked < 300 / 20 + 5 or kept == 0  # what was kept is not asked again


def test_throttling_and_faults_are_ridden_out(tmp_path: Path) -> None:
    end = START + HOUR
    with server_with(400, start=START, end=end) as server, client_for(server) as client:
        server.limit_rate(10)
        server.random_faults(0.1, seed=5)
        report = export_cdrs(
            client,
            instance_id=INSTANCE,
            start=START,
            end=end,
            output=tmp_path / "c.jsonl",
            page_size=20,
        )
        codes = {r.code for r in server.requests}
        expected = listed(server, START, end)
    assert report.complete, [f.describe() for f in report.failures]
    assert {"Throttling.User", "ServiceUnavailable"} <= codes
    assert by_id(read_lines(tmp_path / "c.jsonl")).keys() == expected.keys()


def test_our_own_rate_limit_keeps_under_the_servers(tmp_path: Path) -> None:
    """--max-rps 20 (a burst of 20) never meets a server allowing 25 a second (a burst of 25)."""
    end = START + HOUR
    with server_with(600, start=START, end=end) as server, client_for(server) as client:
        server.limit_rate(25)
        report = export_cdrs(
            client,
            instance_id=INSTANCE,
            start=START,
            end=end,
            output=tmp_path / "r.jsonl",
            page_size=15,
            max_rps=20,
        )
        codes = [r.code for r in server.requests]
    assert report.complete and len(codes) == 41  # 40 full pages, then an empty one
    assert set(codes) == {"OK"}


def test_details_fetch_every_call_record(tmp_path: Path) -> None:
    end = START + HOUR
    with server_with(120, start=START, end=end) as server, client_for(server) as client:
        report = export_cdrs(
            client,
            instance_id=INSTANCE,
            start=START,
            end=end,
            output=tmp_path / "d.jsonl",
            details=True,
            concurrency=4,
        )
        gets = [r for r in server.requests if r.action == "GetCallDetailRecord"]
        expected = stored(server, START, end)
    assert report.complete and len(gets) == 120
    written = by_id(read_lines(tmp_path / "d.jsonl"))
    assert written.keys() == expected.keys()
    assert all(same(written[k], expected[k]) for k in expected)
    assert report.valid == 120


class _OneMissing(ccc.Client):
    """A real client that asks one call under an id the server does not know (a 404)."""

    victim = ""

    def get_call_detail_record_with_http_info(self, **params: Any) -> Any:
        if params["contact_id"] == self.victim:
            params["contact_id"] = "job-not-there"
        return super().get_call_detail_record_with_http_info(**params)


def test_a_detail_that_fails_fails_its_window_and_is_named(tmp_path: Path) -> None:
    end = START + HOUR
    output = tmp_path / "e.jsonl"
    with server_with(10, start=START, end=end) as server:
        victim = sorted(stored(server, START, end))[3]
        client = _OneMissing(
            endpoint=server.url,
            access_key_id=server.credentials.access_key_id,
            access_key_secret=server.credentials.access_key_secret,
        )
        client.victim = victim
        with client:
            report = export_cdrs(
                client, instance_id=INSTANCE, start=START, end=end, output=output, details=True
            )
    assert not report.complete and not output.exists()
    (failure,) = report.failures
    assert victim in failure.message and "NotExists.ContactId" in failure.message


def test_drift_is_summarised_at_the_records_line(tmp_path: Path) -> None:
    end = START + HOUR
    records = _records_at([START + 10, START + 20, START + 30])
    records[1]["ContactType"] = "VIDEO"
    with (
        FakeCCCServer(records=records, validate_records=False) as server,
        client_for(server) as client,
    ):
        report = export_cdrs(
            client, instance_id=INSTANCE, start=START, end=end, output=tmp_path / "f.jsonl"
        )
    assert report.complete and report.invalid == 1 and report.valid == 2
    (entry,) = report.drift
    assert (entry.kind, entry.path, entry.value) == (
        "unknown enum value",
        "/Data/List/*/ContactType",
        "VIDEO",
    )
    assert (entry.file, entry.line) == (str(tmp_path / "f.jsonl"), 2)
    assert json.loads((tmp_path / "f.jsonl").read_text().splitlines()[1])["ContactType"] == "VIDEO"


def test_a_checkpoint_of_another_export_is_refused(tmp_path: Path) -> None:
    from ccc._runtime.tools.export.checkpoint import CheckpointError

    output = tmp_path / "g.jsonl"
    (tmp_path / "g.jsonl.checkpoint.json").write_text(
        json.dumps(
            {
                "format": "cccgen-export-cdrs/1",
                "identity": {"instance_id": "other"},
                "pending": [],
                "offset": 0,
                "records": 0,
                "done": [],
            }
        ),
        encoding="utf-8",
    )
    with (
        server_with(3) as server,
        client_for(server) as client,
        pytest.raises(CheckpointError, match="another export"),
    ):
        export_cdrs(client, instance_id=INSTANCE, start=START, end=START + HOUR, output=output)


class _OneWindowRefused(ccc.Client):
    """A real client whose listing of one window is refused before it is sent (a blank
    parameter, a ParameterBlankError): that window fails, the others go on."""

    refused: tuple[int, int] = (0, 0)

    def list_call_detail_records_with_http_info(self, **params: Any) -> Any:
        if (params["start_time"], params["end_time"]) == self.refused:
            params["instance_id"] = ""
        return super().list_call_detail_records_with_http_info(**params)


def test_the_checkpoint_always_covers_the_whole_window(tmp_path: Path) -> None:
    """Whenever the checkpoint is read (a kill could come at any moment), the windows done and
    the windows left, failed ones included, cover [start, end) exactly."""
    end = START + 4 * HOUR
    output = tmp_path / "h.jsonl"
    checkpoint = tmp_path / "h.jsonl.checkpoint.json"
    covered: list[bool] = []

    def look(records: int, expected: int | None) -> None:
        document = json.loads(checkpoint.read_text(encoding="utf-8"))
        pieces = sorted(
            [(s, e) for s, e in document["pending"]] + [(s, e) for s, e, _n in document["done"]]
        )
        joined = pieces[0][0] == START and pieces[-1][1] == end
        covered.append(joined and all(a[1] == b[0] for a, b in pairwise(pieces)))

    with server_with(2000, start=START, end=end, hot_share=0.0) as server:
        client = _OneWindowRefused(
            endpoint=server.url,
            access_key_id=server.credentials.access_key_id,
            access_key_secret=server.credentials.access_key_secret,
        )
        first_half = Window(START, START + 2 * HOUR)
        client.refused = (first_half.start, first_half.last)
        with client:
            report = export_cdrs(
                client,
                instance_id=INSTANCE,
                start=START,
                end=end,
                output=output,
                page_size=5,
                progress=look,
            )
    assert not report.complete and [f.window for f in report.failures] == [first_half]
    assert len(covered) > 3 and all(covered)


def test_a_checkpoint_without_its_part_file_is_refused(tmp_path: Path) -> None:
    from ccc._runtime.tools.export.checkpoint import CheckpointError

    output = tmp_path / "k.jsonl"
    end = START + 4 * HOUR
    with server_with(1000, start=START, end=end, hot_share=0.0) as server:
        client = _OneWindowRefused(
            endpoint=server.url,
            access_key_id=server.credentials.access_key_id,
            access_key_secret=server.credentials.access_key_secret,
        )
        client.refused = (START, START + 2 * HOUR - 1)
        with client:
            first = export_cdrs(
                client, instance_id=INSTANCE, start=START, end=end, output=output, page_size=5
            )
            assert not first.complete and first.records
            (tmp_path / "k.jsonl.part").unlink()
            with pytest.raises(CheckpointError, match="missing or shorter"):
                export_cdrs(
                    client, instance_id=INSTANCE, start=START, end=end, output=output, page_size=5
                )


def test_a_call_listed_twice_while_paging_is_written_and_counted_once(tmp_path: Path) -> None:
    """A call added at the start of the window while it is paged (oldest first) pushes the
    next page back by one: its first call was on the page before. Written once, counted."""
    end = START + HOUR
    newcomer = _records_at([START])[0]
    newcomer["ContactId"] = "job-newcomer"
    with server_with(30, start=START + 1, end=end) as server, client_for(server) as client:

        def meddle(records: int, expected: int | None) -> None:
            if records == 20 and server.record_count == 30:  # after page 2 of 3
                server.add_record(newcomer)

        report = export_cdrs(
            client,
            instance_id=INSTANCE,
            start=START,
            end=end,
            output=tmp_path / "m.jsonl",
            page_size=10,
            progress=meddle,
        )
    assert report.complete and report.duplicates == 1
    written = by_id(read_lines(tmp_path / "m.jsonl"))
    assert len(written) == report.records == 30
    assert (report.valid, report.invalid) == (30, 0)


def test_a_page_is_the_clients_parsed_payload_else_its_body_parsed() -> None:
    """The exporter reads a page's JSON from the client's `payload` (parsed once, from the
    body as received); an answer without one has its body parsed; a non-object is refused."""
    from types import SimpleNamespace

    from ccc._runtime.tools.export.api import _Failed, _raw

    payload = {"Data": {"List": [], "TotalCount": 0}}
    assert _raw(SimpleNamespace(payload=payload, content=b"not read")) is payload
    assert _raw(SimpleNamespace(content=b'{"Data": {"TotalCount": 1}}')) == {
        "Data": {"TotalCount": 1}
    }
    with pytest.raises(_Failed, match="not a JSON object"):
        _raw(SimpleNamespace(content=b"[1, 2]"))
