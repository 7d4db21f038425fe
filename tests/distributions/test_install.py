"""The generated package built as a wheel, installed into a fresh virtual environment the way
users install it (the README's GitHub Actions line), and used from a directory outside the
checkout with the README's own lines. (cccgen's wheel: test_install_cccgen.py, a file of its own
so that the two environments, which share nothing, are built on two workers at once.)

Versions come from constraints.txt (PIP_CONSTRAINT) so that pip finds them in its cache.
"""

from __future__ import annotations

import json
import shlex
import zipfile
from pathlib import Path

import cccgen
import pytest
from distributions.helpers import (
    REPO,
    build_wheel,
    checked,
    environment,
    new_venv,
    readme_actions_lines,
    run,
    write_fixture_project,
)
from vendor.isolation import distribution_closure, top_level_names

#: The generator's own dependencies: none may come with the generated package.
GENERATOR_ONLY = {
    "cccgen",
    "datamodel-code-generator",
    "ruff",
    "black",
    "isort",
    "jinja2",
    "jsonschema",
    "pyyaml",
}

#: Run inside an environment: what is installed, and what `cccgen-ccc` needs (its closure).
CLOSURE = """
import json, re
from importlib import metadata

def key(name):
    return re.sub(r"[-_.]+", "-", name).lower()

needed, todo = set(), ["cccgen-ccc"]
while todo:
    name = key(todo.pop())
    if name in needed:
        continue
    try:
        dist = metadata.distribution(name)
    except metadata.PackageNotFoundError:
        continue  # for another platform or Python version
    needed.add(name)
    todo += [re.match(r"[A-Za-z0-9._-]+", r).group(0) for r in dist.requires or [] if "extra ==" not in r]
installed = {key(d.metadata["Name"]) for d in metadata.distributions()}
print(json.dumps({"installed": sorted(installed), "needed": sorted(needed)}))
"""


@pytest.fixture(scope="module")
def ccc_wheel(work: Path) -> Path:
    wheel = build_wheel(REPO / "generated", work / "ccc-wheel")
    assert not (REPO / "generated" / "build").exists(), "the build wrote into generated/"
    return wheel


@pytest.fixture(scope="module")
def lean(work: Path, ccc_wheel: Path, user: Path) -> Path:
    """A fresh environment where the README's GitHub Actions install line was run."""
    venv = new_venv(work / "lean-venv")
    (install, *_) = readme_actions_lines()
    words = shlex.split(install)
    assert words[:2] == ["pip", "install"] and len(words) == 3, install
    assert words[2].startswith("cccgen-ccc @ git+") and words[2].endswith("#subdirectory=generated")
    # the same distribution, from the wheel built here instead of the git URL
    line = shlex.join(["pip", "install", str(ccc_wheel)])
    checked(run(["bash", "-c", line], user, environment(venv)))
    return venv


def test_generated_wheel_holds_the_package_only(ccc_wheel: Path) -> None:
    names = zipfile.ZipFile(ccc_wheel).namelist()
    assert ccc_wheel.name == f"cccgen_ccc-{cccgen.__version__}-py3-none-any.whl"
    tops = {name.split("/")[0] for name in names}
    assert tops == {"ccc", f"cccgen_ccc-{cccgen.__version__}.dist-info"}
    assert (
        "ccc/py.typed" in names and "ccc/schemas/GetCallDetailRecord.response.schema.json" in names
    )
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in names)


def test_lean_install_pulls_pydantic_and_httpx_only(lean: Path, user: Path) -> None:
    done = checked(run([str(lean / "bin" / "python"), "-c", CLOSURE], user, environment(lean)))
    found = json.loads(done.stdout)
    extra = set(found["installed"]) - set(found["needed"]) - {"pip", "setuptools"}
    assert extra == set(), f"installed but not needed by cccgen-ccc: {extra}"
    assert {"pydantic", "httpx"} <= set(found["needed"])
    assert not GENERATOR_ONLY & set(found["installed"])


def test_readme_actions_lines_run_outside_the_checkout(lean: Path, user: Path) -> None:
    _, *usage = readme_actions_lines()
    assert usage == ["ccc validate --format github captures/"]
    for line in usage:
        done = checked(run(["bash", "-c", line], user, environment(lean)))
        assert "3 responses" in done.stdout, done.stdout
    python = str(lean / "bin" / "python")
    for command in ([python, "-m", "ccc", "get", "--help"], ["ccc", "serve", "--help"]):
        assert "usage:" in checked(run(command, user, environment(lean))).stdout
    module = checked(
        run(
            [python, "-m", "ccc", "validate", "captures/GetCallDetailRecord/ok.json"],
            user,
            environment(lean),
        )
    )
    assert "1 valid" in module.stdout
    version = checked(
        run([python, "-c", "import ccc; print(ccc.__version__)"], user, environment(lean))
    )
    assert version.stdout.strip() == cccgen.__version__
    assert checked(
        run([python, "-c", "import ccc; print(ccc.__file__)"], user, environment(lean))
    ).stdout.startswith(str(lean))


def test_validate_needs_neither_pydantic_nor_httpx(lean: Path, user: Path) -> None:
    """Both made unimportable: `python -m ccc validate` still runs, and imports neither."""
    code = (
        "import runpy, sys\n"
        "sys.modules['pydantic'] = None\n"
        "sys.modules['httpx'] = None\n"
        "sys.argv = ['ccc', 'validate', 'captures/']\n"
        "try:\n"
        "    runpy.run_module('ccc', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
    )
    done = checked(run([str(lean / "bin" / "python"), "-c", code], user, environment(lean)))
    assert "3 valid" in done.stdout, done.stdout


def test_readme_fixture_line_with_the_installed_package(lean: Path, work: Path) -> None:
    project = work / "fixture-project"
    write_fixture_project(project)
    # pytest is the user's test runner, not part of what is installed: linked in (PYTHONPATH)
    # from the checkout's environment instead of a pip install into the lean environment
    site = work / "pytest-site"
    site.mkdir()
    for dist in distribution_closure(("pytest",)):
        for name in top_level_names(dist):
            if (source := Path(str(dist.locate_file(name)))).exists():
                (site / name).symlink_to(source)
    env = {**environment(lean), "PYTHONPATH": str(site)}
    pytest_run = [str(lean / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    done = run([*pytest_run, "tests"], project, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
