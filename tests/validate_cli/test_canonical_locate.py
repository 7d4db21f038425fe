"""Locating a JSON Pointer through the payload (`canonical`) gives the scanning locator's offsets,
on texts in the layouts it reads and on any other text (where it steps aside)."""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from cccgen.runtime.core.canonical import Canonical
from cccgen.runtime.core.jsontext import Locator, parse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

names = st.text(st.characters(codec="utf-8"), max_size=6)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | names
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(names, inner, max_size=4),
    max_leaves=20,
)
LAYOUTS: list[dict[str, Any]] = [
    {"separators": (",", ":"), "ensure_ascii": False},
    {"separators": (",", ":"), "ensure_ascii": True},
    {"separators": (", ", ": "), "ensure_ascii": False},
    {},  # Python's default
    {"indent": 2},  # not a layout it reads: the scanner decides
]


def pointers(value: Any, path: str = "") -> list[tuple[str, str | None]]:
    """Every pointer into `value` (with each member name), and some that leave it."""
    found: list[tuple[str, str | None]] = [(path, None), (path + "/missing", None)]
    if isinstance(value, dict):
        for key, item in value.items():
            escaped = key.replace("~", "~0").replace("/", "~1")
            found.append((path, key))
            found += pointers(item, f"{path}/{escaped}")
        found.append((path, "no such member"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += pointers(item, f"{path}/{index}")
        found += [(f"{path}/{len(value)}", None), (f"{path}/01", None), (f"{path}/-1", None)]
    return found


def both(text: str) -> tuple[Locator, Locator]:
    return Locator(text), Locator(text, parse(text))


@contextlib.contextmanager
def msgspec_installed(installed: bool) -> Iterator[None]:
    """As where msgspec is installed (it measures compact texts), or not (its import fails)."""
    saved = sys.modules.get("msgspec")
    if not installed:
        sys.modules["msgspec"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["msgspec"] = saved


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=values,
    layout=st.sampled_from(LAYOUTS),
    tail=st.sampled_from(["", "\n", " \r\n"]),
    installed=st.booleans(),
)
def test_offsets_through_the_payload_are_the_scanners(
    value: Any, layout: dict[str, Any], tail: str, installed: bool
) -> None:
    text = json.dumps(value, **layout) + tail
    with msgspec_installed(installed):
        scanning, through = both(text)
        for pointer, member in pointers(value):
            found = through.locate(pointer, member=member)
            assert found == scanning.locate(pointer, member=member)


@pytest.mark.parametrize("installed", [True, False])
def test_one_line_captures_are_not_scanned(installed: bool) -> None:
    payload = {"RequestId": "r", "Data": {"ü": [1, {"Type": "VIDEO"}], "n": 1.5}}
    for layout in LAYOUTS[:4]:
        text = json.dumps(payload, **layout) + "\n"
        with msgspec_installed(installed):
            _, through = both(text)
            assert through.locate("/Data/ü/1/Type") == text.index('"VIDEO"')
            assert through.locate("/Data", member="n") == text.index('"n"')
        assert through.canonical is not None
        assert not through._members  # nothing was scanned


def test_other_texts_are_scanned() -> None:
    for text in [
        '{"a": 1,  "b": 2}',  # irregular spacing
        '{"a": 1, "a": 2}',  # a duplicate name: the payload keeps one
        '{"a": 1e3}',  # a number written otherwise
        '{"a": "\\u00e9", "b": "é"}',  # escaped and not
        '{\n  "a": 1\n}',  # indented
    ]:
        payload = parse(text)
        assert Canonical.of(text, 0, payload) is None, text
        scanning, through = both(text)
        assert through.locate("/a") == scanning.locate("/a")


@pytest.mark.parametrize("layout", [(",", ":"), (", ", ": ")], ids=["compact", "spaced"])
def test_a_wide_container_is_located_as_the_scanner_does(layout: tuple[str, str]) -> None:
    """Past `WIDE` members the locator scans (linear) instead of measuring the members before
    each issue (the square of the container's size); offsets are the same either way."""
    payload = {"Data": {f"Extra{i}": [i, {"x": i}] for i in range(300)}, "List": list(range(300))}
    text = json.dumps(payload, separators=layout)
    scanning, reading = Locator(text), Locator(text, parse(text))
    for i in (0, 1, 150, 299):
        assert reading.locate("/Data", member=f"Extra{i}") == scanning.locate(
            "/Data", member=f"Extra{i}"
        )
        assert reading.locate(f"/Data/Extra{i}/1/x") == scanning.locate(f"/Data/Extra{i}/1/x")
        assert reading.locate(f"/List/{i}") == scanning.locate(f"/List/{i}")
