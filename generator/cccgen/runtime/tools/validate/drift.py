"""The drift summary's collector: every distinct unknown field and enum value, counted.

Memory stays bounded: `DRIFT_LIMIT` kinds are listed, more are only counted (up to
`DROPPED_LIMIT`). Worker processes collect their own and the main process merges them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .reports import DROPPED_LIMIT, DriftEntry, DriftKind

__all__ = ["DRIFT_LIMIT", "DriftCollector"]

DRIFT_LIMIT = 1000  # distinct drift kinds kept for the summary


@dataclass(slots=True)
class DriftCollector:
    entries: dict[tuple[object, ...], DriftEntry] = field(default_factory=dict)
    dropped: set[tuple[object, ...]] = field(default_factory=set)

    def add(
        self,
        kind: DriftKind,
        operation: str | None,
        path: str,
        value: object,
        where: tuple[str, int, int],
    ) -> None:
        try:
            key: tuple[object, ...] = (kind, operation, path, type(value).__name__, value)
            hash(key)
        except TypeError:
            key = (kind, operation, path, type(value).__name__, repr(value)[:1000])
        entry = self.entries.get(key)
        if entry is not None:
            entry.count += 1
            return
        if len(self.entries) >= DRIFT_LIMIT:
            if len(self.dropped) < DROPPED_LIMIT:  # counted up to a point: memory stays bounded
                self.dropped.add(key)
            return
        file, line, column = where
        self.entries[key] = DriftEntry(kind, operation, path, value, 1, file, line, column)

    def merge(self, other: DriftCollector) -> None:
        for key, entry in other.entries.items():
            mine = self.entries.get(key)
            if mine is not None:
                mine.count += entry.count
            elif len(self.entries) < DRIFT_LIMIT:
                self.entries[key] = entry
            elif len(self.dropped) < DROPPED_LIMIT:
                self.dropped.add(key)
        for key in other.dropped:
            if len(self.dropped) >= DROPPED_LIMIT:
                break
            self.dropped.add(key)
