"""YAML loading that keeps the position of every node and reports duplicate keys.

PyYAML's own loaders silently keep the last of two equal keys and forget positions once the
document is constructed; spec errors must name `file:line:column`, so we walk the composed
node tree ourselves and record where each value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from cccgen.problems import Problem

PathKey = tuple[str | int, ...]


def dotted(path: PathKey) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


@dataclass
class Located:
    """A YAML document as plain Python data plus a position for every path in it."""

    file: str
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey) -> tuple[int, int]:
        # Walk up to the nearest ancestor with a known position (a missing key's parent).
        probe = tuple(path)
        while probe not in self.positions and probe:
            probe = probe[:-1]
        return self.positions.get(probe, (1, 1))

    def problem(self, path: PathKey, message: str) -> Problem:
        line, column = self.where(path)
        return Problem(self.file, line, column, dotted(path), message)


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: PathKey) -> Any:
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self._report(key_node, path, "mapping keys must be plain scalars")
                    continue
                key = self._scalars.construct_object(key_node)
                if not isinstance(key, (str, int)):
                    self._report(key_node, path, f"mapping key {key!r} must be a string")
                    continue
                key = str(key) if not isinstance(key, bool) else str(key).lower()
                if key in result:
                    first = self.positions.get((*path, key), (0, 0))
                    self._report(
                        key_node,
                        (*path, key),
                        f"duplicate key {key!r} (first defined at line {first[0]})",
                    )
                    continue
                result[key] = self.build(value_node, (*path, key))
                # A key's position is where the key is written, which is what editors show.
                self.positions[(*path, key)] = (
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                )
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
        try:
            return self._scalars.construct_object(node)
        except yaml.YAMLError as exc:
            self._report(node, path, f"bad scalar: {exc}")
            return None

    def _report(self, node: yaml.Node, path: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, dotted(path), message)
        )


def load_yaml(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; return it with positions, and every problem found."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return None, [Problem(file, line, column, "", f"malformed YAML: {what}")]
    except yaml.YAMLError as exc:  # e.g. a reader error on a control character
        return None, [Problem(file, 0, 0, "", f"malformed YAML: {exc}")]
    if node is None:
        return None, [Problem(file, 1, 1, "", "the file is empty")]
    builder = _Builder(file)
    data = builder.build(node, ())
    return Located(file, data, builder.positions), builder.problems
