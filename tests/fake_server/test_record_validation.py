"""`ccc.testing`: only what tests use, and records checked against the response schema."""

from __future__ import annotations

import inspect
import json
import subprocess
import sys
import typing
from collections.abc import Callable, Iterator
from pathlib import Path

import ccc.testing
import pytest
from ccc.testing import FakeCCCServer, FakeServerError, RecordValidationError
from fake_server.helpers import cdr


def bad_cdr(contact_id: str) -> dict[str, object]:
    record = cdr(contact_id)
    record["CallDuration"] = "long"  # an integer in the spec
    return record


def test_the_module_holds_only_what_tests_use() -> None:
    assert sorted(ccc.testing.__all__) == [
        "FAKE_ACCESS_KEY_ID",
        "FAKE_ACCESS_KEY_SECRET",
        "FakeCCCServer",
        "FakeServerError",
        "ReceivedRequest",
        "RecordValidationError",
        "server_fixture",
    ]
    for gone in ("register_serve", "run_serve", "serve", "add_serve_arguments"):
        assert not hasattr(ccc.testing, gone), gone
    code = "import sys, ccc.testing; print('argparse' in sys.modules, 'pytest' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.split() == ["False", "False"]


def test_server_fixture_is_typed() -> None:
    hints = typing.get_type_hints(ccc.testing.server_fixture)
    assert hints["return"] == Callable[..., Iterator[FakeCCCServer]]
    scope = inspect.signature(ccc.testing.server_fixture).parameters["scope"]
    assert scope.kind is inspect.Parameter.KEYWORD_ONLY and scope.default == "function"


def test_a_record_that_fits_is_served() -> None:
    with FakeCCCServer(records=[cdr("job-ok")]) as server:
        assert server.record_count == 1


def test_a_record_that_does_not_fit_is_refused_with_every_issue() -> None:
    with pytest.raises(RecordValidationError) as caught:
        FakeCCCServer(records=[bad_cdr("job-bad")])
    error = caught.value
    assert isinstance(error, ValueError) and isinstance(error, FakeServerError)
    assert error.operation == "GetCallDetailRecord"
    assert error.issues == ["/Data/CallDuration: 'long' is not of type integer [type]"]
    assert "job-bad" in str(error) and "/Data/CallDuration" in str(error)
    server = FakeCCCServer()
    with pytest.raises(RecordValidationError, match="CallDuration"):
        server.add_record(bad_cdr("job-later"))
    assert server.record_count == 0


def test_a_file_that_does_not_fit_is_named(tmp_path: Path) -> None:
    (tmp_path / "good.json").write_text(json.dumps(cdr("job-1")), encoding="utf-8")
    (tmp_path / "bad.json").write_text(json.dumps(bad_cdr("job-2")), encoding="utf-8")
    with pytest.raises(RecordValidationError) as caught:
        FakeCCCServer(data_dir=tmp_path)
    assert str(caught.value).startswith(f"{tmp_path / 'bad.json'}: does not fit")
    assert caught.value.source == tmp_path / "bad.json"


def test_validation_can_be_turned_off() -> None:
    with FakeCCCServer(records=[bad_cdr("job-loose")], validate_records=False) as server:
        assert server.record_count == 1


def test_python_dash_m_ccc_serve_refuses_a_record_that_does_not_fit(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps(bad_cdr("job-cli")), encoding="utf-8")
    command = [sys.executable, "-m", "ccc", "serve", "--data", str(tmp_path)]
    env = {"PATH": "/usr/bin:/bin", "ALIBABA_CLOUD_ACCESS_KEY_ID": "k"}
    env["ALIBABA_CLOUD_ACCESS_KEY_SECRET"] = "s"
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2
    assert "bad.json: does not fit the GetCallDetailRecord response schema" in done.stderr
    assert "/Data/CallDuration" in done.stderr and "Traceback" not in done.stderr
    process = subprocess.Popen(
        [*command, "--no-record-check"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().startswith("http://127.0.0.1:")
    finally:
        process.terminate()
        process.communicate(timeout=30)
