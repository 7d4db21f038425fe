"""The content of the Markdown and HTML reports, as tables of plain text (not yet escaped).

Both renderers show the same things: totals, failures by path and keyword, drift, coverage.
This module decides what each row says; `markdown_report` and `html_report` only escape and lay
it out. `visible` makes control characters, bidirectional overrides, zero-width characters and
lone surrogates in hostile text visible as escapes (`\\x1b`, `\\u200b`), so no byte from a
capture can move a cursor, reorder a line or break an encoder. Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ...core import escapes
from .coverage import Coverage
from .failures import Failures
from .reports import DROPPED_LIMIT, DriftEntry, Summary, clip

__all__ = [
    "CELL_LIMIT",
    "ReportData",
    "Table",
    "coverage_lines",
    "coverage_tables",
    "drift_table",
    "failures_table",
    "seen_text",
    "totals_table",
    "visible",
]

CELL_LIMIT = 300  # characters of one cell of data
# What `escapes.visible` leaves as it is but a page must not hide either: the soft hyphen,
# zero-width characters, word joiners and invisible operators, the BOM, lone surrogates.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060-\u2065\ufeff\ud800-\udfff]")


def visible(text: str, limit: int = CELL_LIMIT) -> str:
    """`text` clipped, every invisible or controlling character written as an escape: control
    characters as `escapes.visible` writes them in the text report (`\\n`, `\\x1b`), then the
    invisible characters it leaves alone (`\\u200b`)."""
    text = escapes.visible(clip(text, limit))
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@dataclass(slots=True)
class Table:
    """Rows of plain text; `numeric` columns are right-aligned; `more` rows left out already."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]] = field(default_factory=list)
    numeric: frozenset[int] = frozenset()
    more: int = 0
    note: str = ""


@dataclass(slots=True)
class ReportData:
    """Everything a report shows; `failures` and `coverage` None when not collected."""

    summary: Summary
    drift: Sequence[DriftEntry] = ()
    failures: Failures | None = None
    coverage: Coverage | None = None


def totals_table(summary: Summary) -> Table:
    """The table of totals: files, responses, valid, invalid, by operation."""
    data = summary.to_dict()
    operations = ", ".join(f"{visible(k)} ({v})" for k, v in summary.operations.items())
    rows = [
        ("mode", data["mode"]),
        ("inputs", str(summary.inputs)),
        ("responses", str(summary.responses)),
        ("valid", str(summary.valid)),
        ("invalid", str(summary.invalid)),
        ("not valid JSON", str(summary.not_json)),
        ("error responses", str(summary.error_responses)),
        ("unreadable", str(summary.unreadable)),
        ("I/O errors", str(summary.io_errors)),
        ("warnings", str(summary.warnings)),
        ("operations", operations or "none"),
        ("seconds", f"{summary.seconds:.2f}"),
        ("exit status", str(summary.exit_code)),
    ]
    return Table("Totals", ("", "count"), [(a, b) for a, b in rows], frozenset({1}))


def _where(file: str, line: int, column: int) -> str:
    return f"{visible(file)}:{line}:{column}" if line else visible(file)


def failures_table(failures: Failures, limit: int | None = None) -> Table:
    """The table of the most frequent failures (up to `limit`)."""
    ranked = failures.ranked()
    shown = ranked if limit is None else ranked[:limit]
    several = len({key[0] for key, _ in ranked}) > 1
    columns = ("operation",) if several else ()
    table = Table(
        f"Failures by path ({failures.errors} errors)",
        (*columns, "path", "keyword", "errors", "first example"),
        numeric=frozenset({len(columns) + 2}),
    )
    for (operation, path, keyword), group in shown:
        example = ""
        if group.examples:
            file, line, column, message = group.examples[0]
            example = f"{_where(file, line, column)}: {visible(message)}"
        lead = (visible(operation) or "-",) if several else ()
        table.rows.append(
            (*lead, visible(path) or "/", visible(keyword), str(group.count), example)
        )
    table.more = len(ranked) - len(shown)
    if failures.other_errors:
        table.note = f"{failures.other_errors} more errors in groups not kept"
    return table


def drift_table(drift: Sequence[DriftEntry], dropped: int, limit: int | None = None) -> Table:
    """The table of drift between the spec and the captures (up to `limit`)."""
    shown = drift if limit is None else drift[:limit]
    table = Table(
        f"Drift ({len(drift)} differences)",
        ("kind", "operation", "where", "seen", "first seen"),
        numeric=frozenset({3}),
    )
    for entry in shown:
        table.rows.append(
            (
                entry.kind,
                visible(entry.operation or "-"),
                visible(entry.describe()),
                str(entry.count),
                _where(entry.file, entry.line, entry.column),
            )
        )
    table.more = len(drift) - len(shown)
    if dropped:
        more = f"at least {dropped}" if dropped >= DROPPED_LIMIT else str(dropped)
        table.note = f"{more} more kinds of drift, not listed"
    return table


def _number(value: object) -> str:
    return visible(repr(value) if isinstance(value, float) else str(value), 40)


def seen_text(data: dict[str, Any]) -> str:
    """What was seen of one field (a `Coverage` field dict), in a few words."""
    parts: list[str] = []
    enum = data.get("enum")
    if enum is not None:
        seen = [f"{visible(str(v['value']))} {v['count']}" for v in enum["values"] if v["count"]]
        if seen:
            parts.append(", ".join(seen))
        if enum["never_seen"]:
            parts.append("never: " + ", ".join(visible(str(v)) for v in enum["never_seen"]))
        unknown = [f"{visible(u['value'], 60)} {u['count']}" for u in enum["unknown"]]
        if enum["unknown_other"]:
            unknown.append(f"others {enum['unknown_other']}")
        if unknown:
            parts.append("unknown: " + ", ".join(unknown))
    span = data.get("range")
    if span is not None and span["min"] is not None:
        low, high = _number(span["min"]), _number(span["max"])
        parts.append(low if low == high else f"{low} to {high}")
    longest = data.get("longest")
    if longest is not None and enum is None:
        parts.append(f"longest {longest} character{'' if longest == 1 else 's'}")
    booleans = data.get("booleans")
    if booleans is not None and (booleans["true"] or booleans["false"]):
        parts.append(f"true {booleans['true']}, false {booleans['false']}")
    if data.get("most_items") is not None:
        parts.append(f"up to {data['most_items']} items")
    if data["wrong_type"]:
        parts.append(f"wrong type {data['wrong_type']}")
    return "; ".join(parts)


def status_text(data: dict[str, Any]) -> str:
    if not data["present"]:
        return "unconfirmed"
    if data["wrong_type"]:
        return "wrong type"
    enum = data.get("enum")
    if enum is not None and (enum["unknown"] or enum["unknown_other"]):
        return "unknown values"
    return "seen"


def coverage_tables(coverage: Coverage) -> list[Table]:
    """Per operation: its fields, then the unknown fields its responses carried."""
    tables: list[Table] = []
    for name, data in coverage.to_dict().items():
        fields = data["fields"]
        unconfirmed = len(data["unconfirmed"])
        table = Table(
            f"Coverage of {visible(name)}: {len(fields) - unconfirmed} of {len(fields)} fields "
            f"seen in {data['responses']} responses",
            ("field", "status", "present", "null", "absent", "seen"),
            numeric=frozenset({2, 3, 4}),
        )
        for item in fields:
            table.rows.append(
                (
                    visible(item["path"]),
                    status_text(item),
                    str(item["present"]),
                    str(item["null"]),
                    str(item["absent"]),
                    seen_text(item),
                )
            )
        if data["not_object"]:
            table.note = f"{data['not_object']} responses were not JSON objects"
        tables.append(table)
        unknown = Table(
            f"Unknown fields in {visible(name)} responses (not in the spec)",
            ("field", "seen"),
            [(visible(u["path"]), str(u["count"])) for u in data["unknown_fields"]],
            numeric=frozenset({1}),
        )
        if data["unknown_fields_other"]:
            unknown.note = f"{data['unknown_fields_other']} more in fields not kept"
        if unknown.rows or unknown.note:
            tables.append(unknown)
    return tables


def coverage_lines(coverage: Coverage, *, limit: int = 20) -> list[str]:
    """Coverage for the text report: one line per operation, then what needs a look.

    Each list (unconfirmed fields, unknown values, wrong types, unknown fields) shows at most
    `limit` entries and says how many more there are; every string is made `visible`.
    """

    def listed(label: str, items: list[str]) -> list[str]:
        if not items:
            return []
        more = f", and {len(items) - limit} more" if len(items) > limit else ""
        return [f"  {label}: {', '.join(items[:limit])}{more}"]

    lines: list[str] = []
    for name, data in coverage.to_dict().items():
        fields = data["fields"]
        seen = len(fields) - len(data["unconfirmed"])
        lines.append(
            f"coverage of {visible(name)}: {seen} of {len(fields)} fields seen "
            f"in {data['responses']} responses"
        )
        lines += listed(
            "unconfirmed (never carried a value)", [visible(p) for p in data["unconfirmed"]]
        )
        values = []
        for item in fields:
            enum = item.get("enum")
            if enum is not None:
                unknown = [f"{visible(u['value'], 60)} ({u['count']})" for u in enum["unknown"]]
                if enum["unknown_other"]:
                    unknown.append(f"others ({enum['unknown_other']})")
                if unknown:
                    values.append(f"{visible(item['path'])} = {' | '.join(unknown)}")
        lines += listed("unknown values", values)
        wrong = [f"{visible(i['path'])} ({i['wrong_type']})" for i in fields if i["wrong_type"]]
        lines += listed("wrong type", wrong)
        unknown_fields = [f"{visible(u['path'])} ({u['count']})" for u in data["unknown_fields"]]
        if data["unknown_fields_other"]:
            unknown_fields.append(f"others ({data['unknown_fields_other']})")
        lines += listed("unknown fields", unknown_fields)
    if not lines:
        lines.append("coverage: no response was validated")
    return lines
