"""The meta-schema's patterns match whole values, and its published copy is the one in use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cccgen.spec.structure import META_SCHEMA_PATH, meta_schema
from generation.helpers import cccgen, copy_spec


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
    tmp_path: Path, repo_root: Path
) -> None:
    _spec_with_meta_schema(tmp_path, META_SCHEMA_PATH.read_text(encoding="utf-8"))
    out = str(repo_root / "generated")
    done = cccgen("check", "--spec", "spec", "--out", out, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_check_fails_when_the_published_copy_differs(tmp_path: Path, repo_root: Path) -> None:
    # What git writes for a symlink where it cannot make one: the link's target as text.
    _spec_with_meta_schema(tmp_path, "../generator/cccgen/spec/meta-schema.json")
    out = str(repo_root / "generated")
    done = cccgen("check", "--spec", "spec", "--out", out, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "spec/meta-schema.json differs from the meta-schema cccgen checks specs with" in (
        done.stderr
    )
