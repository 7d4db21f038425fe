"""`ccc.dask`: a bag or a dataframe column of JSON texts, checked on a cluster of worker
processes; verdicts and the drift summary are those of `validate --format json` on the same
texts as JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import dask.bag
import dask.dataframe
import distributed
import pandas
import pytest
from ccc.dask import check_bag, check_column
from dask_cluster.helpers import run, variants

OPERATION_NAME = "GetCallDetailRecord"  # the package has every operation: name the one checked


@pytest.fixture(scope="module")
def client(process_cluster: Any) -> Iterator[Any]:
    with distributed.Client(process_cluster) as client:
        yield client


@pytest.fixture(scope="module")
def texts(_page_example: dict[str, Any]) -> list[str]:
    kinds = variants(_page_example)
    names = ["good", "drift", "mistyped", "error", "hostile", "broken", "good", "drift"]
    return [kinds[n] for n in names * 5]


@pytest.fixture(scope="module")
def reference(texts: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("reference")
    (root / "r.jsonl").write_text("\n".join(texts) + "\n", "utf-8")
    done = run("--format", "json", "r.jsonl", cwd=root)
    assert done.returncode == 1
    report: dict[str, Any] = json.loads(done.stdout)
    return report


def _unlocated(verdict: dict[str, Any]) -> dict[str, Any]:
    """A verdict or a json report entry, without where it is (file, line)."""
    strip = {"line", "file"}
    out = {k: v for k, v in verdict.items() if k not in strip | {"valid"}}
    for key in ("errors", "warnings", "notes"):
        out[key] = [{k: v for k, v in f.items() if k != "line"} for f in verdict[key]]
    return out


def _same_summary(summary: Any, reference: dict[str, Any]) -> None:
    mine = summary.to_dict()
    expected = dict(reference["summary"], inputs=0, drift_kinds_dropped=0)
    expected.pop("seconds")
    assert mine["summary"] == expected
    strip = [{k: v for k, v in d.items() if k != "first_seen"} for d in mine["drift"]]
    assert strip == [{k: v for k, v in d.items() if k != "first_seen"} for d in reference["drift"]]


def test_a_bag_gets_a_verdict_per_record_and_the_merged_drift(
    client: Any, texts: list[str], reference: dict[str, Any]
) -> None:
    records = [t.encode("utf-8") if i % 2 else t for i, t in enumerate(texts)]  # str and bytes
    check = check_bag(dask.bag.from_sequence(records, npartitions=4), operation=OPERATION_NAME)
    verdicts, summary = check.compute()
    assert len(verdicts) == len(texts)
    assert [_unlocated(v) for v in verdicts] == [_unlocated(r) for r in reference["results"]]
    assert [v["valid"] for v in verdicts] == [not r["errors"] for r in reference["results"]]
    _same_summary(summary, reference)
    assert summary.exit_code == 1
    first = summary.drift[0]
    assert (first.file, first.line) == ("partition 0, record 1", 1)


def test_a_dataframe_column_gets_verdicts_on_its_index(
    client: Any, texts: list[str], reference: dict[str, Any]
) -> None:
    frame = pandas.DataFrame({"body": texts}, index=range(100, 100 + len(texts)))
    frame_column = dask.dataframe.from_pandas(frame, npartitions=3)["body"]
    check = check_column(frame_column, operation=OPERATION_NAME)
    verdicts, summary = check.compute()
    assert list(verdicts.index) == list(frame.index)
    results = reference["results"]
    assert list(verdicts["valid"]) == [not r["errors"] for r in results]
    assert list(verdicts["status"]) == [r["status"] for r in results]
    errors = [json.loads(e) for e in verdicts["errors"]]
    assert [[f["message"] for f in e] for e in errors] == [
        [f["message"] for f in r["errors"]] for r in results
    ]
    _same_summary(summary, reference)
    lazy = check.verdicts  # a dask dataframe, aligned with the column's partitions
    assert lazy.divisions == (100, 114, 127, 139)
    assert int(lazy["valid"].sum().compute()) == sum(not r["errors"] for r in results)


def test_hostile_records_are_invalid_verdicts_not_errors(client: Any) -> None:
    records: list[Any] = [b'{"Code": "\xff"}', None, "", "[1, 2", 3]
    verdicts, summary = check_bag(dask.bag.from_sequence(records, npartitions=2)).compute()
    assert [v["status"] for v in verdicts] == ["invalid"] * 5
    messages = [v["errors"][0]["message"] for v in verdicts]
    assert messages[0].startswith("not UTF-8: byte 0xff")
    assert messages[1] == "not JSON text but a missing value"
    assert messages[4] == "not JSON text but a value of type int"
    assert summary.summary.not_json == 5


def test_an_unknown_operation_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="unknown operation 'Nope'"):
        check_bag(dask.bag.from_sequence(["{}"]), operation="Nope")
