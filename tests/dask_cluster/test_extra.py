"""Dask, distributed and fsspec are the `dask` extra: `validate` without `--dask` never imports
them, and `--dask` without them is a clear exit-2 error."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

from validate_cli.helpers import REPO, clean_env, dump

EXTRA = ("dask", "distributed", "fsspec")

# Runs `python -m ccc ARGS...`, then writes the modules it loaded; BLOCK names modules made
# unimportable first (as when the extra is not installed).
WRAPPER = """\
import json, runpy, sys
out, block, args = sys.argv[1], sys.argv[2], sys.argv[3:]
for name in filter(None, block.split(",")):
    sys.modules[name] = None  # import raises ImportError, as when not installed
sys.argv = ["ccc", *args]
try:
    runpy.run_module("ccc", run_name="__main__", alter_sys=True)
except SystemExit as exc:
    code = exc.code
else:
    code = 0
with open(out, "w", encoding="utf-8") as file:
    json.dump({"code": code, "modules": sorted(sys.modules)}, file)
"""


def _run(tmp_path: Path, block: str, *args: str) -> tuple[object, list[str], str]:
    out = tmp_path / "modules.json"
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, str(out), block, *args],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        check=False,
        env=clean_env(),
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode()
    data = json.loads(out.read_text(encoding="utf-8"))
    return data["code"], data["modules"], done.stderr.decode("utf-8")


def test_validate_without_dask_imports_none_of_the_extra(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    (tmp_path / "ok.json").write_text(dump(page_example), "utf-8")
    (tmp_path / "ok.jsonl").write_text(dump(page_example, indent=None) + "\n", "utf-8")
    args = ["--format", "html", "--operation", "GetCallDetailRecord", "ok.json", "ok.jsonl"]
    code, modules, _ = _run(tmp_path, "", "validate", *args)
    assert code == 0
    assert "ccc._runtime.tools.validate.cli" in modules  # the run happened in this process
    assert sorted(m for m in modules if m.split(".")[0] in EXTRA) == []
    assert not any(m.endswith(("dask_runner", "dask_api", ".remote")) for m in modules)


def test_dask_without_the_extra_is_a_clear_exit_2(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text("{}", "utf-8")
    for missing in ("dask", "fsspec"):  # distributed: the same check
        code, _, err = _run(tmp_path, missing, "validate", "--dask", "local", "ok.json")
        assert code == 2
        assert f"validate: --dask needs the {missing} package, which is not installed" in err
        assert "pip install 'cccgen-ccc[dask]'" in err


def test_the_generated_distribution_offers_the_dask_extra() -> None:
    project = tomllib.loads((REPO / "generated" / "pyproject.toml").read_text("utf-8"))
    extra = project["project"]["optional-dependencies"]["dask"]
    assert sorted(r.split(">")[0] for r in extra) == sorted(EXTRA)
    assert not any(r.split(">")[0] in EXTRA for r in project["project"]["dependencies"])


def test_the_docstring_example_checks_call_detail_records() -> None:
    """The module's example is what archives hold: the whole API's first operation
    (AbortCampaign) would be a strange thing to validate a year of captures against."""
    text = (REPO / "generated" / "ccc" / "dask.py").read_text(encoding="utf-8")
    assert 'check_bag(texts, operation="GetCallDetailRecord")' in text
