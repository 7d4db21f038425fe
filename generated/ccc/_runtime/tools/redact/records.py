# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/records.py.
# Do not edit by hand: change the original and run `make generate`.
"""Redacting one record: the values at an operation's `pii` paths replaced by their stand-ins.

An operation's personal fields are given as `(path, kind)` pairs, a path being the wire names
from the response's root with `[]` for "each item of this array" (`("Data", "AgentEvents", "[]",
"AgentName")`), as the generated package lists them (`<package>.redact.PII_FIELDS`). Only those
values change; the record is copied along those paths only and never changed in place. A value
of another type than the spec says (drift) is still made safe: a number is replaced digit by
digit (staying a number), strings inside a list or object found there are each replaced. Standard
library only.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .standins import KINDS, Standins

__all__ = ["ITEMS", "FieldPaths", "PiiField", "Redaction", "dotted"]

ITEMS = "[]"
PiiField = tuple[tuple[str, ...], str]


def dotted(path: tuple[str, ...]) -> str:
    """`("Data", "AgentEvents", "[]", "AgentName")` -> `Data.AgentEvents[].AgentName`."""
    text = ""
    for part in path:
        text += part if part == ITEMS or not text else f".{part}"
    return text


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    kind: str | None = None
    name: str = ""  # the dotted path, for the counts


class FieldPaths:
    """An operation's personal fields as a tree walked once per record."""

    def __init__(self, fields: Iterable[PiiField]) -> None:
        self.root = _Node()
        self.fields = tuple(fields)
        self.kinds = {dotted(path): kind for path, kind in self.fields}
        for path, kind in self.fields:
            if kind not in KINDS:
                raise ValueError(f"unknown pii kind {kind!r}; known kinds: {', '.join(KINDS)}")
            node = self.root
            for part in path:
                node = node.children.setdefault(part, _Node())
            node.kind, node.name = kind, dotted(path)

    def __bool__(self) -> bool:
        return bool(self.fields)


class Redaction:
    """Redacts records with one key's stand-ins and counts, per field, the values replaced."""

    def __init__(self, standins: Standins) -> None:
        self.standins = standins
        self.counts: Counter[str] = Counter()

    def record(self, fields: FieldPaths, payload: Any) -> Any:
        """`payload` with the values at `fields` replaced (a copy; `payload` is left as is)."""
        return self._walk(fields.root, payload) if fields else payload

    def _walk(self, node: _Node, value: Any) -> Any:
        if node.kind is not None:
            return self._leaf(node, value)
        if isinstance(value, dict):
            changed: dict[str, Any] | None = None
            for name, child in node.children.items():
                if name in value:
                    new = self._walk(child, value[name])
                    if new is not value[name]:
                        changed = changed if changed is not None else dict(value)
                        changed[name] = new
            return value if changed is None else changed
        items = node.children.get(ITEMS)
        if isinstance(value, list) and items is not None:
            return [self._walk(items, item) for item in value]
        return value

    def _nested(self, node: _Node, value: list[Any] | Mapping[str, Any]) -> Any:
        """A copy of a drifted array or object at a personal path, each value in it redacted:
        with a stack, not recursion, since captures may nest hundreds of levels."""
        holder: list[Any] = [None]
        stack: list[tuple[Any, Any, Any]] = [(value, holder, 0)]
        while stack:
            item, parent, key = stack.pop()
            if isinstance(item, list):
                items: list[Any] = [None] * len(item)
                parent[key] = items
                stack.extend((child, items, i) for i, child in enumerate(item))
            elif isinstance(item, Mapping):
                fields: dict[str, Any] = dict.fromkeys(item)
                parent[key] = fields
                stack.extend((child, fields, name) for name, child in item.items())
            else:
                parent[key] = self._leaf(node, item)
        return holder[0]

    def _leaf(self, node: _Node, value: Any) -> Any:
        assert node.kind is not None
        new: object
        if isinstance(value, str):
            new = self.standins.replace(node.kind, value)
        elif isinstance(value, int) and not isinstance(value, bool):
            digits = self.standins.replace("phone_number", str(value))
            new = int(digits) if digits.lstrip("-").isdigit() else value
        elif isinstance(value, list | Mapping):
            return self._nested(node, value)
        else:  # null, booleans, fractions: nothing personal to hide
            return value
        if new != value:
            self.counts[node.name] += 1
        return new
