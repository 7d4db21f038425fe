# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/pagination.py.
# Do not edit by hand: change the original and run `make generate`.
"""Walk every page of a paged operation (``PageNumber`` / ``PageSize``), sync and async.

``client.iter_<operation>(...)`` returns a pager: iterating it yields the items of every page
in order; ``.pages()`` yields each :class:`Page` (items, number, the page-1 total and the whole
:class:`~.responses.ApiResponse`). Pages are fetched lazily, one request per page, as the
caller asks for more; iterating the pager again starts again from page 1.

The API's paging rules, which the walk follows:

- ``TotalCount`` is only real on page 1 (later pages may carry 0 or anything): it is read
  there and nowhere else.
- A page shorter than the page size is the last; so is the page that brings the count of
  items to page 1's total.
- One query reaches at most ``max_pages`` pages (100 pages of at most 100 items). When page
  1's total shows the query holds more than that, the walk raises :class:`PageLimitError`
  before yielding anything, rather than silently returning a truncated list: narrow the
  query (a shorter time window, a filter) until it fits. Without a total, a full last
  reachable page raises the same error when the caller asks for more.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from .error_table import ErrorTable
from .errors import ConfigurationError, InvalidResponseError, PageLimitError
from .responses import ApiResponse

T = TypeVar("T")

FetchPage = Callable[[int, int], ApiResponse[Any]]
AsyncFetchPage = Callable[[int, int], Awaitable[ApiResponse[Any]]]


@dataclass(frozen=True)
class Paging:
    """Where an operation's paging lives (wire names; paths into the success response)."""

    operation: str
    page_number: str = "PageNumber"
    page_size: str = "PageSize"
    items: tuple[str, ...] = ("Data", "List")
    total: tuple[str, ...] | None = ("Data", "TotalCount")
    max_page_size: int = 100
    max_pages: int = 100


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page: its ``number`` (from 1), its ``items``, ``total`` (page 1's ``TotalCount``,
    the same on every page; ``None`` when the answer had none) and the whole ``response``."""

    number: int
    items: list[T]
    total: int | None
    response: ApiResponse[Any]


def _member(node: object, wire_name: str) -> object:
    """The value under ``wire_name`` in a model (by alias) or, leniently built, a dict."""
    if isinstance(node, BaseModel):
        for name, info in type(node).model_fields.items():
            if (info.alias or name) == wire_name:
                return getattr(node, name, None)
        extra = node.model_extra or {}
        return extra.get(wire_name)
    if isinstance(node, Mapping):
        return node.get(wire_name)
    return None


def _items(paging: Paging, response: ApiResponse[Any], number: int) -> list[Any]:
    node: object = response.data
    for wire_name in paging.items:
        node = _member(node, wire_name)
        if node is None:
            return []
    if not isinstance(node, list):
        raise InvalidResponseError(
            f"{paging.operation}: page {number} has no list at {'.'.join(paging.items)}",
            http_status=response.status_code,
            request_id=response.request_id,
            content=response.content,
        )
    return node


def _total(paging: Paging, response: ApiResponse[Any]) -> int | None:
    if paging.total is None:
        return None
    node: object = response.payload
    for wire_name in paging.total:
        node = node.get(wire_name) if isinstance(node, Mapping) else None
    return node if isinstance(node, int) and not isinstance(node, bool) and node >= 0 else None


class _Walk:
    """The bookkeeping of one walk, shared by the sync and async pagers."""

    def __init__(self, paging: Paging, page_size: int, errors: ErrorTable) -> None:
        self.paging = paging
        self.page_size = page_size
        self.errors = errors
        self.number = 0
        self.seen = 0
        self.total: int | None = None
        self.done = False

    def next_number(self) -> int:
        """The page to fetch next; PageLimitError when it lies past the reachable pages."""
        self.number += 1
        if self.number > self.paging.max_pages:
            raise self._limit(None)
        return self.number

    def _limit(self, total: int | None) -> PageLimitError:
        cls = self.errors.service_class(PageLimitError)
        return cls(
            self.paging.operation,
            total=total,
            reachable=self.paging.max_pages * self.page_size,
        )

    def take(self, response: ApiResponse[Any]) -> Page[Any]:
        items = _items(self.paging, response, self.number)
        if self.number == 1:
            self.total = _total(self.paging, response)
            reachable = self.paging.max_pages * self.page_size
            if self.total is not None and self.total > reachable:
                raise self._limit(self.total)
        self.seen += len(items)
        short = len(items) < self.page_size
        self.done = short or (self.total is not None and self.seen >= self.total)
        return Page(self.number, items, self.total, response)


def _check_page_size(paging: Paging, page_size: int | None) -> int:
    if page_size is None:
        return paging.max_page_size
    if (
        isinstance(page_size, bool)
        or not isinstance(page_size, int)
        or not 1 <= page_size <= paging.max_page_size
    ):
        raise ConfigurationError(
            f"{paging.page_size} must be an integer from 1 to {paging.max_page_size}, "
            f"not {page_size!r}"
        )
    return page_size


F = TypeVar("F", FetchPage, AsyncFetchPage)


class _Pager(Generic[F]):
    def __init__(
        self,
        fetch: F,
        paging: Paging,
        *,
        page_size: int | None = None,
        errors: ErrorTable | None = None,
    ) -> None:
        """``fetch(page_number, page_size)`` gets one page; ``page_size`` defaults to the
        largest the operation allows; ``errors`` rehomes the errors raised here."""
        self._errors = errors if errors is not None else ErrorTable({}, {})
        with self._errors.rehoming():
            self.page_size = _check_page_size(paging, page_size)
        self._fetch: F = fetch
        self._paging = paging

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._paging.operation}, page_size={self.page_size})"


class SyncPager(_Pager[FetchPage], Generic[T]):
    """Iterate for the items of every page; :meth:`pages` for the pages themselves."""

    def pages(self) -> Iterator[Page[T]]:
        """Each page in turn, from page 1, fetched as the caller asks for it."""
        walk = _Walk(self._paging, self.page_size, self._errors)
        while not walk.done:
            with self._errors.rehoming():
                number = walk.next_number()
                page = walk.take(self._fetch(number, self.page_size))
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.pages():
            yield from page.items


class AsyncPager(_Pager[AsyncFetchPage], Generic[T]):
    """``async for`` the items of every page; :meth:`pages` for the pages themselves."""

    async def pages(self) -> AsyncIterator[Page[T]]:
        """Each page in turn, from page 1, fetched as the caller asks for it."""
        walk = _Walk(self._paging, self.page_size, self._errors)
        while not walk.done:
            with self._errors.rehoming():
                number = walk.next_number()
                page = walk.take(await self._fetch(number, self.page_size))
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.pages():
            for item in page.items:
                yield item


__all__ = ["AsyncPager", "Page", "PageLimitError", "Paging", "SyncPager"]
