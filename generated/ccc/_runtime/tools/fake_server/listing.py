# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/listing.py.
# Do not edit by hand: change the original and run `make generate`.
"""A paged listing of stored records, as the real API pages: each record as a listed item
(:func:`project`), filtered by the request's
equality filters and time window (epoch milliseconds; by default from 00:00 today, UTC+8, to
now), newest first unless the order parameter says ``ASC``, ``page_size`` (1 to
``max_page_size``) records a page, at most ``max_pages`` pages reachable, and the total count
real on page 1 only (0 on the others, as CCC documents). Standard library only."""

from __future__ import annotations

import functools
import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from typing import Any

from ...core.collector import collector_paused
from .examples import from_example, set_path
from .operations import FakeOperation, Listing

__all__ = ["ListingIndex", "PageError", "Projection", "list_page", "project"]

_INTEGER = re.compile(r"-?[0-9]{1,18}\Z")
_DAY_MS = 86_400_000
# "Today" as the CCC console has it (China Standard Time): the fake server's own choice, the
# reference does not name the zone of its default window.
_ZONE_OFFSET_MS = 8 * 3_600_000


class PageError(Exception):
    """A paging parameter the real API refuses: its error ``code`` and the message's
    ``%s`` values, in order."""

    def __init__(self, code: str, *values: str) -> None:
        super().__init__(code)
        self.code = code
        self.values = values


def _integer(params: Mapping[str, str], name: str) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    if not _INTEGER.match(value):
        raise PageError("Parameter.Format", name, "")
    return int(value)


def _bounded(params: Mapping[str, str], name: str, high: int) -> int:
    value = _integer(params, name)
    if value is None:
        raise PageError("Parameter.Blank", name)
    if value < 1:
        raise PageError("Parameter.Minimum", name, "1")
    if value > high:
        raise PageError("Parameter.Maximum", name, str(high))
    return value


def _converted(value: Any, kind: str) -> tuple[bool, Any]:
    """``(fits, value)``: ``value`` as a field of JSON ``kind`` wants it."""
    number = isinstance(value, int | float) and not isinstance(value, bool)
    if kind == "any":
        return True, value
    if kind == "string":
        return (True, value) if isinstance(value, str) else (number, str(value))
    if kind == "integer":
        if isinstance(value, int) and not isinstance(value, bool):
            return True, value
        return (
            (True, int(value))
            if isinstance(value, str) and _INTEGER.match(value)
            else (False, None)
        )
    if kind == "number":
        return number, value
    expected = {"boolean": bool, "object": dict, "array": list}.get(kind)
    return (expected is not None and isinstance(value, expected)), value


def _spelled(value: str) -> str:
    return value.replace("_", "").lower()


@functools.lru_cache(maxsize=256)
def _spellings(known: tuple[str, ...]) -> dict[str, str]:
    """Each value of ``known`` by its spelling (:func:`_spelled`), the first one for a
    spelling several share."""
    spellings: dict[str, str] = {}
    for value in known:
        spellings.setdefault(_spelled(value), value)
    return spellings


def project(
    record: Mapping[str, Any],
    fields: Mapping[str, str],
    enums: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """``record`` as a listed item: the item's fields only, converted where the kinds differ
    (a CDR's integer ``CallDuration`` is a string in ListCallDetailRecords), and an enum value
    the item does not know given in the item's spelling of it (a CDR's ``OUTBOUND`` is
    ``Outbound`` in the listing)."""
    item: dict[str, Any] = {}
    for name, kind in fields.items():
        if name in record and record[name] is not None:
            fits, value = _converted(record[name], kind)
            known = (enums or {}).get(name)
            if fits and known and isinstance(value, str) and value not in known:
                value = _spellings(tuple(known)).get(_spelled(value), value)
            if fits:
                item[name] = value
    return item


class Projection:
    """:func:`project` with ``fields`` and ``enums`` fixed: what it needs of them (each
    field's known values as a set, their spellings) is worked out once, not once a record."""

    def __init__(
        self, fields: Mapping[str, str], enums: Mapping[str, Sequence[str]] | None = None
    ) -> None:
        self._plan: list[tuple[str, str, frozenset[str], dict[str, str]]] = []
        for name, kind in fields.items():
            known = tuple((enums or {}).get(name) or ())
            self._plan.append((name, kind, frozenset(known), _spellings(known)))

    def __call__(self, record: Mapping[str, Any]) -> dict[str, Any]:
        item: dict[str, Any] = {}
        for name, kind, known, spellings in self._plan:
            value = record.get(name)
            if value is None:
                continue
            if kind == "any" or (kind == "string" and isinstance(value, str)):
                fits = True
            else:
                fits, value = _converted(value, kind)
            if fits:
                if known and isinstance(value, str) and value not in known:
                    value = spellings.get(_spelled(value), value)
                item[name] = value
        return item


def _moment(record: Mapping[str, Any], field: str) -> int | None:
    value = record.get(field)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.match(value):
        return int(value)
    return None


class ListingIndex:
    """The records as listed items (insertion order), and those with a moment sorted by it
    (ties in insertion order): built once per change of the store, so a page costs a bisection
    and the window's filtering, not a projection of every record. The last few selections
    (window, filters, order) are kept too: the pages of one query filter and sort once."""

    _KEPT_SELECTIONS = 8

    def __init__(self, listing: Listing, records: Iterable[Mapping[str, Any]]) -> None:
        projection = Projection(listing.fields, listing.enums)
        # An item per record (50,000: as many new dicts and pairs) beside a heap that holds
        # the records: with the collector on, the collections the allocations set off walk
        # that heap again and again (3.4 s of a 3.8 s build). The items form no cycles.
        with collector_paused():
            self.items = [projection(r) for r in records]
            timed: list[tuple[int, Mapping[str, Any]]] = []
            if listing.window is not None:
                field = listing.window.field
                timed = [(m, r) for r in self.items if (m := _moment(r, field)) is not None]
                timed.sort(key=lambda pair: pair[0])
            self.moments = [m for m, _r in timed]
            self.timed = [r for _m, r in timed]
        self._selections: dict[Hashable, list[Mapping[str, Any]]] = {}
        self._lock = threading.Lock()

    def selection(
        self, key: Hashable, select: Callable[[], list[Mapping[str, Any]]]
    ) -> list[Mapping[str, Any]]:
        """``select()``, kept under ``key`` (the caller must not change the list)."""
        with self._lock:
            chosen = self._selections.get(key)
        if chosen is None:
            chosen = select()
            with self._lock:
                while len(self._selections) >= self._KEPT_SELECTIONS:
                    del self._selections[next(iter(self._selections))]
                self._selections[key] = chosen
        return chosen


def _selected(
    listing: Listing, index: ListingIndex, params: Mapping[str, str], now_ms: int
) -> list[Mapping[str, Any]]:
    wanted = {f: params[p] for p, f in listing.filters.items() if params.get(p, "").strip()}

    def kept(records: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return [r for r in records if all(str(r.get(f, "")) == v for f, v in wanted.items())]

    window = listing.window
    filters = tuple(wanted.items())
    if window is None:
        return index.selection((filters,), lambda: kept(index.items))
    start = _integer(params, window.start)
    end = _integer(params, window.end)
    if start is None:
        start = (now_ms + _ZONE_OFFSET_MS) // _DAY_MS * _DAY_MS - _ZONE_OFFSET_MS
    if end is None:
        end = now_ms
    ascending = listing.order is not None and params.get(listing.order, "").upper() == "ASC"
    # Both ends included, as the API documents StartTime and EndTime.
    low, high = bisect_left(index.moments, start), bisect_right(index.moments, end)

    def select() -> list[Mapping[str, Any]]:
        chosen = kept(index.timed[low:high])
        if not ascending:  # newest first; a stable sort keeps ties in the order they were given
            chosen.sort(key=lambda r: _moment(r, window.field) or 0, reverse=True)
        return chosen

    return index.selection((filters, low, high, ascending), select)


def list_page(
    op: FakeOperation,
    index: ListingIndex,
    params: Mapping[str, str],
    request_id: str,
    clock: Callable[[], float],
) -> dict[str, Any]:
    """The success body of ``op``'s listing for ``params``; a bad page raises :class:`PageError`."""
    listing = op.listing
    assert listing is not None
    number = _bounded(params, listing.page_number, listing.max_pages)
    size = _bounded(params, listing.page_size, listing.max_page_size)
    selected = _selected(listing, index, params, int(clock() * 1000))
    page = selected[(number - 1) * size : number * size]
    body = from_example(op, params, request_id)
    set_path(body, listing.items, page)
    parent = listing.items[:-1]
    for name, value in ((listing.page_number, number), (listing.page_size, size)):
        holder: Any = body
        for key in parent:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and name in holder:
            holder[name] = value
    if listing.total is not None:
        set_path(body, listing.total, len(selected) if number == 1 else 0)
    return body
