"""The Markdown escapers, checked by parsing their output as GitHub does."""

from __future__ import annotations

import json

import pytest
from cccgen import model as m
from cccgen.emit.docs import field_rows, type_text
from cccgen.emit.markdown import (
    Slugger,
    fenced,
    html_comment,
    md_code,
    md_paragraph,
    md_text,
    value_code,
)
from docs.markdown_check import fences, html_tags, markdown, rendered_tables
from hypothesis import given, settings
from hypothesis import strategies as st

# Text that tries hard: Markdown and HTML syntax, controls, separators, non-ASCII.
tricky = st.lists(
    st.one_of(
        st.sampled_from(
            list("\\`*_[]()<>|#~&{}$!+-=.:;'\" \t\n\r\x00\x1b\x7f\x85\u2028\u2029\u202e")
        ),
        st.sampled_from(
            ["<script>", "</b>", "-->", "{{", "{%", "*/", "```", "&amp;", "http://x", "1."]
        ),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=30,
).map("".join)


def shown(text: str) -> str:
    """What a reader should see for `text` in a cell (an independent statement of the rules)."""
    text = (
        text.replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\u2028", "\n")
        .replace("\u2029", "\n")
    )
    out = []
    for c in text:
        code = ord(c)
        if c == "\n":
            out.append("\n")
        elif c == "\t":
            out.append(" ")
        elif code < 32 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif (
            0x80 <= code <= 0x9F
            or c in "\u202e\u200e\u200f\u202a\u202b\u202c\u202d\u2066\u2067\u2068\u2069\ufeff"
        ):
            out.append(f"\\u{code:04x}")
        else:
            out.append(c)
    return "".join(out)


def one_cell_table(cell: str) -> list[list[str]]:
    source = f"| a | b |\n| --- | --- |\n| {cell} | end |\n"
    (table,) = rendered_tables(source)
    return table


@settings(max_examples=300, deadline=None)
@given(tricky)
def test_md_text_in_a_table_cell_shows_exactly_the_text(text: str) -> None:
    cell = md_text(text)
    assert "\n" not in cell and "\r" not in cell
    table = one_cell_table(cell)
    assert table[1][1] == "end"
    assert table[1][0].strip() == shown(text).strip()
    assert set(html_tags(f"x {cell}")) <= {"<br>"}


@settings(max_examples=300, deadline=None)
@given(tricky)
def test_md_code_in_a_table_cell_is_exact_or_its_json(text: str) -> None:
    table = one_cell_table(md_code(text))
    assert table[1][1] == "end"
    code = table[1][0]
    assert code == text or json.loads(code) == text


@settings(max_examples=200, deadline=None)
@given(tricky)
def test_md_paragraph_is_one_paragraph(text: str) -> None:
    tokens = markdown().parse(md_paragraph(text) + "\n")
    kinds = [t.type for t in tokens]
    assert kinds in ([], ["paragraph_open", "inline", "paragraph_close"])


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_fenced_block_holds_content_verbatim(text: str) -> None:
    text = text.replace("\r", "").replace("\x00", "")
    (content,) = fences(fenced(text, "json"), "json")
    assert content.rstrip("\n") == text.rstrip("\n")


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("a|b", "a\\|b"),
        ("<script>", "\\<script\\>"),
        ("{{ x }}", "\\{\\{ x \\}\\}"),
        ("line1\nline2", "line1<br>line2"),
        ("nul\x00", "nul\\\\x00"),
        ("中文", "中文"),
    ],
)
def test_md_text_examples(text: str, cell: str) -> None:
    assert md_text(text) == cell


def test_md_code_fences_and_pipes() -> None:
    assert md_code("int64 | null") == "`int64 \\| null`"
    assert md_code("a`b") == "``a`b``"
    assert md_code("`x`") == "`` `x` ``"
    assert md_code(" padded ") == "`  padded  `"
    assert md_code("a\\|b") == '`"a\\\\\\|b"`'  # shown as JSON: GFM cannot escape that pipe
    assert md_code("") == '`""`'
    assert value_code("agent") == "`agent`" and value_code(1) == "`1`"
    assert value_code("a b") == '`"a b"`'


def test_md_paragraph_escapes_block_starts() -> None:
    assert md_paragraph("- item") == "\\- item"
    assert md_paragraph("1. one") == "1\\. one"
    assert md_paragraph("# title") == "\\# title"
    assert md_paragraph("    code") == "code"


def test_html_comment_cannot_be_closed_early() -> None:
    comment = html_comment("x --> <script> -- y\nz")
    assert comment.count("-->") == 1 and comment.endswith("-->")
    assert "\n" not in comment
    (tag,) = html_tags(comment)
    assert tag.strip() == comment


def test_github_slugs() -> None:
    slugger = Slugger()
    assert slugger.slug("Enum ContactType") == "enum-contacttype"
    assert slugger.slug("Calling it") == "calling-it"
    assert slugger.slug("Calling it") == "calling-it-1"
    assert slugger.slug("Example page_success") == "example-page_success"
    assert Slugger.base("API: 中文 (v1.0)!") == "api-中文-v10"


def test_type_text() -> None:
    int64 = m.Type(kind="int64")
    assert type_text(int64) == "int64"
    assert type_text(int64, nullable=True) == "int64 | null"
    obj = m.ObjectModel("Step", None, ())
    assert type_text(m.Type(kind="array", items=m.Type(kind="object", object=obj))) == "array<Step>"
    assert (
        type_text(m.Type(kind="array", items=m.Type(kind="array", items=int64)))
        == "array<array<int64>>"
    )
    assert type_text(m.Type(kind="object", object=obj), nullable=True) == "object (Step) | null"


def test_field_rows_use_dotted_paths(operation: m.Operation) -> None:
    paths = [row.path for row in field_rows(operation.response)]
    assert "Data.AgentEvents[].EventSequence[].Event" in paths
    assert "Data.AnalyticsReport.Emotion.Confidence" in paths
    depth = {row.path: row.depth for row in field_rows(operation.response)}
    assert depth["Code"] == 0 and depth["Data.AgentEvents[].EventSequence[].Event"] == 3
