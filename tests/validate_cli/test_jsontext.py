"""Strict JSON parsing with located errors, and JSON Pointer → position in the text."""

from __future__ import annotations

import json

import pytest
from cccgen.runtime.jsontext import (
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
        ('{\n  "a": 1\n  "b": 2\n}', 3, 3, "delimiter"),
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
        ('{"a": 01}', 1, 8, "delimiter"),
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
