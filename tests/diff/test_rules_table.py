"""The diff rules are one table: it decides every severity, every row is reached by a real
pair of specs, and `cccgen diff --help` and spec/README.md are rendered from it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cccgen.diff import Change
from cccgen.diff.rules import (
    README_END,
    README_START,
    REFRESH,
    RULES,
    Rule,
    help_text,
    readme_block,
    rule_for,
)
from diff.cases import CASES
from diff.scenarios import ROA, TWIN, Diffed, changes_of
from diff.specs import REPO, Doc, cccgen, data_fields, find

OP = "GetCallDetailRecord"
REQ, RESP = f"{OP}.request", f"{OP}.response"
Edit = Callable[[Doc, Doc], None]


def request_enum(values: list[str], *, enum: str | None = "Kind") -> Edit:
    """A request parameter `Kind`, restricted to an enum of `values` (or free when enum=None)."""

    def edit(service: Doc, operation: Doc) -> None:
        operation["request"]["fields"]["Kind"] = {"type": "string"}
        if enum is not None:
            operation["enums"][enum] = {
                "type": "string",
                "values": [{"value": v, "zh": v, "en": v} for v in values],
            }
            operation["request"]["fields"]["Kind"]["enum"] = enum

    return edit


def free_release_initiator(service: Doc, operation: Doc) -> None:
    data_fields(operation)["ReleaseInitiator"].pop("enum")
    operation["enums"].pop("ReleaseInitiator")


def renamed_release_initiator(service: Doc, operation: Doc) -> None:
    data_fields(operation)["ReleaseInitiator"]["enum"] = "Initiator"
    operation["enums"]["Initiator"] = operation["enums"].pop("ReleaseInitiator")


def queue_type_as_string(service: Doc, operation: Doc) -> None:
    operation["enums"]["QueueType"] = {
        "type": "string",
        "values": [{"value": "SKILL_GROUP", "zh": "技能組", "en": "Skill group"}],
    }
    field = data_fields(operation)["QueueEvents"]["items"]["fields"]["QueueType"]
    field.update(type="string", example="SKILL_GROUP")


def on_service(edit: Callable[[Doc], Any]) -> Edit:
    def apply(service: Doc, operation: Doc) -> None:
        edit(service)

    return apply


def on_op(edit: Callable[[Doc], Any]) -> Edit:
    def apply(service: Doc, operation: Doc) -> None:
        edit(operation)

    return apply


def gateway_error(code: str, **values: Any) -> Edit:
    return on_service(lambda s: s["errors"][code].update(values))


# Rows the cases of cases.py do not reach: (id, NEW edit, OLD edit, kind, location,
# severity, keep_examples).
EXTRA: list[tuple[str, Edit, Edit | None, str, str, str, bool]] = [
    ("request enum attached", request_enum(["a"]), request_enum([], enum=None),
     "enum-attached", f"{REQ}.Kind", "breaking", False),
    ("request enum detached", request_enum([], enum=None), request_enum(["a"]),
     "enum-detached", f"{REQ}.Kind", "compatible", False),
    ("request enum changed", request_enum(["a"], enum="Sort"), request_enum(["a"]),
     "enum-changed", f"{REQ}.Kind", "breaking", False),
    ("request enum value added", request_enum(["a", "b"]), request_enum(["a"]),
     "enum-value-added", f"{OP}.enums.Kind.b", "compatible", False),
    ("request enum value removed", request_enum(["a"]), request_enum(["a", "b"]),
     "enum-value-removed", f"{OP}.enums.Kind.b", "breaking", False),
    ("response enum detached", free_release_initiator, None,
     "enum-detached", f"{RESP}.Data.ReleaseInitiator", "breaking", False),
    ("enum removed", free_release_initiator, None,
     "enum-removed", f"{OP}.enums.ReleaseInitiator", "breaking", False),
    ("response enum changed", renamed_release_initiator, None,
     "enum-changed", f"{RESP}.Data.ReleaseInitiator", "breaking", False),
    ("enum added", renamed_release_initiator, None,
     "enum-added", f"{OP}.enums.Initiator", "compatible", False),
    ("enum type changed", queue_type_as_string, None,
     "enum-type-changed", f"{OP}.enums.QueueType", "breaking", False),
    ("package renamed", on_service(lambda s: s.update(name="ccc2")), None,
     "package-renamed", "ccc", "breaking", False),
    ("product changed", on_service(lambda s: s.update(product="CCC2")), None,
     "product-changed", "ccc.product", "breaking", False),
    ("title changed", on_service(lambda s: s["title"].update(en="CCC")), None,
     "title-changed", "ccc.title", "info", False),
    ("endpoint host changed",
     on_service(lambda s: s["endpoint"].update(host_pattern="ccc-2.{region}.aliyuncs.com")), None,
     "endpoint-changed", "ccc.endpoint.host_pattern", "compatible", False),
    ("central region removed",
     on_service(lambda s: s["endpoint"]["central_regions"].remove("cn-beijing")), None,
     "central-region-removed", "ccc.endpoint.central_regions", "compatible", False),
    ("signature changed", on_service(lambda s: s["auth"].update(alternatives=[])), None,
     "signature-changed", "ccc.auth", "compatible", False),
    ("error status changed within 4xx", gateway_error("Throttling", http_status=429), None,
     "error-status-changed", "ccc.errors.Throttling", "compatible", False),
    ("error no longer retryable", gateway_error("InternalError", retryable=False), None,
     "error-retryable-changed", "ccc.errors.InternalError", "compatible", False),
    ("error no longer throttling", gateway_error("Throttling.Api", throttling=False), None,
     "error-throttling-changed", "ccc.errors.Throttling.Api", "compatible", False),
    ("became read-only", on_op(lambda o: None), on_op(lambda o: o.update(read_only=False)),
     "read-only-changed", f"{OP}.read_only", "compatible", False),
    ("example added", on_op(lambda o: None), on_op(lambda o: o["examples"].pop("page_success")),
     "example-added", f"{OP}.examples.page_success", "info", True),
    ("example removed", on_op(lambda o: o["examples"].pop("page_success")), None,
     "example-removed", f"{OP}.examples.page_success", "info", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "kind", "location", "severity"),
    [(c[0], *c[3:6]) for c in EXTRA],
    ids=[c[0] for c in EXTRA],
)
def test_more_change_kinds(
    diffed: dict[str, Diffed], name: str, kind: str, location: str, severity: str
) -> None:
    """The row's NEW edit against its OLD edit (the unedited fixture when None), with the
    examples when the row keeps them; diffed once per run by the `diffed` fixture."""
    change = find(changes_of(diffed, name)[0], kind, location)
    assert change.severity == severity and change.message


@pytest.fixture(scope="module")
def produced(diffed: dict[str, Diffed]) -> list[Change]:
    """Every change the scenarios of both test files produce (each diffed both ways, so an
    addition is also seen as a removal), plus operations added and removed and the style
    changed. A scenario whose specs did not load fails the tests that use this."""
    assert {c[0] for c in CASES} | {c[0] for c in EXTRA} | {TWIN, ROA} == set(diffed)
    changes: list[Change] = []
    for name in diffed:
        forward, backward = changes_of(diffed, name)
        changes += forward + backward
    return changes


@pytest.mark.parametrize("rule", RULES, ids=[f"{r.kind}:{r.side}:{r.what_changed}" for r in RULES])
def test_every_rule_is_reached_by_a_real_change(rule: Rule, produced: list[Change]) -> None:
    reached = [c for c in produced if c.rule == rule]
    assert reached, f"no scenario produces {rule}"
    assert all(c.kind == rule.kind and c.severity == rule.severity for c in reached)


def test_every_severity_comes_from_the_table(produced: list[Change]) -> None:
    for change in produced:
        assert change.rule in RULES
        assert change.severity == change.rule.severity and change.kind == change.rule.kind


def test_the_table_is_unambiguous() -> None:
    keys = [(r.kind, r.side, r.what_changed) for r in RULES]
    assert len(keys) == len(set(keys))
    for kind in {r.kind for r in RULES}:
        sides = {r.side for r in RULES if r.kind == kind}
        # a kind is judged either the same everywhere or per side, never both
        assert sides == {"any"} or "any" not in sides, kind
    for r in RULES:
        assert rule_for(r.kind, r.side, r.what_changed) == r
        assert "|" not in r.what_changed + r.words and "\n" not in r.what_changed + r.words
    with pytest.raises(LookupError):
        rule_for("required-changed", "request")  # two rules: the change must say which


def test_readme_table_is_rendered_from_the_rules() -> None:
    readme = (REPO / "spec" / "README.md").read_text(encoding="utf-8")
    assert readme.count(README_START) == 1 and readme.count(README_END) == 1
    assert readme_block() in readme, (
        f"spec/README.md's diff rules table is stale: run `{REFRESH}` from the repository root"
    )


def refresh(readme: Path) -> subprocess.CompletedProcess[str]:
    """The documented refresh command, on another README."""
    command = [sys.executable, *REFRESH.split()[1:-1], str(readme)]
    return subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)


def test_readme_refresh_command_rewrites_only_the_marked_block(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\n{README_START}\nold table\n{README_END}\n\nAfter.\n")
    done = refresh(readme)
    assert done.returncode == 0, done.stderr
    assert readme.read_text() == f"# Title\n\n{readme_block()}\n\nAfter.\n"
    unmarked = tmp_path / "OTHER.md"
    unmarked.write_text("no markers\n")
    done = refresh(unmarked)
    assert done.returncode == 2 and "diff-rules:start" in done.stderr
    assert "Traceback" not in done.stderr and unmarked.read_text() == "no markers\n"


def test_help_rules_section_is_rendered_from_the_rules() -> None:
    done = cccgen("diff", "--help")
    assert done.returncode == 0
    assert help_text() in done.stdout
    for r in RULES:
        assert r.what_changed in done.stdout and r.kind in done.stdout


def hand_written_texts() -> dict[str, str]:
    """The diff texts a person writes: the module docstring, the help around the rendered
    rules, and spec/README.md's diff section around the rendered table."""
    import cccgen.diff
    from cccgen.commands import diff as command

    readme = (REPO / "spec" / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Comparing two versions: cccgen diff", 1)[1].split("\n## ", 1)[0]
    return {
        "cccgen/diff/__init__.py": cccgen.diff.__doc__ or "",
        "DESCRIPTION": command.DESCRIPTION.replace(help_text(), ""),
        "spec/README.md": section.replace(readme_block(), ""),
    }


def test_no_rule_is_restated_by_hand() -> None:
    phrases = {r.what_changed for r in RULES if " " in r.what_changed}
    for name, text in hand_written_texts().items():
        flat = " ".join(text.split())
        assert not [p for p in phrases if p in flat], name
