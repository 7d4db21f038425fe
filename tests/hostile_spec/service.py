"""A small service whose every human string is hostile: quotes, escapes, template syntax,
comment terminators, markup, shell and Python injection attempts, control characters, non-ASCII.

Written with `yaml.safe_dump`, so NUL and other control characters reach the loader as YAML
escapes (a YAML file cannot carry them raw).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CANARY = "cccgen-hostile-canary"

PIECES = [
    '"',
    "'",
    '"""',
    "'''",
    "\\",
    "\n",
    "\r",
    "\t",
    "\x00",
    "\x1b[31m",
    "\u2028",
    "\u2029",
    "\x85",
    "{{ 7*7 }}",
    "{% raw %}",
    "{% endraw %}",
    "{#",
    "*/",
    "/*",
    "-->",
    "<!--",
    "</script><script>alert(1)</script>",
    f"$(rm -rf ~/{CANARY})",
    "__import__('os').system('touch PWNED')",
    "`touch PWNED-tick`",
    "|",
    "😀",
    "עברית",
    "العربية",
    "\u202e",  # right-to-left override
    "%s %(x)s {0} {x}",
    # cccgen's own placeholders for spec text (emit/models.py): must stay plain text.
    '"@@cccgen-value-1@@"',
    "@@cccgen-text-0@@",
]
#: Everything at once, ending in a backslash.
HOSTILE = " ".join(PIECES) + " trailing\\"
#: Ending in a quote, which must not close the string it sits in.
ENDS_IN_QUOTE = 'say "hi" ' + '"""' + ' then "'
#: Lines with white space at their edges, which formatters like to "tidy".
EDGES = "first line  \n   indented line\n\ttabbed\n\u3000ideographic space"


def text(tag: str) -> dict[str, str]:
    return {"en": f"{tag} en: {HOSTILE}", "zh": f"{tag} 中文：{ENDS_IN_QUOTE}\n{EDGES}"}


def service_doc() -> dict[str, Any]:
    return {
        "cccgen_spec": 1,
        "kind": "service",
        "name": "hostile",
        "product": "Hostile",
        "title": text("title"),
        "api_version": "2020-07-01",
        "style": "RPC",
        "endpoint": {"host_pattern": "hostile.{region}.example.invalid"},
        "auth": {"signature": "ACS3-HMAC-SHA256"},
        "errors": {
            "Hostile.Failure": {  # not Hostile.Error: HostileError is the root exception
                "http_status": 400,
                "message": HOSTILE,
                "description": text("error"),
            }
        },
        "operations": ["DescribeThing.yaml"],
    }


def operation_doc() -> dict[str, Any]:
    return {
        "cccgen_spec": 1,
        "kind": "operation",
        "name": "DescribeThing",
        "summary": text("summary"),
        "description": text("operation"),
        "read_only": True,
        "http": {"method": "POST", "path": "/"},
        "request": {
            "model": "DescribeThingRequest",
            "description": text("request"),
            "fields": {
                "ThingId": {
                    "type": "string",
                    "required": True,
                    "description": text("ThingId"),
                    "note": ENDS_IN_QUOTE,
                    "example": HOSTILE,
                },
            },
        },
        "response": {
            "model": "DescribeThingResponse",
            "description": text("response"),
            "fields": {
                "RequestId": {
                    "type": "string",
                    "required": True,
                    "description": text("RequestId"),
                    "note": HOSTILE,
                    "example": HOSTILE,
                },
                "Kind": {
                    "type": "string",
                    "enum": "ThingKind",
                    "description": text("Kind"),
                    "example": HOSTILE,
                },
                "Level": {
                    "type": "int32",
                    "enum": "ThingLevel",
                    "description": text("Level"),
                    "example": 2,
                },
                "Detail": {
                    "type": "object",
                    "model": "ThingDetail",
                    "nullable": True,
                    "description": text("Detail"),
                    "fields": {
                        "Label": {
                            "type": "string",
                            "description": {"en": EDGES, "zh": "尾部反斜杠\\"},
                            "example": ENDS_IN_QUOTE,
                        },
                        "Tags": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": text("Tags"),
                            "example": [HOSTILE, ENDS_IN_QUOTE],
                        },
                    },
                },
            },
        },
        "enums": {
            "ThingKind": {
                "type": "string",
                "description": text("ThingKind"),
                "note": HOSTILE,
                "values": [
                    {"value": "plain", "zh": HOSTILE, "en": ENDS_IN_QUOTE},
                    {"value": HOSTILE, "name": "HOSTILE", "zh": EDGES, "en": HOSTILE},
                    {"value": ENDS_IN_QUOTE, "name": "QUOTED", "zh": "引号", "en": "quoted"},
                ],
            },
            "ThingLevel": {
                "type": "int32",
                "description": text("ThingLevel"),
                "values": [
                    {"value": 1, "name": "LOW", "zh": HOSTILE, "en": "low"},
                    {"value": 2, "name": "HIGH", "zh": "高", "en": EDGES},
                ],
            },
        },
        "errors": {
            "Thing.Missing": {
                "http_status": 404,
                "message": ENDS_IN_QUOTE,
                "description": text("missing"),
            }
        },
        "examples": {
            "hostile_answer": {
                "summary": HOSTILE,
                "response": {
                    "RequestId": HOSTILE,
                    "Kind": HOSTILE,
                    "Level": 1,
                    "Detail": {"Label": EDGES, "Tags": [HOSTILE]},
                },
            },
        },
    }


def write_spec(root: Path) -> Path:
    """Write the service under `root/hostile/`; returns its service.yaml."""
    folder = root / "hostile"
    folder.mkdir(parents=True)
    for name, doc in (("service.yaml", service_doc()), ("DescribeThing.yaml", operation_doc())):
        (folder / name).write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return folder / "service.yaml"
