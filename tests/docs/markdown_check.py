"""Reading generated Markdown as GitHub does: GFM tables, raw HTML, fenced blocks."""

from __future__ import annotations

import functools
import html
import re
from html.parser import HTMLParser
from typing import Any

from markdown_it import MarkdownIt


@functools.cache
def markdown() -> MarkdownIt:
    """CommonMark with GFM tables, raw HTML allowed (as GitHub parses before sanitising).
    One parser for the process (parsing keeps no state in it; the escaping tests parse
    thousands of snippets): never reconfigure the instance returned."""
    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


def split_row(line: str) -> list[str]:
    """A GFM table row's cells: split on pipes not escaped by an odd run of backslashes."""
    body = line.strip()
    assert body.startswith("|") and body.endswith("|"), line
    cells: list[str] = []
    current: list[str] = []
    backslashes = 0
    for c in body[1:]:
        if c == "|" and backslashes % 2 == 0:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(c)
        backslashes = backslashes + 1 if c == "\\" else 0
    return cells


def source_tables(text: str) -> list[list[str]]:
    """Every table in the Markdown source, as its lines (header, delimiter, rows)."""
    tables: list[list[str]] = []
    current: list[str] = []
    in_fence = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
        if not in_fence and line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


class _Tables(HTMLParser):
    """Rendered tables as lists of rows of cell texts (`<br>` read as a newline)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def rendered_tables(text: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(markdown().render(text))
    return parser.tables


def fences(text: str, info: str) -> list[str]:
    return [t.content for t in markdown().parse(text) if t.type == "fence" and t.info == info]


def html_tags(text: str) -> list[str]:
    """Every raw HTML fragment the Markdown carries (inline or block)."""
    found: list[str] = []
    for token in markdown().parse(text):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or []:
            if child.type == "html_inline":
                found.append(child.content)
    return found


def plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))
