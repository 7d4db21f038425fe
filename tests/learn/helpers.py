"""A small imported spec for `cccgen learn`: Alibaba's metadata cut down to two operations
(the curated GetCallDetailRecord and GetInstance), imported with spec/ccc's curation into a copy
of the one-operation fixture, and drifted captures of both."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from cccgen.importer.run import import_metadata

REPO = Path(__file__).resolve().parents[2]
ONE_OP = REPO / "tests" / "fixtures" / "one_op" / "spec" / "ccc"
CURATION = REPO / "spec" / "ccc" / "curation"
METADATA = "alibaba-metadata/ccc-2020-07-01.api-docs.zh_cn.json"
OPERATIONS = ("GetCallDetailRecord", "GetInstance")


def cut_metadata(doc: dict[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The metadata document with only the operations `names`."""
    directories = [
        {**d, "children": [c for c in d.get("children", []) if c in names]}
        for d in doc.get("directories", [])
        if any(c in names for c in d.get("children", []))
    ]
    return {**doc, "apis": {n: doc["apis"][n] for n in names}, "directories": directories}


def build_small_spec(metadata: Path, root: Path) -> tuple[Path, Path]:
    """`root/spec/ccc` imported from `metadata` cut to OPERATIONS (with spec/ccc's curation);
    returns the spec folder and the cut metadata file (named like the real one)."""
    doc = json.loads(metadata.read_text(encoding="utf-8"))
    cut = root / "metadata" / metadata.name
    cut.parent.mkdir(parents=True)
    cut.write_text(json.dumps(cut_metadata(doc, OPERATIONS), ensure_ascii=False), encoding="utf-8")
    folder = root / "spec" / "ccc"
    shutil.copytree(ONE_OP, folder)
    # Only the curation of the operations kept (and the service's): curating an operation the
    # cut metadata lacks is an error of the import.
    kept = {f"{name}.yaml" for name in OPERATIONS} | {"service.yaml"}
    (folder / "curation").mkdir()
    for source in sorted(CURATION.glob("*.yaml")):
        if source.name in kept:
            shutil.copy2(source, folder / "curation" / source.name)
    import_metadata(cut, folder)
    return folder, cut


def write_json(path: Path, value: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def instance(**data: Any) -> dict[str, Any]:
    """A GetInstance response whose Data holds `data`."""
    return {"RequestId": "R-1", "Code": "OK", "HttpStatusCode": 200, "Data": data}


def record(**data: Any) -> dict[str, Any]:
    """A GetCallDetailRecord response whose Data holds `data` besides its required fields."""
    body = {"ContactId": "job-1", "InstanceId": "ccc-test", **data}
    return {"RequestId": "R-1", "Code": "OK", "HttpStatusCode": 200, "Data": body}


def drifted_captures(folder: Path) -> Path:
    """Captures of both operations with every kind of drift: a new field (an object with
    nested fields and arrays), a new enum value, a null where not nullable, a type change."""
    write_json(
        folder / "GetInstance" / "1.json",
        instance(
            Status="MIGRATING",
            Description=None,
            Region="cn-shanghai",
            Quota={"Agents": 5, "Tags": ["a"], "Rows": [{"X": 1}, {"X": 1.5, "Y": "y"}]},
        ),
    )
    lines = [
        instance(Status="RUNNING", Region="cn-beijing", Quota={"Agents": 3_000_000_000}),
        instance(Status="RUNNING"),  # lacks Region and Quota: nothing is removed for that
    ]
    (folder / "GetInstance.jsonl").write_text(
        "".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8"
    )
    write_json(
        folder / "GetCallDetailRecord" / "1.json",
        record(ReleaseInitiator="robot", Satisfaction=2**40, Sentiment=0.5),
    )
    return folder
