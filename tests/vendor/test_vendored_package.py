"""A vendored copy works in another project where cccgen is not installed.

The copy is made with the real CLI as `acme._vendor.ccc` in a temporary project, then used from
a Python that sees only the standard library, the project and links to pydantic, httpx and
their dependencies (`-S`: no site-packages, so no cccgen, jsonschema or PyYAML). It is made from
the one-operation fixture spec: nothing checked here depends on the spec's size, and the whole
API is vendored by test_vendor.py::test_headers_name_generator_spec_digest_and_package.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from vendor.isolation import cccgen_cli, isolated_python

REPO = Path(__file__).resolve().parents[2]
ONE_OP = REPO / "tests" / "fixtures" / "one_op" / "spec"

PACKAGE = "acme._vendor.ccc"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("acme-project")
    args = ["vendor", "--into", str(root), "--package", PACKAGE, "--spec", str(ONE_OP)]
    done = cccgen_cli(*args, cwd=root)
    assert done.returncode == 0, done.stderr
    return root


@pytest.fixture(scope="module")
def vendored(project: Path) -> Path:
    return project.joinpath(*PACKAGE.split("."))


def run_script(project: Path, site: Path, script: str, *args: str) -> dict[str, Any]:
    """Run `script` in the isolated Python; it prints one JSON object as its last line."""
    prelude = textwrap.dedent(
        """
        import importlib.util, json, sys
        for absent in ("cccgen", "jsonschema", "yaml", "ccc", "datamodel_code_generator"):
            assert importlib.util.find_spec(absent) is None, f"{absent} is importable"
        """
    )
    done = isolated_python(project, site, ["-c", prelude + textwrap.dedent(script), *args])
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout}\n{done.stderr}"
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_isolation_really_hides_the_generator(project: Path, runtime_site: Path) -> None:
    result = run_script(
        project,
        runtime_site,
        """
        import pydantic, httpx
        print(json.dumps({"path": sys.path, "pydantic": pydantic.VERSION}))
        """,
    )
    assert not any("site-packages" in p for p in result["path"]), result["path"]


def test_models_round_trip_the_page_example(
    project: Path, runtime_site: Path, page_example: dict[str, Any]
) -> None:
    (project / "page.json").write_text(json.dumps(page_example, ensure_ascii=False), "utf-8")
    result = run_script(
        project,
        runtime_site,
        f"""
        import {PACKAGE} as pkg
        from {PACKAGE} import GetCallDetailRecordResponse, QueueType
        page = json.loads(open("page.json", encoding="utf-8").read())
        model = GetCallDetailRecordResponse.model_validate(page)
        print(json.dumps({{
            "module": type(model).__module__,
            "digest": pkg.SPEC_DIGEST,
            "queue_type": model.data.queue_events[0].queue_type is QueueType.SKILL_GROUP,
            "same": model.model_dump(mode="json", by_alias=True, exclude_unset=True) == page,
        }}))
        """,
    )
    assert result["module"] == f"{PACKAGE}.models.get_call_detail_record"
    assert result["queue_type"] and result["same"]
    header = (project.joinpath(*PACKAGE.split(".")) / "__init__.py").read_text("utf-8")
    assert f"(sha256 {result['digest']})" in header


def test_schemas_ship_with_the_copy(vendored: Path, project: Path, runtime_site: Path) -> None:
    """Found as package resources under the new name, by a program that knows only that name."""
    result = run_script(
        project,
        runtime_site,
        f"""
        from importlib import resources
        folder = resources.files("{PACKAGE}") / "schemas"
        schemas = {{
            item.name: json.loads(item.read_text(encoding="utf-8"))
            for item in folder.iterdir() if item.name.endswith(".json")
        }}
        print(json.dumps({{name: [s["$schema"], s["$comment"]] for name, s in schemas.items()}}))
        """,
    )
    assert sorted(result) == sorted(p.name for p in (vendored / "schemas").glob("*.json"))
    assert len(result) == 3 * 1 + 2  # 3 per operation, and the error envelope (strict, lenient)
    for name, (draft, comment) in result.items():
        assert draft == "https://json-schema.org/draft/2020-12/schema", name
        assert comment.startswith(f"Vendored by cccgen 0.1.0 as {PACKAGE}."), name


def test_validator_in_the_copy(
    vendored: Path, project: Path, runtime_site: Path, page_example: dict[str, Any]
) -> None:
    good = dict(page_example)
    bad = dict(page_example, HttpStatusCode="200", Surprise=1)
    (project / "good.json").write_text(json.dumps(good, ensure_ascii=False), "utf-8")
    (project / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    result = run_script(
        project,
        runtime_site,
        f"""
        from {PACKAGE} import validate_response
        def load(name):
            return json.loads(open(name, encoding="utf-8").read())
        good = list(validate_response("GetCallDetailRecord", load("good.json")))
        bad = list(validate_response("GetCallDetailRecord", load("bad.json")))
        lenient = list(validate_response("GetCallDetailRecord", load("bad.json"), strict=False))
        print(json.dumps({{
            "good": [str(i) for i in good],
            "bad": [[i.path, i.keyword] for i in bad],
            "lenient": [[i.path, i.keyword] for i in lenient],
            "pydantic_loaded": "pydantic" in sys.modules,
        }}))
        """,
    )
    assert result["good"] == []
    assert ["/HttpStatusCode", "type"] in result["bad"]
    assert ["", "additionalProperties"] in result["bad"]
    assert result["lenient"] == [["/HttpStatusCode", "type"]]


def test_cli_in_the_copy(
    vendored: Path, project: Path, runtime_site: Path, page_example: dict[str, Any]
) -> None:
    (project / "good.json").write_text(json.dumps(page_example, ensure_ascii=False), "utf-8")
    bad = dict(page_example, HttpStatusCode="200")
    (project / "bad.json").write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    (project / "broken.json").write_text("{not json", "utf-8")
    ok = isolated_python(
        project,
        runtime_site,
        ["-m", PACKAGE, "validate", "--operation", "GetCallDetailRecord", "good.json"],
    )
    assert ok.returncode == 0, ok
    found = isolated_python(
        project,
        runtime_site,
        ["-m", PACKAGE, "validate", "--operation", "GetCallDetailRecord", "bad.json"],
    )
    assert found.returncode == 1, found
    assert "HttpStatusCode" in found.stdout + found.stderr
    broken = isolated_python(
        project,
        runtime_site,
        ["-m", PACKAGE, "validate", "--operation", "GetCallDetailRecord", "broken.json"],
    )
    assert broken.returncode == 1, broken  # not JSON: an invalid capture
    assert "Traceback" not in broken.stderr
    missing = isolated_python(
        project,
        runtime_site,
        ["-m", PACKAGE, "validate", "--operation", "GetCallDetailRecord", "nope.json"],
    )
    assert missing.returncode == 2 and "Traceback" not in missing.stderr, missing


def test_client_against_the_copys_fake_server(
    vendored: Path, project: Path, runtime_site: Path, page_example: dict[str, Any]
) -> None:
    (project / "record.json").write_text(
        json.dumps(page_example["Data"], ensure_ascii=False), "utf-8"
    )
    result = run_script(
        project,
        runtime_site,
        f"""
        from {PACKAGE} import ApiError, Client, GetCallDetailRecordResponse
        from {PACKAGE}.testing import FakeCCCServer
        record = json.loads(open("record.json", encoding="utf-8").read())
        with FakeCCCServer(records=[record]) as server:
            options = dict(endpoint=server.endpoint, credentials=server.credentials)
            with Client(protocol="http", **options) as client:
                answer = client.get_call_detail_record(
                    contact_id=record["ContactId"], instance_id=record["InstanceId"]
                )
                try:
                    client.get_call_detail_record(contact_id="job-none", instance_id="ccc-test")
                    missing = None
                except ApiError as exc:
                    missing = type(exc).__module__
        print(json.dumps({{
            "type": isinstance(answer, GetCallDetailRecordResponse),
            "code": answer.code,
            "contact_id": answer.data.contact_id,
            "error_module": missing,
            "modules": sorted(m for m in sys.modules if m.split(".")[0] in ("ccc", "cccgen")),
        }}))
        """,
    )
    assert result["type"] is True and result["code"] == "OK"
    assert result["contact_id"] == page_example["Data"]["ContactId"]
    assert result["error_module"] is not None and result["error_module"].startswith(PACKAGE)
    assert result["modules"] == []
