"""Both distributions built as wheels, installed into fresh virtual environments the way users
install them, and used from a directory outside the checkout with the README's own lines.

One environment per wheel; versions come from constraints.txt (PIP_CONSTRAINT) so that pip
finds them in its cache, and the generator's output can be compared byte for byte.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import cccgen
import pytest
import yaml
from distributions.helpers import REPO, readme_actions_lines, run, write_fixture_project
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


def environment(venv: Path | None = None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
    }
    env.update(
        PIP_CONSTRAINT=str(REPO / "constraints.txt"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PYTHONIOENCODING="utf-8",
        PYTHONDONTWRITEBYTECODE="1",
    )
    if venv is not None:
        env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(venv)
    return env


def checked(done: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert done.returncode == 0, f"{done.args}:\n{done.stdout}\n{done.stderr}"
    return done


def build_wheel(source: Path, out: Path) -> Path:
    # hatchling comes with the dev tools: no build-isolation download needed
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    checked(run([*command, "--wheel-dir", str(out), str(source)], REPO, environment()))
    (wheel,) = out.glob("*.whl")
    return wheel


def new_venv(path: Path) -> Path:
    """A fresh environment whose `pip` is the checkout's pip aimed at it (`--python`): the same
    pip, installing into the new environment only, without seeding a copy of pip (5 s CPU)."""
    checked(run([sys.executable, "-m", "venv", "--without-pip", str(path)], path.parent))
    pip = path / "bin" / "pip"
    pip.write_text(f'#!/bin/sh\nexec {shlex.join(outer_pip(path))} "$@"\n', encoding="utf-8")
    pip.chmod(0o755)
    return path


def outer_pip(venv: Path) -> list[str]:
    """The checkout's pip, installing into `venv`."""
    return [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python")]


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("install")


@pytest.fixture(scope="module")
def ccc_wheel(work: Path) -> Path:
    wheel = build_wheel(REPO / "generated", work / "ccc-wheel")
    assert not (REPO / "generated" / "build").exists(), "the build wrote into generated/"
    return wheel


@pytest.fixture(scope="module")
def cccgen_wheel(work: Path) -> Path:
    return build_wheel(REPO, work / "cccgen-wheel")


@pytest.fixture(scope="module")
def user(work: Path, page_example_module: dict[str, Any]) -> Path:
    """A user's project, outside the checkout, with captured responses."""
    root = work / "user-project"
    (root / "captures" / "GetCallDetailRecord").mkdir(parents=True)  # names the operation
    text = json.dumps(page_example_module, ensure_ascii=False)
    (root / "captures" / "GetCallDetailRecord" / "ok.json").write_text(text, encoding="utf-8")
    (root / "captures" / "GetCallDetailRecord" / "calls.ndjson").write_text(
        text + "\n" + text + "\n", encoding="utf-8"
    )
    return root


@pytest.fixture(scope="module")
def page_example_module() -> dict[str, Any]:
    spec = yaml.safe_load((REPO / "spec" / "ccc" / "GetCallDetailRecord.yaml").read_text("utf-8"))
    example: dict[str, Any] = spec["examples"]["page_success"]["response"]
    return example


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


def test_cccgen_wheel_holds_the_generator_and_its_spec_only(cccgen_wheel: Path) -> None:
    names = zipfile.ZipFile(cccgen_wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"cccgen", f"cccgen-{cccgen.__version__}.dist-info"}
    # The whole spec, byte for byte: what a wheel's `cccgen generate` then produces is the
    # generator's business, tested on the same bytes by generation/test_golden.py.
    wheel = zipfile.ZipFile(cccgen_wheel)
    bundled = {
        name.removeprefix("cccgen/_data/spec/"): wheel.read(name)
        for name in names
        if name.startswith("cccgen/_data/spec/") and not name.endswith("/")
    }
    spec = REPO / "spec"
    expected = {
        p.relative_to(spec).as_posix(): p.read_bytes() for p in spec.rglob("*") if p.is_file()
    }
    assert bundled.keys() == expected.keys()
    assert bundled == expected, "the wheel bundles spec/ as it is in the checkout"
    assert "cccgen/templates/pyproject.toml.jinja" in names
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


def test_cccgen_installed_works_from_any_directory(
    work: Path, cccgen_wheel: Path, user: Path
) -> None:
    venv = new_venv(work / "cccgen-venv")
    checked(run([*outer_pip(venv), "install", str(cccgen_wheel)], user, environment(venv)))
    env = environment(venv)
    exe = str(venv / "bin" / "cccgen")
    for flag in ("--version", "-V"):
        assert checked(run([exe, flag], user, env)).stdout.strip() == f"cccgen {cccgen.__version__}"

    # The installed generator runs on its bundled spec (cccgen/_data/spec, the checkout's spec/
    # byte for byte: test_cccgen_wheel_holds_the_generator_and_its_spec_only): `vendor` of one
    # of its operations generates from it; `diff` reads all of it. `generate` and `check` with a
    # bundled spec: test_cccgen_cli.py::test_outside_a_checkout_the_bundled_spec_is_used_and_named.
    (user / "src").mkdir()
    vendor = [exe, "vendor", "--into", "src", "--package", "acme._vendor.ccc"]
    done = checked(run([*vendor, "--operations", "GetCallDetailRecord"], user, env))
    assert "using the spec bundled with cccgen" in done.stderr
    assert (user / "src" / "acme" / "_vendor" / "ccc" / "__main__.py").is_file()
    diff = checked(run([exe, "diff", str(REPO / "spec")], user, env))
    assert "No changes." in diff.stdout

    missing = run([exe, "check", "--spec", "nowhere"], user, env)
    assert missing.returncode == 2
    assert "no spec at nowhere (pass --spec, or run from a checkout)" in missing.stderr
    # the generator does not bring the generated package along
    assert run([str(venv / "bin" / "python"), "-c", "import ccc"], user, env).returncode == 1

    # What pre-commit does for the hook: `pip install . <additional_dependencies>` in the
    # repository's clone, then the entry with the matching files appended.
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = [h for h in hooks if h["id"] == "validate-ccc-responses"]
    pip = [*outer_pip(venv), "install", "--quiet", "."]
    checked(run([*pip, *hook["additional_dependencies"]], REPO, env))
    assert not (REPO / "generated" / "build").exists() and not (REPO / "build").exists()
    entry = shlex.split(hook["entry"])
    files = ["captures/GetCallDetailRecord/ok.json", "captures/GetCallDetailRecord/calls.ndjson"]
    done = checked(run([str(venv / "bin" / entry[0]), *entry[1:], *files], user, env))
    assert "3 responses" in done.stdout, done.stdout
