"""The suite's own rules: warnings are errors, stale xfails fail, `make test` runs on every
core, and a test that needs ../shared/ says so when it skips (and fails under CI=true)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from schedule import SLOWEST, slowest_first

REPO = Path(__file__).resolve().parents[2]


def run_pytest(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    """Run one test file under the repository's pytest configuration, in a fresh interpreter."""
    test = tmp_path / "test_sample.py"
    test.write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"),
            *("-c", str(REPO / "pyproject.toml"), "--rootdir", str(tmp_path), str(test)),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_warning_fails_the_test(tmp_path: Path) -> None:
    done = run_pytest(
        tmp_path,
        """
        import warnings

        def test_warns():
            warnings.warn("left unfixed", DeprecationWarning, stacklevel=1)
        """,
    )
    assert done.returncode == 1, done.stdout
    assert "DeprecationWarning: left unfixed" in done.stdout
    assert "1 failed" in done.stdout


def test_an_xfail_that_passes_fails(tmp_path: Path) -> None:
    done = run_pytest(
        tmp_path,
        """
        import pytest

        @pytest.mark.xfail(reason="fixed long ago")
        def test_stale():
            assert True
        """,
    )
    assert done.returncode == 1, done.stdout
    assert "[XPASS(strict)] fixed long ago" in done.stdout


def test_make_test_runs_the_suite_in_parallel() -> None:
    done = subprocess.run(
        ["make", "-n", "test"], cwd=REPO, capture_output=True, text=True, timeout=60, check=True
    )
    pytest_lines = [line for line in done.stdout.splitlines() if "-m pytest" in line]
    assert pytest_lines, done.stdout
    assert "-n auto" in pytest_lines[-1], pytest_lines[-1]
    assert "--dist loadfile" in pytest_lines[-1], pytest_lines[-1]
    # files are handed out in collection order (tests/schedule.py: the slowest first)
    assert "--no-loadscope-reorder" in pytest_lines[-1], pytest_lines[-1]
    # bytecode written even where the environment forbids it (Makefile: why)
    assert pytest_lines[-1].startswith("PYTHONDONTWRITEBYTECODE= "), pytest_lines[-1]


def test_the_slowest_files_are_listed_and_exist() -> None:
    assert len(set(SLOWEST)) == len(SLOWEST)
    for path in SLOWEST:
        assert (REPO / path).is_file(), f"tests/schedule.py lists {path}, which is gone"


def test_slowest_files_come_first_and_each_file_keeps_its_order() -> None:
    def item(nodeid: str) -> Any:
        return SimpleNamespace(nodeid=nodeid)

    cheap_a = [item("tests/a/test_cheap.py::test_1"), item("tests/a/test_cheap.py::test_2")]
    cheap_b = [item("tests/b/test_cheap.py::test_1")]
    second = [item(f"{SLOWEST[1]}::test_x"), item(f"{SLOWEST[1]}::test_y[1]")]
    first = [item(f"{SLOWEST[0]}::test_z")]
    items = [*cheap_a, *second, *cheap_b, *first]
    slowest_first(items)
    assert items == [*first, *second, *cheap_a, *cheap_b]


def test_a_missing_shared_file_skips_naming_it(
    shared_file: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception) as skipped:
        shared_file("no-such-file.json", "a file nobody wrote")
    reason = str(skipped.value)
    assert reason.startswith("needs ../shared/no-such-file.json (a file nobody wrote); ")
    assert "not present beside this checkout" in reason


def test_a_missing_shared_file_fails_under_ci(
    shared_file: Callable[[str, str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception) as failed:
        shared_file("no-such-file.json", "a file nobody wrote")
    assert "needs ../shared/no-such-file.json" in str(failed.value)
    assert "CI=true" in str(failed.value)


def test_a_present_shared_file_is_returned(shared_file: Callable[[str, str], Path]) -> None:
    path = shared_file("FACTS.md", "the project's shared facts")
    assert path.name == "FACTS.md"
    assert path.is_file()


@pytest.fixture(scope="session")
def collector_during_session_setup() -> bool:
    return gc.isenabled()


@pytest.fixture(scope="module")
def collector_during_module_setup() -> bool:
    return gc.isenabled()


@pytest.fixture
def collector_during_function_setup() -> bool:
    return gc.isenabled()


def test_the_collector_pauses_while_wide_fixtures_are_built(
    collector_during_session_setup: bool,
    collector_during_module_setup: bool,
    collector_during_function_setup: bool,
) -> None:
    """tests/heap.py: no automatic collection while a session or module fixture is set up; on
    again for function fixtures and for the test itself."""
    assert collector_during_session_setup is False
    assert collector_during_module_setup is False
    assert collector_during_function_setup is True
    assert gc.isenabled()
    # what collection and the session fixtures built is out of the collector's sight
    assert gc.get_freeze_count() > 0


def test_the_run_has_its_own_empty_cccgen_cache(tmp_path: Path) -> None:
    """conftest.py points cccgen's cache at a folder made for the run and removed after it: a
    run neither reads what an earlier one computed nor fills the developer's ~/.cache/cccgen."""
    ours = Path(os.environ["CCCGEN_CACHE_DIR"])
    assert ours.parent == Path(tempfile.gettempdir()) and ours.name.startswith("cccgen-test-cache-")
    # A nested run (its own configure, no xdist) gets a different folder and removes it.
    seen = tmp_path / "seen.txt"
    done = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"),
            str(REPO / "tests" / "suite_config" / "cache_probe.py"),
        ],
        cwd=REPO,
        env={**os.environ, "CACHE_PROBE_OUT": str(seen)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    nested = Path(seen.read_text(encoding="utf-8"))
    assert nested != ours and nested.name.startswith("cccgen-test-cache-")
    assert not nested.exists(), "the run's cache folder outlived the run"


def test_auto_gives_one_worker_more_than_the_cores(pytestconfig: pytest.Config) -> None:
    """`-n auto` (make test) asks tests/conftest.py's hook, which xdist calls for it."""
    if not pytestconfig.pluginmanager.hasplugin("xdist"):
        pytest.skip("xdist is not loaded in this run (-p no:xdist)")
    hook = pytestconfig.pluginmanager.hook.pytest_xdist_auto_num_workers
    assert hook(config=pytestconfig) == (os.cpu_count() or 1) + 1
