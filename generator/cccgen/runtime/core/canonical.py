"""Where a JSON Pointer sits in a text that is its payload encoded again, without scanning it.

Most captures come out of a JSON encoder in one of two one-line layouts: compact
(`{"a":1,"b":[2]}`, what JSON Lines writers use) or Python's default (`{"a": 1, "b": [2]}`).
When a text is exactly its parsed payload encoded in one of them (character for character,
whitespace after it aside), a member's offset is the length of the encoded members before it:
one call of the C encoder per step of the pointer, instead of the scanning locator's pass over
every member of every container on the way, which is most of the cost of reporting an invalid
response. Any other text (indented, escaped otherwise, with duplicate names, numbers written
another way) gives None here, and the scanning locator (`jsontext.Locator`) decides.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from itertools import islice

__all__ = ["Canonical"]

# (length in characters of a value's encoding, separator between items, separator between a
# name and its value)
_Layout = tuple[Callable[[object], int], str, str]


def _layout(items: str, names: str, ascii_only: bool) -> tuple[Callable[[object], str], _Layout]:
    encode = json.JSONEncoder(
        ensure_ascii=ascii_only, separators=(items, names), check_circular=False, allow_nan=False
    ).encode
    return encode, (lambda value: len(encode(value)), items, names)


_COMPACT = (_layout(",", ":", False), _layout(",", ":", True))
_SPACED = (_layout(", ", ": ", False), _layout(", ", ": ", True))


def _compact_bytes(text: str, root: int, payload: object) -> _Layout | None:
    """The compact layout measured by msgspec's encoder (where installed: `fast_json`), a tenth
    of the standard library's time, when the text is exactly what it writes; else None."""
    from .fast_json import compact_encoder  # not at import: fast_json imports jsontext

    encode = compact_encoder()
    if encode is None:
        return None
    try:
        encoded, raw = encode(payload), text.encode("utf-8")
    except Exception:  # noqa: BLE001 - a value it cannot write, a lone surrogate: not this way
        return None
    if not raw.startswith(encoded, root) or raw[root + len(encoded) :].strip(b" \t\r\n"):
        return None
    if text.isascii():
        return lambda value: len(encode(value)), ",", ":"
    return lambda value: len(str(encode(value), "utf-8")), ",", ":"


WIDE = 64  # members of one container, past which the scanning locator is cheaper


class Canonical:
    """Offsets in `text` read through `payload` (what `text` parses to), starting at `root`
    (the offset of the value). `of(text, root, payload)` is None unless the text is the payload
    encoded in a known layout."""

    def __init__(self, payload: object, root: int, layout: _Layout) -> None:
        self.payload = payload
        self.root = root
        self.measure, self.items, self.names = layout

    @classmethod
    def of(cls, text: str, root: int, payload: object) -> Canonical | None:
        if "\n" in text[root:].rstrip(" \t\r\n"):  # both layouts are one line: JSON escapes \n
            return None
        spaced = '": ' in text
        if not spaced:
            layout = _compact_bytes(text, root, payload)
            if layout is not None:
                return cls(payload, root, layout)
        # An ASCII text has every other character escaped; the likelier layout is tried first.
        ascii_only = 1 if text.isascii() else 0
        for layouts in (_SPACED, _COMPACT) if spaced else (_COMPACT, _SPACED):
            encode, layout = layouts[ascii_only]
            try:
                encoded = encode(payload)
            except (ValueError, TypeError, RecursionError):  # an int too long to write
                return None
            if text.startswith(encoded, root) and not text[root + len(encoded) :].strip(" \t\r\n"):
                return cls(payload, root, layout)
        return None

    def locate(self, segments: list[str], member: str | None) -> int | None:
        """The offset `jsontext.Locator.locate` gives for these (unescaped) pointer segments:
        of the value, or of the member's name with `member`; of the deepest value reached when
        the pointer leaves the payload. None inside a container of more than `WIDE` members:
        measuring its members before each issue would cost the square of its size, where the
        scanning locator indexes them once."""
        if member is not None:
            segments = [*segments, member]
        value, at = self.payload, self.root
        last = len(segments) - 1
        for position, segment in enumerate(segments):
            if type(value) in (dict, list) and len(value) > WIDE:  # type: ignore[arg-type]
                return None
            if type(value) is dict:
                if segment not in value:
                    return at
                index = list(value).index(segment)
                start = self._start(at, dict(islice(value.items(), index)), index)
                if member is not None and position == last:
                    return start
                at = start + self.measure(segment) + len(self.names)
                value = value[segment]
            elif type(value) is list:
                if not segment.isdigit() or str(int(segment)) != segment:
                    return at
                index = int(segment)
                if index >= len(value):
                    return at
                at = self._start(at, value[:index], index)
                value = value[index]
            else:  # a scalar: nothing to enter
                return at
        return at

    def _start(self, at: int, before: object, index: int) -> int:
        """Where item `index` of the container at `at` starts, `before` being its items before."""
        if index == 0:
            return at + 1
        return at + self.measure(before) - 1 + len(self.items)
