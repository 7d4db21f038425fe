"""What a response validator reports: one `Issue` per problem, all collected, none raised."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Issue:
    """One way a payload departs from the schema.

    `path` is a JSON Pointer (RFC 6901) to the instance that failed, and `keyword` the JSON
    Schema keyword that failed there, exactly as `jsonschema`'s `iter_errors` would report
    them (for `additionalProperties` and `required` the pointer names the object). `expected`
    is the keyword's value in the schema (`None` when not useful), `actual` the offending
    value (for `additionalProperties`, the unknown property's name; for `required`, the
    missing property's name). `description` is the spec's description of the field.
    """

    path: str
    keyword: str
    message: str
    expected: Any = None
    actual: Any = None
    description: str | None = None

    @property
    def is_drift(self) -> bool:
        """An unknown field or enum value: the API knows more than the spec (lenient mode allows it)."""
        return self.keyword in ("additionalProperties", "enum")

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "keyword": self.keyword,
            "message": self.message,
            "expected": self.expected,
            "actual": self.actual,
            "description": self.description,
        }
