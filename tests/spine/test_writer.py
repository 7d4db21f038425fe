"""The output tree is swapped in whole: a failure midway leaves what was there."""

from __future__ import annotations

from pathlib import Path

import pytest
from cccgen import writer


def test_write_tree_replaces_exactly(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_tree(out, {"a/b.txt": "one\n", "c.txt": "two"})
    writer.write_tree(out, {"a/b.txt": "three\n"})
    assert writer.read_tree(out) == {"a/b.txt": b"three\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failure_while_writing_keeps_the_old_tree(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_tree(out, {"keep.txt": "old\n"})

    with pytest.raises(TypeError):
        # a non-str value fails inside the staging directory, before any swap
        writer.write_tree(out, {"a.txt": "fine", "b.txt": 42})  # type: ignore[dict-item]
    assert writer.read_tree(out) == {"keep.txt": b"old\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_interrupted_swap_is_recovered(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_tree(out, {"keep.txt": "old\n"})
    # Simulate a crash between the two renames: only the previous tree exists.
    out.rename(tmp_path / "out.previous")
    writer.write_tree(out, {"new.txt": "new\n"})
    assert writer.read_tree(out) == {"new.txt": b"new\n"}
    assert not (tmp_path / "out.previous").exists()


def test_compare_ignores_caches(tmp_path: Path) -> None:
    out = tmp_path / "out"
    writer.write_tree(out, {"pkg/m.py": "x = 1\n"})
    (out / "pkg" / "__pycache__").mkdir()
    (out / "pkg" / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert not writer.compare_tree(out, {"pkg/m.py": "x = 1\n"})
    assert writer.compare_tree(out, {"pkg/m.py": "x = 2\n"}).changed == ["pkg/m.py"]
