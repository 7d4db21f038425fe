"""Pairs of specs for the diff tests: copies of the one-operation fixture spec, edited
programmatically.

The diff rules are properties of the diff engine, not of the real spec's size: the fixture
(tests/fixtures/one_op, spec/ccc as it was with GetCallDetailRecord alone) loads in a tenth of a
second where the whole API takes seconds. test_diff_cli.py::test_same_spec_exits_0 still diffs
the real whole-API spec."""

from __future__ import annotations

import copy
import functools
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from cccgen import model as m
from cccgen.diff import Change, diff_services
from cccgen.spec.loader import load_service

REPO = Path(__file__).resolve().parents[2]
#: The one-operation fixture spec every diff scenario copies and edits.
SPEC_DIR = REPO / "tests" / "fixtures" / "one_op" / "spec" / "ccc"
OP_FILE = "GetCallDetailRecord.yaml"

Doc = dict[str, Any]
Edit = Callable[[Doc, Doc], None]  # (service document, operation document) -> None


def _no_edit(service: Doc, operation: Doc) -> None:
    pass


def write_spec(root: Path, edit: Edit = _no_edit, *, keep_examples: bool = False) -> Path:
    """A copy of the one-operation fixture spec under root/ccc with `edit` applied; returns its service.yaml.

    Examples are dropped unless asked for: the loader checks them against the schema, so an
    edit that changes the response shape would otherwise also have to edit every example.
    """
    target = root / "ccc"
    shutil.copytree(SPEC_DIR, target)
    service, operation = copy.deepcopy(_fixture_documents())
    if not keep_examples:
        operation.pop("examples", None)
    edit(service, operation)
    _dump(target / "service.yaml", service)
    _dump(target / OP_FILE, operation)
    return target / "service.yaml"


# libyaml when the PyYAML build has it: the same documents, some ten times faster to read and
# write than pure Python (the diff scenarios write dozens of specs).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.cache
def _fixture_documents() -> tuple[Doc, Doc]:
    """The fixture's service and operation documents, parsed once (callers deep-copy them)."""
    return (
        yaml.load((SPEC_DIR / "service.yaml").read_text(encoding="utf-8"), Loader=_LOADER),
        yaml.load((SPEC_DIR / OP_FILE).read_text(encoding="utf-8"), Loader=_LOADER),
    )


def _dump(path: Path, data: Doc) -> None:
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    path.write_text(text, encoding="utf-8")


def pair(
    tmp: Path, new: Edit, old: Edit = _no_edit, *, keep_examples: bool = False
) -> tuple[Path, Path]:
    return (
        write_spec(tmp / "old", old, keep_examples=keep_examples),
        write_spec(tmp / "new", new, keep_examples=keep_examples),
    )


def changes_between(tmp: Path, new: Edit, old: Edit = _no_edit, **kw: Any) -> list[Change]:
    old_file, new_file = pair(tmp, new, old, **kw)
    return diff_services(load_service(old_file), load_service(new_file))


def data_fields(operation: Doc) -> Doc:
    fields: Doc = operation["response"]["fields"]["Data"]["fields"]
    return fields


def second_operation(operation: Doc, name: str = "GetCallDetailRecordCopy") -> Doc:
    """A copy of the operation under another name, with every model and enum renamed (the
    package exports them all from its root, so names must be unique across operations)."""
    twin = copy.deepcopy(operation)
    twin["name"] = name
    twin["enums"] = {f"{key}Copy": value for key, value in twin.get("enums", {}).items()}

    def rename(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("model", "enum"):
                if isinstance(node.get(key), str):
                    node[key] = node[key] + "Copy"
            for value in node.values():
                rename(value)
        elif isinstance(node, list):
            for value in node:
                rename(value)

    rename(twin["request"])
    rename(twin["response"])
    return twin


def add_second_operation(root_service: Path, twin: Doc) -> None:
    """Write `twin` beside the service file and list it among the operations."""
    _dump(root_service.parent / "Copy.yaml", twin)
    service = yaml.safe_load(root_service.read_text(encoding="utf-8"))
    service["operations"].append("Copy.yaml")
    _dump(root_service, service)


def find(changes: list[Change], kind: str, location: str) -> Change:
    matches = [c for c in changes if c.kind == kind and c.location == location]
    assert len(matches) == 1, f"{kind} at {location} not found once in:\n" + "\n".join(
        f"  {c.kind} {c.location} {c.severity}" for c in changes
    )
    return matches[0]


def cccgen(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line, in a subprocess."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "cccgen", *args],
        capture_output=True,
        text=True,
        cwd=cwd or REPO,
        env=env,
        check=False,
        timeout=120,
    )


def loaded(service_file: Path) -> m.Service:
    return load_service(service_file)
