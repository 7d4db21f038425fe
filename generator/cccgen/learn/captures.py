"""The captures `learn` reads: found, read and attributed to operations exactly as `validate`
does (the runtime's `sources`, `inputs` and `attribution`), every unreadable one a located
problem while the others are still learned from."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass

from cccgen.problems import _escaped
from cccgen.runtime.tools.validate.attribution import UNATTRIBUTED, operation_of
from cccgen.runtime.tools.validate.inputs import Record, read_source
from cccgen.runtime.tools.validate.sources import Unreadable, expand

__all__ = ["Capture", "read_captures"]


@dataclass(frozen=True)
class Capture:
    """One captured response and the operation it answers."""

    operation: str
    record: Record


def _problem(name: str, line: int, column: int, message: str) -> str:
    where = f"{name}:{line}:{column}" if line else name
    return _escaped(f"{where}: {message}")


def read_captures(
    arguments: Sequence[str],
    operations: Collection[str],
    problems: list[str],
    operation: str | None = None,
) -> Iterator[Capture]:
    """Every readable capture named by `arguments` (files, folders, globs), attributed to one of
    `operations` (`operation` when given); what cannot be read or attributed goes to `problems`
    as `file:line:column: message`. Standard input is not read: learning needs files to cite."""
    only = next(iter(operations)) if len(operations) == 1 else None
    if operation is not None and operation not in operations:
        problems.append(_escaped(f"--operation {operation}: no such operation in the spec"))
        return
    for source in expand([a for a in arguments if a != "-"], sizes=False):
        if isinstance(source, Unreadable):
            problems.append(_problem(source.source.name, 0, 0, source.message))
            continue
        attributed = operation or operation_of(source.name, operations) or only
        for item in read_source(source):
            if isinstance(item, Unreadable):
                problems.append(_problem(item.source.name, item.line, item.column, item.message))
            elif attributed is None:
                problems.append(_problem(source.name, item.line, 1, UNATTRIBUTED))
                break
            else:
                yield Capture(attributed, item)
    if "-" in arguments:
        problems.append("-: standard input is not read by learn; save the captures to files")
