"""The package generated from the synthetic service: it passes the project's own linters, imports,
has one client method per operation, and its validators accept every operation's example."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from cccgen import model as m
from cccgen.naming import snake_case
from per_run import MypyStrict


def run(*command: str, cwd: Path | None = None, timeout: float = 600) -> str:
    done = subprocess.run(
        list(command), cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_one_model_and_validator_module_per_operation(
    synth_out: Path, synth_service: m.Service
) -> None:
    package = synth_out / "synth"
    assert len(synth_service.operations) >= 10
    for op in synth_service.operations:
        assert (package / "models" / f"{op.python_name}.py").is_file()
        assert (package / "validators" / f"{op.python_name}.py").is_file()


def test_ruff_check_passes(synth_out: Path) -> None:
    run(sys.executable, "-m", "ruff", "check", "--no-cache", str(synth_out / "synth"))


def test_ruff_format_check_passes(synth_out: Path) -> None:
    run(sys.executable, "-m", "ruff", "format", "--check", "--no-cache", str(synth_out))


def test_mypy_strict_passes(synth_out: Path, mypy_strict: MypyStrict) -> None:
    done = mypy_strict(str(synth_out / "synth"), cwd=None)  # from the repository, as before
    assert done.returncode == 0, done.stdout + done.stderr


def test_client_has_one_method_per_operation(synth: ModuleType, synth_service: m.Service) -> None:
    for client in (synth.Client, synth.AsyncClient):
        for op in synth_service.operations:
            assert callable(getattr(client, op.python_name, None)), (client, op.python_name)


def test_validators_accept_every_operation_example(
    synth: ModuleType, synth_service: m.Service
) -> None:
    for op in synth_service.operations:
        for example in op.examples:
            if example.response is not None:
                assert synth.validate_response(op.name, example.response) == [], op.name
                assert synth.is_valid_response(op.name, example.response), op.name
                assert synth.validate_response(op.name, example.response, strict=False) == []
            if example.error is not None:
                assert synth.validate_error_response(example.error) == [], op.name


def test_validators_reject_a_broken_nested_field(
    synth: ModuleType, synth_service: m.Service
) -> None:
    op = synth_service.operations[0]
    payload = json.loads(json.dumps(next(e.response for e in op.examples if e.response)))
    payload["Data"]["TotalCount"] = "many"
    issues = synth.validate_response(op.name, payload)
    assert [(issue.path, issue.keyword) for issue in issues] == [("/Data/TotalCount", "type")]
    assert not synth.is_valid_response(op.name, payload)


LOADED_VALIDATORS = """
import json, sys
sys.path.insert(0, sys.argv[1])
import synth
{action}
loaded = sorted(
    name for name in sys.modules
    if name.startswith(("synth.validators.", "synth.models."))
    and not name.rpartition(".")[2].startswith("_")
)
print(json.dumps(loaded))
"""


def loaded_modules(synth_out: Path, action: str) -> list[str]:
    script = LOADED_VALIDATORS.format(action=action)
    found: list[str] = json.loads(run(sys.executable, "-c", script, str(synth_out), timeout=300))
    return found


def test_validating_one_operation_imports_only_its_validator(
    synth_out: Path, synth_service: m.Service
) -> None:
    op = synth_service.operations[3]
    payload = next(e.response for e in op.examples if e.response is not None)
    action = (
        f"assert synth.validate_response({op.name!r}, json.loads({json.dumps(payload)!r})) == []"
    )
    loaded = loaded_modules(synth_out, action)
    # Besides its own module, only the validators of the shared models it uses (compiled once
    # for every operation that uses them, under validators/_models/).
    shared = {f"synth.validators._models.{snake_case(o.name)}" for o in op.objects() if o.shared}
    assert [name for name in loaded if name not in shared] == [f"synth.validators.{op.python_name}"]


def test_importing_the_package_loads_no_operation_module(synth_out: Path) -> None:
    assert loaded_modules(synth_out, "pass") == []


CLIENTS = """
client = synth.Client(region="cn-shanghai", access_key_id="id", access_key_secret="secret")
aclient = synth.AsyncClient(region="cn-shanghai", access_key_id="id", access_key_secret="secret")
assert callable(client.{method}) and callable(aclient.{method})
"""


def test_making_clients_loads_no_model_module(synth_out: Path, synth_service: m.Service) -> None:
    action = CLIENTS.format(method=synth_service.operations[0].python_name)
    assert loaded_modules(synth_out, action) == []


def test_one_model_class_loads_only_its_operation_module(
    synth_out: Path, synth_service: m.Service
) -> None:
    op = synth_service.operations[2]
    action = f"assert synth.{op.response.name}.__name__ == {op.response.name!r}"
    assert loaded_modules(synth_out, action) == [f"synth.models.{op.python_name}"]
    action = f"from synth.models import {op.request.name}"
    assert loaded_modules(synth_out, action) == [f"synth.models.{op.python_name}"]
