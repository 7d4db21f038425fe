"""`validate --dask`: on a real cluster, the same report, byte for byte, and the same exit
status as a local run on the same inputs, in every format."""

from __future__ import annotations

import io
import json
import pickle
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dask
import fsspec
import pytest
from ccc.__main__ import build_parser
from ccc._runtime.tools.validate import cli
from ccc._runtime.tools.validate.checker import Checker
from ccc._runtime.tools.validate.coverage import Coverage, response_schemas
from ccc._runtime.tools.validate.dask_runner import _Batch, check_task
from ccc._runtime.tools.validate.files import DOCUMENT_LIMIT
from ccc._runtime.tools.validate.pool import WorkerConfig
from ccc._runtime.tools.validate.sources import Source
from ccc.validators import OPERATIONS, validate_response
from dask_cluster.helpers import OPERATION, masked, run, variants, write_corpus

FORMATS = ["text", "json", "junit", "markdown", "html"]
LIMITS = ["--max-document-size", "10K"]
BLOCK = ["--dask-blocksize", "16K"]  # ranges cut inside lines, one inside a huge line


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, _page_example: dict[str, Any]) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    write_corpus(root, _page_example)
    return root


def _in_process(*args: str) -> tuple[int, str, str]:
    """The command run in this process: for the memory filesystem (this process's own), and
    to spare a Python start and an import of distributed where the subprocess is not the
    point (the same `cli.run` that `main` calls)."""
    parsed = build_parser("validate").parse_args(["validate", *args])
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(
        parsed, validate=validate_response, operations=OPERATIONS, stdout=out, stderr=err
    )
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


def test_the_command_on_a_cluster_gives_a_local_run_report_and_locates_hostile_lines(
    corpus: Path, process_cluster: Any
) -> None:
    common = [*LIMITS, "captures", "missing.json"]
    local = run(*common, "-j", "1", cwd=corpus)
    dask = run(*common, "--dask", process_cluster.scheduler_address, *BLOCK, cwd=corpus)
    assert local.returncode == dask.returncode == 2  # missing.json, loose.json; invalid lines
    assert masked(dask.stdout) == masked(local.stdout)
    assert masked(dask.stderr) == masked(local.stderr)
    # Hostile lines are located, and escaped, as locally.
    out = dask.stdout.decode("utf-8")
    folder = f"captures/{OPERATION}"
    assert f"{folder}/huge.ndjson:4:1: error: line longer than the 10 KiB limit" in out
    big = (corpus / folder / "big.jsonl").read_bytes().split(b"\n")
    not_utf8 = next(n for n, line in enumerate(big, 1) if b"\xff" in line)
    assert f"{folder}/big.jsonl:{not_utf8}:11: error: not UTF-8: byte 0xff" in out
    assert "\x1b" not in out and "\u2028" not in out and "\x07" not in out
    assert "evil\\x1b[31m\\u2028key" in out
    last = len(big)  # the last line has no newline: still read, and numbered
    assert f"{folder}/big.jsonl:{last}:197: error: /Data/ContactType: enum" in out
    # Attributed as locally: by the folder (big.jsonl, cut in ranges), by the file's name
    # (its drifted line 2), and only the capture no name attributes is reported.
    bom = [line for line in out.splitlines() if line.startswith(f"captures/{OPERATION}.bom")]
    assert any(":2:" in line and "/Data/ContactType: enum" in line for line in bom)
    unattributed = "captures/loose.json:1:1: error: cannot tell which operation this capture"
    assert unattributed in out and out.count("cannot tell which operation") == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_byte_identical_to_a_local_run(
    fmt: str, corpus: Path, process_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = ["--coverage"] if fmt in ("json", "markdown") else []
    common = ["--format", fmt, *extra, *LIMITS, "captures", "missing.json"]
    local = run(*common, "-o", f"local.{fmt}", "-j", "1", cwd=corpus)
    monkeypatch.chdir(corpus)
    address = process_cluster.scheduler_address
    code, _, err = _in_process(*common, "-o", f"dask.{fmt}", "--dask", address, *BLOCK)
    assert local.returncode == code == 2
    mine, theirs = (corpus / f"dask.{fmt}").read_bytes(), (corpus / f"local.{fmt}").read_bytes()
    assert masked(mine) == masked(theirs)
    assert masked(err.encode()) == masked(local.stderr)


@pytest.mark.parametrize(
    ("names", "status"),
    [(["good"], 0), (["good", "drift"], 1), (["good", "broken"], 1), (["good", "error"], 0)],
)
def test_exit_status_is_the_local_one(
    names: list[str],
    status: int,
    tmp_path: Path,
    page_example: dict[str, Any],
    process_cluster: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kinds = variants(page_example)
    text = "\n".join(kinds[n] for n in names * 40) + "\n"
    name = f"{OPERATION}.jsonl"  # attributed by its name, on the workers as here
    (tmp_path / name).write_text(text, "utf-8")
    local = run(name, "-j", "1", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _in_process(name, *BLOCK, "--dask", process_cluster.scheduler_address)
    assert local.returncode == code == status
    assert masked(out.encode()) == masked(local.stdout)


def test_nothing_to_validate_exits_2_as_locally(
    tmp_path: Path, process_cluster: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty.jsonl").write_bytes(b"")
    local = run("empty.jsonl", cwd=tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _in_process("empty.jsonl", "--dask", process_cluster.scheduler_address)
    assert local.returncode == code == 2
    assert masked(out.encode()) == masked(local.stdout)


def test_dask_local_starts_its_own_worker_processes(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    kinds = variants(page_example)
    text = "\n".join(kinds[n] for n in ["good", "drift", "broken", "good"] * 10)
    (tmp_path / "c.jsonl").write_text(text, "utf-8")
    common = ["--format", "json", "--operation", OPERATION, "c.jsonl"]  # sent to the workers
    local = run(*common, "-j", "1", cwd=tmp_path)
    dask = run(
        *common, "--dask-blocksize", "4K", "--dask", "local", "--dask-workers", "2", cwd=tmp_path
    )
    assert local.returncode == dask.returncode == 1
    assert masked(dask.stdout) == masked(local.stdout)
    assert json.loads(dask.stdout)["summary"]["responses"] == 40


def test_an_unreachable_scheduler_is_a_clear_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "c.json").write_text("{}", "utf-8")
    monkeypatch.chdir(tmp_path)
    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}):
        code, out, err = _in_process("c.json", "--dask", "tcp://127.0.0.1:9")
    assert code == 2 and out == ""
    assert "validate: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err


@pytest.fixture
def memory_root() -> Iterator[str]:
    root = f"memory://captures-{uuid.uuid4().hex}"
    yield root
    fsspec.filesystem("memory").rm(root.removeprefix("memory://"), recursive=True)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_memory_urls_give_the_report_of_the_same_local_files(
    fmt: str, corpus: Path, memory_root: str, thread_cluster: Any
) -> None:
    fs = fsspec.filesystem("memory")
    for path in sorted((corpus / "captures").rglob("*")):
        if path.is_file():
            fs.pipe(f"{memory_root}/{path.relative_to(corpus).as_posix()}", path.read_bytes())
    common = ["--format", fmt, *LIMITS]
    code, out, err = _in_process(
        *common, *BLOCK, "--dask", thread_cluster.scheduler_address, f"{memory_root}/captures"
    )
    local = run(*common, "-j", "1", "captures", cwd=corpus)
    assert code == local.returncode == 2
    # memory:// names its files memory:///captures-.../captures/NAME; locally captures/NAME
    # (attributed alike: by the folder or file names both keep)
    renamed = out.replace(f"memory:///{memory_root.removeprefix('memory://')}/", "")
    assert masked(renamed.encode("utf-8")) == masked(local.stdout)
    assert "Traceback" not in err


def test_memory_url_patterns_and_missing_urls(
    memory_root: str, thread_cluster: Any, page_example: dict[str, Any]
) -> None:
    fs = fsspec.filesystem("memory")
    good = json.dumps(page_example)
    for name in ("a.jsonl", "b.jsonl", "c.txt"):
        fs.pipe(f"{memory_root}/{name}", (good + "\n").encode())
    code, out, _ = _in_process(
        "--dask",
        thread_cluster.scheduler_address,
        f"{memory_root}/*.jsonl",
        f"{memory_root}/nothing/*.json",
        f"{memory_root}/gone.json",
    )
    assert code == 2
    assert "2 responses in 4 inputs" in out
    assert f"{memory_root}/nothing/*.json: error: no file matches this pattern" in out
    assert f"{memory_root}/gone.json: error: cannot read: no such file or directory" in out


def test_memory_urls_on_worker_processes_are_not_found(
    memory_root: str, process_cluster: Any, page_example: dict[str, Any]
) -> None:
    """fsspec's memory filesystem is one process's: worker processes see their own, empty one.
    The file is found here, then each worker reports it missing: located, exit 2."""
    fs = fsspec.filesystem("memory")
    fs.pipe(f"{memory_root}/a.json", json.dumps(page_example).encode())
    code, out, _ = _in_process("--dask", process_cluster.scheduler_address, f"{memory_root}/a.json")
    assert code == 2
    assert f"{memory_root}/a.json: error: cannot read: no such file or directory" in out


def test_a_worker_reads_only_the_response_schema_of_the_operation_named(
    tmp_path: Path, page_example: dict[str, Any]
) -> None:
    """`--coverage --operation X` on a cluster: the checker travels without its schemas (plain
    data, see `Coverage`); the worker reads X's alone, as the local run does, not the whole
    API's (242 files), and measures the same."""
    (tmp_path / "a.json").write_text(json.dumps(page_example), "utf-8")
    source = Source("a.json", str(tmp_path / "a.json"), False, (tmp_path / "a.json").stat().st_size)
    model = Checker(
        validate_response,
        OPERATIONS,
        operation=OPERATION,
        strict=True,
        coverage=Coverage(response_schemas("ccc", [OPERATION])),
    )
    config = pickle.loads(pickle.dumps(WorkerConfig(model, False, DOCUMENT_LIMIT)))
    assert not config.model.coverage.schemas  # as a worker gets it
    *_, coverage, _ = check_task(_Batch((source,)), config)
    assert list(config.model.coverage.schemas) == [OPERATION]
    assert coverage is not None and list(coverage.operations) == [OPERATION]
    assert coverage.operations[OPERATION].responses == 1
