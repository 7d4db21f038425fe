"""One import: metadata → spec documents → curation applied → YAML text, checked by the spec
loader in a scratch directory, then swapped into place as a whole (or nothing written)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cccgen.importer.convert import Imported, convert
from cccgen.importer.curation import CURATION_DIR, Written, apply_curation, read_curation, relocate
from cccgen.importer.metadata import read_metadata
from cccgen.problems import Problem, SpecError
from cccgen.spec.loader import load_service
from cccgen.writer import replace_directory


@dataclass(frozen=True)
class Result:
    operations: int
    curated: tuple[str, ...]  # files a curation file patched
    decisions: dict[str, list[str]]  # operation → what was decided about its example


def render(doc: dict[str, Any], source: str, curated_by: list[str]) -> str:
    """A spec document as YAML text, with a header saying where it came from."""
    head = [f"# Imported by `cccgen import` from {source}. Do not edit: re-importing replaces it."]
    if curated_by:
        head.append("# Hand decisions (re-applied by every import): " + ", ".join(curated_by) + ".")
    else:
        head.append("# Hand decisions go in curation/ (see spec/README.md), never here.")
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=100)
    return "\n".join(head) + "\n" + body


def build_files(metadata: Path, into: Path) -> tuple[dict[str, str], Result]:
    """The text of every file of the spec directory (curation files included, unchanged).
    Raises MetadataError (bad metadata) or SpecError (curation or result problems)."""
    doc = read_metadata(metadata)
    imported: Imported = convert(doc)
    shown = _display(into)
    curation, problems = read_curation(into / CURATION_DIR, f"{shown}/{CURATION_DIR}")
    if problems:
        raise SpecError(problems)
    written, problems = apply_curation(imported.files, curation)
    if problems:
        raise SpecError(problems)
    curated: dict[str, list[str]] = {}
    for source in curation:
        curated.setdefault(source.data["target"], []).append(
            f"{CURATION_DIR}/{Path(source.file).name}"
        )
    files = {
        name: render(spec, metadata.name, curated.get(name, []))
        for name, spec in sorted(imported.files.items())
    }
    folder = into / CURATION_DIR
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            files[f"{CURATION_DIR}/{path.name}"] = path.read_text(encoding="utf-8")
    _check(files, into.name, shown, written)
    operations = sum(1 for name in imported.files if name != "service.yaml")
    return files, Result(operations, tuple(sorted(curated)), imported.decisions)


def _check(files: dict[str, str], name: str, shown: str, written: list[Written]) -> None:
    """Load the result as the generator will; problems located in the curation file that wrote
    the path, else in the imported file (named as it will be)."""
    with tempfile.TemporaryDirectory(prefix="cccgen-import-") as scratch:
        folder = Path(scratch) / name
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        try:
            load_service(folder / "service.yaml", Path(scratch))
        except SpecError as exc:
            raise SpecError([_placed(p, shown, written) for p in exc.problems]) from None


def _placed(problem: Problem, shown: str, written: list[Written]) -> Problem:
    target = Path(problem.file).name
    moved = relocate(problem, target, written)
    if moved is not problem:
        return moved
    return Problem(f"{shown}/{target}", problem.line, problem.column, problem.path, problem.message)


def import_metadata(metadata: Path, into: Path) -> Result:
    """Write the spec directory `into` from `metadata`, as one swap; nothing on any error."""
    files, result = build_files(metadata, into)
    replace_directory(into, files, lambda p: (p / "service.yaml").is_file(), "a spec directory")
    return result


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
