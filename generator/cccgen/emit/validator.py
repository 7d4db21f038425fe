"""Compile a response JSON Schema into a specialised, standard-library-only Python validator.

Like fastjsonschema, the validator is compiled from the generated JSON Schema itself (not from
the API model), so it cannot drift from the schema it stands for. Compilation has two steps:

1. `compile_schema` reads the schema into a tree of `Node`s, refusing every keyword it does not
   implement (a schema the validator would only half understand is a generator bug, reported
   at generation time, never a silently weaker check at run time);
2. `plan_module` turns the strict and the lenient tree into straight-line code, two functions
   per variant:
   - `_valid_<variant>(p) -> bool`, the fast path: exact-type checks (`type(x) is str`),
     inlined all the way down, returning False at the first doubt. It allocates nothing but
     loop iterators. It is conservative: False never means invalid, only "look closer";
   - `_collect_<variant>(p, issues)`, the collecting path: every failed keyword becomes an
     `Issue`, with jsonschema's exact rules (`isinstance`, `1.0` is an integer, `true` is not,
     JSON equality for `enum`). Run only when the fast path said False.

The template `validator.py.jinja` only lays the plan out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.header import python_header
from cccgen.emit.pysource import py_literal
from cccgen.emit.templating import render
from cccgen.problems import Problem, SpecError

JSON_TYPES = ("string", "integer", "number", "boolean", "null", "object", "array")
KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "enum",
        "items",
        "minimum",
        "maximum",
    }
)
ANNOTATIONS = frozenset({"title", "description", "examples"})
ROOT_ONLY = frozenset({"$schema", "$id"})
SUPPORTED_DRAFT = json_schema.DRAFT
_SCALARS = ("string", "integer", "number", "boolean", "null")


class UnsupportedSchemaError(ValueError):
    """The schema uses something this compiler does not implement; `pointer` says where."""

    def __init__(self, pointer: str, message: str) -> None:
        self.pointer = pointer
        self.reason = message
        super().__init__(f"schema#{pointer}: {message}")


@dataclass(frozen=True)
class Node:
    """One subschema, reduced to the keywords that validate."""

    types: tuple[str, ...]
    enum: tuple[Any, ...] | None = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    properties: tuple[tuple[str, Node], ...] = ()
    required: tuple[str, ...] = ()
    additional: bool = True
    items: Node | None = None
    description: str | None = None

    @property
    def object_keywords(self) -> bool:
        return bool(self.properties or self.required or not self.additional)


# ---------------------------------------------------------------------------------------------
# 1. schema → Node tree


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _token(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


def compile_schema(schema: object, pointer: str = "") -> Node:
    """The Node tree of `schema`; raises UnsupportedSchemaError for anything not implemented."""
    if not isinstance(schema, dict):
        raise UnsupportedSchemaError(
            pointer, f"a subschema must be an object, not {type(schema).__name__}"
        )
    allowed = KEYWORDS | ANNOTATIONS | (ROOT_ONLY if pointer == "" else frozenset())
    unknown = sorted(k for k in schema if k not in allowed)
    if unknown:
        raise UnsupportedSchemaError(
            pointer, f"keyword {unknown[0]!r} is not implemented by the validator compiler"
        )
    if pointer == "" and "$schema" in schema and schema["$schema"] != SUPPORTED_DRAFT:
        raise UnsupportedSchemaError("/$schema", f"only {SUPPORTED_DRAFT} is supported")
    description = schema.get("description")
    if description is not None and not isinstance(description, str):
        raise UnsupportedSchemaError(f"{pointer}/description", "must be a string")

    if "type" not in schema:
        raise UnsupportedSchemaError(pointer, "every subschema must declare `type`")
    raw_type = schema["type"]
    types = (raw_type,) if isinstance(raw_type, str) else raw_type
    if (
        not isinstance(types, (list, tuple))
        or not types
        or any(t not in JSON_TYPES for t in types)
        or len(set(types)) != len(types)
    ):
        raise UnsupportedSchemaError(
            f"{pointer}/type", f"must be one of {list(JSON_TYPES)} or a list of distinct ones"
        )

    enum: tuple[Any, ...] | None = None
    if "enum" in schema:
        values = schema["enum"]
        if not isinstance(values, list) or not values:
            raise UnsupportedSchemaError(f"{pointer}/enum", "must be a non-empty list")
        for i, value in enumerate(values):
            if not (value is None or isinstance(value, (str, bool)) or _is_number(value)):
                raise UnsupportedSchemaError(
                    f"{pointer}/enum/{i}",
                    "only string, number, boolean and null values are implemented",
                )
            if isinstance(value, float) and not math.isfinite(value):
                raise UnsupportedSchemaError(f"{pointer}/enum/{i}", "must be a finite number")
        enum = tuple(values)

    bounds: dict[str, int | float | None] = {}
    for keyword in ("minimum", "maximum"):
        value = schema.get(keyword)
        if value is not None and not (_is_number(value) and math.isfinite(value)):
            raise UnsupportedSchemaError(f"{pointer}/{keyword}", "must be a finite number")
        bounds[keyword] = value

    properties: list[tuple[str, Node]] = []
    raw_properties = schema.get("properties", {})
    if not isinstance(raw_properties, dict):
        raise UnsupportedSchemaError(f"{pointer}/properties", "must be an object")
    for name, subschema in raw_properties.items():
        properties.append((name, compile_schema(subschema, f"{pointer}/properties/{_token(name)}")))

    required = schema.get("required", [])
    if (
        not isinstance(required, list)
        or any(not isinstance(r, str) for r in required)
        or len(set(required)) != len(required)
    ):
        raise UnsupportedSchemaError(f"{pointer}/required", "must be a list of distinct strings")

    additional = schema.get("additionalProperties", True)
    if not isinstance(additional, bool):
        raise UnsupportedSchemaError(
            f"{pointer}/additionalProperties", "only true or false is implemented (not a subschema)"
        )

    items: Node | None = None
    if "items" in schema:
        items = compile_schema(schema["items"], f"{pointer}/items")

    return Node(
        types=tuple(types),
        enum=enum,
        minimum=bounds["minimum"],
        maximum=bounds["maximum"],
        properties=tuple(properties),
        required=tuple(required),
        additional=additional,
        items=items,
        description=description,
    )


# ---------------------------------------------------------------------------------------------
# 2. Node tree → code


@dataclass
class Function:
    name: str
    signature: str
    returns: str
    doc: str
    lines: list[str]


@dataclass
class ModulePlan:
    """Everything `validator.py.jinja` lays out for one operation."""

    operation: str
    python_name: str
    schema_ids: dict[str, str | None]
    constants: list[tuple[str, str]] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)


class _Constants:
    """Module-level constants, each defined once, named by kind and order."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}
        self.helpers: set[str] = set()

    def add(self, kind: str, source: str) -> str:
        if source not in self._names:
            self._names[source] = f"_{kind}_{len(self._names)}"
        return self._names[source]

    def description(self, text: str | None) -> str:
        return "None" if text is None else self.add("DESC", py_literal(text))

    def set_of(self, values: list[Any]) -> str:
        return self.add("SET", f"frozenset({py_literal(values)})")

    def tuple_of(self, values: list[Any]) -> str:
        return self.add("TUPLE", f"({''.join(py_literal(v) + ', ' for v in values)})")

    def helper(self, name: str) -> str:
        self.helpers.add(name)
        return name

    def items(self) -> list[tuple[str, str]]:
        return [(name, source) for source, name in self._names.items()]


class _FastFunctions:
    """One fast-path function per container subschema, for the collecting path to skip the
    subtrees that are valid (a payload with one unknown field is otherwise checked in full)."""

    def __init__(self, variant: str) -> None:
        self.variant = variant
        self.names: dict[Node, str] = {}
        self.pending: list[tuple[Node, str, str]] = []  # (node, function name, pointer)

    def name_for(self, node: Node, pointer: str) -> str:
        if node not in self.names:
            self.names[node] = f"_fast_{self.variant}_{len(self.names)}"
            self.pending.append((node, self.names[node], pointer))
        return self.names[node]


class _Writer:
    def __init__(self, *, decide: bool = False, calls: _FastFunctions | None = None) -> None:
        self.lines: list[str] = []
        self._level = 0
        self.decide = decide  # the collecting code as a boolean: `return False` at the first issue
        # With `calls`, fast code calls one function per container subschema instead of
        # inlining it, and collecting code skips the subtrees such a function accepts.
        self.calls = calls

    def issue(self, factory_call: str) -> None:
        self("return False" if self.decide else f"issues.append({factory_call})")

    def __call__(self, text: str) -> None:
        self.lines.append("    " * self._level + text)

    @contextmanager
    def block(self, head: str) -> Iterator[None]:
        self(head)
        self._level += 1
        mark = len(self.lines)
        yield
        if len(self.lines) == mark:
            self("pass")
        self._level -= 1


_SAFE_COMMENT = re.compile(r"[^A-Za-z0-9_./*~\-]")


def _comment(pointer: str) -> str:
    """A field's pointer for a comment; anything unusual in a spec name is masked, not trusted."""
    return "# " + (_SAFE_COMMENT.sub("?", pointer) or "/")


def _matches(value: Any, json_type: str) -> bool:
    """Whether an enum member can equal an instance of `json_type` (JSON equality)."""
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type in ("integer", "number"):
        return _is_number(value)
    return value is None


def _bounds(node: Node, x: str) -> str | None:
    low = None if node.minimum is None else py_literal(node.minimum)
    high = None if node.maximum is None else py_literal(node.maximum)
    if low is not None and high is not None:
        return f"{low} <= {x} <= {high}"
    if low is not None:
        return f"{x} >= {low}"
    if high is not None:
        return f"{x} <= {high}"
    return None


_EXACT = {
    "string": "type({x}) is str",
    "boolean": "type({x}) is bool",
    "integer": "type({x}) is int",
    "number": "(type({x}) is int or type({x}) is float)",
}


def fast_scalar_alternatives(
    node: Node, x: str, consts: _Constants, *, may_raise: bool = True
) -> list[str]:
    """One boolean expression per scalar type the node allows: true only when `x` surely passes.

    With `may_raise` (inside the fast path's `try`), a string enum is tested by membership
    alone, which raises TypeError for an unhashable value; without it, the exact type first.
    """
    alternatives: list[str] = []
    for json_type in node.types:
        if json_type in ("object", "array"):
            continue
        if json_type == "null":
            if node.enum is None or any(v is None for v in node.enum):
                alternatives.append(f"{x} is None")
            continue
        membership_only = may_raise and _string_enum_only(node, json_type)
        parts = [] if membership_only else [_EXACT[json_type].format(x=x)]
        if json_type in ("integer", "number"):
            bounds = _bounds(node, x)
            if bounds:
                parts.append(bounds)
        if node.enum is not None:
            members = [v for v in node.enum if _matches(v, json_type)]
            if not members:
                continue
            parts.append(f"{x} in {consts.set_of(members)}")
        alternatives.append(" and ".join(parts))
    return alternatives


def fast_default(node: Node) -> str | None:
    """A literal that passes the node's fast check, to stand in for a missing optional field."""
    if any(t in ("object", "array") for t in node.types):
        return None
    candidates: list[Any] = []
    for json_type in node.types:
        if json_type == "null":
            candidates.append(None)
        elif json_type == "string":
            candidates.append("")
        elif json_type == "boolean":
            candidates.extend([False, True])
        else:
            candidates.extend(
                [0, node.minimum, node.maximum]
                if json_type == "integer"
                else [0, 0.0, node.minimum]
            )
    if node.enum is not None:
        candidates = list(node.enum) + candidates
    for value in candidates:
        if _fast_accepts(node, value):
            return py_literal(value)
    return None


def _fast_accepts(node: Node, value: Any) -> bool:
    """What the emitted fast check decides for a literal value (mirrors fast_scalar_alternatives)."""
    for json_type in node.types:
        if json_type == "null":
            ok = value is None
        elif json_type == "string":
            ok = type(value) is str
        elif json_type == "boolean":
            ok = type(value) is bool
        elif json_type == "integer":
            ok = type(value) is int
        elif json_type == "number":
            ok = type(value) in (int, float)
        else:
            continue
        if ok and json_type in ("integer", "number"):
            ok = (node.minimum is None or value >= node.minimum) and (
                node.maximum is None or value <= node.maximum
            )
        if ok and node.enum is not None:
            ok = any(type(v) is type(value) and v == value for v in node.enum) or (
                json_type in ("integer", "number")
                and any(_is_number(v) and v == value for v in node.enum)
            )
        if ok:
            return True
    return False


def _string_enum_only(node: Node, json_type: str) -> bool:
    """A string alternative whose enum has only strings: membership alone decides it (a non-str
    never equals a str member; an unhashable value raises TypeError, caught as "look closer")."""
    return (
        json_type == "string"
        and node.enum is not None
        and all(isinstance(v, str) or v is None for v in node.enum)
    )


def fast_condition(node: Node, subject: str, consts: _Constants) -> str | None:
    """For a node with only scalar types: the condition (on `subject`) under which the value
    surely passes; None when no value can pass."""
    scalars = fast_scalar_alternatives(node, subject, consts)
    if not scalars:
        return None
    return " or ".join(f"({s})" if " and " in s and len(scalars) > 1 else s for s in scalars)


def _negate(condition: str) -> str:
    """`not condition`, written as `is not` / `not in` when the condition is one such test."""
    if " and " not in condition and " or " not in condition:
        exact = re.fullmatch(r"type\((.+)\) is (\w+)", condition)
        if exact:
            return f"type({exact[1]}) is not {exact[2]}"
        member = re.fullmatch(r"(.+) in (_SET_\d+)", condition)
        if member:
            return f"{member[1]} not in {member[2]}"
    return f"not ({condition})"


def emit_fast(node: Node, x: str, depth: int, w: _Writer, consts: _Constants, pointer: str) -> None:
    """Statements that `return False` unless `x` surely satisfies `node`.

    They run inside `try: ... except (KeyError, TypeError): return False`, so a missing
    required property (read with `x[name]`) or an unhashable value tested for enum membership
    also means "look closer", at no cost on the valid path.
    """
    scalars = fast_scalar_alternatives(node, x, consts)
    branches: list[tuple[str, str | None]] = []  # (condition, container kind or None)
    if scalars:
        joined = " or ".join(f"({s})" if " and " in s and len(scalars) > 1 else s for s in scalars)
        branches.append((joined, None))
    if node.enum is None:
        if "object" in node.types:
            branches.append((f"type({x}) is dict", "object"))
        if "array" in node.types:
            branches.append((f"type({x}) is list", "array"))
    if not branches:
        w("return False")
        return
    if len(branches) == 1:
        condition, kind = branches[0]
        with w.block(f"if {_negate(condition)}:"):
            w("return False")
        if kind is not None:
            _emit_fast_container(node, kind, x, depth, w, consts, pointer)
        return
    for index, (condition, kind) in enumerate(branches):
        with w.block(f"{'if' if index == 0 else 'elif'} {condition}:"):
            if kind is not None:
                _emit_fast_container(node, kind, x, depth, w, consts, pointer)
    with w.block("else:"):
        w("return False")


def _is_scalar(node: Node) -> bool:
    return not any(t in ("object", "array") for t in node.types)


def _emit_fast_container(
    node: Node, kind: str, x: str, depth: int, w: _Writer, consts: _Constants, pointer: str
) -> None:
    if kind == "array":
        if node.items is not None:
            item = f"e{depth}"
            with w.block(f"for {item} in {x}:"):
                _emit_fast_child(node.items, item, depth + 1, w, consts, f"{pointer}/*")
        return
    known = [name for name, _ in node.properties]
    # Required properties that have a subschema are read with x[name] below (KeyError when
    # missing); only the others need an explicit test.
    unread = [name for name in node.required if name not in known]
    if unread:
        present = " and ".join(f"{py_literal(name)} in {x}" for name in unread)
        with w.block(f"if not ({present}):"):
            w("return False")
    optional = [name for name in known if name not in node.required]
    if node.additional or len(optional) <= 2:
        if not node.additional:
            # Every required key is read below, so the object has no unknown key exactly
            # when its size is the number of required keys plus the optional ones present.
            count = " + ".join(
                [str(len(node.required))] + [f"({py_literal(name)} in {x})" for name in optional]
            )
            with w.block(f"if len({x}) != {count}:"):
                w("return False")
        for name, child in node.properties:
            _emit_fast_property(node, name, child, x, depth, w, consts, pointer, full=False)
        return
    # A closed object with several optional properties. When it has exactly as many keys as
    # the schema has properties and every one of them is read (x[name]: KeyError when missing),
    # it has no unknown key: the common, complete object skips the set test and reads its
    # scalars by subscript. Otherwise the set test, and scalars read with a passing default.
    scalars = [(name, child) for name, child in node.properties if _is_scalar(child)]
    containers = [(name, child) for name, child in node.properties if not _is_scalar(child)]
    with w.block(f"if len({x}) == {len(known)}:"):
        unread_containers = [name for name, _ in containers if name not in node.required]
        if unread_containers:
            present = " and ".join(f"{py_literal(name)} in {x}" for name in unread_containers)
            with w.block(f"if not ({present}):"):
                w("return False")
        for name, child in scalars:
            _emit_fast_property(node, name, child, x, depth, w, consts, pointer, full=True)
    with w.block("else:"):
        with w.block(f"if not {consts.set_of(known)}.issuperset({x}):"):
            w("return False")
        for name, child in scalars:
            _emit_fast_property(node, name, child, x, depth, w, consts, pointer, full=False)
    for name, child in containers:
        _emit_fast_property(node, name, child, x, depth, w, consts, pointer, full=False)


def _emit_fast_property(
    node: Node,
    name: str,
    child: Node,
    x: str,
    depth: int,
    w: _Writer,
    consts: _Constants,
    pointer: str,
    *,
    full: bool,
) -> None:
    """The fast checks of one property; `full`: the property is known to be present."""
    value = f"v{depth}"
    child_pointer = f"{pointer}/{_token(name)}"
    w(_comment(child_pointer))
    key = py_literal(name)
    if full or name in node.required:
        access: str | None = f"{x}[{key}]"
    else:
        default = fast_default(child)
        access = None if default is None else f"{x}.get({key}, {default})"
    if access is not None and _is_scalar(child):
        condition = fast_condition(child, value, consts)
        if condition is None:
            w("return False")
            return
        if len(re.findall(rf"\b{value}\b", condition)) == 1:
            inline = fast_condition(child, access, consts)
            assert inline is not None
            with w.block(f"if {_negate(inline)}:"):
                w("return False")
            return
    if access is not None:
        w(f"{value} = {access}")
        _emit_fast_child(child, value, depth + 1, w, consts, child_pointer)
        return
    with w.block(f"if {key} in {x}:"):
        w(f"{value} = {x}[{key}]")
        _emit_fast_child(child, value, depth + 1, w, consts, child_pointer)


def _emit_fast_child(
    child: Node, x: str, depth: int, w: _Writer, consts: _Constants, pointer: str
) -> None:
    if w.calls is not None and not _is_scalar(child):
        with w.block(f"if not {w.calls.name_for(child, pointer)}({x}):"):
            w("return False")
    else:
        emit_fast(child, x, depth, w, consts, pointer)


_INSTANCE = {
    "string": "isinstance({x}, str)",
    "integer": "is_integer({x})",
    "number": "is_number({x})",
    "boolean": "isinstance({x}, bool)",
    "null": "{x} is None",
    "object": "isinstance({x}, dict)",
    "array": "isinstance({x}, list)",
}

PathPart = tuple[str, str]  # ("name", wire name) or ("index", loop variable)


def path_expression(parts: list[PathPart]) -> str:
    """Python source for the JSON Pointer of an instance, from constant names and loop indexes."""
    if not parts:
        return '""'
    pieces: list[str] = []
    literal = ""
    for kind, value in parts:
        if kind == "name":
            literal += "/" + _token(value)
        else:
            pieces.append(py_literal(literal + "/"))
            pieces.append(f"str({value})")
            literal = ""
    if literal:
        pieces.append(py_literal(literal))
    return " + ".join(pieces)


def emit_collect(
    node: Node, x: str, path: list[PathPart], depth: int, w: _Writer, consts: _Constants
) -> None:
    """Statements appending one Issue per failed keyword for `x` to `issues`.

    A scalar is first given the fast path's exact test (most values of an invalid payload are
    still valid); only a value that fails it goes through the keyword-by-keyword checks.
    """
    if (
        w.calls is not None
        and path
        and not _is_scalar(node)
        and (node.object_keywords or node.items is not None)
    ):
        pointer = "".join("/" + (_token(v) if k == "name" else "*") for k, v in path)
        with w.block(f"if not {w.calls.name_for(node, pointer)}({x}):"):
            _emit_collect_keywords(node, x, path, depth, w, consts)
        return
    several = node.enum is not None or node.minimum is not None or node.maximum is not None
    if several and _is_scalar(node):
        alternatives = fast_scalar_alternatives(node, x, consts, may_raise=False)
        if alternatives:
            guard = " or ".join(f"({a})" if " and " in a else a for a in alternatives)
            with w.block(f"if not ({guard}):"):
                _emit_collect_keywords(node, x, path, depth, w, consts)
            return
    _emit_collect_keywords(node, x, path, depth, w, consts)


def _emit_collect_keywords(
    node: Node, x: str, path: list[PathPart], depth: int, w: _Writer, consts: _Constants
) -> None:
    where = path_expression(path)
    desc = consts.description(node.description)
    checks = []
    for json_type in node.types:
        if json_type == "integer":
            consts.helper("is_integer")
        if json_type == "number":
            consts.helper("is_number")
        checks.append(_INSTANCE[json_type].format(x=x))
    expected = (
        py_literal(node.types[0]) if len(node.types) == 1 else consts.tuple_of(list(node.types))
    )
    with w.block(f"if not ({' or '.join(checks)}):"):
        w.issue(f"{consts.helper('type_issue')}({where}, {expected}, {x}, {desc})")
    if node.enum is not None:
        values = consts.tuple_of(list(node.enum))
        with w.block(f"if not {consts.helper('enum_has')}({values}, {x}):"):
            w.issue(f"{consts.helper('enum_issue')}({where}, {values}, {x}, {desc})")
    if node.minimum is not None or node.maximum is not None:
        with w.block(f"if {consts.helper('is_number')}({x}):"):
            if node.minimum is not None:
                low = py_literal(node.minimum)
                with w.block(f"if {x} < {low}:"):
                    w.issue(f"{consts.helper('minimum_issue')}({where}, {low}, {x}, {desc})")
            if node.maximum is not None:
                high = py_literal(node.maximum)
                with w.block(f"if {x} > {high}:"):
                    w.issue(f"{consts.helper('maximum_issue')}({where}, {high}, {x}, {desc})")
    if node.object_keywords:
        with w.block(f"if isinstance({x}, dict):"):
            _emit_collect_object(node, x, path, depth, w, consts)
    if node.items is not None:
        index, item = f"i{depth}", f"e{depth}"
        loop = f"for {item} in {x}:" if w.decide else f"for {index}, {item} in enumerate({x}):"
        with w.block(f"if isinstance({x}, list):"), w.block(loop):
            emit_collect(node.items, item, [*path, ("index", index)], depth + 1, w, consts)


def _emit_collect_object(
    node: Node, x: str, path: list[PathPart], depth: int, w: _Writer, consts: _Constants
) -> None:
    where = path_expression(path)
    children = dict(node.properties)
    if node.required:
        required = consts.tuple_of(list(node.required))
        for name in node.required:
            child = children.get(name)
            text = (
                child.description if child is not None and child.description else node.description
            )
            with w.block(f"if {py_literal(name)} not in {x}:"):
                w.issue(
                    f"{consts.helper('required_issue')}({where}, {required}, "
                    f"{py_literal(name)}, {consts.description(text)})"
                )
    if not node.additional:
        known = consts.set_of([name for name, _ in node.properties])
        key = f"k{depth}"
        with (
            w.block(f"if not {known}.issuperset({x}):"),
            w.block(f"for {key} in {x}:"),
            w.block(f"if {key} not in {known}:"),
        ):
            w.issue(
                f"{consts.helper('additional_issue')}({where}, {key}, "
                f"{consts.description(node.description)})"
            )
    value = f"v{depth}"
    for name, child in node.properties:
        with w.block(f"if {py_literal(name)} in {x}:"):
            w(f"{value} = {x}[{py_literal(name)}]")
            emit_collect(child, value, [*path, ("name", name)], depth + 1, w, consts)


def plan_module(op_name: str, python_name: str, schemas: dict[str, dict[str, Any]]) -> ModulePlan:
    """The plan of one operation's validator module; `schemas` maps variant → response schema."""
    consts = _Constants()
    plan = ModulePlan(op_name, python_name, {v: s.get("$id") for v, s in schemas.items()})
    for variant, schema in schemas.items():
        root = compile_schema(schema)
        fast = _Writer()
        with fast.block("try:"):
            emit_fast(root, "p", 0, fast, consts, "")
        with fast.block("except (KeyError, TypeError):"):
            fast("return False")
        fast("return True")
        plan.functions.append(
            Function(
                f"_valid_{variant}",
                "p: Any",
                "bool",
                f"True when `p` surely satisfies the {variant} schema; False means look closer.",
                fast.lines,
            )
        )
        calls = _FastFunctions(variant)
        decide = _Writer(decide=True, calls=calls)
        emit_collect(root, "p", [], 0, decide, consts)
        decide("return True")
        plan.functions.append(
            Function(
                f"_decide_{variant}",
                "p: Any",
                "bool",
                f"Whether `p` satisfies the {variant} schema, by the collecting path's exact rules.",
                decide.lines,
            )
        )
        collect = _Writer(calls=calls)
        emit_collect(root, "p", [], 0, collect, consts)
        plan.functions.append(
            Function(
                f"_collect_{variant}",
                "p: Any, issues: list[Issue]",
                "None",
                f"Append an Issue to `issues` for every keyword of the {variant} schema `p` fails.",
                collect.lines,
            )
        )
        while calls.pending:
            node, name, pointer = calls.pending.pop(0)
            body = _Writer(calls=calls)
            with body.block("try:"):
                emit_fast(node, "x", 0, body, consts, pointer)
            with body.block("except (KeyError, TypeError):"):
                body("return False")
            body("return True")
            plan.functions.append(
                Function(
                    name,
                    "x: Any",
                    "bool",
                    f"The fast path for {pointer or '/'} ({variant}), for the collecting path.",
                    body.lines,
                )
            )
    plan.constants = consts.items()
    plan.helpers = sorted(consts.helpers)
    return plan


def render_module(plan: ModulePlan, header: str, runtime: str = ".._runtime") -> str:
    """The validator module's source; `runtime` is where `issues` and `validation` are imported
    from (the generated package's own `_runtime` unless a test compiles a module standalone)."""
    if not re.fullmatch(r"\.*[A-Za-z_][\w.]*", runtime):
        raise ValueError(f"not a module path: {runtime!r}")
    return render("validator.py.jinja", plan=plan, header=header, runtime=runtime)


def emit_validators(service: m.Service) -> dict[str, str]:
    """`<pkg>/validators/<operation>.py` for every operation, and the dispatching `__init__`."""
    files: dict[str, str] = {}
    header = python_header(service.source)
    for op in service.operations:
        schemas = {
            "strict": json_schema.response_schema(op, strict=True, service=service),
            "lenient": json_schema.response_schema(op, strict=False, service=service),
        }
        try:
            plan = plan_module(op.name, op.python_name, schemas)
        except UnsupportedSchemaError as exc:
            raise SpecError(
                [
                    Problem(
                        op.source, 0, 0, "response", f"cannot compile the response validator: {exc}"
                    )
                ]
            ) from None
        files[f"{service.name}/validators/{op.python_name}.py"] = render_module(
            plan, python_header(op.source)
        )
    envelope = service.error_response
    markers: dict[str, tuple[str, ...]] = {}
    if envelope is not None:
        files[f"{service.name}/validators/{ENVELOPE_MODULE}.py"] = _envelope_module(service)
        markers = {op.name: envelope.markers(op) for op in service.operations}
    files[f"{service.name}/validators/__init__.py"] = render(
        "validators_init.py.jinja",
        service=service,
        header=header,
        envelope=envelope,
        envelope_module=ENVELOPE_MODULE,
        envelope_description=json_schema.describe(envelope.body.description) if envelope else None,
        markers=markers,
    )
    return files


#: The error envelope's validator module (a leading underscore: no operation's module name).
ENVELOPE_MODULE = "_error_response"


def _envelope_module(service: m.Service) -> str:
    """The error envelope's validator, compiled like a response's from its two schemas."""
    assert service.error_response is not None
    schemas = {
        "strict": json_schema.error_response_schema(service, strict=True),
        "lenient": json_schema.error_response_schema(service, strict=False),
    }
    try:
        plan = plan_module(service.error_response.body.name, ENVELOPE_MODULE, schemas)
    except UnsupportedSchemaError as exc:
        problem = f"cannot compile the error envelope's validator: {exc}"
        raise SpecError([Problem(service.source, 0, 0, "error_response", problem)]) from None
    return render_module(plan, python_header(service.source))
