"""YAML loading that keeps the position of every node and reports duplicate keys.

PyYAML's own loaders silently keep the last of two equal keys and forget positions once the
document is constructed; spec errors must name `file:line:column`, so we build the data from
the parser's events ourselves and record where each value came from.

A spec is hostile input, so memory and time stay bounded whatever it holds: aliases (`*name`,
the "billion laughs" bomb) and merge keys (`<<`) are refused, nesting stops at MAX_DEPTH levels
(checked as the events arrive, before Python's recursion limit), integers longer than MAX_DIGITS
digits are refused before `int()` sees them, and a raw control character is reported at its
line and column.

Valid files are parsed by libyaml (PyYAML's C parser, about five times faster: the whole API's
spec is 2.4 MB) and built by the same bounded walker; any file the C parser or the bounds
refuse, and any file with a character PyYAML's reader refuses, is parsed again by PyYAML's
pure-Python parser, so every problem is reported exactly as that parser words it.
"""

from __future__ import annotations

from collections.abc import Callable
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


_SKIPPED = object()  # a mapping entry left out (its problem reported): its value is not built


class _Walker:
    """Builds plain data and the positions of every path straight from the parser's events,
    with no node graph in between (composing ~100,000 nodes per whole-API load, then walking
    them, cost three times what libyaml takes to parse).

    It refuses, as it goes, what PyYAML's composer would have met in the same order: aliases,
    nesting deeper than MAX_DEPTH (both before Python's recursion limit), duplicate anchors,
    a second document. Refusals raise; problems of what is built (keys, scalars) are collected.
    """

    def __init__(self, parser: Any, file: str) -> None:
        self.parser = parser
        self.file = file
        self.positions: dict[PathKey, tuple[int, int]] = {}
        self.problems: list[Problem] = []
        self.data: Any = None
        self._next = parser.get_event
        self._anchors: dict[str, Any] = {}
        self._resolve: Callable[..., str] = yaml.resolver.Resolver().resolve
        self._tags: dict[tuple[str, Any], str] = {}  # (text, implicit) -> resolved tag
        self._scalars = yaml.constructor.SafeConstructor()

    def document(self) -> bool:
        """Reads the stream's one document into `data`; False if the stream has none."""
        self._next()  # STREAM-START
        if self.parser.check_event(yaml.StreamEndEvent):
            self._next()
            return False
        self._next()  # DOCUMENT-START
        root = self._next()
        self.data = self.build(root, (), 0)
        self._next()  # DOCUMENT-END
        if not self.parser.check_event(yaml.StreamEndEvent):
            event = self._next()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root.start_mark,
                "but found another document",
                event.start_mark,
            )
        self._next()  # STREAM-END
        return True

    def _enter(self, event: Any, depth: int) -> None:
        """The composer's checks on a node's first event, at `depth` levels of nesting: only
        needed when the event has an anchor (an alias's is the name it refers to) or the
        depth reached MAX_DEPTH."""
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed in a spec")
        if depth >= MAX_DEPTH:
            raise _Refused(event.start_mark, f"nested more than {MAX_DEPTH} levels deep")
        anchor = event.anchor
        if anchor is not None:
            if anchor in self._anchors:
                raise yaml.composer.ComposerError(
                    f"found duplicate anchor {anchor!r}; first occurrence",
                    self._anchors[anchor],
                    "second occurrence",
                    event.start_mark,
                )
            self._anchors[anchor] = event.start_mark

    def build(self, event: Any, path: PathKey, depth: int) -> Any:
        """The node that starts with `event`, as data; its position recorded at `path`."""
        if event.anchor is not None or depth >= MAX_DEPTH:
            self._enter(event, depth)
        mark = event.start_mark
        self.positions[path] = (mark.line + 1, mark.column + 1)
        if isinstance(event, yaml.ScalarEvent):
            return self._scalar(event, self._tag(event), path)
        depth += 1
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            event = self._next()
            while not isinstance(event, yaml.SequenceEndEvent):
                items.append(self.build(event, (*path, len(items)), depth))
                event = self._next()
            return items
        result: dict[Any, Any] = {}
        event = self._next()
        while not isinstance(event, yaml.MappingEndEvent):
            key_event = event
            key = self._key(key_event, path, result, depth)
            event = self._next()
            if key is _SKIPPED:
                self._skip(event, depth)
            else:
                child = (*path, key)
                result[key] = self.build(event, child, depth)
                # A key's position is where the key is written, which is what editors show.
                key_mark = key_event.start_mark
                self.positions[child] = (key_mark.line + 1, key_mark.column + 1)
            event = self._next()
        return result

    def _key(self, event: Any, path: PathKey, result: dict[Any, Any], depth: int) -> Any:
        """The key of a mapping entry in `path`, or _SKIPPED (its problem, if any, reported)."""
        if not isinstance(event, yaml.ScalarEvent):
            self._skip(event, depth)
            self._report(event, path, "mapping keys must be plain scalars")
            return _SKIPPED
        if event.anchor is not None or depth >= MAX_DEPTH:
            self._enter(event, depth)
        tag = self._tag(event)
        if tag == _MERGE_TAG:
            self._report(event, path, "merge keys (<<) are not allowed in a spec")
            return _SKIPPED
        key = self._scalar(event, tag, path)
        if key is None:
            return _SKIPPED
        if not isinstance(key, (str, int)):
            self._report(event, path, f"mapping key {key!r} must be a string")
            return _SKIPPED
        key = str(key) if not isinstance(key, bool) else str(key).lower()
        if key in result:
            first = self.positions.get((*path, key), (0, 0))
            self._report(
                event, (*path, key), f"duplicate key {key!r} (first defined at line {first[0]})"
            )
            return _SKIPPED
        return key

    def _skip(self, event: Any, depth: int) -> None:
        """Reads past the node that starts with `event`, refusing what the composer would."""
        self._enter(event, depth)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            event = self._next()
            while not isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                self._skip(event, depth + 1)
                event = self._next()

    def _tag(self, event: Any) -> str:
        """The scalar's tag: its own, or the one PyYAML's resolver gives its text (memoised:
        a spec repeats the same few keys thousands of times)."""
        tag: str | None = event.tag
        if tag is None or tag == "!":
            key = (event.value, event.implicit)
            tag = self._tags.get(key)
            if tag is None:
                tag = self._tags[key] = self._resolve(yaml.ScalarNode, *key)
        return tag

    def _scalar(self, event: Any, tag: str, path: PathKey) -> Any:
        if tag == _STR_TAG:  # most scalars: what SafeConstructor makes of them, directly
            return event.value
        if tag == _INT_TAG and sum(c.isdigit() for c in str(event.value)) > MAX_DIGITS:
            self._report(event, path, f"integer with more than {MAX_DIGITS} digits")
            return None
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self._scalars.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:  # e.g. a date 2020-13-45
            self._report(event, path, f"bad scalar: {exc}")
            return None
        except Exception:  # noqa: BLE001 - PyYAML's constructor crashing on a tagged scalar
            # (`!!int ''` is an IndexError inside PyYAML): a spec problem, not a traceback.
            text = event.value if len(event.value) <= 40 else event.value[:40] + "..."
            self._report(event, path, f"bad scalar: {tag} cannot be made of {text!r}")
            return None

    def _report(self, event: Any, path: PathKey, message: str) -> None:
        mark = event.start_mark
        self.problems.append(
            Problem(self.file, mark.line + 1, mark.column + 1, dotted(path), message)
        )


class _Refused(Exception):
    """A construct a spec may not use, at the place it appears."""

    def __init__(self, mark: Any, message: str) -> None:
        super().__init__(message)
        self.line = mark.line + 1 if mark else 0
        self.column = mark.column + 1 if mark else 0


#: libyaml's parser (PyYAML's C extension), or None when PyYAML was built without it.
_FastLoader: Callable[[str], Any] | None
try:
    from yaml._yaml import CParser as _FastLoader
except ImportError:  # PyYAML built without libyaml: the pure-Python parser only
    _FastLoader = None


def _walk(parser: Any, file: str) -> _Walker | None:
    try:
        walker = _Walker(parser, file)
        return walker if walker.document() else None
    finally:
        parser.dispose()


def _compose(text: str, file: str) -> _Walker | None:
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _walk(_FastLoader(text), file)
        except (yaml.YAMLError, _Refused):
            pass  # parsed again below, for PyYAML's own wording of the problem
    # PyYAML's pure-Python reader, scanner and parser: the wording of every problem.
    return _walk(yaml.SafeLoader(text), file)


_PLAIN_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def plain_load(text: str) -> Any:
    """`yaml.safe_load(text)` (plain data, no positions, no bounds), parsed by libyaml where
    PyYAML has it, some five times faster: only for a file `load_yaml` has already read
    without a problem."""
    return yaml.load(text, Loader=_PLAIN_LOADER)


def load_yaml(text: str, file: str) -> tuple[Located | None, list[Problem]]:
    """Parse one YAML document; return it with positions, and every problem found."""
    if len(text) > MAX_CHARACTERS:
        return None, [Problem(file, 1, 1, "", f"larger than {MAX_CHARACTERS} characters")]
    try:
        walked = _compose(text, file)
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
    if walked is None:
        return None, [Problem(file, 1, 1, "", "the file is empty")]
    return Located(file, walked.data, walked.positions), walked.problems
