"""Failures grouped for reports people look at: by where and why, with the first examples.

`Failures.add(result, payload)` takes each `Result` that has errors (and the payload, to tell
array indexes from keys named like numbers). Errors are grouped by (operation, path, keyword):
the path is the finding's JSON Pointer with `*` for array items (an unknown field's pointer ends
with its own name), the keyword the JSON Schema keyword that failed, or for an input that could
not be read its kind (`json`, `io`, `input`, `validator`) with an empty path. Each group keeps
its count and its first `EXAMPLES` examples (file:line:column and message), first in the order
(file, line, column, message), which keeps merging exact whatever the order of the parts.

It also counts the errors of each input, for the histogram of errors per input; inputs with no
error are not stored (the report knows how many inputs there were).

Bounded: `GROUP_LIMIT` groups (the smallest keys; the errors of the rest are counted in
`other_errors`), `EXAMPLES` examples each, messages clipped. Plain data, picklable; `merge` is
exact, associative and commutative. Standard library only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .reports import Finding, Result, clip

__all__ = [
    "EXAMPLES",
    "GROUP_LIMIT",
    "NO_PAYLOAD",
    "Example",
    "Failures",
    "Group",
    "pointer_pattern",
]

EXAMPLES = 3
GROUP_LIMIT = 500
EXAMPLE_MESSAGE_LIMIT = 300

Example = tuple[str, int, int, str]  # file, line, column, message
GroupKey = tuple[str, str, str]  # operation ("" when unknown), path pattern, keyword


NO_PAYLOAD: Any = object()  # `add` without the payload: every number in a pointer is an index


def pointer_pattern(payload: object, pointer: str) -> str:
    """`pointer` with array indexes replaced by `*` (`payload` tells indexes from keys)."""
    if not pointer:
        return ""
    parts: list[str] = []
    node: object = payload
    for segment in pointer.split("/")[1:]:
        if isinstance(node, list):
            parts.append("*")
            index = int(segment) if segment.isdigit() else -1
            node = node[index] if 0 <= index < len(node) else None
        elif node is NO_PAYLOAD:
            parts.append("*" if segment.isdigit() else segment)
        else:
            parts.append(segment)
            if isinstance(node, dict):
                node = node.get(segment.replace("~1", "/").replace("~0", "~"))
            else:
                node = None
    return "/" + "/".join(parts)


@dataclass(slots=True)
class Group:
    count: int = 0
    examples: list[Example] = field(default_factory=list)

    def offer(self, example: Example) -> None:
        examples = self.examples
        if len(examples) >= EXAMPLES and example >= examples[-1]:
            return
        examples.append(example)
        examples.sort()
        del examples[EXAMPLES:]


def _key(result: Result, finding: Finding, payload: object) -> GroupKey:
    operation = result.operation or ""
    issue = finding.issue
    if issue is None:
        return operation, "", finding.kind
    pointer = finding.pointer
    pattern = pointer_pattern(payload, issue.path)
    if pointer != issue.path:  # an unknown field: its own name after its object's pattern
        pattern = pattern + pointer[len(issue.path) :]
    return operation, clip(pattern, 300), issue.keyword


@dataclass(slots=True)
class Failures:
    """Errors by (operation, path, keyword), and per input; see the module's docstring."""

    groups: dict[GroupKey, Group] = field(default_factory=dict)
    other_errors: int = 0  # errors of groups beyond GROUP_LIMIT
    per_input: dict[str, int] = field(default_factory=dict)
    errors: int = 0

    def add(self, result: Result, payload: object = NO_PAYLOAD) -> None:
        if not result.errors:
            return
        name = result.source.name
        self.per_input[name] = self.per_input.get(name, 0) + len(result.errors)
        self.errors += len(result.errors)
        for finding in result.errors:
            key = _key(result, finding, payload)
            group = self.groups.get(key)
            if group is None:
                group = self.groups[key] = Group()
            group.count += 1
            message = clip(finding.message, EXAMPLE_MESSAGE_LIMIT)
            group.offer((name, finding.line, finding.column, message))
        self._bound()

    def _bound(self) -> None:
        if len(self.groups) <= GROUP_LIMIT:
            return
        for key in sorted(self.groups)[GROUP_LIMIT:]:
            self.other_errors += self.groups.pop(key).count

    def merge(self, other: Failures) -> None:
        for key, theirs in other.groups.items():
            mine = self.groups.get(key)
            if mine is None:
                mine = self.groups[key] = Group()
            mine.count += theirs.count
            for example in theirs.examples:
                mine.offer(example)
        self.other_errors += other.other_errors
        for name, count in other.per_input.items():
            self.per_input[name] = self.per_input.get(name, 0) + count
        self.errors += other.errors
        self._bound()

    def ranked(self) -> list[tuple[GroupKey, Group]]:
        """Groups, most errors first (then by key): the order reports show them in."""
        return sorted(self.groups.items(), key=lambda kv: (-kv[1].count, kv[0]))

    def histogram(self, inputs: int) -> list[tuple[str, int]]:
        """How many inputs had 0, 1, 2-3, 4-7, ... errors (`inputs`: every input of the run)."""
        buckets: dict[int, int] = {}
        for count in self.per_input.values():
            bucket = count.bit_length()  # 1 -> 1, 2-3 -> 2, 4-7 -> 3, ...
            buckets[bucket] = buckets.get(bucket, 0) + 1
        rows = [("0", max(inputs - len(self.per_input), 0))]
        for bucket in range(1, max(buckets, default=0) + 1):
            low, high = 1 << (bucket - 1), (1 << bucket) - 1
            rows.append((str(low) if low == high else f"{low}-{high}", buckets.get(bucket, 0)))
        return rows

    def worst_inputs(self, limit: int = 10) -> list[tuple[str, int]]:
        return sorted(self.per_input.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]

    def to_dict(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "groups": [
                {
                    "operation": key[0] or None,
                    "path": key[1],
                    "keyword": key[2],
                    "count": group.count,
                    "examples": [
                        {"file": f, "line": line, "column": column, "message": message}
                        for f, line, column, message in group.examples
                    ],
                }
                for key, group in self.ranked()
            ],
            "other_errors": self.other_errors,
            "inputs_with_errors": len(self.per_input),
        }
