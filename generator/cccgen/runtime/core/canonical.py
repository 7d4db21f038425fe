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

# (encode, separator between items, separator between a name and its value)
_Layout = tuple[Callable[[object], str], str, str]


def _layout(items: str, names: str, ascii_only: bool) -> _Layout:
    encoder = json.JSONEncoder(
        ensure_ascii=ascii_only, separators=(items, names), check_circular=False, allow_nan=False
    )
    return encoder.encode, items, names


_COMPACT = (_layout(",", ":", False), _layout(",", ":", True))
_SPACED = (_layout(", ", ": ", False), _layout(", ", ": ", True))


class Canonical:
    """Offsets in `text` read through `payload` (what `text` parses to), starting at `root`
    (the offset of the value). `of(text, root, payload)` is None unless the text is the payload
    encoded in a known layout."""

    def __init__(self, payload: object, root: int, layout: _Layout) -> None:
        self.payload = payload
        self.root = root
        self.encode, self.items, self.names = layout

    @classmethod
    def of(cls, text: str, root: int, payload: object) -> Canonical | None:
        # An ASCII text has every other character escaped; the likelier layout is tried first.
        ascii_only = 1 if text.isascii() else 0
        order = (_SPACED, _COMPACT) if '": ' in text else (_COMPACT, _SPACED)
        for layouts in order:
            layout = layouts[ascii_only]
            try:
                encoded = layout[0](payload)
            except (ValueError, TypeError, RecursionError):  # an int too long to write
                return None
            if text.startswith(encoded, root) and not text[root + len(encoded) :].strip(" \t\r\n"):
                return cls(payload, root, layout)
        return None

    def locate(self, segments: list[str], member: str | None) -> int:
        """The offset `jsontext.Locator.locate` gives for these (unescaped) pointer segments:
        of the value, or of the member's name with `member`; of the deepest value reached when
        the pointer leaves the payload."""
        if member is not None:
            segments = [*segments, member]
        value, at = self.payload, self.root
        last = len(segments) - 1
        for position, segment in enumerate(segments):
            if type(value) is dict:
                if segment not in value:
                    return at
                index = list(value).index(segment)
                start = self._start(at, dict(islice(value.items(), index)), index)
                if member is not None and position == last:
                    return start
                at = start + len(self.encode(segment)) + len(self.names)
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
        return at + len(self.encode(before)) - 1 + len(self.items)
