"""The meta-schema's patterns match whole values, and its published copy is the one in use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cccgen.pipeline import build_all
from cccgen.spec.structure import META_SCHEMA_PATH, meta_schema
from cccgen.writer import write_tree
from generation.helpers import SPEC_DIR, cccgen, copy_spec


@pytest.fixture(scope="module")
def one_op_tree(tmp_path_factory: pytest.TempPathFactory) -> str:
    """What the one-operation fixture generates: the tree `check` compares the copy with (the
    repository's generated/ is the whole API's)."""
    out = tmp_path_factory.mktemp("one-op") / "generated"
    write_tree(out, build_all([SPEC_DIR / "service.yaml"]))
    return str(out)


def _patterns(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in _patterns(value)]
    if isinstance(node, list):
        return [p for item in node for p in _patterns(item)]
    return []


def test_every_pattern_is_anchored_at_both_ends() -> None:
    patterns = _patterns(meta_schema())
    assert len(patterns) >= 10
    loose = [p for p in patterns if not (p.startswith("^") and p.endswith("$"))]
    assert loose == []


def test_the_published_copy_is_identical(repo_root: Path) -> None:
    published = repo_root / "spec" / "meta-schema.json"
    assert published.read_bytes() == META_SCHEMA_PATH.read_bytes()
    assert json.loads(published.read_text(encoding="utf-8")) == meta_schema()


def _spec_with_meta_schema(tmp_path: Path, text: str) -> None:
    copy_spec(tmp_path)
    # A regular file, as a checkout without symlinks (git on Windows, an archive) has it.
    (tmp_path / "spec" / "meta-schema.json").write_text(text, encoding="utf-8")


def test_check_accepts_a_published_copy_that_is_a_plain_file(
    tmp_path: Path, one_op_tree: str
) -> None:
    _spec_with_meta_schema(tmp_path, META_SCHEMA_PATH.read_text(encoding="utf-8"))
    done = cccgen("check", "--spec", "spec", "--out", one_op_tree, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_check_fails_when_the_published_copy_differs(tmp_path: Path, one_op_tree: str) -> None:
    # What git writes for a symlink where it cannot make one: the link's target as text.
    _spec_with_meta_schema(tmp_path, "../generator/cccgen/spec/meta-schema.json")
    done = cccgen("check", "--spec", "spec", "--out", one_op_tree, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "spec/meta-schema.json differs from the meta-schema cccgen checks specs with" in (
        done.stderr
    )
