"""The collecting path: every failed keyword becomes an `Issue`, with jsonschema's exact rules
(`isinstance`, `1.0` is an integer, `true` is not, JSON equality for `enum`). Run only when
the fast path said False. `strict=False` leaves out the lenient schema's missing keywords
(`enum`, `additionalProperties`): its issues are the strict ones but those. The same code in
`decide` mode is the exact boolean verdict
(`return False` at the first issue), for `is_valid` on a payload the fast path doubted.

A value is first given the fast path's exact test (most values of an invalid payload are still
valid); only one that fails it goes through `check_value`, the runtime's keyword-by-keyword
checks against the value's `Rule` (a module constant named after what it checks). Each model
has a function of its own, called with the JSON Pointer of the object (`where`) and the
description of the field that holds it (`desc`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cccgen.emit.pysource import py_literal
from cccgen.emit.validator import conditions as c
from cccgen.emit.validator.fast import properties_set, scalar_alternatives
from cccgen.emit.validator.schema import Node, token
from cccgen.emit.validator.writer import Constants, Writer, identifier_part

#: The (fast, collect, decide) function names of a model.
ModelFunctions = Callable[[Node], tuple[str, str, str]]

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
    def __init__(self, consts: Constants, functions: ModelFunctions) -> None:
        self.consts = consts
        self.functions = functions

    def model(self, node: Node, name: str, w: Writer) -> None:
        """The body of a model's collecting (or deciding) function: `x` is known to be a dict."""
        consts = self.consts
        children = dict(node.properties)
        if node.required:
            required = consts.add(f"REQUIRED_{name}", tuple_literal(node.required))
            for field in node.required:
                child = children.get(field)
                text = "desc"
                if child is not None and child.description:
                    text = description(
                        child.description,
                        (field_hint(field), f"{name}_{field_hint(field)}"),
                        consts,
                    )
                if w.decide:
                    w.fail_if(c.InSet(py_literal(field), "x", negated=True))
                    continue
                with w.block(f"if {py_literal(field)} not in x:"):
                    w.issue(
                        f"{consts.helper('required_issue')}(where, {required}, "
                        f"{py_literal(field)}, {text})"
                    )
        if not node.additional:
            known = properties_set(node, consts)
            # `strict`: False for the lenient schema, which has no additionalProperties
            unknown = c.And((c.Flag("strict"), c.Not(c.Calls(f"{known}.issuperset", "x"))))
            if w.decide:
                w.fail_if(unknown)
            else:
                with (
                    w.block(f"if {c.render(unknown)}:"),
                    w.block("for key in x:"),
                    w.block(f"if key not in {known}:"),
                ):
                    w.issue(f"{consts.helper('additional_issue')}(where, key, desc)")
        for field, child in node.properties:
            if child.is_any:
                continue  # any value passes
            with w.block(f"if {py_literal(field)} in x:"):
                w(f"v0 = x[{py_literal(field)}]")
                hints = (field_hint(field), f"{name}_{field_hint(field)}")
                text = description(child.description, hints, consts)
                self.value(child, "v0", ("where", [("name", field)]), 1, w, text, hints)

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
    ) -> None:
        """Statements checking the value `x` (at `path`) against `node`; `text`: its description.
        `doubted`: the fast path already failed on `x` (the root): not tried again."""
        consts = self.consts
        where = path_source(*path)
        alternatives = scalar_alternatives(node, x, consts, may_raise=False)
        if node.enum is None:  # a container's own keywords are checked below
            if "object" in node.types:
                alternatives.append(c.TypeIs(x, "dict"))
            if "array" in node.types:
                alternatives.append(c.TypeIs(x, "list"))
        check = rule(node, consts)
        if node.is_model:
            # A valid subtree (the most of an invalid payload) is skipped by its fast check.
            fast, collect, decide = self.functions(node)
            if doubted:
                self._own_keywords(x, where, alternatives, check, text, w)
                self._model_call(x, where, collect, decide, text, w)
            else:
                with w.block(f"if not {fast}({x}):"):
                    self._own_keywords(x, where, alternatives, check, text, w)
                    self._model_call(x, where, collect, decide, text, w)
        else:
            self._own_keywords(x, where, alternatives, check, text, w)
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
        x: str,
        where: str,
        alternatives: list[c.Condition],
        check: str,
        text: str,
        w: Writer,
    ) -> None:
        """The value's type, enum and bounds, given to the runtime once the fast test failed."""
        consts = self.consts
        if w.decide:
            fails = c.negate(c.Calls(consts.helper("accepts"), x, (check, "strict")))
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

    @staticmethod
    def _model_call(x: str, where: str, collect: str, decide: str, text: str, w: Writer) -> None:
        if w.decide:
            decided = c.Calls(decide, x, ("strict",))
            w.fail_if(c.And((c.Calls("isinstance", x, ("dict",)), c.negate(decided))))
        else:
            with w.block(f"if isinstance({x}, dict):"):
                w(f"{collect}({x}, {where}, issues, {text}, strict)")


def field_hint(name: str) -> str:
    """The constant-name part for a field name."""
    return identifier_part(name, "FIELD")
