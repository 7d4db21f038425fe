"""The diff rules: one table that decides each change's severity and is rendered as the
`cccgen diff --help` section and the spec/README.md table (refresh the README with
`python -m cccgen.diff --write-readme spec/README.md`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["breaking", "compatible", "info"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "compatible", "info")
# "request"/"response": a rule for a field, parameter or enum value on that side of an operation;
# "any": a rule that does not depend on the side (service, operation, model, enum, error facts).
Side = Literal["request", "response", "any"]
SIDES: tuple[Side, ...] = ("request", "response")


@dataclass(frozen=True)
class Rule:
    kind: str  # the Change.kind it gives
    side: Side
    what_changed: str  # in words; also the key when a kind has several rules on one side
    severity: Severity
    words: str  # why, in a few words ("" when the change speaks for itself)


_FOLLOWS = "the generated client follows it"
ENUM_SIDE = "An enum value is judged on the side whose fields use its enum (response when both do)."

RULES: tuple[Rule, ...] = (
    # -- fields and parameters (request) vs fields (response), and enum values by side --------
    Rule("parameter-added", "request", "added as optional", "compatible", ""),
    Rule("field-added", "response", "added as optional", "compatible", ""),
    Rule("parameter-added", "request", "added as required", "breaking", "existing calls omit it"),
    Rule("field-added", "response", "added as required", "breaking", "earlier captures lack it"),
    Rule("parameter-removed", "request", "removed", "breaking", "callers pass it"),
    Rule("field-removed", "response", "removed", "breaking", "attribute gone, captures carry it"),
    Rule("python-name-changed", "request", "python_name changed", "breaking", "keyword renamed"),
    Rule("python-name-changed", "response", "python_name changed", "breaking", "attribute renamed"),
    Rule("required-changed", "request", "optional became required", "breaking", ""),
    Rule(
        "required-changed",
        "response",
        "optional became required",
        "breaking",
        "captures without it now fail",
    ),
    Rule("required-changed", "request", "required became optional", "compatible", ""),
    Rule(
        "required-changed",
        "response",
        "required became optional",
        "breaking",
        "consumers lose the guarantee",
    ),
    Rule("nullable-changed", "request", "nullable became non-nullable", "breaking", ""),
    Rule(
        "nullable-changed",
        "response",
        "nullable became non-nullable",
        "breaking",
        "captures with `null` now fail",
    ),
    Rule("nullable-changed", "request", "non-nullable became nullable", "compatible", ""),
    Rule(
        "nullable-changed",
        "response",
        "non-nullable became nullable",
        "breaking",
        "consumers must handle `null`",
    ),
    Rule("type-changed", "request", "int32 to int64", "compatible", "widening"),
    Rule(
        "type-changed",
        "response",
        "int32 to int64",
        "breaking",
        "consumers relied on the range",
    ),
    Rule("type-changed", "request", "any other type change", "breaking", ""),
    Rule("type-changed", "response", "any other type change", "breaking", ""),
    Rule("enum-attached", "request", "newly restricted to an enum", "breaking", ""),
    Rule("enum-attached", "response", "newly restricted to an enum", "breaking", ""),
    Rule("enum-detached", "request", "no longer restricted to an enum", "compatible", ""),
    Rule(
        "enum-detached",
        "response",
        "no longer restricted to an enum",
        "breaking",
        "the attribute's Python type changes",
    ),
    Rule("enum-changed", "request", "restricted to another enum", "breaking", ""),
    Rule("enum-changed", "response", "restricted to another enum", "breaking", ""),
    Rule("enum-value-added", "request", "enum value added", "compatible", ""),
    Rule(
        "enum-value-added",
        "response",
        "enum value added",
        "compatible",
        "generated enums are open, consumers already handle unknown values",
    ),
    Rule("enum-value-removed", "request", "enum value removed", "breaking", "callers send it"),
    Rule("enum-value-removed", "response", "enum value removed", "breaking", "captures carry it"),
    # -- everything else: service, operation, model, enum and error facts ---------------------
    Rule("package-renamed", "any", "package name changed", "breaking", "every import changes"),
    Rule("product-changed", "any", "product code changed", "breaking", ""),
    Rule("api-version-changed", "any", "API version changed", "breaking", ""),
    Rule("style-changed", "any", "API style changed", "breaking", "requests are built differently"),
    Rule(
        "credential-variable-changed",
        "any",
        "credential environment variable renamed",
        "breaking",
        "environments set up for the old name stop working",
    ),
    Rule(
        "operation-removed",
        "any",
        "operation removed",
        "breaking",
        "its method and models are gone",
    ),
    Rule("http-changed", "any", "HTTP method or path changed", "breaking", ""),
    Rule(
        "read-only-changed",
        "any",
        "no longer read-only",
        "breaking",
        "retrying a call may repeat its effect",
    ),
    Rule("model-renamed", "any", "model class renamed", "breaking", "code importing it breaks"),
    Rule("enum-removed", "any", "enum removed", "breaking", "its class is gone"),
    Rule("enum-type-changed", "any", "enum type changed", "breaking", ""),
    Rule("enum-member-renamed", "any", "enum member renamed", "breaking", ""),
    Rule("error-removed", "any", "error code removed", "breaking", "its exception class is gone"),
    Rule("error-class-renamed", "any", "exception class renamed", "breaking", ""),
    Rule("error-status-changed", "any", "HTTP status moved between 4xx and 5xx", "breaking", ""),
    Rule("operation-added", "any", "operation added", "compatible", ""),
    Rule("read-only-changed", "any", "became read-only", "compatible", ""),
    Rule("enum-added", "any", "enum added", "compatible", ""),
    Rule("error-added", "any", "error code added", "compatible", ""),
    Rule("error-status-changed", "any", "HTTP status changed within 4xx or 5xx", "compatible", ""),
    Rule("error-retryable-changed", "any", "error retryable changed", "compatible", _FOLLOWS),
    Rule("error-throttling-changed", "any", "error throttling changed", "compatible", _FOLLOWS),
    Rule("endpoint-changed", "any", "endpoint host changed", "compatible", _FOLLOWS),
    Rule("central-region-added", "any", "central region added", "compatible", _FOLLOWS),
    Rule("central-region-removed", "any", "central region removed", "compatible", _FOLLOWS),
    Rule("signature-changed", "any", "signature method changed", "compatible", _FOLLOWS),
    Rule(
        "pii-changed",
        "any",
        "a field's personal-data kind (`pii`) changed",
        "compatible",
        "only `redact` follows it; data and code are unchanged",
    ),
    Rule("title-changed", "any", "service title changed", "info", ""),
    Rule("summary-changed", "any", "operation summary changed", "info", ""),
    Rule("description-changed", "any", "a description changed", "info", ""),
    Rule("note-changed", "any", "a note changed", "info", ""),
    Rule("example-changed", "any", "a field example or an `examples` entry changed", "info", ""),
    Rule("example-added", "any", "example added", "info", ""),
    Rule("example-removed", "any", "example removed", "info", ""),
    Rule("enum-label-changed", "any", "enum value label changed", "info", ""),
    Rule("error-message-changed", "any", "error message changed", "info", ""),
)


def rule_for(kind: str, side: Side = "any", what_changed: str | None = None) -> Rule:
    """The one rule for a change of `kind` on `side` (rules for "any" side apply everywhere);
    `what_changed` picks among several. A missing or ambiguous rule is a bug in the differ."""
    found = [
        r
        for r in RULES
        if r.kind == kind
        and r.side in (side, "any")
        and (what_changed is None or r.what_changed == what_changed)
    ]
    if len(found) != 1:
        raise LookupError(f"{len(found)} diff rules for {kind!r} on {side} ({what_changed})")
    return found[0]


def sided_rows() -> list[tuple[str, dict[Side, Rule]]]:
    """Rules that depend on the side, paired by what changed: [(what, {side: rule})]."""
    rows: dict[str, dict[Side, Rule]] = {}
    for r in RULES:
        if r.side != "any":
            rows.setdefault(r.what_changed, {})[r.side] = r
    return list(rows.items())


def unsided_rows() -> list[Rule]:
    """The rules that apply the same to requests and responses."""
    return [r for r in RULES if r.side == "any"]


def _kinds(by_side: dict[Side, Rule]) -> list[str]:
    return list(dict.fromkeys(by_side[s].kind for s in SIDES if s in by_side))


def help_text() -> str:
    """The rules section of `cccgen diff --help`."""
    lines = ["Rules (request: an input contract; response: a validation rule and a guarantee):"]
    lines.append(f"  {'field, parameter or enum value':34}{'request':12}{'response':12}kind")
    for what, by_side in sided_rows():
        cells = "".join(f"{by_side[s].severity if s in by_side else '-':12}" for s in SIDES)
        lines.append(f"  {what:34}{cells}{', '.join(_kinds(by_side))}")
    lines.append(f"  {ENUM_SIDE}")
    lines.append("")
    lines.append(f"  {'anything else':46}{'severity':12}kind")
    for r in unsided_rows():
        lines.append(f"  {r.what_changed:46}{r.severity:12}{r.kind}")
    return "\n".join(lines)


def _cell(r: Rule | None) -> str:
    if r is None:
        return "-"
    return f"{r.severity}: {r.words}" if r.words else r.severity


def markdown_table() -> str:
    """The rules as the Markdown that spec/README.md holds between its diff-rules markers."""
    sides = "request (an input contract) | response (a validation rule *and* a guarantee)"
    lines = [f"| change | kind | {sides} |", "| --- | --- | --- | --- |"]
    for what, by_side in sided_rows():
        kinds = " / ".join(f"`{k}`" for k in _kinds(by_side))
        lines.append(
            f"| {what} | {kinds} | {_cell(by_side.get('request'))} "
            f"| {_cell(by_side.get('response'))} |"
        )
    lines += ["", ENUM_SIDE, "", "| change | kind | severity |", "| --- | --- | --- |"]
    for r in unsided_rows():
        lines.append(f"| {r.what_changed} | `{r.kind}` | {_cell(r)} |")
    return "\n".join(lines)


README_START = "<!-- diff-rules:start -->"
README_END = "<!-- diff-rules:end -->"
REFRESH = "python -m cccgen.diff --write-readme spec/README.md"


def readme_block() -> str:
    """The marked block spec/README.md holds: the markers around the rendered table."""
    note = f"<!-- generated from generator/cccgen/diff/rules.py; refresh: {REFRESH} -->"
    return f"{README_START}\n{note}\n\n{markdown_table()}\n\n{README_END}"


def with_readme_block(readme: str) -> str:
    """`readme` with its marked block replaced by the current one; ValueError without markers."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError(f"no {README_START} ... {README_END} block")
    return readme[:start] + readme_block() + readme[end + len(README_END) :]
