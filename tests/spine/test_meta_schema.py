"""The meta-schema's patterns match whole values, and its published copy is the one in use."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from cccgen.spec.loader import META_SCHEMA_PATH, meta_schema


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
