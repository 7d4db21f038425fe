"""Golden record: regenerating from spec/ gives the committed generated/ byte for byte.

The real spec is generated once per test run (the `real_tree` fixture, shared by every worker);
what does not depend on the real spec's size (determinism, `check` listing stale files, the
whole tree being replaced) runs on the one-operation fixture spec."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import read_tree, write_tree
from generation.helpers import REPO, SPEC_DIR, cccgen

FIXTURE_SPEC_DIR = SPEC_DIR.parent


def test_generated_tree_matches_the_spec(real_tree: Path) -> None:
    fresh = read_tree(real_tree)
    committed = read_tree(REPO / "generated")
    assert sorted(fresh) == sorted(committed), "file lists differ; run `make generate`"
    stale = [path for path in fresh if fresh[path] != committed[path]]
    assert stale == [], f"stale generated files (run `make generate`): {stale}"


def test_generate_with_no_spec_option_uses_the_checkouts_spec(tmp_path: Path) -> None:
    """`cccgen generate` run in a checkout, with no --spec, generates ./spec: here a checkout
    whose spec/ is the fixture, so the run stays small whatever the real spec's size."""
    shutil.copytree(FIXTURE_SPEC_DIR, tmp_path / "spec")
    result = cccgen("generate", "--out", "generated", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    expected = {p: t.encode() for p, t in build_all(find_service_files([FIXTURE_SPEC_DIR])).items()}
    assert read_tree(tmp_path / "generated") == expected


def test_two_runs_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Both runs compute everything: cccgen's cache (which would hand the second run the
    first one's datamodel-code-generator output) is off."""
    monkeypatch.setenv("CCCGEN_NO_CACHE", "1")
    first = build_all(find_service_files([FIXTURE_SPEC_DIR]))
    second = build_all(find_service_files([FIXTURE_SPEC_DIR]))
    assert first == second
    assert all("\r" not in text for text in first.values())


def test_check_passes_on_a_fresh_tree_and_lists_stale_files(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_SPEC_DIR, tmp_path / "spec")
    out = tmp_path / "generated"
    write_tree(out, build_all(find_service_files([tmp_path / "spec"])))
    ok = cccgen("check", "--out", str(out), cwd=tmp_path)
    assert ok.returncode == 0, ok.stderr

    (out / "ccc" / "_meta.py").write_text("# edited by hand\n", encoding="utf-8")
    (out / "ccc" / "schemas" / "GetCallDetailRecord.request.schema.json").unlink()
    (out / "ccc" / "stray.py").write_text("", encoding="utf-8")
    stale = cccgen("check", "--out", str(out), cwd=tmp_path)
    assert stale.returncode == 1
    assert "changed: ccc/_meta.py" in stale.stderr
    assert "missing: ccc/schemas/GetCallDetailRecord.request.schema.json" in stale.stderr
    assert "extra:   ccc/stray.py" in stale.stderr
    assert "make generate" in stale.stderr


def test_generate_replaces_the_whole_tree(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE_SPEC_DIR, tmp_path / "spec")
    out = tmp_path / "generated"
    assert cccgen("generate", "--out", str(out), cwd=tmp_path).returncode == 0
    first = read_tree(out)
    # A file an older spec produced inside the generated package goes with the old tree.
    (out / "ccc" / "leftover.py").write_text("x = 1\n", encoding="utf-8")
    result = cccgen("generate", "--out", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (out / "ccc" / "leftover.py").exists()
    assert read_tree(out) == first
