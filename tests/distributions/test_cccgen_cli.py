"""`cccgen` from any directory: which spec each command reads, and says it read; a missing spec
named plainly; `--version` and `-V`."""

from __future__ import annotations

from pathlib import Path

import cccgen
from cccgen.writer import read_tree
from distributions.helpers import REPO
from distributions.helpers import cccgen as run_cccgen

HINT = "(pass --spec, or run from a checkout)"


def test_version_flags(tmp_path: Path) -> None:
    for flag in ("--version", "-V"):
        done = run_cccgen(flag, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip() == f"cccgen {cccgen.__version__}"


def test_a_missing_spec_is_named_never_document(tmp_path: Path) -> None:
    commands = [
        ["generate", "--spec", "nowhere", "--out", "out"],
        ["check", "--spec", "nowhere"],
        ["vendor", "--into", ".", "--package", "acme.ccc", "--spec", "nowhere"],
    ]
    for command in commands:
        done = run_cccgen(*command, cwd=tmp_path)
        assert done.returncode == 2, command
        assert f"no spec at nowhere {HINT}" in done.stderr, done.stderr
        assert "<document>" not in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
    diff = run_cccgen("diff", "old-spec", "new-spec", cwd=tmp_path)
    assert diff.returncode == 2
    assert "no spec at old-spec" in diff.stderr and "no spec at new-spec" in diff.stderr
    assert "<document>" not in diff.stderr


def test_outside_a_checkout_the_bundled_spec_is_used_and_named(tmp_path: Path) -> None:
    generate = run_cccgen("generate", "--out", "out", cwd=tmp_path)
    assert generate.returncode == 0, generate.stderr
    assert "using the spec bundled with cccgen" in generate.stderr
    assert "from the spec bundled with cccgen" in generate.stdout
    # the bundled spec is spec/ itself: the same bytes as the committed tree, headers included
    assert read_tree(tmp_path / "out") == read_tree(REPO / "generated")

    check = run_cccgen("check", "--out", "out", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "up to date with the spec bundled with cccgen" in check.stdout

    (tmp_path / "project").mkdir()
    vendor = run_cccgen("vendor", "--into", "project", "--package", "acme.ccc", cwd=tmp_path)
    assert vendor.returncode == 0, vendor.stderr
    assert (tmp_path / "project" / "acme" / "ccc" / "__init__.py").is_file()

    diff = run_cccgen("diff", str(REPO / "spec"), cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    assert "OLD is the spec bundled with cccgen" in diff.stderr
    assert "No changes." in diff.stdout


def test_in_a_checkout_dot_spec_is_used_and_named() -> None:
    done = run_cccgen("check", cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert "generated is up to date with spec (" in done.stdout
    assert "bundled" not in done.stderr
