"""`cccgen diff OLD NEW`: what changed between two versions of a spec, and whether it breaks."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cccgen import model as m
from cccgen.commands.spec_source import choose
from cccgen.diff import SEVERITIES, Change, diff_services, is_breaking
from cccgen.diff.rules import help_text
from cccgen.problems import Problem, SpecError
from cccgen.spec.loader import load_service

DESCRIPTION = f"""\
List the changes between two versions of a service spec, each marked breaking, compatible or
info, like `buf breaking` or oasdiff. OLD and NEW are each a service.yaml, a directory holding
service.yaml, or a directory holding exactly one */service.yaml. Given one path, it is NEW
and OLD is ./spec, or outside a checkout the spec bundled with cccgen.

A change is breaking when something that worked with the old spec can fail with the new one:
a request or captured response the new validator would reject, or Python code written against
the old generated package. So a request breaks only when it narrows what is accepted; a
response field breaks in both directions (narrowing rejects captures, widening takes a
guarantee from consumers).

{help_text()}

A renamed field shows as a removal plus an addition.

Exit status: 0 nothing breaking, 1 breaking changes found, 2 bad input (spec problems are
printed as file:line:column: path: message)."""

HEADINGS = {
    "breaking": "Breaking changes",
    "compatible": "Compatible changes",
    "info": "Documentation changes (info)",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `diff` subcommand to `sub`."""
    parser = sub.add_parser(
        "diff",
        help="list changes between two spec versions; exit 1 when any is breaking",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "old", type=Path, metavar="OLD", help="the old spec (service.yaml or its directory)"
    )
    parser.add_argument(
        "new",
        type=Path,
        metavar="NEW",
        nargs="?",
        help="the new spec (service.yaml or its directory); with one path given, that path is "
        "NEW and OLD is ./spec, else the spec bundled with cccgen",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    parser.set_defaults(func=run_diff)


def resolve_service_file(path: Path) -> Path:
    """The one service.yaml that `path` names; SpecError when there is none or several."""
    if path.is_file():
        return path
    if path.is_dir():
        if (path / "service.yaml").is_file():
            return path / "service.yaml"
        found = sorted(path.glob("*/service.yaml"))
        if len(found) == 1:
            return found[0]
        message = (
            "no service.yaml or */service.yaml found in this directory"
            if not found
            else f"holds {len(found)} services ({', '.join(str(p.parent.name) for p in found)}); "
            "name one service.yaml"
        )
        raise SpecError([Problem(str(path), 0, 0, "", message)])
    raise SpecError([Problem(str(path), 0, 0, "", "no such file or directory")])


def load(path: Path) -> m.Service:
    """Load the spec service at `path` (a service file or its folder)."""
    service_file = resolve_service_file(path)
    # Problems are shown relative to the working directory, so OLD and NEW stay distinguishable.
    return load_service(service_file, root=Path.cwd())


def run_diff(args: argparse.Namespace) -> int:
    """Compare two spec versions and print the changes; 1 when any is breaking."""
    if args.new is None:
        spec = choose(None, "cccgen diff")
        if spec is None:
            return 2
        args.old, args.new = spec.paths[0], args.old
        print(f"cccgen diff: OLD is {spec.label}", file=sys.stderr)
    services: list[m.Service] = []
    problems: list[Problem] = []
    for label, path in (("OLD", args.old), ("NEW", args.new)):
        if not path.exists():
            problems.append(Problem(str(path), 0, 0, "", "missing"))
            print(
                f"cccgen diff: {label}: no spec at {path} (no such file or directory)",
                file=sys.stderr,
            )
            continue
        try:
            services.append(load(path))
        except SpecError as exc:
            problems.extend(exc.problems)
            print(f"cccgen diff: {label} spec {path} is not valid:", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {_safe(str(problem))}", file=sys.stderr)
    if problems:
        count = len(problems)
        print(
            f"cccgen diff: {count} problem{'s' if count != 1 else ''}; nothing compared",
            file=sys.stderr,
        )
        return 2
    changes = diff_services(services[0], services[1])
    if args.format == "json":
        print(json.dumps(to_json(args.old, args.new, changes), ensure_ascii=False, indent=2))
    else:
        print(to_text(args.old, args.new, changes))
    return 1 if is_breaking(changes) else 0


def counts(changes: list[Change]) -> dict[str, int]:
    """How many changes there are of each severity."""
    return {severity: sum(c.severity == severity for c in changes) for severity in SEVERITIES}


def to_json(old: Path, new: Path, changes: list[Change]) -> dict[str, Any]:
    """The changes as the `--format json` document."""
    return {
        "old": str(old),
        "new": str(new),
        "breaking": is_breaking(changes),
        "counts": counts(changes),
        "changes": [c.to_dict() for c in changes],
    }


def _safe(text: str) -> str:
    """Text for a terminal: control characters (an ANSI escape, a NUL) shown, never sent."""
    return "".join(
        c
        if c.isprintable() or c == " "
        else f"\\u{ord(c):04x}"
        if ord(c) > 0xFF
        else f"\\x{ord(c):02x}"
        for c in text
    )


def _value(value: Any) -> str:
    shown = json.dumps(value, ensure_ascii=False)
    if len(shown) > 100:
        shown = shown[:97] + "..."
    return _safe(shown)


def _worth_showing(c: Change) -> bool:
    """Whether old -> new adds anything: not for an addition or removal named by its location."""
    if c.old is None and c.new is None:
        return False
    named = c.new if c.old is None else c.old if c.new is None else None
    return named is None or not c.location.endswith(str(named))


def to_text(old: Path, new: Path, changes: list[Change]) -> str:
    """The changes as terminal text, control characters escaped."""
    lines = [_safe(f"cccgen diff: {old} -> {new}")]
    if not changes:
        lines.append("No changes.")
        return "\n".join(lines)
    for severity in SEVERITIES:
        group = [c for c in changes if c.severity == severity]
        if not group:
            continue
        lines.append("")
        lines.append(f"{HEADINGS[severity]} ({len(group)}):")
        for c in group:
            lines.append(_safe(f"  [{c.kind}] {c.location}: {c.message}"))
            if _worth_showing(c):
                lines.append(f"      {_value(c.old)} -> {_value(c.new)}")
    tally = counts(changes)
    lines.append("")
    lines.append(
        f"{tally['breaking']} breaking, {tally['compatible']} compatible, {tally['info']} info"
        + (": BREAKING" if tally["breaking"] else "")
    )
    return "\n".join(lines)
