"""`cccgen generate --out DIR` replaces DIR only when it is cccgen's own earlier tree, never
someone's files; two runs at once leave one complete tree."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cccgen.writer import read_tree
from spine.helpers import REPO, cccgen

SPEC = str(REPO / "spec" / "ccc" / "service.yaml")


def _generate(out: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return cccgen("generate", "--spec", SPEC, "--out", str(out), cwd=cwd)


def test_a_directory_of_someone_elses_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "d" / "src").mkdir(parents=True)
    (tmp_path / "d" / "src" / "a.txt").write_text("keep\n")
    result = _generate(tmp_path / "d", tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "is not a tree cccgen generated" in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert read_tree(tmp_path / "d") == {"src/a.txt": b"keep\n"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]


def test_a_regular_file_is_refused_before_anything_is_renamed(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("keep\n")
    result = _generate(tmp_path / "out", tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "is not a directory" in result.stderr, result.stderr
    assert (tmp_path / "out").read_text() == "keep\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_an_earlier_generated_tree_is_replaced(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _generate(out, tmp_path).returncode == 0
    (out / "ccc" / "__pycache__").mkdir()
    (out / "ccc" / "stale_module.py").write_text("# left over from an older spec\n")
    result = _generate(out, tmp_path)
    assert result.returncode == 0, result.stderr
    assert not (out / "ccc" / "stale_module.py").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_a_generated_tree_with_a_foreign_file_beside_it_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _generate(out, tmp_path).returncode == 0
    (out / "notes.txt").write_text("mine\n")
    result = _generate(out, tmp_path)
    assert result.returncode == 2
    assert "is not a tree cccgen generated" in result.stderr, result.stderr
    assert (out / "notes.txt").read_text() == "mine\n"


def test_two_runs_at_once_leave_one_complete_tree(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    assert _generate(clean, tmp_path).returncode == 0
    expected = read_tree(clean)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    for _round in range(3):
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "cccgen", "generate", "--spec", SPEC, "--out", str(out)],
                cwd=tmp_path,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        outcomes = [(run.wait(timeout=300), run.communicate()[1]) for run in runs]
        assert [code for code, _ in outcomes] == [0, 0], outcomes
        assert read_tree(out) == expected
        assert sorted(p.name for p in tmp_path.iterdir()) == ["clean", "out"]
