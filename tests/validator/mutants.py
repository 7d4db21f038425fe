"""The seeded mutation fuzzer the differential tests feed the validator and jsonschema: the
spec's response examples and random edits of them (replacements of every JSON type and the
Python/JSON Schema traps, deletions, unknown fields, nulls, list surgery, number traps).

Shared by test_differential_examples.py, test_differential_hypothesis.py (`_paths`, `_get`)
and tests/fast_path/test_differential.py.
"""

from __future__ import annotations

import copy
import functools
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, overload

import yaml

SPEC = Path(__file__).resolve().parents[2] / "spec" / "ccc" / "GetCallDetailRecord.yaml"
SEED = 20200701  # the fuzzer's seed: each corpus of mutants draws with SEED + a number of its own

INT64 = 2**63


@functools.cache
def _spec_examples() -> list[dict[str, Any]]:
    """The spec's response examples, parsed once per process (a third of a second each time)."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [e["response"] for e in spec["examples"].values() if e.get("response")]


def _examples() -> list[dict[str, Any]]:
    """The spec's response examples: a fresh copy each call (the callers mutate them)."""
    return copy.deepcopy(_spec_examples())


def deep(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for i in range(depth):
        value = [value] if i % 2 else {"n": value}
    return value


# Values a mutant may put anywhere: every JSON type, and the traps.
REPLACEMENTS: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    2,
    3,
    -1,
    1.0,
    2.0,
    0.0,
    -0.0,
    1.5,
    1e300,
    -1e300,
    2**31 - 1,
    2**31,
    -(2**31),
    -(2**31) - 1,
    INT64 - 1,
    INT64,
    -INT64,
    -INT64 - 1,
    2**100,
    9.3e18,
    -9.3e18,
    9.2e18,
    float("nan"),
    float("inf"),
    float("-inf"),
    "",
    " ",
    "0",
    "1",
    "true",
    "null",
    "OK",
    "測試技能組",
    "山東省-淄博",
    "😀",
    "\u0000",
    "a/b~c",
    "released",
    "Released",
    "RELEASED",
    "Released ",
    "agent",
    "customer",
    "IVR",
    "MAIN_FLOW",
    [],
    [1],
    [None],
    ["a", 1],
    {},
    {"Event": "Released"},
    {"EventTime": 1},
    {"Event": "Dialing", "EventTime": 1, "Duration": 2},
    deep(40),
    deep(300),
    deep(25, "深"),
]
UNKNOWN_NAMES = [
    "Unknown",
    "code",
    "Data ",
    "",
    "a/b",
    "~0",
    "x~y/z",
    "未知字段",
    "🙂",
    "Code\u0000",
]


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path in `value`, depth first, parents before children, in document order.

    With an explicit stack: nested generators cost each path one resumption per level above it
    (a `deep(300)` replacement made that a fifth of this file's CPU)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, here)]
    while stack:
        node, path = stack.pop()
        yield path
        if isinstance(node, dict):
            stack.extend((child, (*path, key)) for key, child in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend((node[i], (*path, i)) for i in range(len(node) - 1, -1, -1))


def _containers(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    for path in _paths(value, here):
        if isinstance(_get(value, path), (dict, list)):
            yield path


class _Preorder(Sequence[tuple[Any, ...]]):
    """`list(_paths(value))`, or only the containers' paths (`_containers`), as a sequence that
    `random.choice` reads the same way (its length, then one item), without building every path.

    The mutants nest replacements such as `deep(300)` inside each other, and the large example
    repeats one agent event twenty times (the same object): the size of each subtree is counted
    once per object, and the chosen path is found by skipping whole subtrees."""

    def __init__(self, value: Any, containers: bool = False) -> None:
        self.value = value
        self.containers = containers
        self.sizes: dict[int, int] = {}  # id of a container in `value` (alive) -> paths in it
        if isinstance(value, (dict, list)):
            try:  # recursion: each container visited once (most payloads are shallow)
                _count(value, self.sizes, 0 if containers else 1)
            except RecursionError:  # replacements nested deep in each other: the sizes found
                self._count_deep()  # so far stay, the rest are counted without recursion

    def _count_deep(self) -> None:
        leaf = 0 if self.containers else 1
        sizes = self.sizes
        stack = [self.value]
        while stack:
            node = stack[-1]
            if id(node) in sizes:
                stack.pop()
                continue
            children = list(node.values() if isinstance(node, dict) else node)
            pending = [c for c in children if isinstance(c, (dict, list)) and id(c) not in sizes]
            if pending:  # counted first; this node is met again once they are
                stack.extend(pending)
                continue
            stack.pop()
            sizes[id(node)] = 1 + sum(
                sizes[id(c)] if isinstance(c, (dict, list)) else leaf for c in children
            )

    def _size(self, node: Any) -> int:
        if isinstance(node, (dict, list)):
            return self.sizes[id(node)]
        return 0 if self.containers else 1

    def __len__(self) -> int:
        return self._size(self.value)

    @overload
    def __getitem__(self, index: int) -> tuple[Any, ...]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[Any, ...]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, slice) or not 0 <= index < len(self):
            raise IndexError(index)  # random.choice asks for neither
        node, path = self.value, list[Any]()
        while True:  # parents before children, in document order, as _paths walks
            if index == 0:
                return tuple(path)
            index -= 1
            pairs = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in pairs:
                size = self._size(child)
                if index < size:  # in the child's subtree, the child itself first
                    path.append(key)
                    node = child
                    break
                index -= size


def _count(node: Any, sizes: dict[int, int], leaf: int) -> int:
    """The paths in container `node` (itself, and `leaf` per scalar in it), stored in `sizes`
    for it and every container in it; a container met twice (the same object) is counted once."""
    total = 1
    for child in node.values() if isinstance(node, dict) else node:
        if isinstance(child, (dict, list)):
            size = sizes.get(id(child))
            total += _count(child, sizes, leaf) if size is None else size
        else:
            total += leaf
    sizes[id(node)] = total
    return total


def _copy(value: Any, memo: dict[int, Any] | None = None) -> Any:
    """`copy.deepcopy` of JSON data (dicts, lists and immutable scalars), a few times faster:
    the same copies, with a container met twice (the large page's repeated agent event)
    copied once and shared, as deepcopy shares it."""
    if not isinstance(value, (dict, list)):
        return value
    if memo is None:
        memo = {}
    elif (done := memo.get(id(value))) is not None:
        return done
    copied: Any
    if isinstance(value, dict):
        copied = memo[id(value)] = {}
        for key, child in value.items():
            copied[key] = _copy(child, memo)
    else:
        copied = memo[id(value)] = []
        for child in value:
            copied.append(_copy(child, memo))
    return copied


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        value = value[part]
    return value


def mutate(rng: random.Random, payload: Any) -> Any:
    """One to four random edits: replace, delete, add unknown, null, list surgery, number traps."""
    for _ in range(rng.randint(1, 4)):
        if not isinstance(payload, (dict, list)):
            return payload
        path = rng.choice(_Preorder(payload))
        op = rng.random()
        if not path:  # the root itself
            if op < 0.1:
                return rng.choice(REPLACEMENTS)
            continue
        parent, last = _get(payload, path[:-1]), path[-1]
        current = parent[last]
        if op < 0.35:
            parent[last] = _copy(rng.choice(REPLACEMENTS))
        elif op < 0.5 and isinstance(parent, dict):
            del parent[last]  # a missing (possibly required) field
        elif op < 0.6:
            where = _get(payload, rng.choice(_Preorder(payload, containers=True)))
            if isinstance(where, dict):
                where[rng.choice(UNKNOWN_NAMES)] = _copy(rng.choice(REPLACEMENTS))
            else:
                where.append(_copy(rng.choice([*REPLACEMENTS, current])))
        elif op < 0.68:
            parent[last] = None  # null where not nullable (or where it is)
        elif op < 0.8 and isinstance(current, (int, float)) and not isinstance(current, bool):
            parent[last] = rng.choice(
                [
                    float(current),
                    bool(current % 2),
                    current + 0.5,
                    -current,
                    INT64 + current,
                    str(current),
                ]
            )
        elif op < 0.88 and isinstance(current, str):
            parent[last] = rng.choice(
                [
                    current.upper(),
                    current.lower(),
                    current + "x",
                    current.encode().hex(),
                    current[:1],
                ]
            )
        elif op < 0.94 and isinstance(current, list):
            parent[last] = rng.choice([current * 3, [], {str(i): v for i, v in enumerate(current)}])
        else:
            parent[last] = _copy(rng.choice(REPLACEMENTS))
    return payload
