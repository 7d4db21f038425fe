"""Writing learned actions into the curation layer, and showing them as a unified diff.

The curation file (`curation/<target>`) is edited as text: the new actions are inserted after
the last existing one (a new file is created when the target has none), so every byte already
there, comments included, stays as it was. The imported file is then brought up to date by
applying the new actions to its data and rendering it as `cccgen import` does: the next import,
which re-applies every curation file, writes the same bytes. A spec file not written by
`cccgen import` has no curation layer to carry the change: learn says so and writes nothing.
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cccgen.importer.curation import CURATION_DIR, apply_curation, read_curation
from cccgen.importer.run import render
from cccgen.problems import Problem, SpecError, _escaped
from cccgen.spec.loader import load_service
from cccgen.spec.yaml_source import Located, plain_load
from cccgen.writer import replace_file

__all__ = ["Change", "LearnError", "diff", "prepare", "write"]

IMPORTED = re.compile(
    r"# Imported by `cccgen import` from (.+)\. Do not edit: re-importing replaces it\."
)
HEADER = "# Learned by `cccgen learn`: review each action, and say why in a comment."


class LearnError(Exception):
    """The change cannot be made; `problems` say why (escaped, located where possible)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Change:
    """One spec file to write: `old` None when it is new."""

    path: Path
    shown: str
    old: str | None
    new: str


def _block(value: Any, indent: int) -> list[str]:
    text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
    return [" " * indent + line for line in text.splitlines()]


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**6)
    return text.removesuffix("\n...\n").strip()  # a lone scalar ends its document


def action_lines(actions: list[dict[str, Any]], indent: int) -> list[str]:
    """The actions as block YAML items at `indent`, paths in flow style as people write them."""
    pad = " " * indent
    lines = [pad + HEADER]
    for action in actions:
        lines.append(f"{pad}- path: {_flow(action['path'])}")
        for key, value in action.items():
            if key == "path":
                continue
            if isinstance(value, (dict, list)):
                lines.append(f"{pad}  {key}:")
                lines.extend(_block(value, indent + 4))
            else:
                lines.append(f"{pad}  {key}: {_flow(value)}")
    return lines


def _last_end(node: yaml.Node) -> yaml.Mark:
    """Where the last piece of `node`'s own text ends (before comments that follow it)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style:
        if not node.value:
            break
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark


def append_actions(text: str, shown: str, actions: list[dict[str, Any]]) -> str:
    """`text` (a curation file) with `actions` added after its last action, as text."""
    root = yaml.compose(text)
    node = next(
        (v for k, v in getattr(root, "value", []) if getattr(k, "value", None) == "actions"), None
    )
    if not isinstance(node, yaml.SequenceNode):
        raise LearnError([_escaped(f"{shown}: no `actions:` list to extend")])
    if node.flow_style:
        if node.value:
            line = node.start_mark.line + 1
            raise LearnError(
                [
                    _escaped(
                        f"{shown}:{line}: `actions` is a flow list ([...]); write it as a block list"
                    )
                ]
            )
        start, end = node.start_mark.index, node.end_mark.index
        added = "\n".join(action_lines(actions, 2))
        return text[:start].rstrip(" ") + "\n" + added + text[end:]
    end = _last_end(node)
    cut = text.find("\n", end.index)
    cut = len(text) if cut < 0 else cut + 1
    head = text[:cut] if text[:cut].endswith("\n") else text[:cut] + "\n"
    added = "\n".join(action_lines(actions, node.start_mark.column)) + "\n"
    return head + added + text[cut:]


def new_curation(target: str, actions: list[dict[str, Any]]) -> str:
    """A new curation file for `target` holding `actions`."""
    lines = [
        f"# Hand decisions about {target}, re-applied by every `cccgen import` (spec/README.md).",
        "cccgen_curation: 1",
        f"target: {_flow(target)}",
        "actions:",
        *action_lines(actions, 2),
    ]
    return "\n".join(lines) + "\n"


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def prepare(folder: Path, actions: dict[str, list[dict[str, Any]]]) -> list[Change]:
    """The files to write so that the service in `folder` takes `actions` (per imported file),
    checked by loading the result as the generator will; LearnError when it cannot be done."""
    shown = _display(folder)
    curation_dir = folder / CURATION_DIR
    docs, found = read_curation(curation_dir, f"{shown}/{CURATION_DIR}")
    if found:
        raise LearnError([str(p) for p in found])
    changes: list[Change] = []
    problems: list[str] = []
    for target, items in sorted(actions.items()):
        path = folder / target
        text = path.read_text(encoding="utf-8")
        header = IMPORTED.fullmatch(text.split("\n", 1)[0])
        if header is None:
            problems.append(
                _escaped(
                    f"{shown}/{target}: written by hand, not by `cccgen import`: learn writes "
                    "into the curation layer, which only import applies; make the change by hand"
                )
            )
            continue
        mine = [d for d in docs if d.data["target"] == target]
        doc = next((d for d in mine if Path(d.file).name == target), mine[-1] if mine else None)
        if doc is None:
            overlay = curation_dir / target
            changes.append(Change(overlay, _display(overlay), None, new_curation(target, items)))
            curated = sorted({*(Path(d.file).name for d in mine), target})
        else:
            overlay = curation_dir / Path(doc.file).name
            old = overlay.read_text(encoding="utf-8")
            changes.append(
                Change(overlay, _display(overlay), old, append_actions(old, doc.file, items))
            )
            curated = sorted(Path(d.file).name for d in mine)
        data = {target: plain_load(text)}  # a file the spec loader has read
        patch = Located(_display(overlay), {"target": target, "actions": items})
        _, failed = apply_curation(data, [patch])
        problems.extend(str(p) for p in failed)
        rendered = render(data[target], header.group(1), [f"{CURATION_DIR}/{n}" for n in curated])
        changes.append(Change(path, _display(path), text, rendered))
    if problems:
        raise LearnError(problems)
    _check(folder, changes)
    return changes


def _check(folder: Path, changes: list[Change]) -> None:
    """Load the changed spec from a scratch copy: every problem, or nothing is written."""
    with tempfile.TemporaryDirectory(prefix="cccgen-learn-") as scratch:
        copy = Path(scratch) / folder.name
        shutil.copytree(folder, copy, ignore=shutil.ignore_patterns(".*"))
        for change in changes:
            target = copy / change.path.relative_to(folder)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(change.new, encoding="utf-8")
        try:
            load_service(copy / "service.yaml", Path(scratch))
        except SpecError as exc:
            raise LearnError(
                ["the learned spec would not load:"]
                + [f"  {_moved(p, folder)}" for p in exc.problems]
            ) from None


def _moved(problem: Problem, folder: Path) -> str:
    name = problem.file.split("/", 1)[-1] if "/" in problem.file else problem.file
    return str(
        Problem(
            f"{_display(folder)}/{name}",
            problem.line,
            problem.column,
            problem.path,
            problem.message,
        )
    )


def diff(changes: list[Change]) -> str:
    """The changes as one unified diff (control characters escaped, line breaks kept)."""
    out: list[str] = []
    for change in changes:
        old = [] if change.old is None else change.old.splitlines(keepends=True)
        out.extend(
            difflib.unified_diff(
                old,
                change.new.splitlines(keepends=True),
                "/dev/null" if change.old is None else f"a/{change.shown}",
                f"b/{change.shown}",
            )
        )
    return "".join(_escaped(line.rstrip("\n")) + "\n" for line in out)


def write(changes: list[Change]) -> None:
    """Write every file atomically (a temporary file beside it, then renamed over it); the
    curation files first, so a crash in between leaves what the next import repairs."""
    for change in changes:
        change.path.parent.mkdir(parents=True, exist_ok=True)
        replace_file(change.path, change.new, sync=True)
