"""Synthetic call records (`serve --synthetic-cdrs`), the rate limit and random faults."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import ccc
import pytest
from ccc._runtime.core.collector import collector_paused
from ccc._runtime.tools.fake_server.synthetic import (
    SyntheticOptions,
    synthetic_records,
)
from ccc.testing import FakeCCCServer, _response_schema

START = 1_764_518_400_000  # 2025-11-30T16:00:00Z, 00:00 in UTC+8
DAY = 86_400_000
HOUR = 3_600_000


def _record_schema() -> Mapping[str, Any]:
    schema = _response_schema("GetCallDetailRecord")
    assert schema is not None
    data: Mapping[str, Any] = schema["properties"]["Data"]
    return data


def _make(count: int, seed: int = 7, **options: Any) -> list[dict[str, Any]]:
    settings: dict[str, Any] = {"start_ms": START, "end_ms": START + DAY, **options}
    return synthetic_records(
        _record_schema(),
        SyntheticOptions(count, seed=seed, **settings),
        time_field="StartTime",
        match=("ContactId", "InstanceId"),
    )


def _enums(schema: Mapping[str, Any], path: str = "") -> Iterator[tuple[str, list[Any]]]:
    if isinstance(schema.get("enum"), list):
        yield path, schema["enum"]
    for name, sub in (schema.get("properties") or {}).items():
        yield from _enums(sub, f"{path}/{name}")
    if isinstance(schema.get("items"), dict):
        yield from _enums(schema["items"], path + "/*")


def _values(value: Any, parts: list[str]) -> Iterator[Any]:
    if not parts:
        yield value
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        for item in value if isinstance(value, list) else []:
            yield from _values(item, rest)
    elif isinstance(value, dict) and head in value:
        yield from _values(value[head], rest)


def test_the_same_seed_gives_the_same_records_and_another_seed_others() -> None:
    assert _make(40, seed=3) == _make(40, seed=3)
    assert _make(40, seed=3) != _make(40, seed=4)


def test_the_garbage_collector_is_paused_while_records_are_made_only() -> None:
    """The cyclic collector is off while records are made (they are acyclic), on again
    afterwards, and still off afterwards when it was off before."""
    states: list[bool] = []
    schema = {"type": "object", "properties": {"Probe": {"type": "string"}}}
    with collector_paused():
        states.append(gc.isenabled())
    assert states == [False] and gc.isenabled()
    assert len(synthetic_records(schema, SyntheticOptions(3, seed=1, start_ms=START,
        end_ms=START + DAY), time_field="StartTime", match=())) == 3  # fmt: skip
    assert gc.isenabled()
    gc.disable()
    try:
        _make(3)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_records_are_plain_json_data() -> None:
    """The server stores synthetic records without encoding each to check it is JSON data
    (`plain_json`): they hold dicts, lists, strings, integers, booleans and None only."""

    def plain(value: Any) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or type(value) in (str, int, bool)

    records = _make(300)
    assert all(plain(record) for record in records)
    assert json.loads(json.dumps(records, allow_nan=False)) == records


def test_every_enum_value_occurs_and_every_record_fits_the_spec() -> None:
    records = _make(60)
    enums = list(_enums(_record_schema()))
    assert len(enums) >= 10
    for path, values in enums:
        seen = {v for r in records for v in _values(r, path.strip("/").split("/"))}
        assert seen >= set(values), (path, set(values) - seen)
    # Stored through the server's own strict check against the response schema.
    server = FakeCCCServer()
    server.add_synthetic_records(SyntheticOptions(60, seed=7, start_ms=START, end_ms=START + DAY))
    assert server.record_count == 60
    assert len({r["ContactId"] for r in records}) == 60
    assert {r["InstanceId"] for r in records} == {"ccc-test"}


def test_times_lie_in_the_half_open_window_with_a_hot_hour_and_events_in_order() -> None:
    records = _make(2000, hot_share=0.3)
    starts = [r["StartTime"] for r in records]
    assert min(starts) >= START and max(starts) < START + DAY
    by_hour = Counter((s - START) // HOUR for s in starts)
    (_hot, hot_count), (_, second) = by_hour.most_common(2)
    assert hot_count >= 600 and second < 300  # one hot hour, the rest uneven
    quiet = min(by_hour.get(h, 0) for h in range(24))
    assert quiet < second / 3
    for record in records:
        for events in ("AgentEvents", "IvrEvents", "QueueEvents", "CustomerEvents"):
            for holder in record.get(events) or []:
                times = [e["EventTime"] for e in holder["EventSequence"]]
                assert times == sorted(times) and times[0] > record["StartTime"]


def test_a_short_window_and_another_instance() -> None:
    records = _make(30, start_ms=START, end_ms=START + 5, instance_id="ccc-other")
    assert {r["StartTime"] for r in records} <= set(range(START, START + 5))
    assert {r["InstanceId"] for r in records} == {"ccc-other"}


def test_deep_schemas_and_hostile_property_names_are_plain_data() -> None:
    """Records are made by compiled functions (one per object and array): a property name is a
    key, never code, and a schema 200 objects deep compiles (expressions nest two deep)."""
    hostile = "a\"'); import os; os._exit(3) #\n\x00"
    schema: dict[str, Any] = {"type": "object", "properties": {"Leaf": {"type": "integer"}}}
    for _ in range(200):
        schema = {
            "type": ["object", "null"],
            "properties": {hostile: schema, "StartTime": {"type": "integer"}},
        }
    options = SyntheticOptions(4, seed=3, start_ms=START, end_ms=START + HOUR)
    records = synthetic_records(schema, options, time_field="StartTime", match=("InstanceId",))
    assert [sorted(r) for r in records] == [sorted([hostile, "StartTime", "InstanceId"])] * 4
    value = records[0][hostile]
    while isinstance(value, dict):  # down to a null or the leaf's integer
        value = value[hostile] if hostile in value else value["Leaf"]
    assert value is None or isinstance(value, int)
    assert records == synthetic_records(
        schema, options, time_field="StartTime", match=("InstanceId",)
    )


@pytest.mark.parametrize(
    "options",
    [{"start_ms": START, "end_ms": START}, {"hot_share": 1.5}, {"instance_id": ""}],
)
def test_bad_options_are_refused(options: dict[str, Any]) -> None:
    settings: dict[str, Any] = {"seed": 1, "start_ms": START, "end_ms": START + DAY, **options}
    with pytest.raises(ValueError):
        SyntheticOptions(3, **settings)


def _client(server: FakeCCCServer, **options: Any) -> ccc.Client:
    return ccc.Client(
        endpoint=server.url,
        access_key_id=server.credentials.access_key_id,
        access_key_secret=server.credentials.access_key_secret,
        **options,
    )


def test_the_rate_limit_throttles_with_a_retry_after_in_milliseconds() -> None:
    with FakeCCCServer() as server:
        server.limit_rate(2)
        codes: list[str] = []
        waits: list[float] = []
        with _client(server, retry=ccc.RetryPolicy.disabled()) as client:
            for _ in range(4):
                try:
                    client.get_call_detail_record(contact_id="job-1", instance_id="ccc-test")
                    codes.append("OK")
                except ccc.ThrottlingError as exc:
                    codes.append(exc.code or "")
                    waits.append(exc.retry_after or 0)
        assert codes[:2] == ["OK", "OK"] and "Throttling.User" in codes[2:]
        assert all(0 < w <= 1.0 for w in waits)
        throttled = [r for r in server.requests if r.code == "Throttling.User"]
        assert throttled and all(r.status == 400 for r in throttled)
        # The client's own retry honours the wait and gets through.
        with _client(server, retry=ccc.RetryPolicy(max_attempts=10)) as retrying:
            answer = retrying.get_call_detail_record(contact_id="job-1", instance_id="ccc-test")
        assert answer.code == "OK"


def test_random_faults_are_503s_in_the_share_asked() -> None:
    with FakeCCCServer() as server:
        server.random_faults(0.5, seed=11)
        failures = 0
        with _client(server, retry=ccc.RetryPolicy.disabled()) as client:
            for _ in range(60):
                try:
                    client.get_call_detail_record(contact_id="job-1", instance_id="ccc-test")
                except ccc.ServiceUnavailableError:
                    failures += 1
        assert 15 <= failures <= 45


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env["ALIBABA_CLOUD_ACCESS_KEY_ID"] = "synthetic-id"
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "synthetic-secret"
    return env


@pytest.mark.parametrize(
    "command",
    [[sys.executable, "-m", "ccc"], [sys.executable, "-m", "cccgen"]],
    ids=["python -m ccc", "cccgen"],
)
def test_serve_synthetic_cdrs_from_the_command_line(command: list[str], tmp_path: Path) -> None:
    """Outside a checkout `cccgen serve` serves the generated package, as `python -m ccc`."""
    window = f"{START}/2025-12-01T16:00:00Z"
    process = subprocess.Popen(
        [
            *command,
            "serve",
            "--synthetic-cdrs",
            "150",
            "--seed",
            "5",
            "--window",
            window,
            "--instance-id",
            "ccc-x",
            "--quiet",
            "--fault-rate",
            "0.2",
        ],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), process.stderr.read() if process.stderr else ""
        with ccc.Client(
            endpoint=url,
            access_key_id="synthetic-id",
            access_key_secret="synthetic-secret",
            retry=ccc.RetryPolicy(max_attempts=10, base_delay=0.001),
        ) as client:
            items = list(
                client.iter_list_call_detail_records(
                    instance_id="ccc-x", start_time=START, end_time=START + DAY - 1
                )
            )
        assert len({i.contact_id for i in items}) == 150
        process.terminate()
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == 0, err
    assert "150 record(s)" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--synthetic-cdrs", "5", "--window", "yesterday/today"], "neither Unix milliseconds"),
        (["--synthetic-cdrs", "5", "--window", f"{START}/{START}"], "must come after"),
        (["--synthetic-cdrs", "-1"], "must not be negative"),
        (["--synthetic-cdrs", "5", "--fault-rate", "2"], "between 0 and 1"),
        ([], "give --data DIR or --synthetic-cdrs N"),
    ],
)
def test_bad_synthetic_options_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ccc", "serve", *args],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


def test_listing_pages_synthetic_records_by_window_edges() -> None:
    """Both ends of the API's window are included: the boundary millisecond is listed once."""
    with FakeCCCServer() as server:
        server.add_synthetic_records(
            SyntheticOptions(300, seed=2, start_ms=START, end_ms=START + HOUR)
        )
        with _client(server) as client:
            everything = list(
                client.iter_list_call_detail_records(
                    instance_id="ccc-test", start_time=START, end_time=START + HOUR
                )
            )
            assert len(everything) == 300
            moment = sorted(i.start_time or 0 for i in everything)[150]
            before = list(
                client.iter_list_call_detail_records(
                    instance_id="ccc-test", start_time=START, end_time=moment - 1
                )
            )
            after = list(
                client.iter_list_call_detail_records(
                    instance_id="ccc-test", start_time=moment, end_time=START + HOUR
                )
            )
            assert len(before) + len(after) == 300
            assert json.dumps(sorted(i.contact_id for i in before + after)) == json.dumps(
                sorted(i.contact_id for i in everything)
            )


def test_kept_selections_follow_the_query_and_the_store() -> None:
    """The server keeps the last selections (window, filters, order) so the pages of one query
    filter and sort once: another order, instance or window is its own selection, and a record
    added afterwards is listed (the kept selections go with the store's old version)."""
    with FakeCCCServer() as server:
        server.add_synthetic_records(
            SyntheticOptions(120, seed=5, start_ms=START, end_ms=START + HOUR)
        )
        window = {"instance_id": "ccc-test", "start_time": START, "end_time": START + HOUR}
        with _client(server) as client:

            def ids(**query: Any) -> list[str]:
                listed = client.iter_list_call_detail_records(**{**window, **query})
                return [i.contact_id or "" for i in listed]

            newest_first = ids()
            assert len(newest_first) == len(set(newest_first)) == 120
            assert ids(sort_order="ASC") == newest_first[::-1] != newest_first
            assert ids() == newest_first
            assert ids(instance_id="ccc-other") == []
            moment = sorted(r["StartTime"] for r in server.stored_records("GetCallDetailRecord"))
            assert len(ids(end_time=moment[59])) == 60
            added = {**server.stored_records("GetCallDetailRecord")[0], "ContactId": "job-late"}
            server.add_record(added, "GetCallDetailRecord")
            assert sorted(ids()) == sorted([*newest_first, "job-late"])


def test_a_stopped_server_is_freed_with_its_records_without_a_collection() -> None:
    """Nothing the server leaves behind refers to its records in a cycle: dropped after serving,
    they go by reference counting, not at the next cyclic collection (50,000 records made that
    collection last seconds)."""
    server = FakeCCCServer()
    server.add_synthetic_records(SyntheticOptions(5, seed=1, start_ms=START, end_ms=START + HOUR))
    with server, _client(server) as client:
        listed = list(
            client.iter_list_call_detail_records(
                instance_id="ccc-test", start_time=START, end_time=START + HOUR
            )
        )
        assert len(listed) == 5
    store = weakref.ref(server._store)  # what holds the records (a dict takes no weakref)
    gc.disable()
    try:
        del server, listed
        assert store() is None
    finally:
        gc.enable()


def test_a_window_longer_than_a_year_is_refused_before_anything_is_built() -> None:
    """The hours of the window are listed: a window of centuries would exhaust memory."""
    with pytest.raises(ValueError, match="at most 366 days"):
        SyntheticOptions(1, seed=1, start_ms=0, end_ms=9_999_999_999_999_999)
