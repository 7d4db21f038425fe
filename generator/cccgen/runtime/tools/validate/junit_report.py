"""The junit report: JUnit XML, one `<testsuite>` per input and one `<testcase>` per response;
the drift as a suite of no tests whose properties list every kind."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Sequence
from typing import TextIO

from ...core.escapes import visible
from .reports import DriftEntry, Reporter, Result, Summary, clip
from .sources import Source

__all__ = ["JunitReporter"]


# Characters XML 1.0 cannot carry at all, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str, *, attribute: bool = False) -> str:
    if attribute:  # one line of text: control characters escaped as everywhere else
        text = visible(text)
    text = _XML_ILLEGAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\r", "&#13;")
        text = text.replace("\t", "&#9;")
    return text


def _failure_kind(result: Result) -> str:
    if result.status == "error response":
        return "error response"
    if result.operation:
        return result.operation
    return "invalid JSON" if result.errors and result.errors[0].kind == "json" else "invalid"


class JunitReporter(Reporter):
    """JUnit XML: a testsuite per input, a testcase per response; failures carry the issues.

    Cases and suites are spooled to temporary files (in memory while small) so that the totals
    of a suite and of `<testsuites>` can come before them, with memory bounded on long runs.
    """

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self.body = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed in finish()
            max_size=8 << 20, mode="w+", encoding="utf-8"
        )
        self.cases = self._spool()
        self.counts = [0, 0, 0]  # tests, failures, errors in the current suite
        self.totals = [0, 0, 0]

    @staticmethod
    def _spool() -> TextIO:
        return tempfile.SpooledTemporaryFile(  # type: ignore[return-value]
            max_size=4 << 20, mode="w+", encoding="utf-8"
        )

    def _case(self, source: Source, line: int, inner: str) -> None:
        name = f"line {line}" if source.jsonl is not False and line else source.name
        attrs = (
            f'classname="{_xml(source.name, attribute=True)}" name="{_xml(name, attribute=True)}"'
        )
        if source.path is not None:
            attrs += f' file="{_xml(source.name, attribute=True)}"'
        if line:
            attrs += f' line="{line}"'
        self.counts[0] += 1
        self.cases.write(f"    <testcase {attrs}{'>' + inner + '</testcase>' if inner else '/>'}\n")

    def valid(self, source: Source, line: int, operation: str) -> None:
        self._case(source, line, "")

    def result(self, result: Result) -> None:
        inner = ""
        name = visible(result.source.name)
        if result.errors:
            body = "\n".join(
                (f"{name}:{f.line}:{f.column}: " if f.line else f"{name}: ") + f.text()
                for f in result.errors
            )
            first = result.errors[0].text()
            count = len(result.errors)
            if result.status == "unreadable":
                tag, kind = "error", "unreadable"
                self.counts[2] += 1
            else:
                tag, kind = "failure", _failure_kind(result)
                self.counts[1] += 1
            message = first if count == 1 else f"{count} issues; first: {first}"
            inner += (
                f'<{tag} message="{_xml(clip(message, 300), attribute=True)}" '
                f'type="{_xml(kind, attribute=True)}">{_xml(body)}</{tag}>'
            )
        if result.warnings or result.notes:
            text = "\n".join(
                f"{level}: {name}:{f.line}:{f.column}: {f.text()}"
                for level, findings in (("warning", result.warnings), ("note", result.notes))
                for f in findings
            )
            inner += f"<system-out>{_xml(text)}</system-out>"
        self._case(result.source, result.line, inner)

    def end_source(self, source: Source) -> None:
        tests, failures, errors = self.counts
        self.body.write(
            f'  <testsuite name="{_xml(source.name, attribute=True)}" tests="{tests}" '
            f'failures="{failures}" errors="{errors}" skipped="0">\n'
        )
        self.cases.seek(0)
        while chunk := self.cases.read(1 << 16):
            self.body.write(chunk)
        self.cases.seek(0)
        self.cases.truncate()
        self.body.write("  </testsuite>\n")
        self.totals = [a + b for a, b in zip(self.totals, self.counts, strict=True)]
        self.counts = [0, 0, 0]

    def finish(self, summary: Summary, drift: Sequence[DriftEntry]) -> None:
        tests, failures, errors = self.totals
        write = self.out.write
        write('<?xml version="1.0" encoding="UTF-8"?>\n')
        write(
            f'<testsuites name="validate" tests="{tests}" failures="{failures}" '
            f'errors="{errors}" time="{summary.seconds:.3f}">\n'
        )
        self.body.seek(0)
        while chunk := self.body.read(1 << 16):
            write(chunk)
        self.body.close()
        self.cases.close()
        # Drift as a suite of no tests: its properties list every kind, for dashboards to show.
        write('  <testsuite name="drift" tests="0" failures="0" errors="0" skipped="0">\n')
        write("    <properties>\n")
        for entry in drift:
            value = (
                f"{entry.count}x, first at {entry.file}:{entry.line}:{entry.column}"
                if entry.line
                else f"{entry.count}x, first in {entry.file}"
            )
            write(
                f'      <property name="{_xml(entry.kind + ": " + clip(entry.describe(), 200), attribute=True)}" '
                f'value="{_xml(value, attribute=True)}"/>\n'
            )
        write("    </properties>\n")
        text = "\n".join(summary.lines() + self.closing_lines(summary, drift))
        write(f"    <system-out>{_xml(text)}</system-out>\n")
        write("  </testsuite>\n</testsuites>\n")
