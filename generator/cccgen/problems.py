"""Located problems in a spec, reported all at once as `file:line:column: path: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the position is unknown
    column: int  # 1-based
    path: str  # dotted path inside the document, e.g. "response.fields.Data"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return f"{where}: {self.path or '<document>'}: {self.message}"


class SpecError(Exception):
    """Raised with every problem found in a spec; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
