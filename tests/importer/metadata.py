"""Small hand-written OpenMeta metadata documents, one quirk at a time."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any


def demo(example: dict[str, Any]) -> str:
    """A `responseDemo` as the metadata writes it: a JSON list holding the example as text."""
    return json.dumps([{"type": "json", "example": json.dumps(example), "errorExample": ""}])


def api(
    parameters: list[dict[str, Any]] | None = None,
    properties: dict[str, Any] | None = None,
    example: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One operation: a RequestId in the response besides `properties`."""
    props = {"RequestId": {"type": "string", "description": "请求ID。", "example": "R-1"}}
    props.update(properties or {})
    out: dict[str, Any] = {
        "title": "测试",
        "summary": "测试操作。",
        "methods": ["post", "get"],
        "operationType": "read",
        "deprecated": False,
        "parameters": parameters
        or [
            {
                "name": "InstanceId",
                "in": "query",
                "schema": {
                    "type": "string",
                    "required": True,
                    "description": "实例ID。",
                    "example": "ccc-test",
                },
            }
        ],
        "responses": {"200": {"schema": {"type": "object", "properties": props}}},
        "errorCodes": {
            "400": [
                {
                    "errorCode": "Parameter.Blank",
                    "errorMessage": "The parameter %s may not be null or blank.",
                }
            ]
        },
        "responseDemo": demo(example if example is not None else {"RequestId": "R-1"}),
    }
    out.update(extra)
    return out


def document(apis: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "version": "1.0",
        "info": {"style": "RPC", "product": "CCC", "version": "2020-07-01"},
        "directories": [
            {"id": 1, "title": "全部", "type": "directory", "children": sorted(apis)},
        ],
        "components": {"schemas": {}},
        "apis": copy.deepcopy(apis),
        "endpoints": [{"regionId": "cn-shanghai", "endpoint": "ccc.cn-shanghai.aliyuncs.com"}],
    }


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
