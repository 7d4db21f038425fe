"""The curation layer: hand decisions kept beside the imported spec, re-applied by every import.

`<spec>/curation/*.yaml` files each patch one imported file, as OpenAPI Overlays do:

    cccgen_curation: 1
    target: GetCallDetailRecord.yaml        # the imported file (or service.yaml)
    actions:
      - path: [response, fields, Data, fields, EstablishedTime]
        update: {nullable: true, note: "..."}   # merged into the mapping (recursively)
      - path: [summary]
        replace: {zh: ..., en: ...}              # the value at path, added when absent
      - path: [note]
        remove: true                             # the key (or list item) at path, gone
      - path: [enums, Kind, values]
        append: [{value: x, zh: "", en: ""}]     # items added at the end of the list at path

Problems are located in the curation file that said them: a path that is not there, a bad
action, and any problem the spec check finds under a path an action wrote.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cccgen.problems import Problem
from cccgen.spec.yaml_source import Located, PathKey, dotted, load_yaml

CURATION_DIR = "curation"
_ACTIONS = ("replace", "update", "remove", "append")


@dataclass(frozen=True)
class Written:
    """Where an action wrote into a target file: problems under `path` belong to `source`."""

    target: str
    path: PathKey
    source: Located
    action: PathKey  # the action's value inside the curation file, e.g. ("actions", 3, "update")


def read_curation(folder: Path, shown: str) -> tuple[list[Located], list[Problem]]:
    """The curation files of `folder` (sorted by name), each checked for shape."""
    docs: list[Located] = []
    problems: list[Problem] = []
    if not folder.is_dir():
        return docs, problems
    for path in sorted(folder.glob("*.yaml")):
        display = f"{shown}/{path.name}"
        try:
            raw = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(display, 0, 0, "", f"cannot read: {exc}"))
            continue
        doc, found = load_yaml(raw, display)
        problems.extend(found)
        if doc is None:
            continue
        before = len(problems)
        _check_shape(doc, problems)
        if len(problems) == before:
            docs.append(doc)
    return docs, problems


def _check_shape(doc: Located, problems: list[Problem]) -> None:
    data = doc.data
    if not isinstance(data, dict):
        problems.append(doc.problem((), "a curation file must be a mapping"))
        return
    for key in data:
        if key not in ("cccgen_curation", "target", "actions"):
            problems.append(
                doc.problem((key,), f"unknown key {key!r}; known: cccgen_curation, target, actions")
            )
    if data.get("cccgen_curation") != 1:
        problems.append(
            doc.problem(("cccgen_curation",), "must be 1 (the curation format's version)")
        )
    target = data.get("target")
    if not (
        isinstance(target, str)
        and target.endswith(".yaml")
        and "/" not in target
        and not target.startswith(".")
    ):
        problems.append(
            doc.problem(("target",), "must name an imported file, e.g. GetCallDetailRecord.yaml")
        )
    actions = data.get("actions")
    if not isinstance(actions, list):
        problems.append(doc.problem(("actions",), "must be a list of actions"))
        return
    for i, action in enumerate(actions):
        if not isinstance(action, dict):
            problems.append(
                doc.problem(
                    ("actions", i),
                    "an action is a mapping: path plus replace, update, remove or append",
                )
            )
            continue
        path = action.get("path")
        if not isinstance(path, list) or not all(
            isinstance(p, str) or (isinstance(p, int) and not isinstance(p, bool)) for p in path
        ):
            problems.append(
                doc.problem(("actions", i, "path"), "must be a list of keys and list indexes")
            )
        chosen = [k for k in _ACTIONS if k in action]
        unknown = [k for k in action if k not in (*_ACTIONS, "path")]
        for key in unknown:
            problems.append(
                doc.problem(
                    ("actions", i, key),
                    f"unknown key {key!r}; an action has path and one of replace, update, remove, append",
                )
            )
        if len(chosen) != 1:
            problems.append(
                doc.problem(
                    ("actions", i),
                    "an action needs exactly one of replace, update, remove, append",
                )
            )
        elif chosen[0] == "update" and not isinstance(action["update"], dict):
            problems.append(
                doc.problem(
                    ("actions", i, "update"), "update takes a mapping (merged into the one at path)"
                )
            )
        elif chosen[0] == "append" and not isinstance(action["append"], list):
            problems.append(
                doc.problem(("actions", i, "append"), "append takes a list (added at the end)")
            )
        elif chosen[0] == "remove" and action["remove"] is not True:
            problems.append(doc.problem(("actions", i, "remove"), "remove takes true"))


def apply_curation(
    files: dict[str, dict[str, Any]], curation: list[Located]
) -> tuple[list[Written], list[Problem]]:
    """Apply every curation file to the imported `files` (in place), in file then action order."""
    written: list[Written] = []
    problems: list[Problem] = []
    for doc in curation:
        target = doc.data["target"]
        if target not in files:
            problems.append(doc.problem(("target",), f"{target!r} is not a file of the import"))
            continue
        for i, action in enumerate(doc.data["actions"]):
            path: PathKey = tuple(action["path"])
            kind = next(k for k in _ACTIONS if k in action)
            problem = _apply(files, target, path, kind, action[kind])
            if problem:
                problems.append(doc.problem(("actions", i, "path"), problem))
            elif kind != "remove":
                written.append(Written(target, path, doc, ("actions", i, kind)))
    return written, problems


def _apply(
    files: dict[str, dict[str, Any]], target: str, path: PathKey, kind: str, value: Any
) -> str | None:
    if not path:
        if kind == "remove":
            return "the whole document cannot be removed"
        if not isinstance(value, dict):
            return "the document's root must stay a mapping"
        files[target] = copy.deepcopy(value) if kind == "replace" else _merged(files[target], value)
        return None
    parent: Any = files[target]
    for depth, key in enumerate(path[:-1]):
        parent = _child(parent, key)
        if parent is _MISSING:
            return f"{dotted(path[: depth + 1])} is not in {target}"
    last = path[-1]
    current = _child(parent, last)
    if kind == "replace":
        if isinstance(parent, dict) and isinstance(last, str):
            parent[last] = copy.deepcopy(value)
            return None
        if current is _MISSING:
            return f"{dotted(path)} is not in {target}"
        parent[last] = copy.deepcopy(value)
        return None
    if current is _MISSING:
        return f"{dotted(path)} is not in {target}"
    if kind == "remove":
        del parent[last]
        return None
    if kind == "append":
        if not isinstance(current, list):
            return f"{dotted(path)} is not a list in {target}"
        current.extend(copy.deepcopy(value))
        return None
    if not isinstance(current, dict):
        return f"{dotted(path)} is not a mapping in {target}; use replace"
    parent[last] = _merged(current, value)
    return None


_MISSING = object()


def _child(parent: Any, key: str | int) -> Any:
    if isinstance(parent, dict) and isinstance(key, str):
        return parent.get(key, _MISSING)
    if isinstance(parent, list) and isinstance(key, int) and -len(parent) <= key < len(parent):
        return parent[key]
    return _MISSING


def _merged(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def relocate(problem: Problem, target: str, written: list[Written]) -> Problem:
    """`problem` (found in the imported file `target`) at the curation file whose action wrote
    its path, the last such action winning; unchanged when no action wrote there."""
    for entry in reversed(written):
        if entry.target != target:
            continue
        prefix = dotted(entry.path)
        if prefix and not (
            problem.path == prefix or problem.path.startswith((prefix + ".", prefix + "["))
        ):
            continue
        rest = _parse(problem.path[len(prefix) :])
        line, column = entry.source.where((*entry.action, *rest))
        return Problem(entry.source.file, line, column, problem.path, problem.message)
    return problem


def _parse(text: str) -> PathKey:
    """The path keys of a dotted remainder (`.fields.Data[0]`); best effort (a wire name with a
    dot is split, and `where` then stops at the nearest ancestor)."""
    out: list[str | int] = []
    for part in text.replace("[", ".[").split("."):
        if not part:
            continue
        if part.startswith("[") and part.endswith("]") and part[1:-1].isdigit():
            out.append(int(part[1:-1]))
        else:
            out.append(part)
    return tuple(out)
