"""`cccgen import` as users run it: bad metadata and bad curation get located errors, exit 2,
and nothing written; curation is applied and survives re-import."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from cccgen.importer.run import import_metadata
from importer.metadata import api, document, write


def run_import(metadata: Path, into: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cccgen", "import", str(metadata), "--into", str(into)],
        capture_output=True,
        text=True,
        check=False,
        cwd=into.parent.parent,
        timeout=120,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _bad_parameter_type() -> dict[str, Any]:
    doc = document({"ListAgents": api()})
    doc["apis"]["ListAgents"]["parameters"] = [
        {"name": f"P{i}", "in": "query", "schema": {"type": "string"}} for i in range(3)
    ] + [{"name": "P3", "in": "query", "schema": {"type": "long"}}]
    return doc


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "not JSON: Expecting property name enclosed in double quotes"),
        (
            json.dumps({"info": {}, "apis": []}).encode(),
            "$.apis: expected an object, found an array",
        ),
        (
            json.dumps(_bad_parameter_type()).encode(),
            "$.apis.ListAgents.parameters[3].schema.type: unknown type 'long'",
        ),
        (
            json.dumps(document({"Op": api(properties={"X": {"type": "array"}})})).encode(),
            "$.apis.Op.responses.200.schema.properties.X: an array needs `items`",
        ),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_metadata_is_located_exit_2_nothing_written(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    good = write(tmp_path / "good.json", document({"Op": api()}))
    into = tmp_path / "spec" / "ccc"
    import_metadata(good, into)
    before = tree(into)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    result = run_import(bad, into)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "nothing was written" in result.stderr
    assert "Traceback" not in result.stderr
    assert tree(into) == before


def test_curation_patches_and_survives_re_import(tmp_path: Path) -> None:
    op = api(properties={"Data": {"type": "string"}}, example={"RequestId": "R", "Data": "d"})
    metadata = write(tmp_path / "meta.json", document({"Op": op}))
    into = tmp_path / "spec" / "ccc"
    import_metadata(metadata, into)
    (into / "curation").mkdir()
    (into / "curation" / "Op.yaml").write_text(
        "# why: the English texts are ours\n"
        "cccgen_curation: 1\n"
        "target: Op.yaml\n"
        "actions:\n"
        "  - path: [summary]\n"
        "    replace: {zh: 测试, en: A test}\n"
        "  - path: [response, fields, Data]\n"
        "    update: {required: true, note: Always there.}\n"
        "  - path: [read_only]\n"
        "    remove: true\n",
        encoding="utf-8",
    )
    result = run_import(metadata, into)
    assert result.returncode == 0, result.stderr
    first = tree(into)
    spec = yaml.safe_load(first["Op.yaml"])
    assert spec["summary"] == {"zh": "测试", "en": "A test"}
    assert spec["response"]["fields"]["Data"]["required"] is True
    assert "read_only" not in spec
    assert b"curation/Op.yaml" in first["Op.yaml"].splitlines()[1]
    import_metadata(metadata, into)
    assert tree(into) == first


@pytest.mark.parametrize(
    ("actions", "expected"),
    [
        (
            "  - path: [response, fields, Nope]\n    update: {required: true}\n",
            "spec/ccc/curation/Op.yaml:5:5: actions[0].path: response.fields.Nope is not in Op.yaml",
        ),
        (
            "  - path: [summary]\n    replace: {zh: x}\n",
            "spec/ccc/curation/Op.yaml:6:5: summary: missing required key 'en'",
        ),
        (
            "  - path: [response, fields, RequestId]\n    update: {type: long}\n",
            "spec/ccc/curation/Op.yaml:6:14: response.fields.RequestId.type: unknown type 'long'",
        ),
        (
            "  - path: [summary]\n",
            "spec/ccc/curation/Op.yaml:5:5: actions[0]: an action needs exactly one of replace, update, remove, append",
        ),
    ],
)
def test_curation_problems_are_located_in_the_curation_file(
    tmp_path: Path, actions: str, expected: str
) -> None:
    metadata = write(tmp_path / "meta.json", document({"Op": api()}))
    into = tmp_path / "spec" / "ccc"
    import_metadata(metadata, into)
    (into / "curation").mkdir()
    (into / "curation" / "Op.yaml").write_text(
        "cccgen_curation: 1\ntarget: Op.yaml\n# a comment\nactions:\n" + actions, encoding="utf-8"
    )
    before = tree(into)
    result = run_import(metadata, into)
    assert result.returncode == 2
    assert expected in result.stderr, result.stderr
    assert "nothing was written" in result.stderr
    assert tree(into) == before
