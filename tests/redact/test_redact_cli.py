"""`python -m ccc redact` as users run it: a real subprocess over real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from redact.helpers import KEY, OTHER_KEY, examples, personal_values, redact, write_jsonl

GET = "GetCallDetailRecord"
LIST = "ListCallDetailRecords"


@pytest.fixture
def captures(tmp_path: Path) -> Path:
    """captures/GetCallDetailRecord/<name>.json (documents) and captures/ListCallDetailRecords.jsonl
    (lines), all from the spec's examples."""
    folder = tmp_path / "captures"
    (folder / GET).mkdir(parents=True)
    for i, payload in enumerate(examples(GET)):
        (folder / GET / f"{i}.json").write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
    write_jsonl(folder / f"{LIST}.jsonl", examples(LIST) * 3)
    return folder


def originals(captures: Path) -> set[str]:
    found = set()
    for payload in examples(GET):
        found.update(personal_values(GET, payload))
    for payload in examples(LIST):
        found.update(personal_values(LIST, payload))
    assert len(found) > 8
    return found


def output_bytes(out: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file())


def test_copies_keep_names_validate_strictly_and_hold_no_original(
    tmp_path: Path, captures: Path
) -> None:
    run = redact("captures", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    out = tmp_path / "out"
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == sorted(p.relative_to(tmp_path).as_posix() for p in captures.rglob("*.json*"))
    data = output_bytes(out)
    for value in originals(captures):
        assert value.encode("utf-8") not in data, value
    assert KEY.encode() not in data and KEY not in run.stdout + run.stderr
    check = subprocess.run(
        [sys.executable, "-m", "ccc", "validate", "--strict", str(out)],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    # The report: which fields, how many values.
    assert "Data.List[].CallingNumber (phone_number): 3 value(s)" in run.stdout
    assert "Data.CustomerEvents[].CustomerId (phone_number)" in run.stdout
    assert "Data.List[].ContactId" not in run.stdout


def test_deterministic_joined_across_files_and_keyed(tmp_path: Path, captures: Path) -> None:
    assert redact("captures", "-o", "a", cwd=tmp_path).returncode == 0
    assert redact("captures", "-o", "b", cwd=tmp_path).returncode == 0
    assert redact("captures", "-o", "c", cwd=tmp_path, key=OTHER_KEY).returncode == 0
    a, b, c = (output_bytes(tmp_path / name) for name in "abc")
    assert a == b
    assert a != c
    # The page example's masked callee `1332315****` appears in both operations' captures: both
    # files carry the same stand-in, so records still join.
    get = json.loads((tmp_path / "a" / "captures" / GET / "0.json").read_text("utf-8"))
    line = (tmp_path / "a" / "captures" / f"{LIST}.jsonl").read_text("utf-8").splitlines()[0]
    listed = json.loads(line)["Data"]["List"][0]
    assert (
        examples(GET)[0]["Data"]["CalledNumber"]
        == examples(LIST)[0]["Data"]["List"][0]["CalledNumber"]
    )
    assert get["Data"]["CalledNumber"] == listed["CalledNumber"]
    assert listed["CalledNumber"].endswith("****") and listed["CalledNumber"].startswith("133")


def test_operation_option_attributes_every_input(tmp_path: Path) -> None:
    write_jsonl(tmp_path / "day.jsonl", examples(LIST))
    unattributed = redact("day.jsonl", "-o", "out", cwd=tmp_path)
    assert unattributed.returncode == 1
    assert "cannot tell which operation" in unattributed.stderr
    assert not (tmp_path / "out" / "day.jsonl").exists()
    run = redact("--operation", LIST, "day.jsonl", "-o", "out", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    text = (tmp_path / "out" / "day.jsonl").read_text("utf-8")
    assert "0533128****" not in text and "坐席小王" not in text


@pytest.mark.parametrize("key", [None, "", "too-short"])
def test_missing_or_weak_key_exits_2_and_writes_nothing(
    tmp_path: Path, captures: Path, key: str | None
) -> None:
    run = redact("captures", "-o", "out", cwd=tmp_path, key=key)
    assert run.returncode == 2
    assert "CCC_REDACT_KEY" in run.stderr or "too short" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_the_key_is_never_an_option(tmp_path: Path, captures: Path) -> None:
    run = redact("captures", "-o", "out", "--key", KEY, cwd=tmp_path, key=None)
    assert run.returncode == 2
    assert KEY not in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_malformed_line_is_located_and_the_rest_still_written(tmp_path: Path) -> None:
    good = json.dumps(examples(LIST)[0], ensure_ascii=False)
    path = tmp_path / f"{LIST}.jsonl"
    path.write_text(f'{good}\n{{"Data": [1, 13323151234\n{good}\n', "utf-8")
    run = redact(path.name, "-o", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert f"{LIST}.jsonl:2:" in run.stderr
    assert "13323151234" not in run.stderr  # the bad line is not echoed
    lines = (tmp_path / "out" / path.name).read_text("utf-8").splitlines()
    assert len(lines) == 2
    assert "0533128****" not in "".join(lines)


def test_control_characters_in_names_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / f"{GET}\x1b[31m"
    folder.mkdir()
    (folder / "x.json").write_text("{not json", "utf-8")
    run = redact(folder.name, "-o", "out", cwd=tmp_path)
    assert run.returncode == 1
    assert "\x1b" not in run.stderr + run.stdout
    assert "\\x1b[31m" in run.stderr


def test_an_unwritable_target_leaves_nothing_half_written(tmp_path: Path) -> None:
    write_jsonl(tmp_path / f"{LIST}.jsonl", examples(LIST))
    (tmp_path / "out" / f"{LIST}.jsonl").mkdir(parents=True)  # a folder where the copy goes
    run = redact(f"{LIST}.jsonl", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert "cannot write" in run.stderr and "Traceback" not in run.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == [f"{LIST}.jsonl"]  # no temporary


def test_an_existing_copy_is_replaced_whole(tmp_path: Path) -> None:
    write_jsonl(tmp_path / f"{LIST}.jsonl", examples(LIST) * 2)
    assert redact(f"{LIST}.jsonl", "-o", "out", cwd=tmp_path).returncode == 0
    first = (tmp_path / "out" / f"{LIST}.jsonl").read_bytes()
    assert redact(f"{LIST}.jsonl", "-o", "out", cwd=tmp_path).returncode == 0
    assert (tmp_path / "out" / f"{LIST}.jsonl").read_bytes() == first
    assert sorted(os.listdir(tmp_path / "out")) == [f"{LIST}.jsonl"]


def test_inputs_that_cannot_be_read_exit_2(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / f"{GET}.json")
    run = redact(f"{GET}.json", "missing.json", "-o", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert "not a regular file" in run.stderr and "no such file" in run.stderr
    assert not (tmp_path / "out" / f"{GET}.json").exists()


def test_a_copy_never_replaces_its_input(tmp_path: Path) -> None:
    write_jsonl(tmp_path / f"{LIST}.jsonl", examples(LIST))
    before = (tmp_path / f"{LIST}.jsonl").read_bytes()
    run = redact(f"{LIST}.jsonl", "-o", ".", cwd=tmp_path)
    assert run.returncode == 2
    assert "the input itself" in run.stderr
    assert (tmp_path / f"{LIST}.jsonl").read_bytes() == before


def test_redact_needs_only_the_standard_library(tmp_path: Path) -> None:
    """Run by a Python that sees the standard library and the generated tree only (-I -S)."""
    write_jsonl(tmp_path / f"{LIST}.jsonl", examples(LIST))
    generated = Path(__file__).resolve().parents[2] / "generated"
    script = (
        "import runpy, sys\n"
        f"sys.path.insert(0, {str(generated)!r})\n"
        "sys.argv = ['ccc', 'redact', sys.argv[1], '-o', 'out']\n"
        "try:\n"
        "    runpy.run_module('ccc', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as done:\n"
        "    loaded = sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'httpx'})\n"
        "    print('loaded', loaded)\n"
        "    raise\n"
    )
    env = {"CCC_REDACT_KEY": KEY, "PATH": os.environ.get("PATH", "")}
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", script, f"{LIST}.jsonl"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "loaded []" in done.stdout
    assert (tmp_path / "out" / f"{LIST}.jsonl").is_file()
