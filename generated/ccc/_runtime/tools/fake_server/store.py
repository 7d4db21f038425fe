# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/store.py.
# Do not edit by hand: change the original and run `make generate`.
"""The fake server's records: loaded from JSON files or given in memory, indexed by each
operation's match values, checked against the operation's response schema when asked.
Standard library only."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ...core.errors import printable
from .operations import FakeOperation, FakeServerError

__all__ = ["RecordCheck", "RecordStore", "RecordValidationError", "load_records", "record_of"]

#: ``(operation, success body) -> issues``: how a body departs from the operation's schema.
RecordCheck = Callable[[str, dict[str, Any]], Sequence[str]]
_CHECK_REQUEST_ID = "00000000-0000-4000-8000-000000000000"
_SHOWN_ISSUES = 20


class RecordValidationError(FakeServerError):
    """A record the operation's response schema refuses (``validate_records``). ``issues``
    lists each departure, located in the body the record would be served in; the message
    names the file (or the values that select the record) and the first issues."""

    def __init__(
        self,
        operation: str,
        issues: Sequence[str],
        *,
        source: Path | None = None,
        record: Mapping[str, Any] | None = None,
    ) -> None:
        self.operation = operation
        self.issues = list(issues)
        self.source = source
        if source is not None:
            where = printable(str(source), 300)
        else:
            shown = {k: v for k, v in (record or {}).items() if isinstance(v, str)}
            where = "record " + printable(json.dumps(dict(list(shown.items())[:3])), 200)
        count = len(self.issues)
        plural = "s" if count != 1 else ""
        lines = [f"{where}: does not fit the {operation} response schema ({count} issue{plural}):"]
        lines += [f"  {issue}" for issue in self.issues[:_SHOWN_ISSUES]]
        if len(self.issues) > _SHOWN_ISSUES:
            lines.append(f"  ... and {len(self.issues) - _SHOWN_ISSUES} more")
        super().__init__("\n".join(lines))


def record_of(document: Any, record_fields: Iterable[str] = ("Data",)) -> Any:
    """A record, or the record inside a whole response (its ``Data``, or whichever field
    of ``record_fields`` holds an object)."""
    if isinstance(document, dict):
        for name in record_fields:
            if isinstance(document.get(name), dict):
                return document[name]
    return document


def _iter_json_files(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.rglob("*.json") if p.is_file())


def load_records(
    data_dir: str | Path, record_fields: Iterable[str] = ("Data",)
) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``*.json`` under ``data_dir`` (recursively, sorted) as ``(file, record)``.

    Each file holds one record object or one whole response (whose ``Data``, or other
    field named in ``record_fields``, is used). Raises :class:`FakeServerError` naming the
    file (and line, for bad JSON).
    """
    fields = tuple(record_fields)
    root = Path(data_dir)
    if not root.exists():
        raise FakeServerError(f"{root}: no such directory")
    if not root.is_dir():
        raise FakeServerError(f"{root}: not a directory")
    loaded: list[tuple[Path, dict[str, Any]]] = []
    for path in _iter_json_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FakeServerError(f"{path}: not UTF-8 text ({exc.reason})") from None
        except OSError as exc:
            raise FakeServerError(f"{path}: cannot read ({exc.strerror})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FakeServerError(
                f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
            ) from None
        record = record_of(document, fields)
        if not isinstance(record, dict):
            holder = " or ".join(fields) or "Data"
            raise FakeServerError(
                f"{path}: expected a JSON object (a record, or a response with a {holder}"
                f" object), found {type(record).__name__}"
            )
        loaded.append((path, record))
    return loaded


class RecordStore:
    """Records by operation and match values, and whole responses registered per operation;
    every method is safe from any thread.

    A record is stored for one operation: the one named, else the one whose match fields
    the record has, the most of them (GetCallDetailRecord's ContactId and InstanceId over an
    operation matching InstanceId alone); a tie is refused, never settled by a guess.
    """

    def __init__(
        self, operations: Mapping[str, FakeOperation], record_check: RecordCheck | None
    ) -> None:
        self._operations = operations
        self._record_check = record_check
        self._lock = threading.Lock()
        self._index: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {
            name: {} for name, op in operations.items() if op.match
        }
        self._responses: dict[str, dict[str, Any]] = {}
        self._version = 0
        self._derived: dict[str, tuple[int, Any]] = {}

    @property
    def operations(self) -> Mapping[str, FakeOperation]:
        return self._operations

    def add_many(
        self, records: Iterable[dict[str, Any]], operation: str, *, plain_json: bool = False
    ) -> None:
        """Store records made for ``operation`` (each checked when a check is set).

        ``plain_json``: the caller made the records of dicts, lists, strings, integers,
        booleans and None only (as :mod:`.synthetic` does), so they are not encoded once more
        to check that they are JSON data (50,000 records: 1 to 2 s of CPU)."""
        for record in records:
            self._add(record, operation, source=None, replace=True, plain_json=plain_json)

    def derived(
        self, key: str, build: Callable[[list[dict[str, Any]]], Any], operation: str
    ) -> Any:
        """``build(records of operation)``, kept until a record is added: the listing's
        projected, time-sorted index is built once, not on every page."""
        with self._lock:
            cached = self._derived.get(key)
            if cached is not None and cached[0] == self._version:
                return cached[1]
            version = self._version
            records = list(self._index.get(operation, {}).values())
        value = build(records)
        with self._lock:
            if self._version == version:
                self._derived[key] = (version, value)
        return value

    @property
    def record_fields(self) -> tuple[str, ...]:
        """The envelope fields that may hold a record, each once."""
        return tuple(dict.fromkeys(op.record_field for op in self._operations.values() if op.match))

    def add(self, record: Mapping[str, Any], operation: str | None = None) -> None:
        """Store a record (or a whole envelope), replacing one with the same match values."""
        document = dict(record_of(dict(record), self.record_fields))
        self._add(document, operation, source=None, replace=True)

    def add_response(self, operation: str, body: Mapping[str, Any]) -> None:
        """Answer every call of ``operation`` with ``body`` (its ``RequestId`` renewed)."""
        if operation not in self._operations:
            raise FakeServerError(f"no operation {operation!r}")
        if not isinstance(body, Mapping):
            raise FakeServerError(f"{operation}: a response must be a JSON object")
        copied = dict(body)
        try:
            json.dumps(copied, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise FakeServerError(f"{operation}: the response is not JSON data ({exc})") from None
        if self._record_check is not None:
            issues = list(self._record_check(operation, copied))
            if issues:
                raise RecordValidationError(operation, issues, record={"operation": operation})
        with self._lock:
            self._responses[operation] = copied

    def response(self, operation: str) -> dict[str, Any] | None:
        """The response registered for ``operation``, if any."""
        with self._lock:
            return self._responses.get(operation)

    def load_dir(self, root: Path) -> None:
        """Store every record file under ``root``; a record given twice is refused. A file
        in a folder named after an operation (``GetCallDetailRecord/job-1.json``) is that
        operation's."""
        for path, record in load_records(root, self.record_fields):
            self._add(
                record, _folder_operation(root, path, self._index), source=path, replace=False
            )

    def count(self) -> int:
        """How many distinct records are stored."""
        with self._lock:
            return sum(len(table) for table in self._index.values())

    def has_records(self, operation: str) -> bool:
        """Whether any record is stored for ``operation``."""
        with self._lock:
            return bool(self._index.get(operation))

    def records(self, operation: str) -> list[dict[str, Any]]:
        """The records stored for ``operation``, in the order they were first given."""
        with self._lock:
            return list(self._index.get(operation, {}).values())

    def find(self, operation: str, key: tuple[str, ...]) -> dict[str, Any] | None:
        """The record ``operation`` answers for these match values, if any."""
        with self._lock:
            return self._index.get(operation, {}).get(key)

    def _add(
        self,
        record: dict[str, Any],
        operation: str | None,
        *,
        source: Path | None,
        replace: bool,
        plain_json: bool = False,
    ) -> None:
        where = f"{source}: " if source is not None else ""
        if not isinstance(record, dict):
            raise FakeServerError(f"{where}a record must be a JSON object")
        name, key = self._key(record, operation, where)
        try:
            if not plain_json:
                json.dumps(record, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise FakeServerError(f"{where}the record is not JSON data ({exc})") from None
        if self._record_check is not None:
            self._check_record(self._record_check, name, record, source)
        with self._lock:
            table = self._index[name]
            if not replace and key in table:
                match = dict(zip(self._operations[name].match, key, strict=True))
                raise FakeServerError(f"{where}a record with {match} is given twice")
            table[key] = record
            self._version += 1

    def _key(
        self, record: dict[str, Any], operation: str | None, where: str
    ) -> tuple[str, tuple[str, ...]]:
        """The operation that stores the record, with its match values."""
        if operation is not None and operation not in self._index:
            raise FakeServerError(f"{where}operation {operation!r} stores no records")
        names = [operation] if operation is not None else list(self._index)
        keys: dict[str, tuple[str, ...]] = {}
        problems: list[str] = []
        for name in names:
            values: list[str] = []
            for param, record_field in self._operations[name].match.items():
                value = record.get(record_field)
                if not isinstance(value, str) or not value:
                    problems.append(f"{record_field} (a non-empty string, matched by {param})")
                    break
                values.append(value)
            else:
                keys[name] = tuple(values)
        if not keys:
            missing = list(dict.fromkeys(problems))
            more = f"; ... ({len(missing) - 3} more)" if len(missing) > 3 else ""
            raise FakeServerError(f"{where}the record lacks {'; '.join(missing[:3])}{more}")
        most = max(len(key) for key in keys.values())
        best = [name for name, key in keys.items() if len(key) == most]
        if len(best) > 1:
            shown = ", ".join(best[:4]) + (f" and {len(best) - 4} more" if len(best) > 4 else "")
            raise FakeServerError(
                f"{where}the record could be for {shown}: name its operation "
                "(add_record(record, operation=...), or a folder of that name under data_dir)"
            )
        return best[0], keys[best[0]]

    def _check_record(
        self, check: RecordCheck, name: str, record: dict[str, Any], source: Path | None
    ) -> None:
        op = self._operations[name]
        body = {"RequestId": _CHECK_REQUEST_ID, **op.envelope, op.record_field: record}
        issues = list(check(name, body))
        if issues:
            # Named by the values that select it (ContactId, InstanceId for CCC).
            key = {field: record.get(field) for field in op.match.values()}
            raise RecordValidationError(name, issues, source=source, record=key)


def _folder_operation(root: Path, path: Path, operations: Mapping[str, Any]) -> str | None:
    """The operation named by the nearest folder between ``root`` and ``path``, if any."""
    for folder in reversed(path.relative_to(root).parts[:-1]):
        if folder in operations:
            return folder
    return None
