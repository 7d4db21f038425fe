"""`cccgen learn CAPTURES...`: propose the spec change that makes the captures validate."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cccgen import model as m
from cccgen.commands.diff import resolve_service_file
from cccgen.commands.spec_source import choose
from cccgen.learn.captures import read_captures
from cccgen.learn.observe import SERVICE_FILE, Observer
from cccgen.learn.overlay import LearnError, diff, prepare, write
from cccgen.learn.propose import plan
from cccgen.problems import SpecError, _escaped
from cccgen.spec.loader import load_service
from cccgen.spec.yaml_source import plain_load

DESCRIPTION = """\
Compare captured responses with the spec and propose the change that makes them validate:
fields the spec does not know (with the type inferred from every value seen: int32 or int64,
number, string, boolean, objects with their fields, arrays with their items), enum values it
does not list, values of another type (a wider type; flagged BREAKING) and nulls where a field
is not nullable (made nullable). Each proposal's `note` gives its evidence: how many captures
showed it and where the first one did (file:line:column). Nothing is removed because a capture
lacked it.

Captures are attributed to operations as `validate` does: a file or folder named after the
operation (captures/GetCallDetailRecord/1.json, GetCallDetailRecord.jsonl), or --operation.

The change is printed as a unified diff of the spec files; --apply writes it: new actions
appended to the operation's curation file (spec/ccc/curation/<Operation>.yaml, created when
absent; service.yaml's for shared models and enums), comments and untouched lines kept byte for
byte, and the imported file re-rendered as the next `cccgen import` will write it.

Exit status: 0 nothing to propose, 1 proposals (printed; with --apply, written) or drift that
cannot be learned (a field name the spec format refuses: listed on stderr), 2 bad input:
a capture unreadable, not an object or not attributable (located on stderr; the others are
still learned from), an invalid spec, or a change that cannot be written (nothing written)."""


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `learn` subcommand to `sub`."""
    parser = sub.add_parser(
        "learn",
        help="propose the spec change that makes captured responses validate (--apply writes it)",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "captures", nargs="+", metavar="CAPTURES", help="capture files, folders or glob patterns"
    )
    parser.add_argument(
        "--spec",
        type=Path,
        help="the service spec: its service.yaml or folder (default: the one service under ./spec)",
    )
    parser.add_argument("--operation", help="the operation every capture answers")
    parser.add_argument(
        "--apply", action="store_true", help="write the change into the curation layer"
    )
    parser.set_defaults(func=run_learn)


def _say(text: str) -> None:
    print(text, file=sys.stderr)


def _load(args: argparse.Namespace) -> tuple[m.Service, Path] | None:
    spec = choose([args.spec] if args.spec else None, "cccgen learn")
    if spec is None:
        return None
    try:
        service_file = resolve_service_file(spec.paths[0])
        return load_service(service_file, service_file.parent.parent), service_file.parent
    except SpecError as exc:
        for problem in exc.problems:
            _say(str(problem))
        _say("cccgen learn: the spec is not valid; nothing learned")
        return None


def _docs(folder: Path, files: set[str]) -> dict[str, Any]:
    # Files load_service has just read: their YAML is valid.
    return {name: plain_load((folder / name).read_text(encoding="utf-8")) for name in files}


def run_learn(args: argparse.Namespace) -> int:
    """Learn from the captures; print (or apply) the change."""
    loaded = _load(args)
    if loaded is None:
        return 2
    service, folder = loaded
    prefix = len(service.source.split("/")[0]) + len(folder.name) + 2
    files = {op.name: op.source[prefix:] for op in service.operations}
    observer = Observer(service, files)
    problems: list[str] = []
    for capture in read_captures(args.captures, files, problems, args.operation):
        problem = observer.observe(capture)
        if problem:
            problems.append(problem)
    for problem in problems:
        _say(problem)
    findings = observer.findings
    for (_, path), found in findings.new_fields.items():
        for name in found.shape.refused(f"{path[-1]}."):
            findings.unlearnable.setdefault(
                _escaped(f"field {name!r}: not a name the spec format allows (or too many fields)"),
                found.evidence.first,
            )
    for what, where in findings.unlearnable.items():
        _say(f"{where}: cannot learn {what}")
    # Only the files a finding concerns are read again (the whole API has 242).
    concerned = {
        file
        for sites in (findings.new_fields, findings.enum_values, findings.nullable, findings.types)
        for file, _ in sites
    }
    result = plan(service, findings, _docs(folder, concerned | {SERVICE_FILE}), files)
    try:
        changes = prepare(folder, result.actions) if result.actions else []
    except LearnError as exc:
        for line in exc.problems:
            _say(line)
        _say("cccgen learn: the change cannot be made; nothing written")
        return 2
    sys.stdout.write(diff(changes))
    for proposal in result.proposals:
        _say(_escaped(f"  {proposal}"))
    written = False
    if args.apply and changes:
        try:
            write(changes)
        except OSError as exc:
            _say(_escaped(f"cccgen learn: cannot write: {exc}"))
            return 2
        written = True
    breaking = sum(p.breaking for p in result.proposals)
    _say(
        f"cccgen learn: {len(result.proposals)} proposal(s) from {findings.captures} capture(s)"
        f" ({findings.error_responses} error response(s) skipped)"
        + (f"; {breaking} BREAKING" if breaking else "")
        + ("; written" if written else "")
    )
    if problems:
        return 2
    return 1 if result.proposals or findings.unlearnable else 0
