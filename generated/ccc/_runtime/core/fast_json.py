# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/fast_json.py.
# Do not edit by hand: change the original and run `make generate`.
"""The fast path of `validate_json`: msgspec (the package's optional `fast` extra) decodes the
bytes straight into types built from the operation's description (`validators/_fast_types.py`,
translated from the strict schema by cccgen's `emit/fast_types.py`).

The one module of the runtime that may use something outside the standard library, and only
when it is installed: without msgspec, `build` returns None and `validate_json` parses with the
standard library as before.

Sound by construction: an accepted payload is one the standard-library path accepts too.
- The types are the schema's or stricter (an integer field refuses `1.0`; the description
  says why each translation holds), and the lenient variant only opens models and drops enums.
- What the msgspec decoder lets through but the standard-library parser refuses is refused
  first, where the types leave room for it (an open model skips unknown values, `Any` takes
  anything): bytes that are not UTF-8 (skipped strings are not checked), nesting deeper than
  `NESTING_LIMIT` and integers longer than `sys.get_int_max_str_digits()`.
A rejection decides nothing: the caller then parses and validates the standard way.
"""

from __future__ import annotations

import re
import sys
import typing
from collections.abc import Callable
from typing import Any

from .jsontext import NESTING_LIMIT

__all__ = ["NESTING_LIMIT", "Accept", "build", "compact_encoder"]

Accept = Callable[[bytes | bytearray | memoryview | str], bool]
"""`accept(data)`: True when `data` is JSON that the schema surely accepts; False decides
nothing (the standard-library path then decides)."""

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_DIGIT_FLOOR = 640  # the least `sys.set_int_max_str_digits` allows (0 is no limit)
_long_digits: dict[tuple[int, type], re.Pattern[Any]] = {}


def _has_long_digits(data: bytes | bytearray | str) -> bool:
    """Whether `data` may hold an integer too long for the standard parser: a run of more
    digits than the limit anywhere (in a string too: erring to the slow path is safe)."""
    limit = sys.get_int_max_str_digits()
    if not limit or len(data) <= limit:
        return False
    key = (limit, str if isinstance(data, str) else bytes)
    pattern = _long_digits.get(key)
    if pattern is None:
        text = "[0-9]{%d}" % (limit + 1)  # noqa: UP031 - the same text as str and bytes
        pattern = re.compile(text if key[1] is str else text.encode())
        _long_digits[key] = pattern
    return pattern.search(data) is not None


_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)  # escapes included
_BRACKET = re.compile(rb"[\[\]{}]")


def _deep(data: bytes | bytearray | str) -> bool:
    """Whether `data` nests deeper than NESTING_LIMIT. Counting brackets settles most
    payloads; past the limit in all (a long page of objects), the depth is measured outside
    strings, so a big but shallow response keeps the fast path. Exact for valid JSON; text that
    is not JSON is refused by msgspec whatever this says."""
    if len(data) <= 2 * NESTING_LIMIT:
        return False
    if isinstance(data, str):
        if data.count("[") + data.count("{") <= NESTING_LIMIT:
            return False
        raw = data.encode("utf-8", "surrogatepass")
    else:
        if data.count(b"[") + data.count(b"{") <= NESTING_LIMIT:
            return False
        raw = bytes(data)
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub(b"", raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        if depth > NESTING_LIMIT:
            return True
    return False


class _Types:
    """msgspec types for one description, strict (closed models, enums as Literals) or
    lenient (open models, enums as their base types)."""

    def __init__(self, msgspec: Any, models: dict[str, Any], strict: bool) -> None:
        self.msgspec = msgspec
        self.models = models
        self.strict = strict
        self.structs: dict[str, Any] = {}
        self.open_ended = not strict  # an open model skips unknown values unchecked

    def of(self, description: tuple[Any, ...]) -> Any:
        kind = description[0]
        if kind in _SIMPLE:
            # `float` takes integers of any length, which the standard parser may refuse.
            self.open_ended = self.open_ended or kind in ("any", "dict", "float")
            return _SIMPLE[kind]
        if kind == "int":
            low, high = description[1], description[2]
            if low is None and high is None:
                self.open_ended = True  # any length: the standard parser's limit applies
                return int
            # msgspec takes bounds within int64 only: one past it is narrowed to it (stricter).
            low = None if low is None else min(max(low, _INT64_MIN), _INT64_MAX)
            high = None if high is None else max(min(high, _INT64_MAX), _INT64_MIN)
            return typing.Annotated[int, self.msgspec.Meta(ge=low, le=high)]
        if kind == "list":
            return list[self.of(description[1])]  # type: ignore[misc]
        if kind == "model":
            return self.struct(description[1])
        if kind == "enum":
            if self.strict:
                return typing.Literal[description[1]]
            return self.of(description[2])
        if kind == "union":
            return typing.Union[tuple(self.of(member) for member in description[1])]  # noqa: UP007
        raise ValueError(f"unknown type in a fast-path description: {kind!r}")

    def struct(self, name: str) -> Any:
        found = self.structs.get(name)
        if found is not None:
            return found
        closed, fields = self.models[name]
        attributes: list[tuple[Any, ...]] = []
        rename: dict[str, str] = {}
        for index, (wire, required, description) in enumerate(fields):
            attribute = f"f{index}"  # any wire name works: it is the rename
            rename[attribute] = wire
            kind = self.of(description)
            attributes.append(
                (attribute, kind) if required else (attribute, kind, self.msgspec.UNSET)
            )
        struct = self.msgspec.defstruct(
            name,
            attributes,
            kw_only=True,
            forbid_unknown_fields=closed and self.strict,
            rename=rename,
            gc=False,
        )
        self.structs[name] = struct
        return struct


_SIMPLE: dict[str, Any] = {
    "str": str,
    "float": float,
    "bool": bool,
    "null": None,
    "any": Any,
    "dict": dict[str, Any],
}


def compact_encoder() -> Callable[[object], bytes] | None:
    """msgspec's JSON encoder (compact, UTF-8) where installed, else None: where a capture is
    what it writes, `canonical` locates issues in it with a tenth of the standard library's
    encoding time."""
    try:
        import msgspec  # the `fast` extra
    except ImportError:
        return None
    encode: Callable[[object], bytes] = msgspec.json.encode
    return encode


def build(description: tuple[Any, dict[str, Any]], strict: bool) -> Accept | None:
    """The fast check of one operation's description, or None when msgspec is not installed
    or cannot hold the description (then every payload takes the standard path)."""
    try:
        import msgspec  # the `fast` extra
    except ImportError:
        return None
    top, models = description
    types = _Types(msgspec, models, strict)
    try:
        decode = msgspec.json.Decoder(types.of(top)).decode
    except (TypeError, ValueError):
        return None
    if not types.open_ended:
        # Every value is typed and every model closed: strings are checked as UTF-8 by the
        # decoder (or match a known name, or fail), depth and integer sizes are the types'.
        def accept_typed(data: bytes | bytearray | memoryview | str) -> bool:
            try:
                decode(data)
            except Exception:  # noqa: BLE001 - any failure only means "decide the slow way"
                return False
            return True

        return accept_typed

    def accept(data: bytes | bytearray | memoryview | str) -> bool:
        try:
            if isinstance(data, memoryview):
                data = data.tobytes()  # the checks below read bytes
            if not isinstance(data, str) and not data.isascii():
                data.decode("utf-8")  # skipped strings are not checked by the decoder
            if _deep(data) or (len(data) > _DIGIT_FLOOR and _has_long_digits(data)):
                return False
            decode(data)
        except Exception:  # noqa: BLE001 - any failure only means "decide the slow way"
            return False
        return True

    return accept
