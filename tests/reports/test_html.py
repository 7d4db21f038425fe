"""The HTML report: self-contained, inert whatever the captures hold, small whatever the run."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from html.parser import HTMLParser
from typing import Any

from ccc._runtime.tools.validate.coverage import Coverage
from ccc._runtime.tools.validate.failures import Failures
from ccc._runtime.tools.validate.html_report import CSP, render_html
from ccc._runtime.tools.validate.report_tables import ReportData, visible
from reports.helpers import HOSTILE, OPERATION, check_corpus, realistic_corpus

TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3", "p", "section",
    "div", "b", "span", "table", "thead", "tbody", "tr", "th", "td", "ol", "li", "i",
}  # fmt: skip
ATTRIBUTES = {
    "lang", "charset", "http-equiv", "content", "name", "class", "style", "title", "role",
    "aria-label", "id",
}  # fmt: skip


class Page(HTMLParser):
    """Every element, attribute and piece of text of a page, as a browser's tokenizer sees it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        (self.styles if self._in_style else self.text).append(data)


def _hostile_data(page: dict[str, Any]) -> ReportData:
    payloads: list[object] = []
    for key in HOSTILE:
        bad = copy.deepcopy(page)
        bad["Data"][key] = key
        bad["Data"]["ContactType"] = key
        bad["Data"]["AgentEvents"][0][key] = 1
        payloads.append(bad)
    files = [(name, payloads) for name in HOSTILE] + [("ok.jsonl", [page])]
    return check_corpus(files)


def test_page_is_self_contained_with_a_strict_policy(page_example: dict[str, Any]) -> None:
    text = render_html(check_corpus(realistic_corpus(page_example)))
    page = Page(text)
    metas = [a for t, a in page.tags if t == "meta" and a.get("http-equiv")]
    assert metas == [{"http-equiv": "Content-Security-Policy", "content": CSP}]
    assert "default-src 'none'" in CSP and "script-src" not in CSP
    assert {t for t, _ in page.tags} <= TAGS  # no script, link, img, iframe, form, base
    for _, attrs in page.tags:
        assert set(attrs) <= ATTRIBUTES
        assert not any(k in ("src", "href", "action") for k in attrs)
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css
    words = " ".join(page.text)
    for expected in (
        "Failures by path (6 errors)",
        "/Data/CallDuration",
        "captures/2026-12-01.jsonl:2:272",
        "Errors per input",
        "Drift (3 differences)",
        "GetCallDetailRecord: 87 of 88 fields seen in 10 responses",
        "Data.AgentEvents[].DeviceType",
    ):
        assert expected in words, expected


def test_coverage_bars_show_present_and_null_shares(page_example: dict[str, Any]) -> None:
    page = copy.deepcopy(page_example)
    page["Data"]["EstablishedTime"] = None
    text = render_html(check_corpus([("a.jsonl", [page_example, page, page, page])]))
    # EstablishedTime: 1 present and 3 null of 4 occurrences
    row = text[text.rindex("<tr>", 0, text.index(">EstablishedTime<")) :]
    row = row[: row.index("</tr>")]
    assert 'class="p" style="width:25.0%"' in row
    assert 'class="u" style="width:75.0%"' in row
    assert "padding-left:24px" in row  # one level under Data


def test_hostile_captures_and_file_names_are_text(page_example: dict[str, Any]) -> None:
    text = render_html(_hostile_data(page_example))
    page = Page(text)
    assert {t for t, _ in page.tags} <= TAGS
    for _, attrs in page.tags:
        assert set(attrs) <= ATTRIBUTES
    # the style sheet is the page's own, whole: no `</style>` from data closed it early
    assert len([t for t, _ in page.tags if t == "style"]) == 1
    assert "alert" not in "".join(page.styles)
    words = "".join(page.text) + "".join(str(a) for _, a in page.tags)
    for key in HOSTILE:
        assert visible(key) in words, key  # shown, as text, control characters made visible
    assert not any(c in text for c in "\x07\x1b\u202e\r")
    assert "<img" not in text and "<script" not in text


def _big_run(page: dict[str, Any]) -> ReportData:
    """10^5 responses over 10^3 inputs: one input's figures checked for real, then repeated."""
    one = check_corpus(
        [("captures/day-0000.jsonl", [p for _, ps in realistic_corpus(page) for p in ps] * 10)]
    )
    assert one.failures is not None and one.coverage is not None
    summary = dataclasses.replace(one.summary, operations=dict(one.summary.operations))
    summary.inputs, summary.responses = 1000, 100 * 1000
    summary.valid, summary.invalid = one.summary.valid * 1000, one.summary.invalid * 1000
    failures, coverage = Failures(), Coverage()
    template = pickle.dumps(one.failures)
    for n in range(1000):
        part: Failures = pickle.loads(template)
        name = f"captures/day-{n:04d}.jsonl"
        part.per_input = {name: sum(part.per_input.values())}
        for group in part.groups.values():
            group.examples = [(name, *rest) for _, *rest in group.examples]  # type: ignore[misc]
        failures.merge(part)
        coverage.merge(one.coverage)
    return ReportData(summary, one.drift, failures, coverage)


def test_page_stays_small_for_a_big_run(page_example: dict[str, Any]) -> None:
    data = _big_run(page_example)
    assert data.coverage is not None
    assert data.coverage.to_dict()[OPERATION]["responses"] == 100_000
    text = render_html(data)
    assert len(text.encode()) < 200_000
    assert "100000 responses in 1000 inputs" in text
    words = " ".join(Page(text).text)
    assert "captures/day-0000.jsonl" in words  # the first example, and the inputs with most


def test_every_group_and_drift_row_is_bounded(page_example: dict[str, Any]) -> None:
    payloads: list[object] = []
    for n in range(400):
        bad = copy.deepcopy(page_example)
        bad["Data"][f"Field{n:03d}" + "x" * 500] = n
        payloads.append(bad)
    text = render_html(check_corpus([("a.jsonl", payloads)]))
    assert "more groups not shown" in text and "more rows not shown" in text
    assert len(text.encode()) < 500_000
