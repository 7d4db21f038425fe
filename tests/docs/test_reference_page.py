"""The reference page for the real spec: every field, enum value, example and error is there."""

from __future__ import annotations

import ast
import json
import re
import unicodedata

from cccgen import model as m
from docs.markdown_check import (
    fences,
    html_tags,
    markdown,
    plain,
    rendered_tables,
    source_tables,
    split_row,
)


def table_with_header(page: str, first: str) -> list[list[str]]:
    for table in rendered_tables(page):
        if table[0][0] == first:
            return table
    raise AssertionError(f"no table whose first column is {first!r}")


def response_paths(obj: m.ObjectModel, prefix: str = "") -> list[tuple[str, m.Field]]:
    """Independent of the emitter: every response field with its dotted path."""
    out: list[tuple[str, m.Field]] = []
    for f in obj.fields:
        path = prefix + f.wire_name
        out.append((path, f))
        t, suffix = f.type, ""
        while t.items is not None:
            t, suffix = t.items, suffix + "[]"
        if t.object is not None:
            out.extend(response_paths(t.object, path + suffix + "."))
    return out


def test_index_lists_every_operation(built: dict[str, str], service: m.Service) -> None:
    index = built["docs/README.md"]
    for op in service.operations:
        assert f"[`{op.name}`]({op.name}.md)" in index
        assert op.summary.en in index and op.summary.zh in index
        assert f"docs/{op.name}.md" in built


def test_title_summary_and_description(page: str, operation: m.Operation) -> None:
    first_heading = next(line for line in page.splitlines() if line.startswith("# "))
    assert operation.name in first_heading and operation.summary.en in first_heading
    assert operation.summary.zh in page
    assert operation.description is not None
    assert operation.description.en in page and operation.description.zh in page


def test_request_table(page: str, operation: m.Operation) -> None:
    table = table_with_header(page, "Name")
    assert table[0] == ["Name", "Python", "Type", "Required", "Description", "Example"]
    rows = {row[0]: row for row in table[1:]}
    assert set(rows) == {f.wire_name for f in operation.request.fields}
    for f in operation.request.fields:
        row = rows[f.wire_name]
        assert row[1] == f.python_name
        assert row[2] == f.type.kind
        assert row[3] == ("yes" if f.required else "no")
        assert f.description is not None
        assert row[4] == f"{f.description.en}\n{f.description.zh}"
        assert json.loads(row[5]) == f.example


def test_response_field_tree_has_every_field(page: str, operation: m.Operation) -> None:
    table = table_with_header(page, "Field")
    assert table[0] == ["Field", "Python", "Type", "Required", "Nullable", "Description", "Example"]
    rows = {row[0]: row for row in table[1:]}
    expected = response_paths(operation.response)
    assert [row[0] for row in table[1:]] == [path for path, _ in expected]
    for path, f in expected:
        row = rows[path]
        assert row[1] == f.python_name, path
        assert row[3] == ("yes" if f.required else "no"), path
        assert row[4] == ("yes" if f.nullable else "no"), path
        if f.description is not None:
            assert f.description.en in row[5] and f.description.zh in row[5], path
        if f.note is not None:
            assert f"Note: {f.note}" in row[5], path
        if f.example is not None:
            assert json.loads(row[6]) == f.example, path
    # a few rows spelled out, as a reader sees them
    assert rows["Data.EstablishedTime"][2] == "int64 | null"
    assert rows["Data.EstablishedTime"][4] == "yes"
    assert rows["Data.AgentEvents"][2] == "array<AgentEvent>"
    assert rows["Data"][2] == "object (CallDetailRecord)"
    assert rows["Data.AgentEvents[].EventSequence[].Event"][2] == "string enum AgentEventType"
    assert rows["Data.AnalyticsReport.TodoList.Tasks"][2] == "array<string>"
    assert rows["Data.CallerLocation"][6] == '" 山東省-淄博"'  # the leading space stays visible


def test_every_enum_value_with_both_labels(page: str, operation: m.Operation) -> None:
    tables = [
        t for t in rendered_tables(page) if t[0] == ["Value", "Python member", "中文", "English"]
    ]
    assert len(tables) == len(operation.enums)
    for enum, table in zip(operation.enums, tables, strict=True):
        assert [row[0] for row in table[1:]] == [str(v.value) for v in enum.values]
        for value, row in zip(enum.values, table[1:], strict=True):
            assert row[1:] == [f"{enum.name}.{value.name}", value.zh, value.en]
        assert f"### Enum {enum.name}" in page
        if enum.note:
            assert enum.note in plain(markdown().render(page))


def test_enum_links_lead_to_headings(page: str) -> None:
    slugs = set()
    tokens = markdown().parse(page)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            text = tokens[i + 1].content
            kept = "".join(
                c for c in text.lower() if c in "-_ " or unicodedata.category(c)[0] in "LNM"
            )
            slugs.add(kept.replace(" ", "-"))
    targets = re.findall(r"\]\(#([^)]+)\)", page)
    assert targets, "the page links to its sections and enums"
    assert set(targets) <= slugs


def test_examples_are_json_blocks_equal_to_the_spec(page: str, operation: m.Operation) -> None:
    blocks = [json.loads(b) for b in fences(page, "json")]
    expected = [ex.error if ex.error is not None else ex.response for ex in operation.examples]
    assert blocks == expected
    for ex in operation.examples:
        assert f"### Example {ex.name}" in page
        assert ex.summary in page


def test_error_codes_of_the_operation_and_the_gateway(page: str, service: m.Service) -> None:
    tables = [t for t in rendered_tables(page) if t[0][0] == "Code"]
    assert len(tables) == 2
    own, gateway = tables
    for table, errors in (
        (own, next(o for o in service.operations if o.name == "GetCallDetailRecord").errors),
        (gateway, service.errors),
    ):
        rows = {row[0]: row for row in table[1:]}
        assert list(rows) == [e.code for e in errors]
        for e in errors:
            row = rows[e.code]
            assert row[1] == str(e.http_status)
            assert row[2] == e.message
            assert row[3].startswith("yes" if e.retryable else "no")
            assert row[4] == f"ccc.errors.{e.class_name}"
            assert e.description.en in row[5]


def test_calling_snippet_is_valid_python_for_the_operation(
    page: str, operation: m.Operation
) -> None:
    (snippet,) = fences(page, "python")
    tree = ast.parse(snippet)
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == operation.python_name
    ]
    assert len(calls) == 1
    keywords = {k.arg: ast.literal_eval(k.value) for k in calls[0].keywords}
    assert keywords == {f.python_name: f.example for f in operation.request.fields if f.required}
    assert "from ccc import Client" in snippet
    (shell,) = fences(page, "sh")
    assert shell.strip() == "python -m ccc validate captured/"


def test_tables_are_well_formed(page: str, built: dict[str, str]) -> None:
    for text in (page, built["docs/README.md"]):
        for table in source_tables(text):
            width = len(split_row(table[0]))
            assert all(len(split_row(line)) == width for line in table), table[0]
            assert set(table[1].replace(" ", "")) <= set("|-")


def test_no_html_beyond_line_breaks(page: str) -> None:
    tags = html_tags(page)
    assert tags[0].startswith("<!-- Generated by cccgen")
    assert set(tags[1:]) == {"<br>"}


def test_relative_links_point_at_generated_files(built: dict[str, str]) -> None:
    import posixpath

    for name in ("docs/README.md", "docs/GetCallDetailRecord.md"):
        links = re.findall(r"\]\(([^)#]+)\)", built[name])
        assert links, name
        for link in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), link))
            assert target in built, f"{name} links to {link}, which is not generated"
