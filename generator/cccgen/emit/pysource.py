"""Safe ways to put spec text into Python source.

Spec strings are data, never code: they reach generated modules only through `py_literal`
(a `repr`, which is always a valid, inert literal) or `docstring` (escaped so that quotes,
backslashes and control characters cannot end the string or change its meaning).
"""

from __future__ import annotations

import re
from typing import Any

_RISKY_QUOTE = re.compile(r'"(?="|$)|(?<=")"')


class _Unprintable(dict[int, str]):
    """`str.translate` table escaping what `repr` would: control and format characters
    (bidirectional overrides included), line breaks beyond "\\n", surrogates, unassigned code
    points. The docstring's value is unchanged while its source stays one line per "\\n" and
    shows no invisible characters (ruff's PLE2502 rejects bidirectional controls)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if char in "\n\t" or char.isprintable():
            escaped = char
        elif code < 0x100:
            escaped = f"\\x{code:02x}"
        elif code < 0x10000:
            escaped = f"\\u{code:04x}"
        else:
            escaped = f"\\U{code:08x}"
        self[code] = escaped
        return escaped


_CONTROL = _Unprintable()


def py_literal(value: Any) -> str:
    """A Python literal for JSON-like data (str, int, float, bool, None, list, dict)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py_literal(k)}: {py_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(py_literal(v) for v in value) + "]"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return repr(value)
    raise TypeError(f"not JSON-like data: {type(value).__name__}")


def prose(text: str) -> str:
    """Spec text as a docstring shows it: each line's trailing spaces and tabs dropped (they
    carry no meaning in prose, and kept they would become `\\x20` escapes). Nothing else
    changes: leading indentation, other white space, control characters, quotes and
    backslashes all stay, to be escaped by `docstring_body`."""
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def docstring_body(text: str, *, keep_spaces: bool = False) -> str:
    """Text made safe inside a triple-double-quoted (non-raw) docstring.

    ``keep_spaces``: leading spaces stay spaces (the caller knows a line without any sets the
    docstring's indentation, so ruff and the compiler keep them as relative indentation)."""
    escaped = text.replace("\\", "\\\\").translate(_CONTROL)
    # A quote next to another quote, or last, could close the string: escape those, keep the rest.
    escaped = _RISKY_QUOTE.sub(r'\\"', escaped)
    return "\n".join(_keep_edges(line, keep_spaces) for line in escaped.split("\n"))


def _keep_edges(line: str, keep_spaces: bool = False) -> str:
    """Escape white space at either end of a line: ruff format re-indents docstring lines and
    strips their trailing white space, which would change the docstring's value. Leading plain
    spaces are safe when another line starts flush (``keep_spaces``): they are then relative
    indentation, which ruff and the compiler keep; tabs and other white space never are."""
    if line[:1].isspace() and not (keep_spaces and line[0] == " " and line.strip()):
        line = _escape_char(line[0]) + line[1:]
    if line[-1:].isspace():
        line = line[:-1] + _escape_char(line[-1])
    return line


def _escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def docstring(text: str, indent: str = "") -> str:
    """A complete docstring literal, indented for its block."""
    stripped = text.strip()
    # Spaces the generator indents with (an `Args:` entry) need no escape as long as some later
    # line starts flush: then they are relative indentation, kept as written.
    flush = any(line[:1] not in ("", " ", "\t") for line in stripped.split("\n")[1:])
    body = docstring_body(stripped, keep_spaces=flush)
    lines = body.split("\n")
    if len(lines) == 1:
        return f'"""{body}"""'
    inner = "\n".join((indent + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{inner}\n{indent}"""'
