# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/export/windows.py.
# Do not edit by hand: change the original and run `make generate`.
"""Time windows of an export: half-open ``[start, end)`` in epoch milliseconds, split in halves
until each holds no more than one query reaches. Standard library only.

The API's ``StartTime``..``EndTime`` includes both ends, so a window ``[start, end)`` is asked
as ``StartTime=start, EndTime=end - 1``: two neighbouring windows share no millisecond, and
none falls between them.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Window"]


class Window(NamedTuple):
    start: int
    end: int  # excluded

    @property
    def last(self) -> int:
        """The last millisecond inside the window (the API's ``EndTime``)."""
        return self.end - 1

    @property
    def splittable(self) -> bool:
        return self.end - self.start > 1

    def halves(self) -> tuple[Window, Window]:
        """The two halves ``[start, mid)`` and ``[mid, end)``; only when :attr:`splittable`."""
        middle = self.start + (self.end - self.start) // 2
        return Window(self.start, middle), Window(middle, self.end)
