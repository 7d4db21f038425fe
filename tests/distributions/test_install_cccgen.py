"""cccgen's wheel, built here, installed into a fresh virtual environment the way users install
it, and used from a directory outside the checkout; then what pre-commit does for the hook, in
that environment. (The generated package's wheel: test_install.py.)

Versions come from constraints.txt (PIP_CONSTRAINT) so that pip finds them in its cache.
"""

from __future__ import annotations

import shlex
import zipfile
from pathlib import Path

import cccgen
import pytest
import yaml
from distributions.helpers import REPO, build_wheel, checked, environment, new_venv, run, venv_pip


@pytest.fixture(scope="module")
def cccgen_wheel(work: Path) -> Path:
    return build_wheel(REPO, work / "cccgen-wheel")


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


def test_cccgen_installed_works_from_any_directory(
    work: Path, cccgen_wheel: Path, user: Path
) -> None:
    venv = new_venv(work / "cccgen-venv")
    checked(run([*venv_pip(venv), "install", str(cccgen_wheel)], user, environment(venv)))
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
    pip = [*venv_pip(venv), "install", "--quiet", "."]
    checked(run([*pip, *hook["additional_dependencies"]], REPO, env))
    assert not (REPO / "generated" / "build").exists() and not (REPO / "build").exists()
    entry = shlex.split(hook["entry"])
    files = ["captures/GetCallDetailRecord/ok.json", "captures/GetCallDetailRecord/calls.ndjson"]
    done = checked(run([str(venv / "bin" / entry[0]), *entry[1:], *files], user, env))
    assert "3 responses" in done.stdout, done.stdout
