"""The fast path: straight-line exact-type checks (`type(x) is str`) that `return False` at the
first doubt. Conservative: False never means invalid, only "look closer" (the collecting path
then decides with jsonschema's rules). It allocates nothing but loop iterators.

The emitted statements run inside `try: ... except (KeyError, TypeError): return False`, so a
missing required property (read with `x[name]`) or an unhashable value tested for enum
membership also means "look closer", at no cost on the valid path.

A model's fast function takes `strict` (True by default): with `strict=False` it checks the
lenient schema, i.e. lets drift (an unknown enum value of the right type, an unknown property)
pass. The flag is read ahead of the tests that only one schema needs (the key count, the enum
lookup), so either mode pays a local read at most for the other; the collecting path and the
lenient fast path call the models with it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cccgen.emit.pysource import py_literal
from cccgen.emit.validator import conditions as c
from cccgen.emit.validator.schema import Node, is_number
from cccgen.emit.validator.writer import Constants, Writer, identifier_part

#: The function a model's fast check is called as, or None to inline it.
Called = Callable[[Node], str | None]

_EXACT = {"string": "str", "boolean": "bool", "integer": "int"}


def _matches(value: Any, json_type: str) -> bool:
    """Whether an enum member can equal an instance of `json_type` (JSON equality)."""
    if json_type == "string":
        return isinstance(value, str)
    if json_type == "boolean":
        return isinstance(value, bool)
    if json_type in ("integer", "number"):
        return is_number(value)
    return value is None


def enum_set(node: Node, members: list[Any], json_type: str, consts: Constants) -> str:
    """The name of the module constant holding an enum's members of one JSON type."""
    name = identifier_part(node.title or "", "VALUES")
    several = len([t for t in node.types if t != "null"]) > 1
    hint = f"ENUM_{name}" + (f"_{json_type.upper()}" if several else "")
    return consts.add(hint, f"frozenset({py_literal(members)})")


def _string_enum_only(node: Node, json_type: str) -> bool:
    """A string alternative whose enum has only strings: membership alone decides it (a non-str
    never equals a str member; an unhashable value raises TypeError, caught as "look closer")."""
    return (
        json_type == "string"
        and node.enum is not None
        and all(isinstance(v, str) or v is None for v in node.enum)
    )


def scalar_alternatives(
    node: Node, x: str, consts: Constants, *, may_raise: bool = True
) -> list[c.Condition]:
    """One condition per scalar type the node allows: true only when `x` surely passes.

    With `may_raise` (inside the fast path's `try`), a string enum is tested by membership
    alone, which raises TypeError for an unhashable value; without it, the exact type first.
    """
    alternatives: list[c.Condition] = []
    for json_type in node.types:
        if json_type in ("object", "array"):
            continue
        if json_type == "null":
            if node.enum is None or any(v is None for v in node.enum):
                alternatives.append(c.IsNone(x))
            continue
        membership_only = may_raise and _string_enum_only(node, json_type)
        parts: list[c.Condition] = []
        if not membership_only:
            if json_type == "number":
                parts.append(c.Or((c.TypeIs(x, "int"), c.TypeIs(x, "float"))))
            else:
                parts.append(c.TypeIs(x, _EXACT[json_type]))
        if json_type in ("integer", "number") and (
            node.minimum is not None or node.maximum is not None
        ):
            low = None if node.minimum is None else py_literal(node.minimum)
            high = None if node.maximum is None else py_literal(node.maximum)
            parts.append(c.Between(x, low, high))
        if node.enum is not None:
            members = [v for v in node.enum if _matches(v, json_type)]
            if not members:
                continue
            parts.append(c.InSet(x, enum_set(node, members, json_type, consts)))
        alternatives.append(c.all_of(parts))
    return alternatives


def fast_default(node: Node) -> str | None:
    """A literal that passes the node's fast check, to stand in for a missing optional field."""
    if not node.is_scalar:
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
    """What the emitted fast check decides for a literal value (mirrors scalar_alternatives)."""
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
                and any(is_number(v) and v == value for v in node.enum)
            )
        if ok:
            return True
    return False


class FastEmitter:
    """Emits one function's fast checks; models that `called` names are called, not inlined.

    `strict`: what the function passes to the model functions it calls as their `strict`, and
    tests to let drift pass: "strict" (its own parameter: a model's function), "False" (the
    lenient schema's fast path), or None (the strict one's: the default).
    """

    def __init__(self, consts: Constants, called: Called, strict: str | None = None) -> None:
        self.consts = consts
        self.called = called
        self.arguments = "" if strict is None else f", {strict}"
        self.flagged = strict == "strict"  # drift passes under `not strict`

    def _alternatives(self, node: Node, x: str) -> list[c.Condition]:
        """The scalar alternatives; in a model's function, the lenient ones too, under
        `not strict` (first: the lenient mode skips the enum lookup, the strict one pays a
        local read)."""
        alternatives = scalar_alternatives(node, x, self.consts)
        if not self.flagged or node.enum is None:
            return alternatives
        lenient = scalar_alternatives(node.without_drift(), x, self.consts)
        return [c.And((c.Flag("strict", negated=True), c.any_of(lenient))), *alternatives]

    def function(self, node: Node, w: Writer) -> None:
        """The body of a model's fast function (parameter `x`), the model itself inlined."""
        with w.block("try:"):
            self.emit(node, "x", 0, w, inline=True)
        with w.block("except (KeyError, TypeError):"):
            w("return False")
        w("return True")

    def emit(self, node: Node, x: str, depth: int, w: Writer, *, inline: bool = False) -> None:
        """Statements that `return False` unless `x` surely satisfies `node`."""
        if node.is_any:
            return
        scalars = self._alternatives(node, x)
        branches: list[tuple[c.Condition, str | None]] = []  # (condition, container kind)
        if scalars:
            branches.append((c.any_of(scalars), None))
        if node.enum is None:
            if "object" in node.types:
                branches.append((c.TypeIs(x, "dict"), "object"))
            if "array" in node.types:
                branches.append((c.TypeIs(x, "list"), "array"))
        if not branches:
            w("return False")
            return
        function = None if inline or not node.is_model else self.called(node)
        if len(branches) == 1:
            condition, kind = branches[0]
            if kind == "object" and function is not None:
                # the called function tests the type itself
                with w.block(f"if not {function}({x}{self.arguments}):"):
                    w("return False")
                return
            with w.block(f"if {c.render(c.negate(condition))}:"):
                w("return False")
            if kind is not None:
                self._container(node, kind, x, depth, w, function)
            return
        for index, (condition, kind) in enumerate(branches):
            with w.block(f"{'if' if index == 0 else 'elif'} {c.render(condition)}:"):
                if kind is not None:
                    self._container(node, kind, x, depth, w, function)
        with w.block("else:"):
            w("return False")

    def _container(
        self, node: Node, kind: str, x: str, depth: int, w: Writer, function: str | None
    ) -> None:
        if kind == "array":
            if node.items is not None and not node.items.is_any:
                item = f"e{depth}"
                with w.block(f"for {item} in {x}:"):
                    self.emit(node.items, item, depth + 1, w)
            return
        if function is not None:
            with w.block(f"if not {function}({x}{self.arguments}):"):
                w("return False")
            return
        self._object(node, x, depth, w)

    def _object(self, node: Node, x: str, depth: int, w: Writer) -> None:
        known = [name for name, _ in node.properties]
        # Required properties that have a subschema are read with x[name] below (KeyError when
        # missing); only the others need an explicit test (an `any` one is never read).
        read = [name for name, child in node.properties if not child.is_any]
        unread = [name for name in node.required if name not in read]
        if unread:
            with w.block(f"if {missing_test(unread, x)}:"):
                w("return False")
        optional = [name for name in known if name not in node.required]
        if node.additional or len(optional) <= 2:
            if not node.additional:
                # Every required key is read below, so the object has no unknown key exactly
                # when its size is the number of required keys plus the optional ones present.
                count = " + ".join(
                    [str(len(node.required))]
                    + [f"({py_literal(name)} in {x})" for name in optional]
                )
                # unknown keys pass in lenient mode (the flag first: the lenient mode does
                # not count the keys for nothing; the strict one reads a local for it)
                flag = "strict and " if self.flagged else ""
                with w.block(f"if {flag}len({x}) != {count}:"):
                    w("return False")
            for name, child in node.properties:
                self._property(node, name, child, x, depth, w, full=False)
            return
        # A closed object with several optional properties. When it has exactly as many keys
        # as the schema has properties and every one of them is read (x[name]: KeyError when
        # missing), it has no unknown key: the common, complete object skips the set test and
        # reads its scalars by subscript. Otherwise the set test, and scalars read with a
        # passing default.
        scalars = [(name, child) for name, child in node.properties if child.is_scalar]
        containers = [(name, child) for name, child in node.properties if not child.is_scalar]
        properties = properties_set(node, self.consts)
        complete = f"len({x}) == {len(known)}"
        if self.flagged:
            # The lenient mode reads every scalar with a default: unknown keys may stand in
            # for known ones (a set test of every key would cost more than the reads save).
            complete = f"strict and {complete}"
        with w.block(f"if {complete}:"):
            unread_containers = [name for name, _ in containers if name not in node.required]
            if unread_containers:
                with w.block(f"if {missing_test(unread_containers, x)}:"):
                    w("return False")
            flagged, self.flagged = self.flagged, False  # only the strict mode gets here
            for name, child in scalars:
                self._property(node, name, child, x, depth, w, full=True)
            self.flagged = flagged
        with w.block("else:"):
            flag = "strict and " if self.flagged else ""
            with w.block(f"if {flag}not {properties}.issuperset({x}):"):
                w("return False")
            for name, child in scalars:
                self._property(node, name, child, x, depth, w, full=False)
        for name, child in containers:
            self._property(node, name, child, x, depth, w, full=False)

    def _property(
        self, node: Node, name: str, child: Node, x: str, depth: int, w: Writer, *, full: bool
    ) -> None:
        """The fast checks of one property; `full`: the property is known to be present."""
        if child.is_any:
            return  # any value passes; its presence, when required, was tested by the caller
        value = f"v{depth}"
        key = py_literal(name)
        access: str | None
        if full or name in node.required:
            access = f"{x}[{key}]"
        else:
            default = fast_default(child)
            access = None if default is None else f"{x}.get({key}, {default})"
        if access is not None and child.is_scalar:
            alternatives = self._alternatives(child, value)
            if not alternatives:
                w("return False")
                return
            condition = c.any_of(alternatives)
            # Read in place (no local variable) when the strict test reads it once: a second
            # read is only ever the lenient test's, after the strict one failed.
            strict_only = scalar_alternatives(child, value, self.consts)
            if c.uses(c.any_of(strict_only) if strict_only else condition) == 1:
                with w.block(f"if {c.render(c.negate(c.on(condition, access)))}:"):
                    w("return False")
                return
        if access is not None:
            w(f"{value} = {access}")
            self.emit(child, value, depth + 1, w)
            return
        with w.block(f"if {key} in {x}:"):
            w(f"{value} = {x}[{key}]")
            self.emit(child, value, depth + 1, w)


def properties_set(node: Node, consts: Constants) -> str:
    """The constant naming an object's declared properties."""
    hint = f"PROPERTIES_{identifier_part(node.title or '', 'OBJECT')}"
    return consts.add(hint, f"frozenset({py_literal([name for name, _ in node.properties])})")


def missing_test(names: list[str], x: str) -> str:
    """The test that one of `names` is missing from `x` (`not in` for one: ruff's E713)."""
    if len(names) == 1:
        return f"{py_literal(names[0])} not in {x}"
    return "not (" + " and ".join(f"{py_literal(name)} in {x}" for name in names) + ")"
