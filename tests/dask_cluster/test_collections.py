"""`ccc.dask`: a bag or a dataframe column of JSON texts, checked on a cluster of worker
processes; verdicts and the drift summary are those of `validate --format json` on the same
texts as JSON Lines of the same operation."""

from __future__ import annotations

import ast
import inspect
import json
from collections.abc import Iterator
from typing import Any

import dask.bag
import dask.config
import dask.dataframe
import distributed
import pandas
import pytest
from ccc._runtime.tools.validate import dask_api
from ccc.dask import check_bag, check_column
from ccc.validators import OPERATIONS, validate_response
from cccgen.emit.main import emit_main
from cccgen.spec.loader import load_service
from dask_cluster.helpers import run, variants
from validate_cli.helpers import REPO

OPERATION = "GetCallDetailRecord"
#: What the workers import to run a dataframe's tasks (0.8 s of CPU each), imported once by the
#: server they are forked from if this module starts the cluster (see conftest.py).
WORKER_IMPORTS = ("dask.dataframe",)


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
    done = run("--format", "json", "--operation", OPERATION, "r.jsonl", cwd=root)
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
    check = check_bag(dask.bag.from_sequence(records, npartitions=4), operation=OPERATION)
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
    column = dask.dataframe.from_pandas(frame, npartitions=3)["body"]
    check = check_column(column, operation=OPERATION)
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
    bag = dask.bag.from_sequence(records, npartitions=2)
    verdicts, summary = check_bag(bag, operation=OPERATION).compute()
    assert [v["status"] for v in verdicts] == ["invalid"] * 5
    messages = [v["errors"][0]["message"] for v in verdicts]
    assert messages[0].startswith("not UTF-8: byte 0xff")
    assert messages[1] == "not JSON text but a missing value"
    assert messages[4] == "not JSON text but a value of type int"
    assert summary.summary.not_json == 5


def _monitoring() -> tuple[bool, str]:
    get = dask.config.get
    return bool(get("distributed.worker.profile.enabled")), get("distributed.admin.tick.interval")


def test_workers_of_a_local_cluster_keep_no_statistical_profile(client: Any) -> None:
    """The recipe of `--dask local` (and of this folder's clusters): no worker samples its
    tasks' stacks every 10 ms for a dashboard nobody is shown, nor times its event loop every
    20 ms (the configuration each worker process was started with, from its nanny)."""
    assert list(client.run(_monitoring).values()) == [(False, "500ms")] * 2


def test_a_collection_without_its_operation_is_refused_at_once() -> None:
    """A record has no file or folder name to attribute it by, as the command attributes a
    capture: with every operation of the API to choose from, no operation is refused at once,
    never guessed nor turned into a bag of unattributed verdicts."""
    bag = dask.bag.from_sequence(["{}"])
    column = dask.dataframe.from_pandas(pandas.DataFrame({"body": ["{}"]}), npartitions=1)
    for call in (
        lambda: dask_api.check_bag(bag, validate_response, OPERATIONS),
        lambda: dask_api.check_column(column["body"], validate_response, OPERATIONS),
    ):
        with pytest.raises(ValueError, match="name the operation these records answer"):
            call()
    signature = inspect.signature(check_bag).parameters["operation"]
    assert signature.default is inspect.Parameter.empty  # required by ccc.dask itself
    assert inspect.signature(check_column).parameters["operation"].default is signature.default


def test_an_unknown_operation_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="unknown operation 'Nope'"):
        check_bag(dask.bag.from_sequence(["{}"]), operation="Nope")


def test_a_one_operation_package_may_leave_the_operation_out() -> None:
    """With one operation there is nothing to choose: `operation` stays optional, as the
    command needs no `--operation` then."""
    one = load_service(REPO / "tests" / "fixtures" / "one_op" / "spec" / "ccc" / "service.yaml")
    source = emit_main(one)[f"{one.name}/dask.py"]
    ast.parse(source)
    assert source.count("    operation: str | None = None,\n") == 2
    bag = dask.bag.from_sequence(["{}"])
    verdicts, _ = dask_api.check_bag(bag, validate_response, [OPERATION]).compute()
    assert [v["operation"] for v in verdicts] == [OPERATION]
