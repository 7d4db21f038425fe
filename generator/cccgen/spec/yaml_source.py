"""YAML loading that keeps the position of every node and reports duplicate keys.

PyYAML's own loaders silently keep the last of two equal keys and forget positions once the
document is constructed; spec errors must name `file:line:column`, so we walk the composed
node tree ourselves and record where each value came from.

A spec is hostile input, so memory and time stay bounded whatever it holds: aliases (`*name`,
the "billion laughs" bomb) and merge keys (`<<`) are refused, nesting stops at MAX_DEPTH levels
(checked while composing, before Python's recursion limit), integers longer than MAX_DIGITS
digits are refused before `int()` sees them, and a raw control character is reported at its
line and column.

Valid files are parsed by libyaml (PyYAML's C parser, about five times faster: the whole API's
spec is 2.4 MB) and composed by the same bounded composer; any file the C parser or the bounds
refuse, and any file with a character PyYAML's reader refuses, is parsed again by PyYAML's
pure-Python parser, so every problem is reported exactly as that parser words it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from cccgen.model import Location
from cccgen.problems import Problem

#: Deepest nesting of mappings and sequences a spec may use (the real spec uses 13).
MAX_DEPTH = 64
#: Longest integer a spec may write: int64, the widest type, has 19 digits.
MAX_DIGITS = 20
#: Largest spec file read (the real operation file is about 30 KB).
MAX_CHARACTERS = 4 * 1024 * 1024
_INT_TAG = "tag:yaml.org,2002:int"
_STR_TAG = "tag:yaml.org,2002:str"
_MERGE_TAG = "tag:yaml.org,2002:merge"

PathKey = tuple[str | int, ...]


def dotted(path: PathKey) -> str:
    """A path into the spec as dotted text (`operations[0].request`)."""
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

    def location(self, path: PathKey) -> Location:
        line, column = self.where(path)
        return Location(self.file, line, column, dotted(path))

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
                if key_node.tag == _MERGE_TAG:
                    self._report(key_node, path, "merge keys (<<) are not allowed in a spec")
                    continue
                key = self._scalar(key_node, path)
                if key is None:
                    continue
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
        return self._scalar(node, path)

    def _scalar(self, node: yaml.Node, path: PathKey) -> Any:
        if node.tag == _STR_TAG:  # most scalars: what SafeConstructor makes of them, directly
            return node.value
        if node.tag == _INT_TAG and sum(c.isdigit() for c in str(node.value)) > MAX_DIGITS:
            self._report(node, path, f"integer with more than {MAX_DIGITS} digits")
            return None
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date 2020-13-45
            self._report(node, path, f"bad scalar: {exc}")
            return None

    def _report(self, node: yaml.Node, path: PathKey, message: str) -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, dotted(path), message)
        )


class _Refused(Exception):
    """A construct a spec may not use, at the place it appears."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark else 0
        self.column = mark.column + 1 if mark else 0


class _Bounded(yaml.composer.Composer):
    """Composes the node graph with no aliases and at most MAX_DEPTH levels of nesting."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed in a spec")
        if self._depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _BoundedLoader(_Bounded, yaml.SafeLoader):
    """PyYAML's pure-Python reader, scanner and parser: the wording of every problem."""


_FastLoader: type[yaml.composer.Composer] | None
try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser only
    _FastLoader = None
else:

    class _FastBoundedLoader(
        _Bounded, CParser, yaml.constructor.SafeConstructor, yaml.resolver.Resolver
    ):
        """libyaml's events, composed (bounded) by the Python composer above it in the MRO."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)

    _FastLoader = _FastBoundedLoader


def _compose_with(loader: yaml.composer.Composer) -> yaml.Node | None:
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()  # type: ignore[attr-defined]


def _compose(text: str) -> yaml.Node | None:
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _compose_with(_FastLoader(text))  # type: ignore[call-arg]
        except (yaml.YAMLError, _Refused):
            pass  # parsed again below, for PyYAML's own wording of the problem
    return _compose_with(_BoundedLoader(text))


def load_yaml(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; return it with positions, and every problem found."""
    if len(text) > MAX_CHARACTERS:
        return None, [Problem(file, 1, 1, "", f"larger than {MAX_CHARACTERS} characters")]
    try:
        node = _compose(text)
    except _Refused as exc:
        return None, [Problem(file, exc.line, exc.column, "", str(exc))]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        return None, [Problem(file, line, column, "", f"malformed YAML: {what}")]
    except yaml.reader.ReaderError as exc:  # a control character YAML cannot carry raw
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - text.rfind("\n", 0, exc.position)
        character = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "?"
        return None, [
            Problem(
                file,
                line,
                column,
                "",
                f"malformed YAML: control character {character} is not allowed raw; "
                "write it as an escape in a double-quoted string",
            )
        ]
    except yaml.YAMLError as exc:
        return None, [Problem(file, 0, 0, "", f"malformed YAML: {exc}")]
    if node is None:
        return None, [Problem(file, 1, 1, "", "the file is empty")]
    builder = _Builder(file)
    data = builder.build(node, ())
    return Located(file, data, builder.positions), builder.problems
