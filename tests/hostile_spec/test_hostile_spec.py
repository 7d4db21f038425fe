"""Hostile spec text produces valid, inert output that keeps the text intact.

Every human string of the spec (descriptions in both languages, notes, examples, enum labels
and values, summaries, error messages) carries quotes, triple quotes, backslashes, Jinja
syntax, comment terminators, markup, shell and Python injection attempts, control, format and
bidirectional characters and non-ASCII text (`service.py`). The generated package must
compile, import without running any of it, pass ruff and mypy --strict, and show the exact
text in its JSON Schemas, and in its docstrings normalised one documented way only (`shown`).
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from cccgen import model as m
from cccgen.emit.json_schema import describe
from cccgen.emit.pysource import docstring_body, prose
from hostile_spec.service import CANARY, EDGES, ENDS_IN_QUOTE, HOSTILE
from per_run import MypyStrict


def shown(text: str) -> str:
    """Spec text as a docstring keeps it: each line without its trailing spaces and tabs (no
    meaning in prose; kept they would be `\\x20` escapes). Everything else stays exact: leading
    indentation, other white space, control characters, quotes, backslashes."""
    return "\n".join(line.rstrip(" \t") for line in text.split("\n"))


def python_files(out: Path) -> list[Path]:
    files = sorted((out / "hostile").rglob("*.py"))
    assert files
    return files


def test_every_python_file_compiles(hostile_out: Path) -> None:
    for path in python_files(hostile_out):
        compile(path.read_text(encoding="utf-8"), str(path), "exec", dont_inherit=True)


def test_no_invisible_or_line_breaking_characters_in_python_source(hostile_out: Path) -> None:
    """Raw control, format or bidi characters in source would hide what the code does."""
    for path in python_files(hostile_out):
        text = path.read_text(encoding="utf-8")
        bad = sorted({f"U+{ord(c):04X}" for c in text if c not in "\n\t" and not c.isprintable()})
        assert not bad, f"{path.name} holds raw {', '.join(bad)}"


@pytest.fixture(scope="module")
def imported(hostile_out: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Import every module of the package in a fresh interpreter, in an empty directory, with a
    HOME holding a canary the spec's shell text would delete if anything ran it."""
    run = tmp_path_factory.mktemp("hostile-run")
    home = tmp_path_factory.mktemp("hostile-home")
    (home / CANARY).mkdir()
    script = textwrap.dedent(
        """
        import enum, importlib, inspect, json, pkgutil, sys
        import hostile
        modules = [hostile.__name__] + [
            info.name for info in pkgutil.walk_packages(hostile.__path__, "hostile.")
            if not info.name.endswith("__main__")
        ]
        for name in modules:
            importlib.import_module(name)
        models = importlib.import_module("hostile.models.describe_thing")
        docs = {
            name: obj.__doc__ for name, obj in vars(models).items()
            if inspect.isclass(obj) and obj.__module__ == models.__name__
        }
        kind = models.ThingKind
        print(json.dumps({
            "modules": modules,
            "package_doc": hostile.__doc__,
            "class_docs": docs,
            "kind_values": {member.name: member.value for member in kind},
            "unknown_kind_kept": models.DescribeThingResponse.model_validate(
                {"RequestId": "r", "Kind": "not in the spec"}
            ).kind,
            "hostile_kind": models.DescribeThingResponse.model_validate(
                {"RequestId": "r", "Kind": kind.HOSTILE.value}
            ).kind is kind.HOSTILE,
        }))
        """
    )
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "PYTHONPATH": str(hostile_out),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONIOENCODING": "utf-8",
    }
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=run,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert list(run.iterdir()) == [], "importing the package created files"
    assert (home / CANARY).is_dir(), "importing the package ran the spec's shell text"
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_importing_runs_nothing_from_the_spec(imported: dict[str, Any]) -> None:
    assert "hostile.models.describe_thing" in imported["modules"]
    assert imported["hostile_kind"] is True
    assert imported["unknown_kind_kept"] == "not in the spec"


def test_enum_values_round_trip(imported: dict[str, Any]) -> None:
    assert imported["kind_values"] == {
        "PLAIN": "plain",
        "HOSTILE": HOSTILE,
        "QUOTED": ENDS_IN_QUOTE,
    }


def test_package_docstring_keeps_the_title(
    imported: dict[str, Any], hostile_service: m.Service
) -> None:
    # Since Python 3.13 the compiler expands tabs in docstrings: compare with tabs expanded
    # (each title starts a line or holds no tab before its first line break, so columns agree).
    doc = imported["package_doc"].expandtabs()
    assert hostile_service.title.en.strip().expandtabs() in doc
    assert hostile_service.title.zh.strip().expandtabs() in doc


def undent(value: str, indent: str) -> str:
    """The text of a docstring written as `\"\"\"\\n<indent>text...\\n<indent>\"\"\"`."""
    assert value.startswith("\n") and value.endswith("\n" + indent), repr(value)
    lines = value[1 : len(value) - len(indent) - 1].split("\n")
    return "\n".join(line.removeprefix(indent) for line in lines)


def expected_class_docs(op: m.Operation) -> dict[str, str]:
    expected: dict[str, str] = {}
    for enum in op.enums:
        expected[enum.name] = describe(enum.description) or ""  # notes: docs only
    for obj in (op.request, *op.objects()):
        expected[obj.name] = describe(obj.description) or ""
    return {name: shown(text).strip() for name, text in expected.items()}


def test_class_docstrings_round_trip(imported: dict[str, Any], hostile_service: m.Service) -> None:
    op = hostile_service.operations[0]
    docs = imported["class_docs"]
    for name, text in expected_class_docs(op).items():
        if sys.version_info >= (3, 13):
            # The compiler now cleans docstrings itself (tabs expanded, common indentation
            # removed): compare with the literal as written, cleaned the same way.
            written = "\n" + "".join(f"    {line}\n" for line in text.split("\n")) + "    "
            assert inspect.cleandoc(docs[name]) == inspect.cleandoc(written), name
        else:
            assert undent(docs[name], "    ") == text, name
    # The hostile pieces are all there, none evaluated or dropped.
    response_doc = docs["DescribeThingResponse"]
    for piece in ("{{ 7*7 }}", "{% raw %}", "</script>", "\x00", "\u202e", '"""', "\\"):
        assert piece in response_doc
    assert "49" not in response_doc
    if sys.version_info < (3, 13):  # since 3.13 the compiler itself rewrites indentation
        # Only white space before a line break goes: the next line's leading space, "\r", the
        # tabs, the indentation and the ideographic space stay.
        written = undent(response_doc, "    ")
        assert "''' \\ \n \r \t \x00" in HOSTILE
        assert "''' \\\n \r \t \x00" in written
        assert "first line\n   indented line\n\ttabbed\n\u3000ideographic space" in written


def test_the_docstring_normalisation_drops_trailing_spaces_and_tabs_only() -> None:
    """`prose` is the generator's one normalisation of spec text for docstrings; what it keeps
    then round-trips through the escaped literal exactly."""
    text = 'a \t\n  b\x0b\n\u3000c\u3000\r\n\td\x1f \n"q\\ \n'
    assert prose(text) == shown(text) == 'a\n  b\x0b\n\u3000c\u3000\r\n\td\x1f\n"q\\\n'
    literal = '"""' + docstring_body(prose(text)) + '"""'
    assert ast.literal_eval(literal) == prose(text)


def attribute_docstrings(source: str) -> dict[tuple[str, str], str]:
    """(class, attribute) -> the docstring written right after the attribute."""
    found: dict[tuple[str, str], str] = {}
    for node in ast.parse(source).body:
        if not isinstance(node, ast.ClassDef):
            continue
        for first, second in zip(node.body, node.body[1:], strict=False):
            target: ast.expr | None = None
            if isinstance(first, ast.AnnAssign):
                target = first.target
            elif isinstance(first, ast.Assign) and len(first.targets) == 1:
                target = first.targets[0]
            if (
                isinstance(target, ast.Name)
                and isinstance(second, ast.Expr)
                and isinstance(second.value, ast.Constant)
                and isinstance(second.value.value, str)
            ):
                found[(node.name, target.id)] = second.value.value
    return found


def test_field_and_member_docstrings_round_trip(
    hostile_out: Path, hostile_service: m.Service
) -> None:
    op = hostile_service.operations[0]
    source = (hostile_out / "hostile" / "models" / f"{op.python_name}.py").read_text("utf-8")
    docs = attribute_docstrings(source)
    checked = 0
    for obj in (op.request, *op.objects()):
        for field in obj.fields:
            want = shown(describe(field.description) or "").strip()  # notes: docs only
            assert undent(docs[(obj.name, field.python_name)], "    ") == want, field.wire_name
            checked += 1
    for enum in op.enums:
        for value in enum.values:
            want = shown(f"{value.en} ({value.zh})").strip()
            assert undent(docs[(enum.name, value.name)], "    ") == want, value.name
            checked += 1
    assert checked == 12  # 7 fields, 5 enum members


def schema_descriptions(node: Any, path: str = "") -> dict[str, str]:
    found: dict[str, str] = {}
    if isinstance(node, dict):
        if isinstance(node.get("description"), str):
            found[path] = node["description"]
        for key, value in node.items():
            found.update(schema_descriptions(value, f"{path}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.update(schema_descriptions(value, f"{path}/{index}"))
    return found


def test_json_schemas_keep_the_text(hostile_out: Path, hostile_service: m.Service) -> None:
    op = hostile_service.operations[0]
    schemas = hostile_out / "hostile" / "schemas"
    for variant in ("response.schema.json", "response.lenient.schema.json"):
        schema = json.loads((schemas / f"{op.name}.{variant}").read_text("utf-8"))
        props = schema["properties"]
        for field in op.response.fields:
            assert props[field.wire_name]["description"] == describe(field.description, field.note)
        assert props["RequestId"]["examples"] == [HOSTILE]
        detail = props["Detail"]["properties"]
        assert detail["Label"]["description"] == f"{EDGES}\n尾部反斜杠\\"
        assert detail["Tags"]["examples"] == [[HOSTILE, ENDS_IN_QUOTE]]
    strict = json.loads((schemas / f"{op.name}.response.schema.json").read_text("utf-8"))
    assert strict["properties"]["Kind"]["enum"] == ["plain", HOSTILE, ENDS_IN_QUOTE]
    request = json.loads((schemas / f"{op.name}.request.schema.json").read_text("utf-8"))
    thing = request["properties"]["ThingId"]
    assert thing["description"] == describe(op.request.fields[0].description, ENDS_IN_QUOTE)
    every = schema_descriptions(strict)
    assert any("{{ 7*7 }}" in text for text in every.values())


CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


def unescaped(text: str, token: str) -> bool:
    """Whether `token` occurs with its first character not backslash-escaped."""
    start = text.find(token)
    while start != -1:
        slashes = len(text[:start]) - len(text[:start].rstrip("\\"))
        if slashes % 2 == 0:
            return True
        start = text.find(token, start + 1)
    return False


def test_markdown_docs_are_inert(hostile_out: Path) -> None:
    pages = sorted(hostile_out.rglob("*.md"))
    assert pages, "no Markdown docs generated"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        if text.startswith("<!-- Generated by cccgen"):  # the generator's own banner
            banner, text = text.split("\n", 1)
            assert banner.count("-->") == 1 and banner.endswith("-->"), banner
        # Code spans show their content literally: markup inside them is inert.
        text = CODE_SPAN.sub("", text)
        for raw in ("<script>", "</script>", "<!--", "-->"):
            assert not unescaped(text, raw), f"{page.name} holds unescaped {raw!r}"
        for raw in ("\x00", "\x1b", "\r", "\u202e"):
            assert raw not in text, f"{page.name} holds raw {raw!r}"
        assert "{{ 49 }}" not in text and "touch PWNED" in text.replace("\\", "")


def run_tool(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def test_ruff_passes_on_the_hostile_tree(hostile_out: Path, repo_root: Path) -> None:
    config = str(repo_root / "pyproject.toml")
    for args in (["check"], ["format", "--check"]):
        command = [sys.executable, "-m", "ruff", *args, "--no-cache", "--config", config, "."]
        done = run_tool(command, hostile_out)
        assert done.returncode == 0, f"ruff {args[0]}:\n{done.stdout}\n{done.stderr}"


def test_mypy_strict_passes_on_the_hostile_package(
    hostile_out: Path, mypy_strict: MypyStrict
) -> None:
    done = mypy_strict("hostile", hostile_out)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"


def test_a_hostile_spec_path_cannot_inject_code(tmp_path: Path) -> None:
    """The spec's file name reaches every header comment: a line break in it stays escaped."""
    from cccgen.pipeline import build_all
    from hostile_spec.service import write_spec

    folder = tmp_path / "x\nimport os; os.system('touch PWNED')\n#"
    folder.mkdir()
    files = build_all([write_spec(folder)])
    for path, text in files.items():
        if path.endswith(".py"):
            tree = ast.parse(text)
            calls = [
                n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "system"
            ]
            assert not calls, path
            first = text.split("\n", 1)[0]
            if first.startswith("# Generated by cccgen"):
                assert "\\nimport os" in first, path
