"""Generated Python files read and parsed once: the `modules` fixture of conftest.py."""

from __future__ import annotations

import ast
import io
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Module:
    """One generated Python file: its text, split into lines as `ast` counts them, and its AST."""

    text: str
    lines: list[str]
    tree: ast.Module

    def segment(self, node: ast.expr | ast.stmt) -> str:
        """`ast.get_source_segment(text, node)` without re-splitting the whole text per node:
        columns are UTF-8 byte offsets, lines end at \\n, \\r\\n or \\r only."""
        assert node.end_lineno is not None and node.end_col_offset is not None
        first, last = node.lineno - 1, node.end_lineno - 1
        if first == last:
            return self.lines[first].encode()[node.col_offset : node.end_col_offset].decode()
        head = self.lines[first].encode()[node.col_offset :].decode()
        tail = self.lines[last].encode()[: node.end_col_offset].decode()
        return head + "".join(self.lines[first + 1 : last]) + tail


def parse(path: Path) -> Module:
    text = path.read_text(encoding="utf-8")
    # newline="" splits where the tokenizer does (\n, \r\n, \r), not at \f or \u2028
    lines = io.StringIO(text, newline="").readlines()
    return Module(text, lines, ast.parse(text, str(path)))
