"""Strict JSON text: parse with located errors, and find where a JSON Pointer sits in the text.

`parse` accepts exactly RFC 8259 JSON: no NaN or Infinity (Python's `json` allows them), no
byte order mark, no nesting deeper than `NESTING_LIMIT`. Every way it can fail is turned into a
`JsonTextError` carrying the character offset of the problem and a message that reads as a
sentence, so callers can report a line and a column instead of a traceback: syntax errors,
NaN/Infinity, nesting too deep, numbers too long to convert.

`locate` is only used for payloads that failed validation: it walks the original text along a
JSON Pointer (skipping the values it does not enter with the C decoder) and returns the offset of
the value, or of the member's name, so an issue can be reported at its real line and column.
"""

from __future__ import annotations

import contextlib
import json
import re
import sys
from collections.abc import Callable
from itertools import accumulate

from .canonical import Canonical

__all__ = [
    "NESTING_LIMIT",
    "JsonTextError",
    "Locator",
    "check_nesting",
    "line_column",
    "locate",
    "parse",
    "parse_value",
]

# The deepest nesting of arrays and objects a document may have (the README states it). The C
# parser would go on to near `sys.getrecursionlimit()` (1000 by default), less whatever stack
# its caller uses: a fixed limit well under that holds the same way everywhere.
NESTING_LIMIT = 500


class JsonTextError(Exception):
    """The text is not JSON. `offset` is a character offset into the text that was parsed."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset


class _ConstantFound(Exception):
    """Raised from inside the decoder when it meets NaN, Infinity or -Infinity."""


def _reject_constant(name: str) -> object:
    raise _ConstantFound(name)


_DECODER = json.JSONDecoder(parse_constant=_reject_constant)
_PLAIN = json.JSONDecoder()
_WHITESPACE = re.compile(r"[ \t\n\r]*")
# A JSON string literal, or one of the tokens we look for outside strings.
_STRING = r'"(?:[^"\\]|\\.)*"'
_CONSTANTS = re.compile(_STRING + r"|(-?Infinity|NaN)", re.DOTALL)
_BRACKETS = re.compile(_STRING + r"|([\[{])|([\]}])", re.DOTALL)


# The C scanner: one value from an offset, no whitespace around (not in the type stubs).
_SCAN: Callable[[str, int], tuple[object, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_SPACE = " \t\n\r"


def parse(text: str) -> object:
    """The JSON value in `text`, or `JsonTextError` saying what is wrong and where."""
    value = parse_value(text)
    check_nesting(text)
    return value


def parse_value(text: str) -> object:
    """`parse` but for the nesting limit, which `check_nesting` holds the text to: for a caller
    that knows the value cannot nest that deep when it is valid (measuring costs about a tenth
    of the parse)."""
    try:
        # The common case straight from the C scanner (the decoder's whitespace steps cost a
        # tenth of the parse); anything else, errors included, goes the decoder's way.
        value, end = _SCAN(text, 0)
        if end != len(text) and text[end:].strip(_SPACE):
            raise ValueError("extra data")
    except Exception:  # noqa: BLE001 - the full parse below says what is wrong
        value = _parse(text)
    return value


def check_nesting(text: str) -> None:
    """`JsonTextError` when the JSON text nests deeper than NESTING_LIMIT."""
    # The parser itself goes deeper than the stated limit: hold every input to the limit. Going
    # deeper takes more than 2 * NESTING_LIMIT brackets; counting them costs about a tenth
    # of the parse, and only a text with enough of them is measured properly.
    if (
        len(text) > 2 * NESTING_LIMIT
        and text.count("[") + text.count("{") > NESTING_LIMIT
        and _depth(text) > NESTING_LIMIT
    ):
        raise _too_deep(text)


def _parse(text: str) -> object:
    try:
        return _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonTextError(*_syntax_error(text, exc.msg, exc.pos)) from None
    except _ConstantFound as exc:
        offset = _first_group(_CONSTANTS, text, 1)
        raise JsonTextError(
            f"{exc.args[0]} is not valid JSON (only finite numbers are)", offset
        ) from None
    except RecursionError:
        raise _too_deep(text) from None
    except ValueError:  # an integer with more digits than Python converts
        digits = sys.get_int_max_str_digits() or 4300
        long_number = re.compile(_STRING + r"|(-?\d{" + str(digits + 1) + ",})", re.DOTALL)
        match = next((m for m in long_number.finditer(text) if m.group(1) is not None), None)
        offset = match.start(1) if match else 0
        length = len(match.group(1).lstrip("-")) if match else digits + 1
        raise JsonTextError(
            f"a number of {length} digits is too long to read (the limit is {digits})", offset
        ) from None


# The decoder's messages (which end in a dangling "at", the offset once following them),
# as sentences.
_MESSAGES = {
    "Expecting value": "expected a JSON value",
    "Expecting property name enclosed in double quotes": "expected a property name in double quotes",
    "Expecting ':' delimiter": "expected ':' after the property name",
    "Expecting ',' delimiter": "expected ',' or a closing bracket",
    "Invalid \\uXXXX escape": "invalid \\u escape in a string: \\u takes four hexadecimal digits",
    "Illegal trailing comma before end of object": "a comma before the end of an object",
    "Illegal trailing comma before end of array": "a comma before the end of an array",
}
_TRUNCATED = ": the input ends here (truncated?)"
_UNTERMINATED = "unterminated string: the input ends before its closing quote (truncated?)"


def _syntax_error(text: str, raw: str, offset: int) -> tuple[str, int]:
    """A sentence for the decoder's message `raw` at `offset`, and where to report it."""
    if raw.startswith("Illegal trailing comma"):
        # Python 3.13 names the comma; 3.11 and 3.12 what follows it. One report everywhere.
        match = _WHITESPACE.match(text, offset + 1)
        offset = match.end() if match else offset
        raw = (
            "Expecting property name enclosed in double quotes"
            if raw.endswith("object")
            else "Expecting value"
        )
    end = len(text.rstrip(" \t\r\n"))
    if end == 0:
        return "no JSON value: the input is empty", 0
    if raw == "Extra data":
        return "extra data after the JSON value (several documents? use JSON Lines)", offset
    if text[offset : offset + 1] == "\ufeff":
        return "a byte order mark (U+FEFF) stands where a JSON value should start", offset
    if raw.startswith("Unterminated string"):
        return _UNTERMINATED, offset
    if raw.startswith("Invalid control character"):
        if offset >= end:  # the line (or the input) ends inside the string
            return _UNTERMINATED, offset
        return f"control character U+{ord(text[offset]):04X} in a string must be escaped", offset
    if raw == "Invalid \\escape":
        after = text[offset + 1 : offset + 2]
        if after and "!" <= after <= "~":
            return f"invalid escape '\\{after}' in a string", offset
        if after:
            return f"invalid escape in a string: a backslash before U+{ord(after):04X}", offset
        return _UNTERMINATED, offset
    message = _MESSAGES.get(raw, raw[:1].lower() + raw[1:])
    if offset >= end:
        return message + _TRUNCATED, end
    return message, offset


def _too_deep(text: str) -> JsonTextError:
    return JsonTextError(
        f"nested too deeply to read (more than {NESTING_LIMIT} levels of arrays or objects)",
        _nesting_offset(text, NESTING_LIMIT),
    )


_STRINGS = re.compile(_STRING, re.DOTALL)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (valid JSON), at C speed."""
    brackets = _NOT_BRACKETS.sub("", _STRINGS.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _first_group(pattern: re.Pattern[str], text: str, group: int) -> int:
    for match in pattern.finditer(text):
        if match.group(group) is not None:
            return match.start(group)
    return 0


def _nesting_offset(text: str, limit: int) -> int:
    """Offset of the bracket that opens level `limit + 1` (or of the deepest one)."""
    depth = 0
    deepest, deepest_at = 0, 0
    for match in _BRACKETS.finditer(text):
        if match.group(1) is not None:
            depth += 1
            if depth > limit:
                return match.start()
            if depth > deepest:
                deepest, deepest_at = depth, match.start()
        elif match.group(2) is not None:
            depth -= 1
    return deepest_at


def line_column(text: str, offset: int, first_line: int = 1) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`; `first_line` is the text's first line."""
    offset = max(0, min(offset, len(text)))
    line = first_line + text.count("\n", 0, offset)
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _skip_ws(text: str, index: int) -> int:
    match = _WHITESPACE.match(text, index)
    return match.end() if match else index


_NO_PAYLOAD = object()


class Locator:
    """Finds where JSON Pointers sit in one JSON text, in time linear in the text.

    Each container on the way to a pointer is scanned once, its members indexed (name and
    value offsets; values are skipped with the C decoder), and the index kept: a response with
    thousands of unknown fields in one object costs one pass over that object, not one each.
    Given the `payload` the text parses to, a text that is that payload encoded again on one
    line (the usual capture) is not scanned at all (`canonical.Canonical`).
    """

    def __init__(self, text: str, payload: object = _NO_PAYLOAD) -> None:
        self.text = text
        self.root = _skip_ws(text, 0)
        self._members: dict[int, dict[str, tuple[int, int]]] = {}
        # With the payload the text parses to: no scan at all when the text is that payload
        # encoded again (`canonical`), decided on the first pointer.
        self._payload = payload
        self.canonical: Canonical | None = None

    def locate(self, pointer: str, *, member: str | None = None) -> int:
        """Character offset of the value at `pointer` (RFC 6901).

        With `member`, the offset of that member's name inside the object at `pointer` (for an
        unknown field). When the pointer does not match the text all the way, the offset of the
        deepest value reached: a location is always better than none.
        """
        segments = [] if pointer == "" else [_unescape(s) for s in pointer.split("/")[1:]]
        if self._payload is not _NO_PAYLOAD:
            self.canonical = Canonical.of(self.text, self.root, self._payload)
            self._payload = _NO_PAYLOAD
        if self.canonical is not None:
            offset = self.canonical.locate(segments, member)
            if offset is not None:
                return offset
            self.canonical = None  # a wide container: scan and index instead (linear)
        if member is not None:
            segments.append(member)
        index = self.root
        for position, segment in enumerate(segments):
            found = self._index(index).get(segment)
            if found is None:
                return index
            last = position == len(segments) - 1
            index = found[0] if (member is not None and last) else found[1]
        return index

    def _index(self, index: int) -> dict[str, tuple[int, int]]:
        members = self._members.get(index)
        if members is None:
            members = {}
            # Keep what was found before the text stopped making sense.
            with contextlib.suppress(ValueError, IndexError, RecursionError):
                _scan(self.text, index, members)
            self._members[index] = members
        return members


def locate(text: str, pointer: str, *, member: str | None = None) -> int:
    """`Locator(text).locate(pointer, member=member)`, for a single pointer."""
    return Locator(text).locate(pointer, member=member)


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


_VALUE: Callable[[str, int], tuple[object, int]] = _PLAIN.scan_once  # type: ignore[attr-defined]


def _scan(text: str, index: int, members: dict[str, tuple[int, int]]) -> None:
    """Fill `members` with (name offset, value offset) of each member (or item: "0", "1", ...)
    of the object or array starting at `index`; nothing for a scalar. Values are skipped by
    the C scanner, and whitespace by a regular expression only where there is some (compact
    JSON has none): this runs for every response that fails."""
    value, space, size = _VALUE, _SPACE, len(text)

    def skip(i: int) -> int:
        if i < size and text[i] in space:
            match = _WHITESPACE.match(text, i)
            return match.end() if match else i
        return i

    try:
        opener = text[index : index + 1]
        if opener == "{":
            i = skip(index + 1)
            while text[i : i + 1] == '"':
                name_at = i
                name, i = value(text, i)
                i = skip(skip(i) + 1)  # past the colon
                assert isinstance(name, str)
                members[name] = (name_at, i)  # the last of duplicate names wins, as in parsing
                i = skip(value(text, i)[1])
                if text[i : i + 1] != ",":
                    return
                i = skip(i + 1)
        elif opener == "[":
            i = skip(index + 1)
            position = 0
            while i < size and text[i] != "]":
                members[str(position)] = (i, i)
                i = skip(value(text, i)[1])
                if text[i : i + 1] != ",":
                    return
                i = skip(i + 1)
                position += 1
    except StopIteration:  # no value where one should be: keep what was found
        return


def dumps_utf8(
    payload: object, *, indent: int | None = None, separators: tuple[str, str] | None = None
) -> str:
    """JSON text of `payload` with non-ASCII kept, unless it holds a lone surrogate (which
    `json.loads` accepts from an escape but UTF-8 cannot carry): then all of it escaped."""
    try:
        text = json.dumps(payload, ensure_ascii=False, indent=indent, separators=separators)
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(payload, ensure_ascii=True, indent=indent, separators=separators)
    return text
