# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/validate/dask_api.py.
# Do not edit by hand: change the original and run `make generate`.
"""Validation of JSON held in Dask collections, for data teams: a bag of JSON texts (str or
bytes), or a dataframe column of them. Spec-independent: the generated package's `dask` module
passes in its validator and operation names.

Every record is checked against `operation`, which a package of more than one operation
needs: a record has no file or folder name to attribute it by, as the CLI attributes captures,
so without it the check is refused at once (`ValueError`), never guessed. Each record is read
as `validate` reads one JSON document (UTF-8, a byte order mark accepted with a warning, NaN
and Infinity rejected) and checked by a `Checker` like the CLI's: its verdict is the json
report's entry for it (`valid`, `status`, `operation`, `errors`, `warnings`, `notes`, each
finding located by line and column in the record's text). Each partition keeps its counts and
its drift, and they merge exactly (`pool.absorb`) into one `DriftSummary`: the json report's
`summary` and `drift`. The drift's first-seen places name `partition P, record R` (R counted
from 0 in partition P).

`check_bag(...).verdicts` and `.summary` share their work: compute them together
(`dask.compute(check.verdicts, check.summary)`, or `check.compute()`) to check each record once.
Needs the `dask` extra (and pandas for dataframes).
"""

from __future__ import annotations

import importlib
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .checker import Checker, Validate
from .inputs import Passed, Record, _read_document
from .json_report import _finding_dict
from .pool import absorb
from .reports import DriftEntry, Result, Summary
from .sources import Source, Unreadable

try:  # dask is partly untyped: used through Any
    dask: Any = importlib.import_module("dask")
    dask_bag: Any = importlib.import_module("dask.bag")
except ImportError as exc:  # only without the extra
    raise ImportError(
        f"validating Dask collections needs the dask extra: pip install 'cccgen-ccc[dask]' ({exc})"
    ) from exc
delayed = dask.delayed

__all__ = ["BagCheck", "ColumnCheck", "DriftSummary", "check_bag", "check_column"]

COLUMNS = ("valid", "status", "operation", "errors", "warnings", "notes")


@dataclass(slots=True)
class DriftSummary:
    """The counts of every record and the drift they showed, merged over all partitions."""

    summary: Summary
    drift: list[DriftEntry]
    drift_kinds_dropped: int

    @property
    def exit_code(self) -> int:
        """What `validate` would exit with for these records."""
        return self.summary.exit_code

    def to_dict(self) -> dict[str, Any]:
        """The json report's `summary` (without timing) and `drift`."""
        summary = self.summary.to_dict()
        summary.pop("seconds")
        summary["drift_kinds_dropped"] = self.drift_kinds_dropped
        return {"summary": summary, "drift": [entry.to_dict() for entry in self.drift]}


_Part = tuple[list[dict[str, Any]], Checker]


def _item(source: Source, record: object) -> Record | Unreadable:
    if isinstance(record, str):
        data = record.encode("utf-8", "surrogatepass")  # a lone surrogate: not UTF-8, located
    elif isinstance(record, (bytes, bytearray, memoryview)):
        data = bytes(record)
    else:
        missing = record is None or (isinstance(record, float) and math.isnan(record))
        what = "a missing value" if missing else f"a value of type {type(record).__name__}"
        return Unreadable(source, 1, 1, f"not JSON text but {what}", "json")
    item = next(iter(_read_document(source, data, len(data))))
    assert not isinstance(item, Passed)  # only a fast check gives runs of valid responses
    return item


def _verdict(outcome: str | Result) -> dict[str, Any]:
    if isinstance(outcome, str):
        return {
            "valid": True,
            "status": "valid",
            "operation": outcome,
            "errors": [],
            "warnings": [],
            "notes": [],
        }
    return {
        "valid": not outcome.errors,
        "status": outcome.status,
        "operation": outcome.operation,
        "errors": [_finding_dict(f) for f in outcome.errors],
        "warnings": [_finding_dict(f) for f in outcome.warnings],
        "notes": [_finding_dict(f) for f in outcome.notes],
    }


def _check_partition(records: Iterable[object], partition: int, model: Checker) -> _Part:
    checker = model.fresh()
    verdicts: list[dict[str, Any]] = []
    for index, record in enumerate(records):
        source = Source(f"partition {partition}, record {index}", None, False)
        item = _item(source, record)
        if isinstance(item, Record):
            verdicts.append(_verdict(checker.check(item)))
        else:
            verdicts.append(_verdict(checker.unreadable(item)))
    return verdicts, checker


def _merge(parts: Sequence[_Part], model: Checker) -> DriftSummary:
    total = model.fresh()
    for _, checker in parts:
        absorb(total, checker.summary, checker.drift, None, None)
    entries = total.drift_entries()
    return DriftSummary(total.summary, entries, len(total.drift.dropped))


def _verdicts(part: _Part) -> list[dict[str, Any]]:
    return part[0]


def _model(
    validate: Validate,
    operations: Sequence[str],
    operation: str | None,
    strict: bool,
    fail_on_error_responses: bool,
) -> Checker:
    if operation is not None and operation not in operations:
        raise ValueError(f"unknown operation {operation!r}; known: {', '.join(operations)}")
    if operation is None and len(operations) > 1:
        # A record in a collection has no file or folder name to attribute it by (the CLI's
        # rule): without `operation` every record would be unattributed, so refuse at once.
        raise ValueError(
            f"name the operation these records answer: operation='...' (one of the package's "
            f"{len(operations)} operations); a record in a Dask collection has no file name to "
            "tell it by"
        )
    return Checker(
        validate,
        operations,
        operation=operation,
        strict=strict,
        fail_on_error_responses=fail_on_error_responses,
    )


@dataclass(frozen=True, slots=True)
class BagCheck:
    """`verdicts`: a bag of one verdict per record, in the input's order and partitions;
    `summary`: a delayed `DriftSummary`."""

    verdicts: Any  # dask.bag.Bag
    summary: Any  # dask.delayed.Delayed

    def compute(self, **kwargs: Any) -> tuple[list[dict[str, Any]], DriftSummary]:
        """Both at once (each record checked once); `kwargs` go to `dask.compute`."""
        verdicts, summary = dask.compute(self.verdicts, self.summary, **kwargs)
        return list(verdicts), summary


@dataclass(frozen=True, slots=True)
class ColumnCheck:
    """`verdicts`: a dataframe with the column's index and divisions, columns `COLUMNS` (the
    findings as JSON text); `summary`: a delayed `DriftSummary`."""

    verdicts: Any  # dask.dataframe.DataFrame
    summary: Any  # dask.delayed.Delayed
    frames: tuple[Any, ...]  # the verdicts of each partition, delayed

    def compute(self, **kwargs: Any) -> tuple[Any, DriftSummary]:
        """Both at once (each record checked once): a pandas dataframe and the summary;
        `kwargs` go to `dask.compute`."""
        pandas: Any = importlib.import_module("pandas")  # untyped

        *frames, summary = dask.compute(*self.frames, self.summary, **kwargs)
        return pandas.concat(frames), summary


def check_bag(
    bag: Any,
    validate: Validate,
    operations: Sequence[str],
    *,
    operation: str | None = None,
    strict: bool = True,
    fail_on_error_responses: bool = False,
) -> BagCheck:
    """Check every record of `bag` (JSON texts, str or bytes)."""
    model = _model(validate, operations, operation, strict, fail_on_error_responses)
    shared = delayed(model, traverse=False)
    parts = [
        delayed(_check_partition)(part, number, shared)
        for number, part in enumerate(bag.to_delayed())
    ]
    verdicts = dask_bag.from_delayed([delayed(_verdicts)(p) for p in parts])
    return BagCheck(verdicts, delayed(_merge)(parts, shared))


def _frame(part: _Part, index: Any) -> Any:
    pandas: Any = importlib.import_module("pandas")  # untyped

    rows = part[0]
    data: dict[str, list[Any]] = {
        "valid": [r["valid"] for r in rows],
        "status": [r["status"] for r in rows],
        "operation": [r["operation"] for r in rows],
    }
    for column in ("errors", "warnings", "notes"):
        data[column] = [json.dumps(r[column], ensure_ascii=False) for r in rows]
    dtypes = {column: "str" for column in COLUMNS}
    dtypes["valid"] = "bool"
    return pandas.DataFrame(data, index=index).astype(dtypes)


def _frame_partition(series: Any, partition: int, model: Checker) -> tuple[_Part, Any]:
    return _check_partition(series.tolist(), partition, model), series.index


def _framed(part_and_index: tuple[_Part, Any]) -> Any:
    return _frame(*part_and_index)


def _part(part_and_index: tuple[_Part, Any]) -> _Part:
    return part_and_index[0]


def check_column(
    series: Any,
    validate: Validate,
    operations: Sequence[str],
    *,
    operation: str | None = None,
    strict: bool = True,
    fail_on_error_responses: bool = False,
) -> ColumnCheck:
    """Check every value of a dataframe column (`series`: JSON texts, str or bytes; a missing
    value is an invalid record)."""
    dataframe = importlib.import_module("dask.dataframe")
    model = _model(validate, operations, operation, strict, fail_on_error_responses)
    shared = delayed(model, traverse=False)
    checked = [
        delayed(_frame_partition)(part, number, shared)
        for number, part in enumerate(series.to_delayed())
    ]
    meta = _frame(([], model), series._meta.index)
    frames = [delayed(_framed)(c) for c in checked]
    verdicts = dataframe.from_delayed(frames, meta=meta, divisions=series.divisions)
    summary = delayed(_merge)([delayed(_part)(c) for c in checked], shared)
    return ColumnCheck(verdicts, summary, tuple(frames))
