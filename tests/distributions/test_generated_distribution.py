"""The generated package as a distribution of its own: generated/pyproject.toml, ccc.__version__,
`ccc.testing` after a plain `import ccc`, the README's fixture line, the pre-commit hook."""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import cccgen
import pytest
import yaml
from cccgen import model as m
from cccgen.emit.pyproject import emit_pyproject
from cccgen.spec.loader import load_service
from distributions.helpers import REPO, run, write_fixture_project


@pytest.fixture(scope="module")
def service() -> m.Service:
    """The one-operation spec's service: the pyproject comes from the service's own texts
    (title, product, version), not from its operations; loading spec/ccc takes 242 of them."""
    return load_service(REPO / "tests" / "fixtures" / "one_op" / "spec" / "ccc" / "service.yaml")


def test_generated_pyproject_declares_a_lean_distribution() -> None:
    data = tomllib.loads((REPO / "generated" / "pyproject.toml").read_text(encoding="utf-8"))
    project = data["project"]
    assert project["name"] == "cccgen-ccc"
    assert project["version"] == cccgen.__version__
    assert "2020-07-01" in project["description"]
    assert project["requires-python"] == ">=3.11"
    requirements = project["dependencies"]
    names = [re.findall(r"^[a-z]+", r)[0] for r in requirements]
    assert sorted(names) == ["httpx", "pydantic"]
    assert not any("==" in r for r in requirements), "ranges, never exact pins"
    assert "pydantic>=2.5,<3" in requirements
    assert project["scripts"] == {"ccc": "ccc.__main__:main"}
    # only the package goes into the wheel: docs/ is not a package
    assert data["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["ccc"]
    assert data["build-system"]["build-backend"] == "hatchling.build"


def test_pyproject_text_from_a_hostile_spec_is_valid_toml(service: m.Service) -> None:
    title = m.Text(zh='中"文\\', en='Evil "title"\n[project]\nname = "x"\x7f\x00\t\\u0041')
    hostile = dataclasses.replace(service, title=title, product='P"\n')
    text = emit_pyproject([hostile])["pyproject.toml"]
    project = tomllib.loads(text)["project"]
    assert project["name"] == "cccgen-ccc"
    assert title.en in project["description"] and 'P"\n' in project["description"]


def test_two_runs_emit_the_same_pyproject(service: m.Service) -> None:
    assert emit_pyproject([service]) == emit_pyproject([service])


def test_package_version_and_testing_after_a_plain_import() -> None:
    code = (
        "import sys, ccc\n"
        "assert 'ccc.testing' not in sys.modules, 'testing loads on first use only'\n"
        "print(ccc.__version__)\n"
        "assert callable(ccc.testing.server_fixture)\n"
        "assert 'pydantic' not in sys.modules and 'httpx' not in sys.modules\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == cccgen.__version__


def test_readme_fixture_line_in_a_real_pytest_run(tmp_path: Path) -> None:
    """The README's conftest line, verbatim; pytest runs from the project root, so the relative
    data_dir is found only if it is taken from the conftest.py's folder."""
    write_fixture_project(tmp_path)
    # The checkout's own pytest plugins (hypothesis, xdist, anyio, typeguard: 0.45 s CPU to load)
    # are no part of a user's project: not loaded. The README's line needs no plugin.
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    pytest_run = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"]
    done = run(pytest_run, tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_precommit_hook_covers_ndjson_and_installs_the_generated_package() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "validate-ccc-responses"]
    files = re.compile(hook["files"])
    assert all(files.search(n) for n in ["a.json", "b.jsonl", "c/d.ndjson"])
    assert not any(files.search(n) for n in ["a.json5", "b.ndjsonx", "c.yaml"])
    # pre-commit installs the repository (cccgen alone) and then these, from the clone's root
    assert hook["additional_dependencies"] == ["./generated"]
    assert (REPO / "generated" / "pyproject.toml").is_file()
