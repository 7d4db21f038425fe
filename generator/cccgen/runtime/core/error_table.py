"""One service's error classes: the class per error code, and its own subclass of each generic
class, so that what the runtime raises is the service's.

The runtime does not vary with the spec, so it raises the generic classes of :mod:`.errors`
(``ConnectError``, ``ConfigurationError``, ...). The generated ``errors`` module defines, for
each, a subclass under the service's root (``ccc.ConnectError(ccc.TransportError,
errors.ConnectError)``, ``ccc.TransportError(ccc.CCCError, ...)``) and hands the pairs to an
:class:`ErrorTable`. The client runs its work inside :meth:`ErrorTable.rehoming`, which turns
a generic error into the service's subclass of the same name: the very same object, re-typed,
so its attributes, cause and traceback stay. The subclasses add no state, so the switch is
safe; ``except ccc.CCCError`` then catches every failure of the ccc client.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar, cast

from .errors import ApiError, ServiceError

E = TypeVar("E", bound=ServiceError)


class ErrorTable(Mapping[str, type[ApiError]]):
    """The exception class for each error code (a read-only mapping), plus the service's
    subclass of each generic class (``service_classes``: generic class -> service class)."""

    def __init__(
        self,
        by_code: Mapping[str, type[ApiError]],
        service_classes: Mapping[type[ServiceError], type[ServiceError]],
    ) -> None:
        for generic, own in service_classes.items():
            if not issubclass(own, generic) or own.__dict__.get("__slots__"):
                raise TypeError(f"{own.__name__} must subclass {generic.__name__}, adding no slots")
        self._by_code = dict(by_code)
        self._service = dict(service_classes)

    def __getitem__(self, code: str) -> type[ApiError]:
        return self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __repr__(self) -> str:
        return f"ErrorTable({self._by_code!r})"

    def service_class(self, generic: type[E]) -> type[E]:
        """The service's subclass of ``generic`` (``generic`` itself when it has none)."""
        return cast("type[E]", self._service.get(generic, generic))

    def rehome(self, error: ServiceError) -> None:
        """Re-type a generic error as the service's subclass of the same name, in place."""
        own = self._service.get(type(error))
        if own is not None:
            error.__class__ = own

    @contextmanager
    def rehoming(self) -> Iterator[None]:
        """Run a block whose generic errors leave it as the service's own classes."""
        try:
            yield
        except ServiceError as error:
            self.rehome(error)
            raise


def service_class(table: Mapping[str, type[ApiError]], generic: type[E]) -> type[E]:
    """``generic``, or the service's subclass of it when ``table`` is an :class:`ErrorTable`."""
    return table.service_class(generic) if isinstance(table, ErrorTable) else generic


def rehoming(table: Mapping[str, type[ApiError]]) -> ErrorTable:
    """``table`` as an :class:`ErrorTable` (a plain mapping gets no service classes)."""
    return table if isinstance(table, ErrorTable) else ErrorTable(table, {})


__all__ = ["ErrorTable", "rehoming", "service_class"]
