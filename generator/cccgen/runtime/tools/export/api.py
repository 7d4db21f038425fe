"""Export every call record of a time window into a JSON Lines file: the Python API behind
``export-cdrs``.

- Listing: one query (``ListCallDetailRecords``, oldest first) reaches at most ``max_pages``
  pages of ``page_size``, and its total is real on page 1 only. Page 1 of a window is asked
  first: a total beyond the reach splits the window in halves (:mod:`.windows`, half-open, so
  no millisecond is asked twice or skipped), recursively; a window that fits is walked page by
  page. Calls are deduplicated by their id all the same (a record could move between pages
  while the API pages), and counted when that happens.
- ``details``: each call's ``GetCallDetailRecord`` too, ``concurrency`` at a time; the line is
  then the detail record (its ``Data``) instead of the listed item, or with ``responses`` the
  whole response as received (what ``validate`` and ``redact`` read).
- Throttling and transient failures are retried by the client (its :class:`RetryPolicy`:
  the server's retry-after is honoured); ``max_rps`` caps the calls a second (a token bucket
  shared by every thread). A window whose calls still fail is reported (:class:`WindowFailure`)
  and left for the next run; the output is then not written.
- Resumable: each whole window is appended to ``FILE.part`` and flushed to disk, then the
  checkpoint (``FILE.checkpoint.json``: windows left, whole bytes) is replaced atomically. A
  killed run, run again with the same arguments, cuts the part file back to the checkpoint's
  offset and goes on with the windows left. Once every window is in, the part file is renamed
  over ``FILE``: ``FILE`` is whole or absent, each call in it once.
- Every answer is checked against the spec as it arrives (:mod:`.checks`).

Standard library only; the client is the generated package's (httpx), passed in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...core.errors import ConfigurationError
from ...core.jsontext import dumps_utf8
from ..moments import format_moment
from ..validate.reports import DriftEntry
from .checkpoint import Checkpoint, write_atomically
from .checks import AnswerChecks, Validate
from .output import PartFile, checkpoint_path, contact_of
from .ratelimit import TokenBucket
from .windows import Window

__all__ = [
    "CdrOperations",
    "ExportReport",
    "Progress",
    "Transform",
    "WindowFailure",
    "export_cdrs",
]

Progress = Callable[[int, "int | None"], None]
"""``progress(records written, records expected or None)``, called as the export goes."""
Transform = Callable[[str, dict[str, Any]], dict[str, Any]]
"""``transform(operation, body)``: a body as it should be written (the hook ``--redact`` uses)."""


@dataclass(frozen=True)
class CdrOperations:
    """The client methods and answer shapes an export uses (CCC's by default)."""

    list_operation: str = "ListCallDetailRecords"
    list_method: str = "list_call_detail_records_with_http_info"
    get_operation: str = "GetCallDetailRecord"
    get_method: str = "get_call_detail_record_with_http_info"
    id_field: str = "ContactId"
    page_size: int = 100
    max_pages: int = 100


@dataclass(frozen=True)
class WindowFailure:
    """A window whose records could not all be fetched, and why."""

    window: Window
    message: str

    def describe(self) -> str:
        start, end = format_moment(self.window.start), format_moment(self.window.end)
        return f"[{start}, {end}) ({self.window.start}..{self.window.last} ms): {self.message}"


@dataclass
class ExportReport:
    """What an export did. ``complete``: every window is in and ``output`` is written."""

    output: Path
    complete: bool
    records: int
    expected: int | None
    resumed: bool
    duplicates: int
    valid: int
    invalid: int
    findings: list[str]
    drift: list[DriftEntry]
    failures: list[WindowFailure] = field(default_factory=list)


class _Split(Exception):
    """The window holds more than one query reaches: ask its halves instead."""

    def __init__(self, total: int) -> None:
        super().__init__(total)
        self.total = total


class _Failed(Exception):
    pass


def _raw(response: Any) -> dict[str, Any]:
    """The JSON body of an answer, as received (never the model's re-spelling of it): the
    client's ``payload`` (the body it parsed, a fresh object each call), else the body parsed
    here."""
    payload = getattr(response, "payload", None)
    body = payload if isinstance(payload, dict) else json.loads(response.content)
    if not isinstance(body, dict):
        raise _Failed("the answer is not a JSON object")
    return body


def _items(body: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int | None]:
    data = body.get("Data")
    if not isinstance(data, Mapping):
        raise _Failed("the answer has no Data object")
    items = data.get("List")
    total = data.get("TotalCount")
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise _Failed("the answer's Data.List is not a list of objects")
    return items, total if isinstance(total, int) and not isinstance(total, bool) else None


class _Export:
    def __init__(
        self,
        client: Any,
        instance_id: str,
        ops: CdrOperations,
        details: bool,
        concurrency: int,
        bucket: TokenBucket | None,
        checks: AnswerChecks,
        transform: Transform | None,
        failure_types: tuple[type[BaseException], ...],
    ) -> None:
        self.client = client
        self.instance_id = instance_id
        self.ops = ops
        self.details = details
        self.concurrency = concurrency
        self.bucket = bucket
        self.checks = checks
        self.transform = transform
        self.failure_types = failure_types
        self.whole = False  # details as whole responses (RequestId, Code, ..., Data) a line
        self.expected: int | None = None  # the whole window's total (its first page 1)
        self.on_page: Callable[[int], None] | None = None  # calls listed so far in a window

    def call(self, method: str, **params: Any) -> Any:
        if self.bucket is not None:
            self.bucket.acquire()
        try:
            return getattr(self.client, method)(**params)
        except ConfigurationError:
            raise  # the same for every window: the command's error (exit 2), not a window's
        except self.failure_types as exc:
            raise _Failed(f"{type(exc).__name__}: {exc}") from None
        except ValueError as exc:  # a body that is not JSON
            raise _Failed(f"{type(exc).__name__}: {exc}") from None

    def page(self, window: Window, number: int) -> dict[str, Any]:
        body = _raw(
            self.call(
                self.ops.list_method,
                instance_id=self.instance_id,
                start_time=window.start,
                end_time=window.last,
                page_number=number,
                page_size=self.ops.page_size,
                sort_order="ASC",
            )
        )
        if self.transform is not None:
            body = self.transform(self.ops.list_operation, body)
        return body

    def listed(self, window: Window) -> list[tuple[dict[str, Any], dict[str, Any], int]]:
        """Every ``(body, item, index)`` of the window, oldest first; :class:`_Split` when it
        holds more than one query reaches."""
        reach = self.ops.page_size * self.ops.max_pages
        first = self.page(window, 1)
        items, total = _items(first)
        if self.expected is None:
            self.expected = total
        if total is not None and total > reach:
            raise _Split(total)
        found = [(first, item, i) for i, item in enumerate(items)]
        number = 1
        # On while the last page was full, past page 1's total too: a call added meanwhile
        # pushes the rest back, and the last of them onto a page the total did not count.
        while len(items) == self.ops.page_size and number < self.ops.max_pages:
            number += 1
            body = self.page(window, number)
            items, _ = _items(body)
            found += [(body, item, i) for i, item in enumerate(items)]
            if self.on_page is not None:
                self.on_page(len(found))
        if total is None and len(items) == self.ops.page_size and number == self.ops.max_pages:
            raise _Split(reach + 1)  # no total: a full last page may hide more
        return found

    def detail(self, contact_id: str) -> dict[str, Any]:
        body = _raw(
            self.call(self.ops.get_method, contact_id=contact_id, instance_id=self.instance_id)
        )
        if self.transform is not None:
            body = self.transform(self.ops.get_operation, body)
        if not isinstance(body.get("Data"), dict):
            raise _Failed(f"{contact_id}: the answer has no Data object")
        return body

    def window_lines(
        self, window: Window, seen: set[str], first_line: int
    ) -> tuple[list[bytes], int]:
        """The lines of one window's new calls, and how many were listed again."""
        listed = self.listed(window)
        chosen: list[tuple[dict[str, Any], dict[str, Any], int]] = []
        again = 0
        ids: set[str] = set()
        for body, item, index in listed:
            key = item.get(self.ops.id_field)
            if isinstance(key, str) and (key in seen or key in ids):
                again += 1
                continue
            if isinstance(key, str):
                ids.add(key)
            chosen.append((body, item, index))
        if self.details:
            return self._detailed(chosen, first_line), again
        lines: list[bytes] = []
        # Each page is checked once; its items listed twice get no line (None).
        pages: dict[int, tuple[dict[str, Any], dict[int, int]]] = {}
        for body, _item, _index in listed:
            pages.setdefault(id(body), (body, {}))
        for body, item, index in chosen:
            pages[id(body)][1][index] = first_line + len(lines)
            lines.append(_line(item))
        for body, numbers in pages.values():
            size = len(_items(body)[0])
            page_lines = [numbers.get(i) for i in range(size)]
            self.checks.check(self.ops.list_operation, body, "/Data/List/", page_lines)
        return lines, again

    def _detailed(
        self, chosen: list[tuple[dict[str, Any], dict[str, Any], int]], first_line: int
    ) -> list[bytes]:
        ids = [str(item.get(self.ops.id_field, "")) for _body, item, _index in chosen]
        missing = [i for i, key in enumerate(ids) if not key]
        if missing:
            raise _Failed(f"a listed call has no {self.ops.id_field}")
        with ThreadPoolExecutor(max_workers=self.concurrency) as pool:
            futures = [pool.submit(self.detail, key) for key in ids]
            bodies: list[dict[str, Any]] = []
            failed: list[str] = []
            for key, future in zip(ids, futures, strict=True):
                try:
                    bodies.append(future.result())
                except _Failed as exc:
                    failed.append(f"{key}: {exc}")
        if failed:
            more = f" (and {len(failed) - 3} more)" if len(failed) > 3 else ""
            raise _Failed(
                f"{len(failed)} call record(s) could not be fetched: {'; '.join(failed[:3])}{more}"
            )
        lines = []
        for number, body in enumerate(bodies):
            self.checks.check(self.ops.get_operation, body, "/Data", [first_line + number])
            lines.append(_line(body if self.whole else body["Data"]))
        return lines


_UNSPLITTABLE = (
    "{} records in one millisecond: more than one query reaches, and a millisecond cannot be split"
)


def _line(record: Mapping[str, Any]) -> bytes:
    return (dumps_utf8(record, separators=(",", ":")) + "\n").encode("utf-8")


def export_cdrs(
    client: Any,
    *,
    instance_id: str,
    start_ms: int,
    end_ms: int,
    output: str | Path,
    details: bool = False,
    concurrency: int = 8,
    max_rps: float | None = None,
    validate: Validate | None = None,
    failure_types: Sequence[type[BaseException]] = (),
    operations: CdrOperations | None = None,
    progress: Progress | None = None,
    transform: Transform | None = None,
    responses: bool = False,
    transform_identity: str | None = None,
) -> ExportReport:
    """Write every call record of ``instance_id`` whose StartTime lies in ``[start_ms,
    end_ms)`` to ``output``, one JSON object a line (resuming from the checkpoint beside it
    when one is there); see the module's documentation. ``failure_types`` are the client's
    errors that fail a window (the generated package's ``ServiceError``); ``validate`` checks
    each answer (the package's ``validate_response``, strict). ``responses`` (with
    ``details``) writes each call's whole GetCallDetailRecord response as received, which
    ``validate`` and ``redact`` read as they read any capture. ``transform`` rewrites each
    answer before it is checked and written (``--redact``); ``transform_identity`` names it in
    the checkpoint, so that a resumed run with another transform (another redaction key) is
    refused instead of mixing two kinds of lines in one file."""
    if end_ms <= start_ms:
        raise ValueError("the window must end after it starts")
    if concurrency < 1:
        raise ValueError("concurrency must be at least 1")
    if responses and not details:
        raise ValueError("whole responses a line need the details (details=True)")
    ops = operations or CdrOperations()
    target = Path(output)
    identity = {
        "instance_id": instance_id,
        "start": start_ms,
        "end": end_ms,
        "details": details,
        "responses": responses,
        "transformed": transform_identity or (transform is not None),
    }
    check_file = checkpoint_path(target)
    resumed = check_file.exists()
    state = (
        Checkpoint.load(check_file, identity)
        if resumed
        else Checkpoint(identity, [Window(start_ms, end_ms)])
    )
    checks = AnswerChecks(validate, str(target))
    part = PartFile(target, state.offset)
    seen: set[str] = set()
    duplicates = 0
    failures: list[WindowFailure] = []
    try:
        seen.update(k for k in (contact_of(line, ops.id_field) for line in part.lines()) if k)
        run = _Export(
            client,
            instance_id,
            ops,
            details,
            concurrency,
            None if max_rps is None else TokenBucket(max_rps),
            checks,
            transform,
            tuple(failure_types),
        )
        run.whole = responses
        run.expected = state.expected

        def save() -> None:
            # The failed windows stay in the checkpoint's list: a kill at any moment leaves
            # the windows done and the windows left covering the whole window.
            left = state.pending + [f.window for f in failures]
            saved = Checkpoint(
                identity, left, state.offset, state.records, run.expected, state.done
            )
            write_atomically(check_file, saved.to_bytes())

        save()
        if progress is not None:
            progress(state.records, state.expected)
            run.on_page = lambda listed: progress(state.records + listed, run.expected)
        while state.pending:
            window = state.pending.pop()
            try:
                lines, again = run.window_lines(window, seen, state.records + 1)
            except _Split as split:
                if window.splittable:
                    state.pending += list(reversed(window.halves()))  # earlier half next
                else:
                    failures.append(WindowFailure(window, _UNSPLITTABLE.format(split.total)))
                save()
                continue
            except _Failed as exc:
                failures.append(WindowFailure(window, str(exc)))
                save()
                continue
            duplicates += again
            state.offset = part.append(lines)
            state.records += len(lines)
            seen.update(k for k in (contact_of(line, ops.id_field) for line in lines) if k)
            state.done.append((window.start, window.end, len(lines)))
            save()
            if progress is not None:
                progress(state.records, run.expected)
        state.expected = run.expected
        complete = not failures
        if complete:
            part.finish()
            check_file.unlink()
    finally:
        part.close()
    return ExportReport(
        output=target,
        complete=complete,
        records=state.records,
        expected=state.expected,
        resumed=resumed,
        duplicates=duplicates,
        valid=checks.valid,
        invalid=checks.invalid,
        findings=checks.findings,
        drift=checks.drift_entries(),
        failures=failures,
    )
