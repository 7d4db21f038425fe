"""The Markdown report: compact GFM tables for a CI job summary (`$GITHUB_STEP_SUMMARY`).

GitHub renders a step summary as GitHub Flavored Markdown with HTML allowed, so every cell of
data is written as text that cannot become markup: ASCII punctuation other than a few harmless
marks is written as a numeric character reference (`<` as `&#60;`, `|` as `&#124;`, a backtick
as `&#96;`), which Markdown shows as the character itself and never reads as HTML, a link, an
emphasis, a table pipe, a mention or math; control characters are made visible first. The whole
text stays within `budget` bytes of UTF-8 (GitHub takes at most 1 MiB per step): rows are cut,
fairly across the tables, and each cut table says how many rows it does not show.
Standard library only.
"""

from __future__ import annotations

from .report_tables import (
    ReportData,
    Table,
    coverage_tables,
    drift_table,
    failures_table,
    totals_table,
    visible,
)

__all__ = ["DEFAULT_BUDGET", "escape_cell", "render_markdown"]

DEFAULT_BUDGET = 1_000_000  # bytes; GitHub's step summary limit is 1 MiB
_SAFE = frozenset(" ,/-=;?%'+")


def _reference(char: str) -> str:
    if char.isalnum() or char in _SAFE or ord(char) > 0x7F:
        return char
    return f"&#{ord(char)};"


_TABLE = {code: _reference(chr(code)) for code in range(0x80)}


def escape_cell(text: str) -> str:
    """Plain text as inert GFM inline content on one line (control characters made visible)."""
    return visible(text, len(text)).translate(_TABLE)


def _row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(escape_cell(c) for c in cells) + " |\n"


def _head(table: Table) -> str:
    title = f"### {escape_cell(table.title)}\n\n"
    if not table.rows:
        return title
    align = "|".join("---:" if i in table.numeric else "---" for i in range(len(table.columns)))
    return title + _row(table.columns) + "|" + align + "|\n"


def _tail(table: Table, cut: int) -> str:
    notes = [] if table.rows else ["none"]
    more = table.more + cut
    if more:
        notes.append(f"… {more} more rows not shown")
    if table.note:
        notes.append(escape_cell(table.note))
    return "\n" + "".join(f"{n}\n\n" for n in notes)


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def render_markdown(
    data: ReportData, *, budget: int = DEFAULT_BUDGET, title: str = "validate report"
) -> str:
    """The whole report in at most `budget` bytes of UTF-8.

    Headings and notes are reserved first (tables that do not fit even empty are left out,
    from the last, with a note); the room left goes to rows, one row per table in turn, so a
    long table cannot crowd out the ones after it.
    """
    tables = [totals_table(data.summary)]
    if data.failures is not None:
        tables.append(failures_table(data.failures))
    tables.append(drift_table(data.drift, data.summary.drift_kinds_dropped))
    if data.coverage is not None:
        tables.extend(coverage_tables(data.coverage))
    head = f"## {escape_cell(title)}\n\n"
    # Worst-case frames: heading plus a note that names every row as cut.
    frames = [_size(_head(t)) + _size(_tail(t, 10**12)) for t in tables]
    dropped_note = "… {} more tables not shown\n"
    room = budget - _size(head) - _size(dropped_note.format(len(tables)))
    kept = 0
    while kept < len(tables) and frames[kept] <= room:
        room -= frames[kept]
        kept += 1
    rows = [[_row(r) for r in t.rows] for t in tables[:kept]]
    taken = [0] * kept
    open_tables = [i for i in range(kept) if rows[i]]
    while open_tables:
        still = []
        for i in open_tables:
            size = _size(rows[i][taken[i]])
            if size <= room:
                room -= size
                taken[i] += 1
                if taken[i] < len(rows[i]):
                    still.append(i)
        open_tables = still
    parts = [head]
    for i in range(kept):
        parts.append(_head(tables[i]))
        parts.extend(rows[i][: taken[i]])
        parts.append(_tail(tables[i], len(rows[i]) - taken[i]))
    if kept < len(tables):
        parts.append(dropped_note.format(len(tables) - kept))
    return "".join(parts)
