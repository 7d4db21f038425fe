"""Garbage collection while fixtures build what whole modules or the whole run keep.

Some fixtures build millions of objects that live on: the parsed modules of the whole API's
generated tree, the loaded spec, its model. While such a heap grows, CPython's collector runs
full collections again and again, each walking everything built so far (7 s of a 14 s fixture
set-up in tests/generated_quality), and every full collection later in the run walks it again.

So: no automatic collection while a module- or session-scoped fixture is set up (nothing it
builds is garbage worth finding then), and what a session fixture built is moved out of the
collector's sight afterwards (`gc.freeze`, after one collection so that no garbage is frozen
with it): it lives until the run ends anyway. Tests themselves run with the collector as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Generator
from typing import Any

import pytest

_WIDE = ("module", "package", "session")


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[Any]) -> Generator[None, Any, Any]:
    """Pauses the collector while a module or session fixture is set up (see the module)."""
    if fixturedef.scope not in _WIDE or not gc.isenabled():
        return (yield)  # a narrow fixture, or one set up inside a paused one
    gc.disable()
    try:
        return (yield)
    finally:
        gc.enable()
        if fixturedef.scope == "session":
            gc.collect()
            gc.freeze()


def pytest_collection_finish() -> None:
    """What collection built (test modules, items, strategies) lives until the run ends."""
    gc.collect()
    gc.freeze()
