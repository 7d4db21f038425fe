"""The reporters for `--format markdown|html`, the job summary, and coverage as text lines."""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from ccc._runtime.tools.validate.coverage import Coverage
from ccc._runtime.tools.validate.html_report import render_html
from ccc._runtime.tools.validate.markdown_report import render_markdown
from ccc._runtime.tools.validate.report_tables import coverage_lines
from ccc._runtime.tools.validate.report_writers import (
    HtmlReporter,
    MarkdownReporter,
    append_step_summary,
    step_summary_path,
)
from reports.helpers import HOSTILE, check_corpus, realistic_corpus
from reports.test_coverage import PAYLOADS, SCHEMA


def test_reporters_write_the_whole_report_at_the_end(page_example: dict[str, Any]) -> None:
    data = check_corpus(realistic_corpus(page_example))
    for reporter_class, render in (
        (MarkdownReporter, render_markdown),
        (HtmlReporter, render_html),
    ):
        out = io.StringIO()
        reporter = reporter_class(out)
        assert reporter.wants_valid is False
        reporter.attach(data.failures, data.coverage)
        assert out.getvalue() == ""
        reporter.finish(data.summary, data.drift)
        assert out.getvalue() == render(data)


def test_step_summary_appends_within_what_is_left(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    data = check_corpus(realistic_corpus(page_example))
    summary = tmp_path / "summary.md"
    assert step_summary_path({"GITHUB_STEP_SUMMARY": str(summary)}) == str(summary)
    assert step_summary_path({}) is None
    summary.write_text("# earlier step\n", encoding="utf-8")
    assert append_step_summary(data, str(summary)) is None
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# earlier step\n\n## validate report")  # appended, not replaced
    # nearly full: cut to fit what is left, with a note
    summary.write_text("x" * 9000, encoding="utf-8")
    assert append_step_summary(data, str(summary), budget=14_000) is None
    assert summary.stat().st_size <= 14_000
    assert "more rows not shown" in summary.read_text(encoding="utf-8")
    # full: nothing added, and a reason instead of an exception
    before = summary.read_bytes()
    reason = append_step_summary(data, str(summary), budget=len(before) + 100)
    assert reason is not None and "full" in reason
    assert summary.read_bytes() == before
    missing = tmp_path / "no-such-folder" / "summary.md"
    reason = append_step_summary(data, str(missing))
    assert reason is not None and "cannot write" in reason


def test_coverage_lines_by_hand() -> None:
    cover = Coverage({"Op": SCHEMA})
    for payload in PAYLOADS:
        cover.add("Op", payload)
    assert coverage_lines(cover) == [
        "coverage of Op: 8 of 10 fields seen in 5 responses",
        "  unconfirmed (never carried a value): Never, OnlyNull",
        '  unknown values: Kind = "D" (1), Items[].Level = 3 (1)',
        "  wrong type: Code (1)",
        '  unknown fields: Items[].Extra (1), New (1), ["a.b"] (1)',
    ]
    assert coverage_lines(Coverage()) == ["coverage: no response was validated"]


def test_coverage_lines_make_hostile_keys_visible(page_example: dict[str, Any]) -> None:
    cover = Coverage(check_corpus([]).coverage.schemas)  # type: ignore[union-attr]
    for key in HOSTILE:
        bad = copy.deepcopy(page_example)
        bad["Data"][key] = 1
        cover.add("GetCallDetailRecord", bad)
    text = "\n".join(coverage_lines(cover, limit=100))
    assert not any(c in text for c in "\x07\x1b\u202e\r")
    assert "\\u202e" in text and "\\x1b" not in text and "\\u001b" in text
