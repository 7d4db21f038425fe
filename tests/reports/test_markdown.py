"""The Markdown report, parsed back with markdown-it-py as GitHub would read it (HTML allowed)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from ccc._runtime.tools.validate.markdown_report import escape_cell, render_markdown
from ccc._runtime.tools.validate.report_tables import visible
from markdown_it import MarkdownIt
from markdown_it.token import Token
from reports.helpers import HOSTILE, check_corpus, realistic_corpus

# Everything GitHub's renderer does that data could abuse: raw HTML, tables, strikethrough.
PARSER = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
MARKUP = {
    "html_inline",
    "html_block",
    "link_open",
    "image",
    "code_inline",
    "em_open",
    "strong_open",
    "s_open",
    "code_block",
    "fence",
}


def _tables(text: str) -> list[list[list[str]]]:
    """Each table as rows of cells' plain text (the header row first)."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in PARSER.parse(text):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline" and row is not None:
            row.append("".join(c.content for c in token.children or [] if c.type == "text"))
        elif token.type == "tr_close" and row is not None:
            tables[-1].append(row)
            row = None
    return tables


def _markup(text: str) -> list[Token]:
    found = []
    for token in PARSER.parse(text):
        for child in [token, *(token.children or [])]:
            if child.type in MARKUP:
                found.append(child)
    return found


def _hostile_corpus(page: dict[str, Any]) -> list[tuple[str, list[object]]]:
    payloads: list[object] = []
    for key in HOSTILE:
        bad = copy.deepcopy(page)
        bad["Data"][key] = 1
        bad["Data"]["ContactType"] = key
        bad["Data"]["AgentEvents"][0][key] = key
        payloads.append(bad)
    return [(name, payloads) for name in HOSTILE[:3]] + [("plain.jsonl", [page])]


def test_realistic_report_has_every_table(page_example: dict[str, Any]) -> None:
    text = render_markdown(check_corpus(realistic_corpus(page_example)))
    tables = _tables(text)
    assert len(tables) == 5  # totals, failures, drift, coverage, unknown fields
    totals = {r[0]: r[1] for r in tables[0][1:]}
    assert (totals["responses"], totals["valid"], totals["invalid"]) == ("10", "6", "4")
    failures = tables[1]
    assert failures[0] == ["path", "keyword", "errors", "first example"]
    assert failures[1][:3] == ["/Data/CallDuration", "type", "2"]
    assert failures[1][3].startswith("captures/2026-12-01.jsonl:2:")
    drift = {tuple(r[:3]) for r in tables[2][1:]}
    assert ("unknown enum value", "GetCallDetailRecord", "/Data/ContactType = 'VIDEO'") in drift
    coverage = {r[0]: r for r in tables[3][1:]}
    assert coverage["Data.ContactType"][1:5] == ["unknown values", "10", "0", "0"]
    assert 'unknown: "VIDEO" 1' in coverage["Data.ContactType"][5]
    assert coverage["Data.AnalyticsReport"][2:5] == ["7", "0", "3"]
    unknown = [r[0] for r in tables[4][1:]]
    assert unknown == ["Data.AgentEvents[].DeviceType", "Data.CallTags"]
    assert not _markup(text)


@pytest.mark.parametrize("hostile", HOSTILE)
def test_cells_are_inert_text(hostile: str) -> None:
    text = f"| {escape_cell(hostile)} | x |\n|---|---|\n| {escape_cell(hostile)} | y |\n"
    assert _tables(text) == [[[visible(hostile), "x"], [visible(hostile), "y"]]]
    assert not _markup(text)
    # GitHub's extended autolinks (not in markdown-it's CommonMark) need "://" or "www."
    assert "://" not in text and "www." not in text.lower()


def test_hostile_captures_and_file_names_render_as_text(page_example: dict[str, Any]) -> None:
    text = render_markdown(check_corpus(_hostile_corpus(page_example)))
    assert not _markup(text), _markup(text)
    cells = {cell for table in _tables(text) for row in table for cell in row}
    everything = " ".join(cells)
    for key in HOSTILE:
        assert visible(key) in everything  # shown, as text, made visible
    # no byte of control characters or raw markup survived into the Markdown source
    assert not any(c in text for c in "\x07\x1b\u202e\r")
    assert "<img" not in text and "</style" not in text
    # every table row has as many cells as its header: no pipe from data split a cell
    for table in _tables(text):
        assert len({len(row) for row in table}) == 1


def test_budget_cuts_rows_fairly_with_a_note(page_example: dict[str, Any]) -> None:
    corpus = []
    for n in range(300):
        bad = copy.deepcopy(page_example)
        bad["Data"][f"Unknown{n:03d}"] = n
        corpus.append(bad)
    data = check_corpus([("many.jsonl", corpus)])
    full = render_markdown(data)
    assert len(full.encode()) > 60_000
    for budget in (60_000, 20_000, 5_000):
        text = render_markdown(data, budget=budget)
        assert len(text.encode()) <= budget
        assert "more rows not shown" in text
        tables = _tables(text)
        assert tables[0][1][0] == "mode"  # the totals always come first
        assert not _markup(text)
    tiny = render_markdown(data, budget=600)
    assert len(tiny.encode()) <= 600
    assert "more tables not shown" in tiny
    # the cut report keeps rows of every table that fits, not just the first long one
    text = render_markdown(data, budget=20_000)
    drift_rows, coverage_rows = len(_tables(text)[2]), len(_tables(text)[3])
    assert drift_rows > 5 and coverage_rows > 5


def test_no_failures_no_coverage_still_renders(page_example: dict[str, Any]) -> None:
    data = check_corpus([("ok.json", [page_example])], coverage=False)
    data.failures = None
    text = render_markdown(data)
    assert "### Drift" in text and "\nnone\n" in text
    assert len(_tables(text)) == 1
