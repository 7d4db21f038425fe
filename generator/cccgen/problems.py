"""Located problems in a spec, reported all at once as `file:line:column: path: message`."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def _escaped(text: str) -> str:
    """`text` with control and format characters (ESC, CR, BEL, bidi overrides, line and
    paragraph separators...) as escapes: spec bytes are hostile and go to terminals and CI logs."""
    return "".join(
        ch
        if ch == " " or unicodedata.category(ch)[0] not in "CZ"
        else ch.encode("unicode_escape").decode("ascii")
        for ch in text
    )


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the position is unknown
    column: int  # 1-based
    path: str  # dotted path inside the document, e.g. "response.fields.Data"
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        return _escaped(f"{where}: {self.path or '<document>'}: {self.message}")


class SpecError(Exception):
    """Raised with every problem found in a spec; the CLI prints them and exits 2."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
