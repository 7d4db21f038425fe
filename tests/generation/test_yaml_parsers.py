"""The spec loader parses with libyaml when PyYAML has it, and falls back to PyYAML's
pure-Python parser for every file libyaml or the bounds refuse: both give the same data, the
same positions and the same problems, word for word."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from cccgen.spec import yaml_source
from cccgen.spec.yaml_source import load_yaml

ONE_OP = Path(__file__).resolve().parents[1] / "fixtures" / "one_op" / "spec"

HOSTILE = {
    "alias": "a: &x 1\nb: *x\n",
    "merge key": "<<: {a: 1}\n",
    "duplicate key": "a: 1\na: 2\n",
    "unclosed flow": "a:\n  - [1, 2\n",
    "control character": "a: \x01\n",
    "deep nesting": "[" * 70 + "]" * 70,
    "mapping in a plain scalar": "a: b: c\n",
    "tab indent": "\ta: 1\n",
    "huge integer": "a: 12345678901234567890123\n",
    "bad date": "a: 2020-13-45\n",
    "mapping key": "{a: 1}: 2\n",
    "unterminated quote": "a: 'unterminated\n",
    "two documents": "---\na: 1\n---\nb: 2\n",
    "empty": "",
    "next line character": "a: \u0085b\n",
    "byte order mark": "\ufeffa: 1\n",
    "tab in a block scalar": "a: |\n  x\n\ty\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "a problem, then an alias": "a: 1\na: 2\nb: *x\n",
    "an alias in a skipped value": "a: 1\na: [*x]\n",
    "a key too deep": "? " + "[" * 70 + "]" * 70 + "\n: 1\n",
    "a constructor crash, then a YAML error": "a: !!int ''\nb: [1\n",
    "a constructor crash": "a: !!int ''\nb: !!float ''\nc: !!timestamp '2020-01-01 x'\n",
}


@contextmanager
def pure_python() -> Iterator[None]:
    saved = yaml_source._FastLoader
    yaml_source._FastLoader = None
    try:
        yield
    finally:
        yaml_source._FastLoader = saved


def both(text: str, file: str) -> tuple[object, object]:
    def outcome() -> object:
        located, problems = load_yaml(text, file)
        return (located.data, located.positions) if located else None, problems

    fast = outcome()
    with pure_python():
        return fast, outcome()


def test_libyaml_is_used_where_pyyaml_has_it() -> None:
    assert (yaml_source._FastLoader is not None) == yaml.__with_libyaml__


@pytest.mark.parametrize("path", sorted(ONE_OP.rglob("*.yaml")), ids=lambda p: p.name)
def test_a_spec_loads_the_same_with_either_parser(path: Path) -> None:
    fast, pure = both(path.read_text(encoding="utf-8"), str(path))
    assert fast == pure


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_yaml_gets_the_same_problems_from_either_parser(text: str) -> None:
    fast, pure = both(text, "hostile.yaml")
    assert fast == pure


@pytest.mark.parametrize("value", ["!!int ''", "!!float ''", "!!timestamp '2020-01-01 x'"])
def test_a_scalar_pyyaml_cannot_build_is_a_located_problem(value: str) -> None:
    """PyYAML's constructor raises IndexError or TypeError on these (not a YAMLError): each is
    a problem at its line and column, with either parser, never a traceback."""
    fast, pure = both(f"ok: 1\nbad: {value}\n", "spec.yaml")
    assert fast == pure
    _, problems = load_yaml(f"ok: 1\nbad: {value}\n", "spec.yaml")
    assert [(p.line, p.column, p.path) for p in problems] == [(2, 6, "bad")], problems
    assert problems[0].message.startswith("bad scalar: tag:yaml.org,2002:"), problems
