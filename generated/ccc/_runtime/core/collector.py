# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/collector.py.
# Do not edit by hand: change the original and run `make generate`.
"""The cyclic garbage collector, paused while a block builds many objects that form no cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic collection inside the block; on again after it, if it was on before.

    While a heap grows by many live containers (50,000 synthetic records, the ASTs of a whole
    generated package), every collection the allocations set off rescans everything made so
    far: half or more of the block's CPU. What the block frees is freed by reference counting
    as ever; only cycles wait for the next collection. Another thread pausing the collector
    meanwhile only makes that thread's pause shorter.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
