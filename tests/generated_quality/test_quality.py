"""The generated packages are linted, typed, self-contained and ship `py.typed`.

The tree is generated afresh (not read from `generated/`, which the lead commits at integration
points), so these checks cover whatever the emitters produce now, including ones added later.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from generated_quality.parsed import Facts, Import, facts_of, imports_of, parse
from per_run import MypyStrict
from vendor.isolation import isolated_python

#: Third-party distributions the generated package may import at run time.
RUNTIME_DEPENDENCIES = frozenset({"pydantic", "httpx"})


def packages(tree: Path) -> list[Path]:
    found = sorted(p.parent for p in tree.glob("*/__init__.py"))
    assert found, f"no package generated under {tree}"
    return found


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def explain(done: subprocess.CompletedProcess[str]) -> str:
    return f"{' '.join(done.args)} exited {done.returncode}\n{done.stdout}\n{done.stderr}"


def ruff(fresh_tree: Path, repo_root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """ruff with the project's configuration over the whole tree, as `make lint` runs it
    (the packages, and the Python code blocks of the Markdown docs)."""
    config = str(repo_root / "pyproject.toml")
    command = [sys.executable, "-m", "ruff", *args, "--no-cache", "--config", config, "."]
    return run(command, fresh_tree)


def test_ruff_check_passes(fresh_tree: Path, repo_root: Path) -> None:
    done = ruff(fresh_tree, repo_root, "check")
    assert done.returncode == 0, explain(done)


def test_ruff_format_check_passes(fresh_tree: Path, repo_root: Path) -> None:
    done = ruff(fresh_tree, repo_root, "format", "--check")
    assert done.returncode == 0, explain(done)


def test_mypy_strict_passes(one_op_tree: Path, mypy_strict: MypyStrict) -> None:
    """mypy --strict over what the emitters write, for one operation: mypy's run grows with the
    package (12 s of CPU for the whole API's 567 modules, 4 s for one operation's 85). The whole
    API's package is checked by `make lint` (mypy --strict generated/ccc, before `make test` in
    CI), and test_golden.py keeps generated/ equal to a fresh generation."""
    for package in packages(one_op_tree):
        done = mypy_strict(package.name, one_op_tree)
        assert done.returncode == 0, explain(done)


def test_every_package_ships_py_typed(fresh_tree: Path) -> None:
    for package in packages(fresh_tree):
        assert (package / "py.typed").is_file(), f"{package.name}/py.typed is missing"


#: Optional tools a generated module may import inside a function that only their users call
#: (e.g. `testing.pytest_fixture` imports pytest when a conftest asks for the fixture; msgspec,
#: the `fast` extra, is imported by `_runtime/core/fast_json.build` only).
OPTIONAL_LAZY_IMPORTS = frozenset({"pytest", "msgspec"})
# The dask extra (`validate --dask`, `<package>.dask`): imported, dynamically, by these alone.
DASK_EXTRA = frozenset({"dask", "distributed", "fsspec", "pandas"})
DASK_EXTRA_MODULES = frozenset({"dask_runner.py", "dask_api.py", "remote.py"})


def package_modules(
    fresh_tree: Path, module_facts: dict[Path, Facts]
) -> list[tuple[Path, dict[Path, Facts]]]:
    """Each generated package with its modules' facts (the `module_facts` fixture, parsed once)."""
    return [
        (package, {path: facts for path, facts in module_facts.items() if package in path.parents})
        for package in packages(fresh_tree)
    ]


def test_only_relative_stdlib_pydantic_and_httpx_imports(
    fresh_tree: Path, module_facts: dict[Path, Facts]
) -> None:
    allowed = set(sys.stdlib_module_names) | RUNTIME_DEPENDENCIES
    bad: list[str] = []
    for _, parsed in package_modules(fresh_tree, module_facts):
        for path, facts in parsed.items():
            for line, level, module, _, lazy in facts.imports:
                top = module.split(".")[0]
                if lazy and top in OPTIONAL_LAZY_IMPORTS:
                    continue
                if level == 0 and top not in allowed:
                    bad.append(f"{path.relative_to(fresh_tree)}:{line}: import {module}")
    assert not bad, "imports outside the standard library, pydantic and httpx:\n" + "\n".join(bad)


def test_no_dynamic_imports_escape_the_package(
    fresh_tree: Path, module_facts: dict[Path, Facts]
) -> None:
    """`importlib.import_module`/`__import__` with a literal absolute name would dodge the check above."""
    bad: list[str] = []
    for _, parsed in package_modules(fresh_tree, module_facts):
        for path, facts in parsed.items():
            # every call of a function or method so named whose first argument is a literal
            for line, name, target in facts.dynamic_imports:
                top = target.split(".")[0]
                if path.name in DASK_EXTRA_MODULES and top in DASK_EXTRA:
                    continue
                if (
                    not target.startswith(".")
                    and top not in set(sys.stdlib_module_names) | RUNTIME_DEPENDENCIES
                ):
                    bad.append(f"{path.relative_to(fresh_tree)}:{line}: {name}({target!r})")
    assert not bad, "\n".join(bad)


def module_file(package: Path, dotted: str) -> Path | None:
    """The file of `package`-relative module `dotted` ('' is the package itself)."""
    base = package.joinpath(*dotted.split(".")) if dotted else package
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def stdlib_only_closure(
    package: Path, start: list[Path], module_facts: dict[Path, Facts] | None = None
) -> list[str]:
    """Non-stdlib imports reachable from `start` through relative imports, parent packages included.

    Importing a submodule runs every parent package's `__init__`, so those count too. Files
    already parsed (`module_facts`) are not parsed again.
    """
    parsed = module_facts or {}
    bad: list[str] = []
    via: dict[Path, Path | None] = dict.fromkeys(start)
    todo = list(start)
    seen: set[Path] = set()

    def chain(path: Path) -> str:
        links = [path]
        while (previous := via.get(links[-1])) is not None and previous not in links:
            links.append(previous)
        return " <- ".join(str(link.relative_to(package)) for link in links)

    def reach(target: Path, source: Path) -> None:
        via.setdefault(target, source)
        todo.append(target)

    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        rel = path.relative_to(package)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
            here = parts  # a package's relative imports resolve against itself
        else:
            here = parts[:-1]
        for i in range(len(here) + 1):  # parent packages' __init__ run first
            parent = module_file(package, ".".join(here[:i]))
            if parent is not None and parent != path:
                reach(parent, path)
        imports: list[Import] = (
            parsed[path].imports if path in parsed else imports_of(parse(path).tree)
        )
        for line, level, module, names, lazy in imports:
            if lazy:
                continue  # runs only when a function is called, not when the validator loads
            if level == 0:
                if module.split(".")[0] not in sys.stdlib_module_names:
                    bad.append(f"{package.name}/{rel}:{line}: import {module} (via {chain(path)})")
                continue
            base = here[: len(here) - (level - 1)]
            target = ".".join([*base, *filter(None, [module])])
            found = module_file(package, target)
            if found is not None:
                reach(found, path)
            for name in names:  # `from . import name`: the name may be a submodule
                sub = module_file(package, ".".join(filter(None, [target, name])))
                if sub is not None:
                    reach(sub, path)
    return sorted(set(bad))


def test_validator_and_cli_need_only_the_standard_library(
    fresh_tree: Path, module_facts: dict[Path, Facts]
) -> None:
    for package in packages(fresh_tree):
        start = [*sorted((package / "validators").rglob("*.py")), package / "__main__.py"]
        assert all(path.is_file() for path in start), start
        bad = stdlib_only_closure(package, start, module_facts)
        assert not bad, (
            "the validator and its CLI must import only the standard library:\n" + "\n".join(bad)
        )


def test_the_closure_check_follows_relative_imports_and_parent_packages(tmp_path: Path) -> None:
    """The checker itself: a stdlib-only module inside a package whose __init__ needs pydantic."""
    package = tmp_path / "pkg"
    (package / "validators").mkdir(parents=True)
    (package / "_runtime").mkdir()
    (package / "__init__.py").write_text("from . import _runtime\n")
    (package / "_runtime" / "__init__.py").write_text("")
    (package / "_runtime" / "issues.py").write_text("import json\nimport pydantic\n")
    (package / "validators" / "__init__.py").write_text("from .core import check\n")
    (package / "validators" / "core.py").write_text("import re\nfrom .._runtime import issues\n")
    bad = stdlib_only_closure(package, [package / "validators" / "__init__.py"])
    via = "_runtime/issues.py <- validators/core.py <- validators/__init__.py"
    assert bad == [f"pkg/_runtime/issues.py:2: import pydantic (via {via})"]
    (package / "_runtime" / "issues.py").write_text("import json\n")
    (package / "models.py").write_text("import pydantic\n")
    lazy_init = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .models import Model\n"
        "def __getattr__(name):\n    from . import models\n    return models\n"
    )
    (package / "__init__.py").write_text(lazy_init)
    assert stdlib_only_closure(package, [package / "validators" / "core.py"]) == []
    (package / "__init__.py").write_text("import httpx\n")
    bad = stdlib_only_closure(package, [package / "validators" / "core.py"])
    assert bad == ["pkg/__init__.py:1: import httpx (via __init__.py <- validators/core.py)"]


def test_validator_and_cli_run_without_any_third_party_package(
    fresh_tree: Path, tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """The same, by running them: a Python that sees the standard library and the tree only."""
    empty_site = tmp_path / "site"
    empty_site.mkdir()
    good = tmp_path / "good.json"
    good.write_text(json.dumps(page_example, ensure_ascii=False), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**page_example, "HttpStatusCode": "200"}), encoding="utf-8")
    script = (
        "import json, sys\n"
        "import ccc.validators, ccc\n"
        "issues = ccc.validate_response('GetCallDetailRecord', json.load(open(sys.argv[1])))\n"
        "loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'httpx'})\n"
        "print(json.dumps({'issues': len(list(issues)), 'loaded': loaded}))\n"
    )
    done = isolated_python(fresh_tree, empty_site, ["-c", script, str(good)])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"issues": 0, "loaded": []}
    for payload, status in ((good, 0), (bad, 1)):
        done = isolated_python(
            fresh_tree,
            empty_site,
            ["-m", "ccc", "validate", "--operation", "GetCallDetailRecord", str(payload)],
        )
        assert done.returncode == status, f"{payload.name}: {done.stdout}\n{done.stderr}"
        assert "Traceback" not in done.stderr


def test_docstrings_carry_no_escapes_of_the_generators_own_indentation(
    module_facts: dict[Path, Facts],
) -> None:
    """An `Args:` entry is indented by the generator, not by the spec: it is written as spaces,
    never as a `\\x20` escape; and no user-facing docstring holds editorial notes on "the page".
    Each file is parsed once (the `module_facts` fixture: the docstring of the module and of
    each class and function, with its source sliced from the file's own lines), so the check is
    linear in the tree's size."""
    for path, facts in module_facts.items():
        if "_runtime" in path.parts:
            continue
        for segment, doc in facts.docstrings:
            assert "\\x20" not in segment, f"{path}: {segment[:200]}"
            assert "the page" not in doc.lower(), f"{path}: {doc[:200]}"


def test_a_parsed_module_slices_sources_as_ast_does(tmp_path: Path) -> None:
    """`Module.segment` (linear) gives what `ast.get_source_segment` (a split per call) gives:
    byte columns past non-ASCII text, \\r\\n and bare \\r line ends, and \\f inside a line."""
    path = tmp_path / "m.py"
    source = (
        '"""Modul\u00e9 \u6a21\u5757."""\r\n'
        "class A:\r"
        '    """Line \u00e9\\x20\n    two\x0c three."""\n'
        "    x = '\u6a21'  # \u00e9\n"
    )
    path.write_bytes(source.encode("utf-8"))
    module = parse(path)
    nodes = [n for n in ast.walk(module.tree) if isinstance(n, ast.Expr | ast.Assign)]
    assert len(nodes) == 3
    for node in nodes:
        assert module.segment(node) == ast.get_source_segment(module.text, node)
    assert "\\x20" in module.segment(nodes[1])


def test_facts_hold_what_the_checks_read(tmp_path: Path) -> None:
    """`facts_of` keeps, from one parse, every import (lazy ones marked), every call named
    `import_module`/`__import__` with a literal first argument (function or method), and the
    docstring of the module and of every class, function and async function, with its source."""
    path = tmp_path / "m.py"
    path.write_text(
        '"""Mod\\\\x20."""\n'
        "import os, json as j\n"
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from .models import M\n"
        "class A:\n"
        "    '''The page.'''\n"
        "    async def f(self):\n"
        "        '''Async.'''\n"
        "        import importlib\n"
        "        return importlib.import_module('x.y'), __import__(3), __import__(name)\n"
        "def g():\n    pass\n",
        encoding="utf-8",
    )
    facts = facts_of(parse(path))
    assert facts.imports == [
        (2, 0, "os", [], False),
        (2, 0, "json", [], False),
        (3, 0, "typing", ["TYPE_CHECKING"], False),
        (5, 1, "models", ["M"], True),
        (10, 0, "importlib", [], True),
    ]
    assert facts.dynamic_imports == [(11, "import_module", "x.y"), (11, "__import__", "3")]
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "import")  # NFKC: "import"
    path.write_text(f"import importlib\nimportlib.{fullwidth}_module('zz')\n", encoding="utf-8")
    assert facts_of(parse(path)).dynamic_imports == [(2, "import_module", "zz")]
    assert facts.docstrings == [
        ('"""Mod\\\\x20."""', "Mod\\x20."),
        ("'''The page.'''", "The page."),
        ("'''Async.'''", "Async."),
    ]
