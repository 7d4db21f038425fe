"""Small hand-written specs in the issue-10 format, written to a directory for the loader."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

SERVICE: dict[str, Any] = {
    "cccgen_spec": 1,
    "kind": "service",
    "name": "tiny",
    "product": "Tiny",
    "title": {"zh": "小", "en": ""},
    "api_version": "2020-07-01",
    "style": "RPC",
    "endpoint": {"host_pattern": "tiny.{region}.example.com"},
    "auth": {"signature": "ACS3-HMAC-SHA256"},
    "operations": ["ListThings.yaml"],
}

OPERATION: dict[str, Any] = {
    "cccgen_spec": 1,
    "kind": "operation",
    "name": "ListThings",
    "summary": {"zh": "列出", "en": ""},
    "http": {"method": "POST", "path": "/"},
    "request": {
        "model": "ListThingsRequest",
        "fields": {
            "PageNumber": {"type": "int32", "minimum": 1, "maximum": 100},
            "PageSize": {"type": "int32", "minimum": 1, "maximum": 100},
        },
    },
    "response": {
        "model": "ListThingsResponse",
        "fields": {
            "RequestId": {"type": "string", "required": True},
            "Data": {
                "type": "object",
                "model": "ListThingsData",
                "fields": {
                    "TotalCount": {"type": "int32"},
                    "List": {"type": "array", "python_name": "list_", "items": {"type": "string"}},
                },
            },
        },
    },
}


def operation(**changes: Any) -> dict[str, Any]:
    """A deep copy of OPERATION with top-level keys replaced."""
    doc = copy.deepcopy(OPERATION)
    doc.update(changes)
    return doc


def write_spec(root: Path, op: dict[str, Any] | None = None, **service_changes: Any) -> Path:
    """Write `root/tiny/service.yaml` and its one operation; return the service file."""
    folder = root / "tiny"
    folder.mkdir(parents=True, exist_ok=True)
    service = copy.deepcopy(SERVICE)
    service.update(service_changes)
    for name, doc in (("service.yaml", service), ("ListThings.yaml", op or OPERATION)):
        text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder / "service.yaml"
