"""`validate_json` and `is_valid_json`: a response from its bytes (or text) to its issues.

The reference path is the standard library's: the text is read as strict RFC 8259 JSON
(`jsontext.parse`, shared with the validate tool: no NaN, no byte order mark, nesting at most
500 deep) and
validated by the compiled validator, so the issues are exactly `validate_response`'s. When
msgspec is installed (the `fast` extra), a payload it decodes into the operation's types is
valid without that work (`fast_json`); any other goes the reference way. Text that is not JSON
raises `InvalidJSONError`, located.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .fast_json import Accept, build
from .issues import Issue
from .jsontext import NESTING_LIMIT, JsonTextError, check_nesting, line_column, parse, parse_value

__all__ = ["InvalidJSONError", "JsonValidation", "parse_json"]

JsonData = bytes | bytearray | str


class InvalidJSONError(ValueError):
    """The data is not JSON (or not UTF-8). `line` and `column` are 1-based (the column in
    characters), `offset` is in characters of the decoded text (in bytes when not UTF-8)."""

    def __init__(self, message: str, offset: int, line: int, column: int) -> None:
        super().__init__(f"{message} (line {line}, column {column})")
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column


def _text(data: JsonData) -> str:
    """`data` as text; InvalidJSONError, located, when it is bytes but not UTF-8."""
    if isinstance(data, (bytes, bytearray)):
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            start = exc.start
            line = 1 + data.count(b"\n", 0, start)
            line_start = data.rfind(b"\n", 0, start) + 1
            column = len(bytes(data[line_start:start]).decode("utf-8", "replace")) + 1
            message = f"not UTF-8: byte 0x{data[start]:02x} at byte offset {start} ({exc.reason})"
            raise InvalidJSONError(message, start, line, column) from None
    if isinstance(data, str):
        return data
    raise TypeError(f"JSON data must be bytes or str, not {type(data).__name__}")


def _located(text: str, exc: JsonTextError) -> InvalidJSONError:
    line, column = line_column(text, exc.offset)
    return InvalidJSONError(exc.message, exc.offset, line, column)


def parse_json(data: JsonData) -> object:
    """The JSON value in `data` (UTF-8 bytes, or text), read by the standard library's rules;
    raises InvalidJSONError saying what is wrong and where."""
    text = _text(data)
    try:
        return parse(text)
    except JsonTextError as exc:
        raise _located(text, exc) from None


Shallow = Callable[[str, bool], tuple[Callable[[Any], bool], "int | None"]]
"""`shallow(operation, strict)`: the compiled fast path on a parsed payload (True: surely
valid), and how deeply arrays and objects can nest in a payload it passes (None: any depth)."""
_Plan = tuple[Accept | None, Callable[[Any], bool] | None]


class JsonValidation:
    """`validate_json` and `is_valid_json` over a package's compiled validators.

    `types()` gives the fast-path descriptions by operation (`validators/_fast_types.py`,
    loaded on first use); `unknown(operation)` is the error for an operation the package does
    not know. `fast=False` never uses msgspec, even where installed (benchmarks, tests).
    With `shallow`, a payload the standard library parses is first given to the compiled fast
    path: one it passes, in a schema whose valid payloads cannot nest past the parser's limit,
    is valid without measuring its depth (or going through `validate`).
    """

    def __init__(
        self,
        validate: Callable[..., list[Issue]],
        is_valid: Callable[..., bool],
        types: Callable[[], Mapping[str, Any]],
        unknown: Callable[[object], Exception],
        *,
        fast: bool = True,
        shallow: Shallow | None = None,
    ) -> None:
        self._validate = validate
        self._is_valid = is_valid
        self._types = types
        self._unknown = unknown
        self._fast = fast
        self._shallow = shallow
        self._strict: dict[str, _Plan] = {}
        self._lenient: dict[str, _Plan] = {}
        self._reading: dict[tuple[str, bool], Accept | None] = {}

    def without_msgspec(self) -> JsonValidation:
        """The same validation as where msgspec is not installed (benchmarks, tests)."""
        return JsonValidation(
            self._validate,
            self._is_valid,
            self._types,
            self._unknown,
            fast=False,
            shallow=self._shallow,
        )

    def accepter(self, operation: str, strict: bool = True) -> Accept | None:
        """The fast check of `operation`'s responses (see `fast_json.Accept`), or None
        without msgspec (or for a schema it cannot decide). Raises for an unknown operation."""
        return self._plan(operation, strict)[0]

    def reading_check(self, operation: str, strict: bool = True) -> Accept | None:
        """What a tool reading many responses may pass unparsed: `accepter`'s msgspec check
        where installed; else, for a schema that bounds how deep a valid payload nests, the
        standard library's parse and the compiled fast path (True: surely valid, a payload
        it cannot vouch for is parsed again the usual way); else None."""
        key = (operation, strict)
        if key in self._reading:
            return self._reading[key]
        accept, bounded = self._plan(operation, strict)
        if accept is None and bounded is not None:
            shallow = bounded

            def accept_parsed(data: bytes | bytearray | memoryview | str) -> bool:
                try:
                    return shallow(
                        parse_value(data if isinstance(data, str) else str(data, "utf-8"))
                    )
                except Exception:  # noqa: BLE001 - any failure only means "decide the usual way"
                    return False

            accept = accept_parsed
        self._reading[key] = accept
        return accept

    def _plan(self, operation: str, strict: bool) -> _Plan:
        """The msgspec check and the bounded fast path of `operation` (each may be None)."""
        cache = self._strict if strict else self._lenient
        try:
            return cache[operation]
        except KeyError:
            pass
        except TypeError:  # unhashable: no operation's name
            raise self._unknown(operation) from None
        types = self._types()
        if operation not in types:
            raise self._unknown(operation)
        description = types[operation]
        accept = build(description, strict) if description is not None and self._fast else None
        bounded = None
        if self._shallow is not None:
            check, depth = self._shallow(operation, strict)
            bounded = check if depth is not None and depth <= NESTING_LIMIT else None
        cache[operation] = plan = (accept, bounded)
        return plan

    def _parsed(self, data: JsonData, plan: _Plan) -> tuple[bool, object]:
        """(True, None) when `data` is surely valid, else (False, the parsed payload)."""
        accept, bounded = plan
        if accept is not None and accept(data):
            return True, None
        text = _text(data)
        try:
            payload = parse_value(text)
            if bounded is not None and bounded(payload):
                return True, None  # valid, so no deeper than the schema lets it be
            check_nesting(text)
        except JsonTextError as exc:
            raise _located(text, exc) from None
        return False, payload

    def validate(self, operation: str, data: JsonData, strict: bool = True) -> list[Issue]:
        """Every issue of the response in `data`; [] when valid (see `validate_response`)."""
        try:  # the cache inline: a call less on the hot path (and `_parsed` inline too)
            accept, bounded = (self._strict if strict else self._lenient)[operation]
        except (KeyError, TypeError):
            accept, bounded = self._plan(operation, strict)
        if accept is not None and accept(data):
            return []
        text = _text(data)
        try:
            payload = parse_value(text)
            if bounded is not None and bounded(payload):
                return []
            check_nesting(text)
        except JsonTextError as exc:
            raise _located(text, exc) from None
        return self._validate(operation, payload, strict=strict)

    def is_valid(self, operation: str, data: JsonData, strict: bool = True) -> bool:
        """Whether `data` is JSON and a valid response (an error answer is not)."""
        try:
            plan = (self._strict if strict else self._lenient)[operation]
        except (KeyError, TypeError):
            plan = self._plan(operation, strict)
        try:
            valid, payload = self._parsed(data, plan)
        except InvalidJSONError:
            return False
        return valid or self._is_valid(operation, payload, strict=strict)
