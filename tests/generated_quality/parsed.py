"""Generated Python files read and parsed once: the `module_facts` fixture of conftest.py."""

from __future__ import annotations

import ast
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cccgen.runtime.core.collector import collector_paused

#: (line, level, module, names, lazy) of one import statement; level 0 is absolute, lazy means
#: not run when the module loads (inside a function body, or under `if TYPE_CHECKING:`).
Import = tuple[int, int, str, list[str], bool]


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


def _type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def statements(tree: ast.Module) -> Iterator[tuple[ast.stmt, bool]]:
    """Every statement of a parsed module, nested ones included, with `lazy`: not run when the
    module loads (inside a function body, or in the body of `if TYPE_CHECKING:`).

    Statements stand only in statement lists (the `body`, `orelse`, `finalbody`, `handlers` and
    `cases` of a statement), never inside an expression (a lambda holds one expression), so
    this reaches every one without visiting the expressions, which are most of a module."""
    todo: list[tuple[ast.stmt, bool]] = [(node, False) for node in reversed(tree.body)]
    while todo:
        node, lazy = todo.pop()
        yield node, lazy
        inner = lazy or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        blocks: list[tuple[list[ast.stmt], bool]] = []
        if isinstance(node, ast.If) and _type_checking(node.test):
            blocks = [(node.body, True), (node.orelse, lazy)]
        else:
            for field in ("body", "orelse", "finalbody"):
                block = getattr(node, field, None)
                if isinstance(block, list):
                    blocks.append((block, inner))
            for holder in (*getattr(node, "handlers", ()), *getattr(node, "cases", ())):
                blocks.append((holder.body, inner))
        for block, block_lazy in reversed(blocks):
            todo.extend((child, block_lazy) for child in reversed(block))


def imports_of(tree: ast.Module) -> list[Import]:
    """Every import statement of a parsed module (see `Import`)."""
    found: list[Import] = []
    for node, lazy in statements(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, 0, alias.name, [], lazy) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names = [alias.name for alias in node.names]
            found.append((node.lineno, node.level, node.module or "", names, lazy))
    return found


#: The functions whose call with a literal name is a dynamic import.
DYNAMIC_IMPORTS = ("import_module", "__import__")


@dataclass(frozen=True)
class Facts:
    """What the quality checks read of one generated Python file, drawn from one parse.

    imports: every import statement (`imports_of`).
    dynamic_imports: (line, function name, str(first argument)) of every call of a function
        or method named in `DYNAMIC_IMPORTS` whose first argument is a literal.
    docstrings: (source of the docstring's statement, the docstring unprocessed) of the module
        and of every class and function that has one.
    """

    imports: list[Import]
    dynamic_imports: list[tuple[int, str, str]]
    docstrings: list[tuple[str, str]]


def may_name(text: str, names: tuple[str, ...]) -> bool:
    """False only when no identifier of the Python source `text` can be one of `names`.

    Python compares identifiers after NFKC normalization (`import_module` spelt in fullwidth
    letters is `import_module`), each token on its own; a token is bounded by ASCII characters
    (operators, spaces, quotes: anything else continues the identifier or fails to parse),
    which normalization never joins to their neighbours, so the normalized whole holds it too."""
    if any(name in text for name in names):
        return True
    if text.isascii():
        return False
    normalized = unicodedata.normalize("NFKC", text)
    return any(name in normalized for name in names)


def dynamic_imports_of(tree: ast.Module) -> list[tuple[int, str, str]]:
    found: list[tuple[int, str, str]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = (
            node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        )
        first = node.args[0]
        if name in DYNAMIC_IMPORTS and isinstance(first, ast.Constant):
            found.append((node.lineno, name, str(first.value)))
    return found


def facts_of(module: Module) -> Facts:
    docstrings: list[tuple[str, str]] = []
    for node in [module.tree, *(node for node, _ in statements(module.tree))]:
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node, clean=False)
            if doc is not None:
                docstrings.append((module.segment(node.body[0]), doc))
    # Walking every expression is most of the cost: only where such a call can be.
    dynamic = dynamic_imports_of(module.tree) if may_name(module.text, DYNAMIC_IMPORTS) else []
    return Facts(imports_of(module.tree), dynamic, docstrings)


def read_facts(paths: list[Path]) -> dict[Path, Facts]:
    """`Facts` of every file, each parsed once; no tree outlives its file's turn (14 MB of ASTs
    kept for the session made every later full collection of the test process scan them)."""
    with collector_paused():
        return {path: facts_of(parse(path)) for path in paths}
