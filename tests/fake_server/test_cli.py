"""`cccgen serve` in a real subprocess: ready line, real calls, clean stop, exit codes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from cccgen.runtime.core.tls import shared_ssl_context
from fake_server.helpers import INSTANCE, KEY_ID, LOG_LINE, REPO, SECRET, TOKEN, cdr

# One SSL context for the test's own clients (each new one would load the CA certificates).
TLS = shared_ssl_context()

CCCGEN = [sys.executable, "-m", "cccgen"]
# A checkout whose ./spec holds GetCallDetailRecord alone: what these tests check does not depend
# on the spec's size, and the 242-operation spec costs each `cccgen serve` 2 s of CPU to load.
ONE_OP = REPO / "tests" / "fixtures" / "one_op"


def env_with(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    env.update(extra)
    return env


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "records"
    root.mkdir()
    (root / "one.json").write_text(json.dumps(cdr("job-cli-1")), encoding="utf-8")
    (root / "nested").mkdir()
    (root / "nested" / "two.json").write_text(
        json.dumps(
            {"RequestId": "R", "Code": "OK", "HttpStatusCode": 200, "Data": cdr("job-cli-2")}
        ),
        encoding="utf-8",
    )
    return root


@contextmanager
def serving(
    args: list[str], env: dict[str, str], cwd: Path = ONE_OP
) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process = subprocess.Popen(
        [*CCCGEN, "serve", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:"), (
            url,
            process.stderr.read() if process.poll() is not None else "",
        )
        yield process, url
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)
        for pipe in (process.stdout, process.stderr):  # a test may have read them only in part
            if pipe is not None:
                pipe.close()


def sdk_call(
    url: str, secret: str = SECRET, contact: str = "job-cli-1", token: str | None = None
) -> object:
    from alibabacloud_ccc20200701 import models as ccc_models
    from alibabacloud_ccc20200701.client import Client
    from alibabacloud_tea_openapi import models as open_api_models
    from alibabacloud_tea_util import models as util_models

    config = open_api_models.Config(
        access_key_id=KEY_ID,
        access_key_secret=secret,
        security_token=token,
        endpoint=url.removeprefix("http://"),
        protocol="http",
    )
    request = ccc_models.GetCallDetailRecordRequest(contact_id=contact, instance_id=INSTANCE)
    return Client(config).get_call_detail_record_with_options(
        request, util_models.RuntimeOptions(autoretry=False)
    )


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_answers_the_official_sdk_and_stops_cleanly(
    data_dir: Path, stop_signal: signal.Signals
) -> None:
    from alibabacloud_tea_openapi import exceptions as sdk_errors

    env = env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    args = ["--data", str(data_dir), "--port", "0", "--access-key-id", KEY_ID]
    with serving(args, env) as (process, url):
        assert sdk_call(url).body.data.contact_id == "job-cli-1"  # type: ignore[attr-defined]
        assert sdk_call(url, contact="job-cli-2").body.data.contact_id == "job-cli-2"  # type: ignore[attr-defined]
        with pytest.raises(sdk_errors.ClientException) as caught:
            sdk_call(url, secret="wrong")
        assert caught.value.code == "SignatureDoesNotMatch"
        process.send_signal(stop_signal)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert out == ""  # the URL line was already read; nothing else goes to stdout
    lines = err.splitlines()
    assert lines[0] == f"cccgen serve: 2 record(s) from {data_dir}; Ctrl-C to stop"
    requests = [line for line in lines if " POST / " in line]
    assert len(requests) == 3
    assert "-> 200 OK" in requests[0] and "action=GetCallDetailRecord" in requests[0]
    assert "auth=V3" in requests[0] and f"key={KEY_ID}" in requests[0]
    assert "-> 400 SignatureDoesNotMatch" in requests[2]
    assert lines[-1] == "cccgen serve: stopped"
    assert SECRET not in err
    assert "Signature=" not in err and "Traceback" not in err


def test_serve_with_secret_on_the_command_line_and_a_token(data_dir: Path) -> None:
    args = [
        "--data", str(data_dir), "--access-key-id", KEY_ID,
        "--access-key-secret", SECRET, "--security-token", TOKEN, "--quiet",
    ]  # fmt: skip
    with serving(args, env_with(), cwd=REPO) as (process, url):  # the checkout's own spec/
        assert sdk_call(url, token=TOKEN).body.data.contact_id == "job-cli-1"  # type: ignore[attr-defined]
        # RPC V1 with the token in the query: nothing of it may reach the log.
        httpx.post(f"{url}/?Signature=abc&SecurityToken={TOKEN}", verify=TLS)
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0
    assert " POST / " not in err  # --quiet
    assert SECRET not in err and TOKEN not in err


def test_serve_log_never_shows_secrets_tokens_or_signatures(data_dir: Path) -> None:
    args = ["--data", str(data_dir), "--access-key-id", KEY_ID, "--security-token", TOKEN]
    with serving(args, env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)) as (process, url):
        from cccgen.runtime.core import signing

        params = signing.build_rpc_v1_params(
            action="GetCallDetailRecord",
            version="2020-07-01",
            access_key_id=KEY_ID,
            api_params={"ContactId": "job-cli-1", "InstanceId": INSTANCE},
            security_token=TOKEN,
        )
        params["Signature"] = signature = signing.sign_rpc_v1("POST", params, SECRET)
        response = httpx.post(f"{url}/?{signing.canonical_query_string(params)}", verify=TLS)
        assert response.status_code == 200
        bad = httpx.post(
            f"{url}/?{signing.canonical_query_string({**params, 'Signature': 'x'})}", verify=TLS
        )
        assert bad.status_code == 400
        for body in (response.text, bad.text):
            assert SECRET not in body and TOKEN not in body and signature not in body
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "auth=RPC" in err
    for secret in (SECRET, TOKEN, signature, signing.percent_encode(signature)):
        assert secret not in err


def test_serve_log_lines_stay_whole_under_concurrent_requests(data_dir: Path) -> None:
    # Long request-derived values make each line a large write: two writes per line (the
    # text, then its newline) from concurrent threads would interleave on stderr.
    args = ["--data", str(data_dir), "--access-key-id", KEY_ID]
    with serving(args, env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)) as (process, url):
        assert process.stderr is not None
        with ThreadPoolExecutor(1) as reader:  # drain stderr meanwhile: a full pipe blocks
            err_text = reader.submit(process.stderr.read)
            statuses = concurrent_calls(url)
            process.terminate()
            err = err_text.result(timeout=30)
        process.wait(timeout=30)
    assert statuses == [400] * 64
    lines = err.splitlines()
    assert lines[0].startswith("cccgen serve: 2 record(s)") and lines[-1] == "cccgen serve: stopped"
    bad = [line[:200] for line in lines[1:-1] if not LOG_LINE.fullmatch(line)]
    assert not bad and len(lines) == 66, (len(lines), bad[:3])


def concurrent_calls(url: str) -> list[int]:
    def calls(worker: int) -> list[int]:
        headers = {"x-acs-action": f"A{worker}" * 5000, "x-acs-date": "d"}
        with httpx.Client(timeout=30, verify=TLS) as client:
            return [
                client.post(f"{url}/{'p' * 20_000}", headers=headers).status_code for _ in range(4)
            ]

    with ThreadPoolExecutor(16) as pool:
        return [s for each in pool.map(calls, range(16)) for s in each]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda d: (d / "bad.json").write_text("{oops", encoding="utf-8"),
            "bad.json:1:2: invalid JSON",
        ),
        (
            lambda d: (d / "bad.json").write_text("{}", encoding="utf-8"),
            "bad.json: the record lacks ",
        ),
    ],
    ids=["syntax", "no-ids"],
)
def test_bad_data_exits_2_naming_the_file(data_dir: Path, make: object, expected: str) -> None:
    make(data_dir)  # type: ignore[operator]
    done = subprocess.run(
        [*CCCGEN, "serve", "--data", str(data_dir), "--access-key-id", KEY_ID],
        cwd=ONE_OP, env=env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert expected in done.stderr
    assert done.stderr.startswith("cccgen serve: ")
    assert "Traceback" not in done.stderr and done.stdout == ""


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        (["--data", "{data}", "--access-key-id", KEY_ID], {}, "ALIBABA_CLOUD_ACCESS_KEY_SECRET"),
        (["--data", "{data}"], {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}, "--access-key-id"),
        (
            ["--data", "{data}/missing", "--access-key-id", KEY_ID],
            {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET},
            "no such directory",
        ),
        (
            ["--data", "{data}", "--access-key-id", KEY_ID, "--port", "70000"],
            {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET},
            "--port",
        ),
        (
            ["--data", "{data}", "--access-key-id", KEY_ID, "--spec", "{data}/none.yaml"],
            {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET},
            "no such file",
        ),
        (["--access-key-id", KEY_ID], {"ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}, "--data"),
    ],
    ids=["no-secret", "no-key-id", "missing-dir", "bad-port", "bad-spec", "no-data"],
)
def test_bad_input_exits_2_with_a_message(
    data_dir: Path, args: list[str], env: dict[str, str], expected: str
) -> None:
    argv = [a.replace("{data}", str(data_dir)) for a in args]
    done = subprocess.run(
        [*CCCGEN, "serve", *argv], cwd=ONE_OP, env=env_with(**env),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert expected in done.stderr
    assert "Traceback" not in done.stderr
    assert SECRET not in done.stderr + done.stdout


def test_port_in_use_exits_2(data_dir: Path) -> None:
    env = env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    with serving(["--data", str(data_dir), "--access-key-id", KEY_ID], env) as (process, url):
        port = url.rsplit(":", 1)[1]
        done = subprocess.run(
            [*CCCGEN, "serve", "--data", str(data_dir), "--access-key-id", KEY_ID, "--port", port],
            cwd=ONE_OP, env=env, capture_output=True, text=True, timeout=60, check=False,
        )  # fmt: skip
        process.terminate()
        process.communicate(timeout=30)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1:{port}" in done.stderr


def test_help_mentions_the_environment_variable() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ccc", "serve", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in " ".join(done.stdout.split())
    done = subprocess.run(
        [*CCCGEN, "serve", "--help"], cwd=REPO, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0
    assert "auth.environment.access_key_secret" in " ".join(done.stdout.split())


WIDGETS = REPO / "tests" / "fixtures" / "multi" / "widgets"


def test_serve_reads_the_credentials_the_specs_auth_environment_names(tmp_path: Path) -> None:
    """A spec whose auth.environment differs from CCC's: `cccgen serve` reads its names."""
    spec = tmp_path / "spec" / "widgets"
    spec.mkdir(parents=True)
    for path in WIDGETS.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "service.yaml":
            text = text.replace(
                "  alternatives: [HMAC-SHA1]\n",
                "  alternatives: [HMAC-SHA1]\n  environment:\n"
                "    access_key_id: WIDGETS_KEY_ID\n    access_key_secret: WIDGETS_SECRET\n"
                "    security_token: WIDGETS_TOKEN\n",
            )
            assert "WIDGETS_SECRET" in text
        (spec / path.name).write_text(text, encoding="utf-8")
    data = tmp_path / "records"
    data.mkdir()
    (data / "w.json").write_text(json.dumps({"WidgetId": "w-1", "State": "active"}), "utf-8")
    args = ["--spec", str(spec / "service.yaml"), "--data", str(data)]
    # CCC's variables are not the spec's: refused, naming the spec's variable.
    ccc_env = env_with(ALIBABA_CLOUD_ACCESS_KEY_ID=KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    done = subprocess.run(
        [*CCCGEN, "serve", *args], cwd=tmp_path, env=ccc_env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert "WIDGETS_KEY_ID" in done.stderr
    env = env_with(WIDGETS_KEY_ID=KEY_ID, WIDGETS_SECRET=SECRET)
    with serving(args, env, cwd=tmp_path) as (process, url):
        assert url.startswith("http://127.0.0.1:")
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert "1 record(s)" in err


def test_cccgen_serve_outside_a_checkout_serves_the_generated_package(data_dir: Path) -> None:
    """With no ./spec where it runs, `cccgen serve` serves what the installed `ccc` was built from."""
    env = env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET)
    args = ["--data", str(data_dir), "--port", "0", "--access-key-id", KEY_ID]
    assert not (data_dir / "spec").exists()
    with serving(args, env, cwd=data_dir) as (process, url):
        assert sdk_call(url).body.data.contact_id == "job-cli-1"  # type: ignore[attr-defined]
        process.terminate()
        _, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "2 record(s)" in err.splitlines()[0]
    assert SECRET not in err


def test_python_dash_m_ccc_serve(data_dir: Path) -> None:
    """The generated package's own command line serves too (no cccgen, no spec needed)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "ccc", "serve", "--data", str(data_dir), "--access-key-id", KEY_ID],
        cwd=data_dir,
        env=env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        assert sdk_call(url, contact="job-cli-2").body.data.contact_id == "job-cli-2"  # type: ignore[attr-defined]
        process.terminate()
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)
    assert process.returncode == 0
    assert err.splitlines()[0].startswith("python -m ccc serve: 2 record(s)")
    assert SECRET not in err


def test_python_dash_m_ccc_serve_bad_data_exits_2(tmp_path: Path) -> None:
    (tmp_path / "x.json").write_text("[]", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "ccc", "serve", "--data", str(tmp_path), "--access-key-id", "k"],
        env=env_with(ALIBABA_CLOUD_ACCESS_KEY_SECRET=SECRET),
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "x.json: expected a JSON object" in done.stderr
    assert "Traceback" not in done.stderr
