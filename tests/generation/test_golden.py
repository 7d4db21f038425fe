"""Golden record: regenerating from spec/ gives the committed generated/ byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import read_tree
from generation.helpers import REPO, cccgen


def test_generated_tree_matches_the_spec(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    result = cccgen("generate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    fresh = read_tree(out)
    committed = read_tree(REPO / "generated")
    assert sorted(fresh) == sorted(committed), "file lists differ; run `make generate`"
    stale = [path for path in fresh if fresh[path] != committed[path]]
    assert stale == [], f"stale generated files (run `make generate`): {stale}"


def test_two_runs_are_byte_identical(tmp_path: Path) -> None:
    first = build_all(find_service_files([REPO / "spec"]))
    second = build_all(find_service_files([REPO / "spec"]))
    assert first == second
    assert all("\r" not in text for text in first.values())


def test_check_passes_on_a_fresh_tree_and_lists_stale_files(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    shutil.copytree(REPO / "generated", out, ignore=shutil.ignore_patterns("__pycache__"))
    ok = cccgen("check", "--out", str(out))
    assert ok.returncode == 0, ok.stderr

    (out / "ccc" / "_meta.py").write_text("# edited by hand\n", encoding="utf-8")
    (out / "ccc" / "schemas" / "GetCallDetailRecord.request.schema.json").unlink()
    (out / "ccc" / "stray.py").write_text("", encoding="utf-8")
    stale = cccgen("check", "--out", str(out))
    assert stale.returncode == 1
    assert "changed: ccc/_meta.py" in stale.stderr
    assert "missing: ccc/schemas/GetCallDetailRecord.request.schema.json" in stale.stderr
    assert "extra:   ccc/stray.py" in stale.stderr
    assert "make generate" in stale.stderr


def test_generate_replaces_the_whole_tree(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    assert cccgen("generate", "--out", str(out)).returncode == 0
    # A file an older spec produced inside the generated package goes with the old tree.
    (out / "ccc" / "leftover.py").write_text("x = 1\n", encoding="utf-8")
    result = cccgen("generate", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "ccc" / "leftover.py").exists()
    assert read_tree(out) == read_tree(REPO / "generated")
