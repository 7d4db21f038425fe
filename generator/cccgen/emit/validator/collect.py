"""The collecting path: every failed keyword becomes an `Issue`, with jsonschema's exact rules
(`isinstance`, `1.0` is an integer, `true` is not, JSON equality for `enum`). Run only when
the fast path said False. `strict=False` leaves out the lenient schema's missing keywords
(`enum`, `additionalProperties`): its issues are the strict ones but those. The same code in
`decide` mode is the exact boolean verdict
(`return False` at the first issue), for `is_valid` on a payload the fast path doubted.

A value is first given the fast path's exact test (most values of an invalid payload are still
valid), and a model's object its fast function with the same `strict` (so drift in a subtree
does not send it here in lenient mode); only one that fails it goes through `check_value`, the runtime's keyword-by-keyword
checks against the value's `Rule` (a module constant named after what it checks); when deciding,
a value of one type and no enum is tested in place by jsonschema's rule for it. Each model has
a collecting function of its own, called with the JSON Pointer of the object (`where`) and the
description of the field that holds it (`desc`), but the root model, checked in place by the
entry points; a model used once is decided in place by its caller (no call per object).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cccgen.emit.pysource import py_literal
from cccgen.emit.validator import conditions as c
from cccgen.emit.validator.fast import properties_set, scalar_alternatives
from cccgen.emit.validator.schema import Node, token
from cccgen.emit.validator.writer import Constants, Writer, identifier_part


@dataclass(frozen=True)
class ModelFunctions:
    """A model's functions as its callers name them; `decide` is None for a model whose
    deciding checks are inlined in its one caller, and `collect` too for the unit's root model
    (checked in place by the entry points). `name`: its constants' name part."""

    fast: str
    collect: str | None
    decide: str | None
    name: str


#: The functions of a model.
Functions = Callable[[Node], ModelFunctions]

_ISINSTANCE = {"string": "str", "boolean": "bool", "object": "dict", "array": "list"}

#: Up to this many required names, the deciding path tests them inline rather than in a call.
_INLINE_REQUIRED = 6

_INT_NAMES = {(-(2**31), 2**31 - 1): "INT32", (-(2**63), 2**63 - 1): "INT64"}


def rule(node: Node, consts: Constants) -> str:
    """The constant holding the node's `Rule`: its types, enum and bounds."""
    expected = py_literal(node.types[0]) if len(node.types) == 1 else tuple_literal(node.types)
    arguments = [expected]
    if node.enum is not None:
        arguments.append(f"enum={tuple_literal(node.enum)}")
    if node.minimum is not None:
        arguments.append(f"minimum={py_literal(node.minimum)}")
    if node.maximum is not None:
        arguments.append(f"maximum={py_literal(node.maximum)}")
    if node.enum is not None and node.title:
        words = [identifier_part(node.title, "ENUM")]
        words += ["OR_NULL"] if "null" in node.types else []
    else:
        words = []
        for json_type in node.types:
            bounds = (node.minimum, node.maximum)
            if json_type == "integer" and bounds in _INT_NAMES:
                words.append(_INT_NAMES[bounds])
            else:
                words.append(json_type.upper())
        words = ["_OR_".join(words)]
        if node.enum is not None:
            words.append("ENUM")
        elif (node.minimum, node.maximum) not in _INT_NAMES and (
            node.minimum is not None or node.maximum is not None
        ):
            words.append("BOUNDED")
    consts.helper("Rule")
    return consts.add("RULE_" + "_".join(words), f"Rule({', '.join(arguments)})")


def tuple_literal(values: tuple[Any, ...]) -> str:
    """A Python tuple literal of `values` (a trailing comma, so one value is a tuple)."""
    return "(" + "".join(py_literal(v) + ", " for v in values) + ")"


def description(text: str | None, hints: tuple[str, ...], consts: Constants) -> str:
    """The constant holding a description, named after the field it describes."""
    if text is None:
        return "None"
    return consts.named(tuple(f"DESC_{hint}" for hint in hints), py_literal(text))


def path_source(base: str, parts: list[tuple[str, str]]) -> str:
    """Python source for a JSON Pointer: `base` (an expression) then names and loop indexes."""
    pieces = [] if base == '""' else [base]
    literal = ""
    for kind, value in parts:
        if kind == "name":
            literal += "/" + token(value)
        else:
            pieces.append(py_literal(literal + "/"))
            pieces.append(f"str({value})")
            literal = ""
    if literal or not pieces:
        pieces.append(py_literal(literal))
    return " + ".join(pieces)


class CollectEmitter:
    def __init__(self, consts: Constants, functions: Functions) -> None:
        self.consts = consts
        self.functions = functions

    def model(
        self,
        node: Node,
        name: str,
        w: Writer,
        x: str = "x",
        depth: int = 0,
        path: tuple[str, list[tuple[str, str]]] = ("where", []),
        desc: str = "desc",
        *,
        doubted: bool = False,
    ) -> None:
        """The checks of a model's object `x`, known to be a dict: the body of its collecting
        (or deciding) function, or the same inlined in its one caller, with the object at
        `path`, its fields read into `v<depth>` and `desc` the description of the field that
        holds it. `doubted`: the fast path failed on `x`, so once every other check passed
        (deciding), or found nothing (collecting), its last field is what it failed on: not
        given its fast check again."""
        consts = self.consts
        where = path_source(*path)
        checked = [(field, child) for field, child in node.properties if not child.is_any]
        count = f"n{depth}"  # the issues found before `x`'s checks
        counted = doubted and not w.decide and bool(checked) and checked[-1][1].is_model
        if counted:
            w(f"{count} = len(issues)")
        children = dict(node.properties)
        if node.required:
            required = consts.add(f"REQUIRED_{name}", tuple_literal(node.required))
            texts: list[str] = []
            for field in node.required:
                child = children.get(field)
                text = desc
                if child is not None and child.description:
                    text = description(
                        child.description,
                        (field_hint(field), f"{name}_{field_hint(field)}"),
                        consts,
                    )
                texts.append(text)
            present = c.all_of([c.InSet(py_literal(field), x) for field in node.required])
            if len(node.required) > _INLINE_REQUIRED:
                # One runtime call for every required name (not two lines per name).
                if w.decide:
                    w.fail_if(c.Not(c.Calls(consts.helper("has_required"), x, (required,))))
                else:
                    if desc in texts:
                        listed = f"({', '.join(texts)},)"
                    else:
                        listed = consts.add(f"REQUIRED_TEXTS_{name}", f"({', '.join(texts)},)")
                    w(
                        f"{consts.helper('required_issues')}"
                        f"(issues, {where}, {x}, {required}, {listed})"
                    )
            elif w.decide:
                # `"A" in x and "B" in x`: no call for the few names most models require
                w.fail_if(c.negate(present))
            else:
                for field, text in zip(node.required, texts, strict=True):
                    with w.block(f"if {py_literal(field)} not in {x}:"):
                        w.issue(
                            f"{consts.helper('required_issue')}({where}, {required}, "
                            f"{py_literal(field)}, {text})"
                        )
        if not node.additional:
            known = properties_set(node, consts)
            # `strict`: False for the lenient schema, which has no additionalProperties
            unknown = c.And((c.Flag("strict"), c.Not(c.Calls(f"{known}.issuperset", x))))
            if w.decide:
                w.fail_if(unknown)
            else:
                with (
                    w.block(f"if {c.render(unknown)}:"),
                    w.block(f"for key in {x}:"),
                    w.block(f"if key not in {known}:"),
                ):
                    w.issue(f"{consts.helper('additional_issue')}({where}, key, {desc})")
        value = f"v{depth}"
        for index, (field, child) in enumerate(checked):
            with w.block(f"if {py_literal(field)} in {x}:"):
                w(f"{value} = {x}[{py_literal(field)}]")
                hints = (field_hint(field), f"{name}_{field_hint(field)}")
                text = description(child.description, hints, consts)
                field_path = (path[0], [*path[1], ("name", field)])
                last = doubted and index == len(checked) - 1
                self.value(
                    child,
                    value,
                    field_path,
                    depth + 1,
                    w,
                    text,
                    hints,
                    doubted=last and w.decide,
                    unless=f"len(issues) == {count}" if last and counted else None,
                )

    def value(
        self,
        node: Node,
        x: str,
        path: tuple[str, list[tuple[str, str]]],
        depth: int,
        w: Writer,
        text: str,
        hints: tuple[str, ...],
        *,
        doubted: bool = False,
        unless: str | None = None,
    ) -> None:
        """Statements checking the value `x` (at `path`) against `node`; `text`: its description.
        `doubted`: the fast path already failed on `x` (the root, or in a deciding path the
        last field of a doubted object): a model's fast check is not tried again; `unless`:
        nor when this condition holds (a collecting path that found nothing before `x`)."""
        consts = self.consts
        where = path_source(*path)
        alternatives = [
            _enum_unless_lenient(a) for a in scalar_alternatives(node, x, consts, may_raise=False)
        ]
        if node.enum is None:  # a container's own keywords are checked below
            if "object" in node.types:
                alternatives.append(c.TypeIs(x, "dict"))
            if "array" in node.types:
                alternatives.append(c.TypeIs(x, "list"))
        check = rule(node, consts)
        if node.is_model:
            # A valid subtree (the most of an invalid payload) is skipped by its fast check.
            functions = self.functions(node)
            if doubted:
                self._own_keywords(node, x, where, alternatives, check, text, w)
                self._model_call(node, x, path, depth, functions, text, w, doubted=True)
            else:
                skip = f"not {functions.fast}({x}, strict)"
                with w.block(f"if {unless} or {skip}:" if unless else f"if {skip}:"):
                    self._own_keywords(node, x, where, alternatives, check, text, w)
                    self._model_call(node, x, path, depth, functions, text, w)
        else:
            self._own_keywords(node, x, where, alternatives, check, text, w)
        if node.items is not None and not node.items.is_any:
            index, item = f"i{depth}", f"e{depth}"
            loop = f"for {item} in {x}:" if w.decide else f"for {index}, {item} in enumerate({x}):"
            with w.block(f"if isinstance({x}, list):"), w.block(loop):
                item_path = (path[0], [*path[1], ("index", index)])
                item_hints = tuple(f"{hint}_ITEM" for hint in hints)
                item_text = description(node.items.description, item_hints, consts)
                self.value(node.items, item, item_path, depth + 1, w, item_text, item_hints)

    def _own_keywords(
        self,
        node: Node,
        x: str,
        where: str,
        alternatives: list[c.Condition],
        check: str,
        text: str,
        w: Writer,
    ) -> None:
        """The value's type, enum and bounds, given to the runtime once the fast test failed
        (the deciding path tests a value of one type and no enum in place)."""
        consts = self.consts
        if w.decide:
            exact = self._exact(node, x)
            if exact is None:
                exact = c.Calls(consts.helper("accepts"), x, (check, "strict"))
            fails = c.negate(exact)
            if alternatives:
                fails = c.And((c.negate(c.any_of(alternatives)), fails))
            w.fail_if(fails)
            return
        statement = f"{consts.helper('check_value')}(issues, {where}, {x}, {check}, {text}, strict)"
        if alternatives:
            with w.block(f"if {c.render(c.negate(c.any_of(alternatives)))}:"):
                w(statement)
        else:
            w(statement)

    def _exact(self, node: Node, x: str) -> c.Condition | None:
        """jsonschema's own test of a value of one type with no enum (`isinstance(x, str)`,
        `is_integer(x)` and its bounds), or None: the runtime's `accepts` decides it."""
        if node.enum is not None or len(node.types) != 1:
            return None
        json_type = node.types[0]
        if json_type in _ISINSTANCE:
            return c.Calls("isinstance", x, (_ISINSTANCE[json_type],))
        if json_type == "null":
            return c.IsNone(x)
        bounded = node.minimum is not None or node.maximum is not None
        if json_type == "number":
            # NaN passes jsonschema's bounds, but not a `<=` chain: bounds go to `accepts`
            return None if bounded else c.Calls(self.consts.helper("is_number"), x)
        test: c.Condition = c.Calls(self.consts.helper("is_integer"), x)
        if bounded:  # an integer is never NaN
            low = None if node.minimum is None else py_literal(node.minimum)
            high = None if node.maximum is None else py_literal(node.maximum)
            test = c.And((test, c.Between(x, low, high)))
        return test

    def _model_call(
        self,
        node: Node,
        x: str,
        path: tuple[str, list[tuple[str, str]]],
        depth: int,
        functions: ModelFunctions,
        text: str,
        w: Writer,
        *,
        doubted: bool = False,
    ) -> None:
        """The model's own checks of the object `x`: its function's call, or (a model used
        once) its checks in place, with no call."""
        called = functions.decide if w.decide else functions.collect
        if called is None:
            with w.block(f"if isinstance({x}, dict):"):
                self.model(node, functions.name, w, x, depth, path, text, doubted=doubted)
        elif w.decide:
            decided = c.Calls(called, x, ("strict",))
            w.fail_if(c.And((c.Calls("isinstance", x, ("dict",)), c.negate(decided))))
        else:
            with w.block(f"if isinstance({x}, dict):"):
                where = path_source(*path)
                w(f"{called}({x}, {where}, issues, {text}, strict)")


def _enum_unless_lenient(condition: c.Condition) -> c.Condition:
    """`x in _ENUM_…` becomes `(not strict or x in _ENUM_…)`: the lenient schema has no enum,
    so drift of the right type passes here, not in a runtime call that would find nothing (the
    flag first: the lenient mode skips the lookup, the strict one pays a local read)."""
    if isinstance(condition, c.InSet):
        return c.Or((c.Flag("strict", negated=True), condition))
    if isinstance(condition, c.And):
        return c.And(tuple(_enum_unless_lenient(p) for p in condition.parts))
    return condition


def field_hint(name: str) -> str:
    """The constant-name part for a field name."""
    return identifier_part(name, "FIELD")
