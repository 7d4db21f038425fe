"""`cccgen` from any directory: which spec each command reads, and says it read; a missing spec
named plainly; `--version` and `-V`."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import cccgen
import pytest
from cccgen.commands.spec_source import bundled_spec
from cccgen.pipeline import build_all, find_service_files
from cccgen.writer import read_tree
from distributions.helpers import REPO, run
from distributions.helpers import cccgen as run_cccgen

HINT = "(pass --spec, or run from a checkout)"
ONE_OP = REPO / "tests" / "fixtures" / "one_op" / "spec"


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


def test_the_checkouts_cccgen_bundles_spec_itself() -> None:
    """An editable install (or a plain checkout) bundles `spec/` of its source tree: what the
    tests below exercise with a one-operation bundled spec is, here, the whole API. That its
    generation gives the committed tree byte for byte: generation/test_golden.py (in the
    checkout) and test_install.py::test_cccgen_installed_works_from_any_directory (a wheel)."""
    assert bundled_spec() == REPO / "spec"


@pytest.fixture(scope="module")
def one_op_install(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """cccgen's own package laid out as a wheel installs it (`cccgen/_data/spec/`), bundling the
    one-operation spec: what these tests check is which spec is chosen and how it is named, not
    how big it is (spec/ has 242 operations). The checkout's bytecode comes along (copytree
    keeps the sources' times, so it stays valid): the copy's first run does not compile cccgen
    afresh, as an installer's byte-compiled wheel would not either."""
    site = tmp_path_factory.mktemp("one-op-install")
    package = Path(cccgen.__file__).resolve().parent
    shutil.copytree(package, site / "cccgen")
    shutil.copytree(ONE_OP, site / "cccgen" / "_data" / "spec")
    return site


def run_installed(site: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m cccgen` from the copy in `site`, which comes before the checkout's on sys.path."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(site)}
    return run([sys.executable, "-m", "cccgen", *args], cwd, env)


def test_outside_a_checkout_the_bundled_spec_is_used_and_named(
    tmp_path: Path, one_op_install: Path
) -> None:
    generate = run_installed(one_op_install, "generate", "--out", "out", cwd=tmp_path)
    assert generate.returncode == 0, generate.stderr
    assert "using the spec bundled with cccgen" in generate.stderr
    assert f"({one_op_install / 'cccgen' / '_data' / 'spec'})" in generate.stderr
    assert "from the spec bundled with cccgen" in generate.stdout
    # the bundled spec is laid out as spec/: the same bytes as generating that spec, headers
    # included
    expected = {
        path: text.encode() for path, text in build_all(find_service_files([ONE_OP])).items()
    }
    assert read_tree(tmp_path / "out") == expected

    check = run_installed(one_op_install, "check", "--out", "out", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "up to date with the spec bundled with cccgen" in check.stdout

    (tmp_path / "project").mkdir()
    vendor = run_installed(
        one_op_install, "vendor", "--into", "project", "--package", "acme.ccc", cwd=tmp_path
    )
    assert vendor.returncode == 0, vendor.stderr
    assert (tmp_path / "project" / "acme" / "ccc" / "__init__.py").is_file()

    diff = run_installed(one_op_install, "diff", str(ONE_OP), cwd=tmp_path)
    assert diff.returncode == 0, diff.stderr
    assert "OLD is the spec bundled with cccgen" in diff.stderr
    assert "No changes." in diff.stdout


def test_in_a_checkout_dot_spec_is_used_and_named(tmp_path: Path) -> None:
    """A directory with ./spec (here the one-operation spec) is a checkout: its spec is read."""
    shutil.copytree(ONE_OP, tmp_path / "spec")
    generate = run_cccgen("generate", cwd=tmp_path)
    assert generate.returncode == 0, generate.stderr
    done = run_cccgen("check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "generated is up to date with spec (" in done.stdout
    assert "bundled" not in generate.stderr + done.stderr
