"""The HTML report: one self-contained page, to open from disk or keep as a CI artifact.

No script, no network, no external asset: inline CSS only, and a Content-Security-Policy that
forbids everything else (`default-src 'none'`), so even a mistake in escaping could neither run
a script nor make a request. Every string from a capture or a file name goes through `esc`
(control characters made visible, then `html.escape` with quotes) and only ever lands in text
or in a quoted attribute; widths of bars are numbers computed here.

The page aggregates, it does not list responses: totals; failures grouped by path and keyword
with their first examples; a histogram of errors per input with the inputs that had the most;
drift; coverage per operation as a field tree with bars (present, null, absent). Its size
depends on the spec and on the limits below, not on the number of responses or inputs.
Standard library only.
"""

from __future__ import annotations

import html

from .coverage import Coverage, OperationCoverage
from .failures import Failures
from .report_tables import (
    ReportData,
    Table,
    drift_table,
    failures_table,
    seen_text,
    status_text,
    visible,
)
from .reports import Summary

__all__ = ["CSP", "render_html"]

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
FAILURE_GROUPS = 100  # groups shown, most errors first
DRIFT_ROWS = 200
UNKNOWN_FIELD_ROWS = 200
WORST_INPUTS = 10

_STYLE = """
:root{--ok:#2da44e;--bad:#cf222e;--warn:#bf8700;--muted:#6e7781;--line:#d0d7de;--null:#8c959f}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;
background:#f6f8fa}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
h3{font-size:15px;margin:18px 0 6px}
.sub{color:var(--muted);margin:0 0 16px}
section{background:#fff;border:1px solid var(--line);border-radius:8px;padding:4px 16px 16px;
margin-bottom:16px}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 14px;min-width:110px;
background:#fff}
.card b{display:block;font-size:20px}.card span{color:var(--muted);font-size:12px}
.card.bad b{color:var(--bad)}.card.ok b{color:var(--ok)}.card.warn b{color:var(--warn)}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{background:#f6f8fa;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12px;
overflow-wrap:anywhere}
ol.ex{margin:0;padding-left:18px}ol.ex li{overflow-wrap:anywhere}
.bar{display:flex;height:10px;width:160px;background:#eaeef2;border-radius:3px;overflow:hidden}
.bar i{display:block;height:100%}
.bar .p{background:var(--ok)}.bar .u{background:var(--null)}.bar .e{background:var(--bad)}
.bar .h{background:#0969da}
.status-unconfirmed{color:var(--bad)}.status-seen{color:var(--ok)}
.status-wrong{color:var(--bad)}.status-unknown{color:var(--warn)}
td.f{white-space:nowrap}
.note{color:var(--muted);font-style:italic}
.legend i{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
"""


def esc(text: str, limit: int = 300) -> str:
    """Hostile text as inert HTML text or attribute value."""
    return html.escape(visible(text, limit), quote=True)


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}" if whole else "0"


def _bar(parts: list[tuple[str, int]], whole: int, label: str) -> str:
    inner = "".join(
        f'<i class="{css}" style="width:{_pct(n, whole)}%"></i>' for css, n in parts if n
    )
    return f'<div class="bar" role="img" aria-label="{esc(label)}">{inner}</div>'


def _card(label: str, value: int | str, tone: str = "") -> str:
    return f'<div class="card {tone}"><b>{esc(str(value))}</b><span>{esc(label)}</span></div>'


def _table(table: Table, *, mono: frozenset[int] = frozenset(), level: int = 3) -> str:
    """A `Table` whose cells are plain text (escaped here), under a heading of `level`."""
    out = [f"<h{level}>{esc(table.title)}</h{level}>"]
    if table.rows:
        out.append("<table><thead><tr>")
        out.extend(f"<th>{esc(c)}</th>" for c in table.columns)
        out.append("</tr></thead><tbody>")
        for row in table.rows:
            out.append("<tr>")
            for i, cell in enumerate(row):
                css = ' class="n"' if i in table.numeric else (' class="mono"' if i in mono else "")
                out.append(f"<td{css}>{esc(cell)}</td>")
            out.append("</tr>")
        out.append("</tbody></table>")
    else:
        out.append('<p class="note">none</p>')
    if table.more:
        out.append(f'<p class="note">… {table.more} more rows not shown</p>')
    if table.note:
        out.append(f'<p class="note">{esc(table.note)}</p>')
    return "".join(out)


def _error_tone(summary: Summary) -> str:
    if not summary.error_responses:
        return ""
    return "bad" if summary.fail_on_error_responses else "warn"


def _totals(data: ReportData) -> str:
    s = data.summary
    cards = [
        _card("inputs", s.inputs),
        _card("responses", s.responses),
        _card("valid", s.valid, "ok" if s.valid else ""),
        _card("invalid", s.invalid, "bad" if s.invalid else ""),
        _card("not valid JSON", s.not_json, "bad" if s.not_json else ""),
        _card("error responses", s.error_responses, _error_tone(s)),
        _card(
            "unreadable", s.unreadable + s.io_errors, "bad" if s.unreadable or s.io_errors else ""
        ),
        _card("warnings", s.warnings, "warn" if s.warnings else ""),
        _card("drift kinds", len(data.drift), "warn" if data.drift else ""),
        _card("exit status", s.exit_code, "bad" if s.exit_code else "ok"),
    ]
    return (
        '<section id="totals"><h2>Totals</h2><div class="cards">'
        + "".join(cards)
        + "</div></section>"
    )


def _failures(failures: Failures) -> str:
    table = failures_table(failures, FAILURE_GROUPS)
    ranked = failures.ranked()[:FAILURE_GROUPS]
    top = ranked[0][1].count if ranked else 0
    out = [f'<section id="failures"><h2>{esc(table.title)}</h2>']
    if not ranked:
        out.append('<p class="note">no errors</p></section>')
        return "".join(out)
    several = len(table.columns) == 5
    out.append("<table><thead><tr>")
    heads = (("operation",) if several else ()) + (
        "path",
        "keyword",
        "errors",
        "",
        "first examples",
    )
    out.extend(f"<th>{esc(h)}</th>" for h in heads)
    out.append("</tr></thead><tbody>")
    for (operation, path, keyword), group in ranked:
        out.append("<tr>")
        if several:
            out.append(f"<td>{esc(operation or '-')}</td>")
        out.append(f'<td class="mono">{esc(path or "/")}</td><td>{esc(keyword)}</td>')
        out.append(f'<td class="n">{group.count}</td>')
        out.append(f"<td>{_bar([('e', group.count)], top, f'{group.count} errors')}</td>")
        items = "".join(
            f'<li><span class="mono">{esc(file)}:{line}:{column}</span> {esc(message)}</li>'
            for file, line, column, message in group.examples
        )
        out.append(f'<td><ol class="ex">{items}</ol></td></tr>')
    out.append("</tbody></table>")
    if table.more:
        out.append(f'<p class="note">… {table.more} more groups not shown</p>')
    if table.note:
        out.append(f'<p class="note">{esc(table.note)}</p>')
    out.append("</section>")
    return "".join(out)


def _histogram(failures: Failures, inputs: int) -> str:
    rows = failures.histogram(inputs)
    top = max((n for _, n in rows), default=0)
    out = [
        '<section id="histogram"><h2>Errors per input</h2><table><thead><tr>',
        "<th>errors</th><th>inputs</th><th></th></tr></thead><tbody>",
    ]
    for label, count in rows:
        bar = _bar([("h", count)], top, f"{count} inputs")
        out.append(
            f'<tr><td class="n">{esc(label)}</td><td class="n">{count}</td><td>{bar}</td></tr>'
        )
    out.append("</tbody></table>")
    worst = failures.worst_inputs(WORST_INPUTS)
    if worst:
        out.append("<h3>Inputs with the most errors</h3><table><tbody>")
        out.extend(
            f'<tr><td class="mono">{esc(name)}</td><td class="n">{count}</td></tr>'
            for name, count in worst
        )
        out.append("</tbody></table>")
    out.append("</section>")
    return "".join(out)


def _depths(cover: OperationCoverage) -> list[int]:
    depths = [0] * len(cover.fields)
    for i, spec in enumerate(cover.fields[1:], start=1):
        depths[i] = depths[spec.parent] + 1 if spec.parent > 0 else 0
    return depths


def _tree(name: str, cover: OperationCoverage) -> str:
    data = cover.to_dict()
    fields = data["fields"]
    depths = _depths(cover)
    unconfirmed = len(data["unconfirmed"])
    out = [
        f"<h3>{esc(name)}: {len(fields) - unconfirmed} of {len(fields)} fields seen ",
        f"in {data['responses']} responses</h3>",
        '<p class="legend"><i style="background:var(--ok)"></i>present',
        '<i style="background:var(--null)"></i>null<i style="background:#eaeef2"></i>absent</p>',
        "<table><thead><tr><th>field</th><th>status</th><th></th><th>present</th><th>null</th>",
        "<th>absent</th><th>seen</th></tr></thead><tbody>",
    ]
    for index, item in enumerate(fields, start=1):
        spec = cover.fields[index]
        parent = cover.fields[spec.parent].path if spec.parent > 0 else ""
        label = spec.path[len(parent) :].lstrip(".") or spec.path
        whole = item["present"] + item["null"] + item["absent"]
        bar = _bar(
            [("p", item["present"]), ("u", item["null"])],
            whole,
            f"{item['present']} present, {item['null']} null, {item['absent']} absent",
        )
        status = status_text(item)
        css = "status-" + status.split()[0]
        out.append(
            f'<tr><td class="mono f" style="padding-left:{8 + 16 * depths[index]}px" '
            f'title="{esc(spec.path)}">{esc(label)}</td>'
            f'<td class="{css}">{esc(status)}</td><td>{bar}</td>'
            f'<td class="n">{item["present"]}</td><td class="n">{item["null"]}</td>'
            f'<td class="n">{item["absent"]}</td><td>{esc(seen_text(item), 2000)}</td></tr>'
        )
    out.append("</tbody></table>")
    if data["not_object"]:
        out.append(f'<p class="note">{data["not_object"]} responses were not JSON objects</p>')
    unknown = data["unknown_fields"]
    if unknown or data["unknown_fields_other"]:
        out.append("<h3>Unknown fields (not in the spec)</h3><table><tbody>")
        out.extend(
            f'<tr><td class="mono">{esc(u["path"])}</td><td class="n">{u["count"]}</td></tr>'
            for u in unknown[:UNKNOWN_FIELD_ROWS]
        )
        out.append("</tbody></table>")
        more = len(unknown) - min(len(unknown), UNKNOWN_FIELD_ROWS)
        if more:
            out.append(f'<p class="note">… {more} more rows not shown</p>')
        if data["unknown_fields_other"]:
            out.append(
                f'<p class="note">{data["unknown_fields_other"]} more in fields not kept</p>'
            )
    return "".join(out)


def _coverage(coverage: Coverage) -> str:
    out = ['<section id="coverage"><h2>Coverage of the spec by the captures</h2>']
    if not coverage.operations:
        out.append('<p class="note">no response was validated</p>')
    for name in sorted(coverage.operations):
        out.append(_tree(name, coverage.operations[name]))
    out.append("</section>")
    return "".join(out)


def render_html(data: ReportData, *, title: str = "validate report") -> str:
    """The whole page; its size depends on the spec and the limits, not on the run's size."""
    s = data.summary
    verdict = "all valid" if s.exit_code == 0 else f"exit status {s.exit_code}"
    mode = "strict" if s.strict else "lenient"
    operations = ", ".join(s.operations) or "no operation"
    body = [
        f"<h1>{esc(title)}</h1>",
        (
            f'<p class="sub">{s.responses} responses in {s.inputs} inputs ({mode}, '
            f"{esc(operations, 1000)}; {s.seconds:.2f} s): {esc(verdict)}</p>"
        ),
        _totals(data),
    ]
    if data.failures is not None:
        body.append(_failures(data.failures))
        body.append(_histogram(data.failures, s.inputs))
    drift = drift_table(data.drift, s.drift_kinds_dropped, DRIFT_ROWS)
    body.append('<section id="drift">' + _table(drift, mono=frozenset({2}), level=2) + "</section>")
    if data.coverage is not None:
        body.append(_coverage(data.coverage))
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="referrer" content="no-referrer">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style></head>\n"
        "<body><main>\n" + "\n".join(body) + "\n</main></body></html>\n"
    )
