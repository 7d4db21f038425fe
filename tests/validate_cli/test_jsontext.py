"""Strict JSON parsing with located errors, and JSON Pointer → position in the text."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from cccgen.runtime.core.jsontext import (
    NESTING_LIMIT,
    JsonTextError,
    Locator,
    line_column,
    locate,
    parse,
)


def error_at(text: str) -> tuple[int, int, str]:
    with pytest.raises(JsonTextError) as caught:
        parse(text)
    line, column = line_column(text, caught.value.offset)
    return line, column, caught.value.message


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('{"a": 1,}', 1, 9, "double quotes"),
        ('{\n  "a": 1\n  "b": 2\n}', 3, 3, "expected ','"),
        ('{"a": NaN}', 1, 7, "NaN is not valid JSON"),
        ('{"a": [1, Infinity]}', 1, 11, "Infinity is not valid JSON"),
        ('{"a":\n  -Infinity}', 2, 3, "-Infinity is not valid JSON"),
        # the word inside a string is data, not the constant: the real one is found
        ('{"NaN": "Infinity", "b": NaN}', 1, 26, "NaN is not valid JSON"),
        ('{"a": "unterminated', 1, 7, "unterminated string"),
        ('{"a": [1, 2', 1, 12, "truncated"),
        ("", 1, 1, "empty"),
        ("   \n  ", 1, 1, "empty"),
        ('{"a": 1} {"b": 2}', 1, 10, "extra data"),
        ("\ufeff{}", 1, 1, "byte order mark"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ('{"a": 01}', 1, 8, "expected ','"),
    ],
)
def test_errors_are_located(text: str, line: int, column: int, fragment: str) -> None:
    got_line, got_column, message = error_at(text)
    assert (got_line, got_column) == (line, column), message
    assert fragment.lower() in message.lower()


def test_ten_thousand_levels_of_nesting_is_a_located_error() -> None:
    text = '{"a": ' + "[" * 10_000 + "]" * 10_000 + "}"
    line, column, message = error_at(text)
    assert "nested too deeply" in message
    # the bracket that opens level NESTING_LIMIT + 1 (the object is level 1)
    assert (line, column) == (1, 7 + NESTING_LIMIT - 1)


def test_number_too_long_to_convert_is_located() -> None:
    text = '{\n"ok": 123,\n"n": ' + "9" * 5000 + "}"
    line, column, message = error_at(text)
    assert (line, column) == (3, 6)
    assert "number" in message


def test_valid_json_round_trips_with_python_semantics() -> None:
    value = {"a": [1, 2.5, None, True, "é\u2028"], "b": {"c": -0}}
    assert parse(json.dumps(value, ensure_ascii=False)) == value


PRETTY = """{
  "RequestId": "x",
  "Data": {
    "a/b": 1,
    "til~de": 2,
    "Events": [
      {"Kind": "one"},
      {"Kind": "two", "Deep": {"x": [10, 20, 30]}}
    ],
    "名字": "值"
  }
}
"""


@pytest.mark.parametrize(
    ("pointer", "member", "needle"),
    [
        ("", None, "{"),
        ("/RequestId", None, '"x"'),
        ("/Data/a~1b", None, "1,"),
        ("/Data/til~0de", None, "2,"),
        ("/Data/Events/1", None, '{"Kind": "two"'),
        ("/Data/Events/1/Kind", None, '"two"'),
        ("/Data/Events/1/Deep/x/2", None, "30"),
        ("/Data/名字", None, '"值"'),
        ("/Data", "Events", '"Events"'),
        ("/Data/Events/0", "Kind", '"Kind": "one"'),
    ],
)
def test_locate_finds_values_and_member_names(
    pointer: str, member: str | None, needle: str
) -> None:
    offset = locate(PRETTY, pointer, member=member)
    assert PRETTY[offset:].startswith(needle), PRETTY[offset : offset + 30]


def test_locate_stops_at_the_deepest_value_it_can_reach() -> None:
    data_at = locate(PRETTY, "/Data")
    assert locate(PRETTY, "/Data/Missing/x") == data_at
    assert locate(PRETTY, "/Data/Events/9") == locate(PRETTY, "/Data/Events")


def test_line_column_counts_characters_not_bytes() -> None:
    text = '{"名字":\n  "值", "x": 1}'
    assert line_column(text, text.index('"x"')) == (2, 8)
    assert line_column(text, 0, first_line=41) == (41, 1)


def test_locator_indexes_each_container_once_and_follows_duplicates_like_parsing() -> None:
    text = '{"a": [10, {"b": 1, "b": 2}, [30, 31]], "a2": 0}'
    locator = Locator(text)
    assert text[locator.locate("/a/2/1") :].startswith("31")
    assert text[locator.locate("/a/1/b") :].startswith("2}")  # the last duplicate, as parsed
    assert text[locator.locate("/a/1", member="b") :].startswith('"b": 2')
    assert text[locator.locate("/a2") :].startswith("0}")
    assert locator.locate("/a/9") == locator.locate("/a")
    assert locator.locate("/a2/x") == locator.locate("/a2")  # a scalar has no members


# Every message the reading of a capture can produce, from the parser (jsontext) and from the
# decoding of its bytes (inputs): (bytes, line, column, the whole message).
MESSAGES: list[tuple[bytes, int, int, str]] = [
    (b'{"a": 1,}', 1, 9, "expected a property name in double quotes"),
    (b'{"a" 1}', 1, 6, "expected ':' after the property name"),
    (b"[1 2]", 1, 4, "expected ',' or a closing bracket"),
    (b'{"a": tru}', 1, 7, "expected a JSON value"),
    (b'{"a": [1, 2', 1, 12, "expected ',' or a closing bracket: the input ends here (truncated?)"),
    (b'{"a":', 1, 6, "expected a JSON value: the input ends here (truncated?)"),
    (b"{", 1, 2, "expected a property name in double quotes: the input ends here (truncated?)"),
    (
        b'{"a": "abc',
        1,
        7,
        "unterminated string: the input ends before its closing quote (truncated?)",
    ),
    (
        b'{"a": "abc\n',
        1,
        11,
        "unterminated string: the input ends before its closing quote (truncated?)",
    ),
    (b'{"a": "x\ny"}', 1, 9, "control character U+000A in a string must be escaped"),
    (b'{"a": "x\x01y"}', 1, 9, "control character U+0001 in a string must be escaped"),
    (b'{"a": "\\q"}', 1, 8, "invalid escape '\\q' in a string"),
    (b'{"a": "\\\x1b"}', 1, 8, "invalid escape in a string: a backslash before U+001B"),
    (b'{"a": "\\u12x"}', 1, 9, "invalid \\u escape in a string: \\u takes four hexadecimal digits"),
    (b'{"a": NaN}', 1, 7, "NaN is not valid JSON (only finite numbers are)"),
    (b'{"a": -Infinity}', 1, 7, "-Infinity is not valid JSON (only finite numbers are)"),
    (
        b'{"a": 1} {"b": 2}',
        1,
        10,
        "extra data after the JSON value (several documents? use JSON Lines)",
    ),
    (b"", 1, 1, "no JSON value: the input is empty"),
    (b"  \n ", 1, 1, "no JSON value: the input is empty"),
    (
        b'{"a": \xef\xbb\xbf1}',
        1,
        7,
        "a byte order mark (U+FEFF) stands where a JSON value should start",
    ),
    (
        b'{"n": ' + b"9" * 5000 + b"}",
        1,
        7,
        "a number of 5000 digits is too long to read (the limit is 4300)",
    ),
    (
        b"[" * (NESTING_LIMIT + 1) + b"]" * (NESTING_LIMIT + 1),
        1,
        NESTING_LIMIT + 1,
        f"nested too deeply to read (more than {NESTING_LIMIT} levels of arrays or objects)",
    ),
    (
        b'{"a": "caf\xe9"}',
        1,
        11,
        "not UTF-8: byte 0xe9 at byte offset 10 (invalid continuation byte)",
    ),
    (
        '{"a": 1}'.encode("utf-16"),
        1,
        1,
        "encoded as UTF-16 (it starts with a UTF-16 byte order mark); JSON must be UTF-8",
    ),
]


def _read_message(data: bytes) -> tuple[int, int, str]:
    from cccgen.runtime.tools.validate.inputs import Record, read_source
    from cccgen.runtime.tools.validate.sources import Source

    items = list(read_source(Source("capture.json", None, False), io.BytesIO(data)))
    assert len(items) == 1 and not isinstance(items[0], Record), items
    return items[0].line, items[0].column, items[0].message


@pytest.mark.parametrize(("data", "line", "column", "message"), MESSAGES)
def test_every_reading_message_is_a_located_sentence(
    data: bytes, line: int, column: int, message: str
) -> None:
    got = _read_message(data)
    assert got == (line, column, message)
    text = got[2]
    # A sentence: no dangling preposition, no doubled word, no Python exception's capital letter.
    assert not re.search(r"\bat$|\bat at\b|\bstarting at\b", text), text
    assert not re.search(r"\b(\w+) \1\b", text), text
    assert text[:1] == text[:1].lower() or text[:1] in "N-", text
    assert "sys." not in text and "Traceback" not in text


@pytest.mark.parametrize("depth", [NESTING_LIMIT - 1, NESTING_LIMIT])
def test_nesting_up_to_the_stated_limit_is_read(depth: int) -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert f"nesting deeper than {NESTING_LIMIT} levels" in " ".join(readme.split())
    value = parse('{"a": ' + "[" * (depth - 1) + "]" * (depth - 1) + "}")
    for _ in range(depth - 1):
        assert isinstance(value, (dict, list))
        value = value["a"] if isinstance(value, dict) else value[0] if value else None
    assert value in ([], None)


def test_nesting_one_past_the_limit_is_refused_at_the_bracket_that_opens_it() -> None:
    text = '{"a": ' + "[" * NESTING_LIMIT + "]" * NESTING_LIMIT + "}"
    line, column, message = error_at(text)
    assert "nested too deeply" in message and f"more than {NESTING_LIMIT} levels" in message
    assert (line, column) == (1, 7 + NESTING_LIMIT - 1)
    # brackets inside strings are text, not nesting
    assert parse(json.dumps({"a": "[" * 10_000})) == {"a": "[" * 10_000}
