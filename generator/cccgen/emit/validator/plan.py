"""Step 2 of the validator compiler: the Node trees of a whole service laid out as modules.

Each *unit* (an operation's response, or the error envelope) gets a module of its own holding
its entry points and the functions of the models only it uses; a model used by several units
lives in a module of its own under `_models/`, compiled once. Per model: `_collect_<model>`
and `_decide_<model>` (the collecting path and its boolean form), and `_valid_<model>` (the
fast path) when it is called rather than inlined: a model used once in a unit is inlined in
the unit's fast path and in its caller's deciding checks, where a call per object would cost
more than its checks (so it has no `_decide_<model>`); the unit's root model is checked in
place by the entry points (no functions of its own); a model used once that holds no model is
inlined in its parent's fast function too.

Only the strict schema is compiled: the lenient one must be the strict one without `enum` and
`additionalProperties` (checked here), so its issues are the strict ones minus the drift ones.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from cccgen.emit.validator.collect import CollectEmitter, ModelFunctions, description
from cccgen.emit.validator.fast import FastEmitter
from cccgen.emit.validator.schema import Node, UnsupportedSchemaError, compile_schema
from cccgen.emit.validator.writer import Constants, Writer
from cccgen.naming import snake_case

MODELS_PACKAGE = "_models"


@dataclass
class Function:
    name: str
    signature: str
    returns: str
    doc: str
    lines: list[str]


@dataclass
class ModulePlan:
    """Everything `validator.py.jinja` lays out for one module."""

    name: str  # the module's path under validators/, e.g. "get_call_detail_record"
    title: str  # what the module validates (an operation, or a model)
    entry: dict[str, Any] | None  # a unit's OPERATION, SCHEMA_IDS and root descriptions
    runtime: str = ".._runtime.core"
    imports: dict[str, set[str]] = field(default_factory=dict)  # module → names
    constants: list[tuple[str, str]] = field(default_factory=list)
    helpers: list[str] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)


@dataclass(frozen=True)
class Unit:
    module: str  # the module name under validators/
    title: str  # the operation (or envelope) name
    strict: dict[str, Any]
    lenient: dict[str, Any]


def compile_unit(unit: Unit) -> Node:
    """The strict tree, after checking the lenient schema derives from it."""
    root = compile_schema(unit.strict)
    lenient = compile_schema(unit.lenient)
    if replace(root.without_drift(), description=None) != replace(lenient, description=None):
        raise UnsupportedSchemaError(
            "", "the lenient schema must be the strict one without enum and additionalProperties"
        )
    return root


def _walk(node: Node, name: str) -> Iterator[tuple[Node, str]]:
    """Every model node under `node` (itself included), with a name hint for it."""
    if node.is_model:
        yield node, name
    for field_name, child in node.properties:
        yield from _walk(child, f"{name}_{snake_case(field_name) or 'field'}")
    if node.items is not None:
        yield from _walk(node.items, f"{name}_item")


def _is_leaf(node: Node) -> bool:
    """Whether no model is nested in the model `node`."""
    children = [child for _, child in node.properties]
    children += [node.items] if node.items is not None else []
    return not any(child.is_model or not _is_leaf(child) for child in children)


def _key(node: Node) -> tuple[object, ...]:
    return ("model", node.title) if node.title else ("shape", node.shape())


@dataclass
class _Model:
    node: Node
    ident: str
    units: set[str] = field(default_factory=set)
    uses: int = 0  # the most uses in one unit

    @property
    def inlined(self) -> bool:
        """Used once, in one unit: its deciding and collecting checks are inlined in its
        caller (a call per object would cost more than a function of its own saves)."""
        return len(self.units) == 1 and self.uses == 1

    @property
    def module(self) -> str:
        return f"{MODELS_PACKAGE}/{self.ident}" if len(self.units) > 1 else next(iter(self.units))


class ServicePlan:
    def __init__(self, units: list[tuple[Unit, Node]]) -> None:
        self.units = units
        self.models: dict[tuple[object, ...], _Model] = {}
        self.lenient_keys: dict[tuple[object, ...], tuple[object, ...]] = {}
        taken: set[str] = set()
        for unit, root in units:
            counts: dict[tuple[object, ...], int] = {}
            for node, hint in _walk(root, snake_case(root.title or "") or "response"):
                key = _key(node)
                model = self.models.get(key)
                if model is None:
                    ident = snake_case(node.title) if node.title else hint
                    ident = "".join(ch for ch in ident if ch.isalnum() or ch == "_").strip("_")
                    ident = ident if ident and not ident[0].isdigit() else "model"
                    if keyword.iskeyword(ident):  # a module name under _models/
                        ident += "_model"
                    base, n = ident, 1
                    while ident in taken:
                        n += 1
                        ident = f"{base}_{n}"
                    taken.add(ident)
                    model = self.models[key] = _Model(node, ident)
                elif model.node.shape() != node.shape():
                    raise UnsupportedSchemaError(
                        "", f"two different object schemas are both titled {node.title!r}"
                    )
                self.lenient_keys[_key(node.without_drift())] = key
                model.units.add(unit.module)
                counts[key] = counts.get(key, 0) + 1
                model.uses = max(model.uses, counts[key])

    def modules(self) -> list[ModulePlan]:
        plans: dict[str, ModulePlan] = {}
        for unit, root in self.units:
            plans[unit.module] = self._unit_module(unit, root)
        for model in self.models.values():
            if len(model.units) > 1:
                plan = ModulePlan(
                    model.module, model.node.title or model.ident, None, "..._runtime.core"
                )
                consts = Constants()
                self._model_functions(model, plan, consts)
                plan.constants, plan.helpers = consts.items(), sorted(consts.helpers)
                plans[model.module] = plan
        return list(plans.values())

    def _reference(self, plan: ModulePlan, node: Node, prefix: str) -> str:
        model = self.models[_key(node)]
        name = f"_{prefix}_{model.ident}"
        if model.module != plan.name:
            depth = "." if plan.name.startswith(MODELS_PACKAGE) else f".{MODELS_PACKAGE}."
            plan.imports.setdefault(f"{depth}{model.ident}", set()).add(name)
        return name

    def _emitters(
        self,
        plan: ModulePlan,
        consts: Constants,
        *,
        inline: bool,
        strict: str | None = "strict",
        root: Node | None = None,
    ) -> tuple[FastEmitter, CollectEmitter]:
        """`inline`: for a unit's own fast path, which inlines the models used once in it (a
        model's fast function inlines only those that hold no model: its items, say, where a
        call per object would cost more than the checks); `strict`: what its fast checks pass
        to the model functions (see FastEmitter); `root`: the unit's root, whose model (used
        once) the entry points check in place."""

        def called(node: Node) -> str | None:
            # A lenient node (no drift keywords) stands for the strict model it comes from:
            # inlined like it, or else checked by its fast function with `strict=False`.
            model = self.models.get(_key(node)) or self.models[self.lenient_keys[_key(node)]]
            if model.inlined and (inline or _is_leaf(model.node)):
                return None
            return self._reference(plan, model.node, "valid")

        def functions(node: Node) -> ModelFunctions:
            model = self.models[_key(node)]
            at_root = node is root and model.inlined  # its fast path failed already
            return ModelFunctions(
                "" if at_root else self._reference(plan, node, "valid"),
                None if at_root else self._reference(plan, node, "collect"),
                None if model.inlined else self._reference(plan, node, "decide"),
                model.ident.upper(),
            )

        return FastEmitter(consts, called, strict), CollectEmitter(consts, functions)

    def _model_functions(
        self, model: _Model, plan: ModulePlan, consts: Constants, *, root: bool = False
    ) -> None:
        """The model's fast, collecting and deciding functions; none for the unit's root model
        used once (the entry points check it in place, after its fast path failed), and no
        deciding one for a model used once (its caller decides it in place)."""
        if root and model.inlined:
            return
        fast, collect = self._emitters(plan, consts, inline=False)
        title = model.node.title or model.ident
        w = Writer()
        fast.function(model.node, w)
        doc = (
            f"True when `x` surely is a valid {title} (`strict=False`: by the lenient schema);"
            " False means look closer."
        )
        signature = "x: Any, strict: bool = True"
        plan.functions.append(Function(f"_valid_{model.ident}", signature, "bool", doc, w.lines))
        name = model.ident.upper()
        if not model.inlined:
            w = Writer(decide=True)
            collect.model(model.node, name, w)
            w.finish()
            doc = (
                f"Whether the object `x` is a valid {title}, by the collecting path's exact rules."
            )
            signature = "x: dict[str, Any], strict: bool"
            plan.functions.append(
                Function(f"_decide_{model.ident}", signature, "bool", doc, w.lines)
            )
        w = Writer()
        collect.model(model.node, name, w)
        doc = f"Append an Issue for every way the object `x` (at `where`) departs from {title}."
        plan.functions.append(
            Function(
                f"_collect_{model.ident}",
                "x: dict[str, Any], where: str, issues: list[Issue], desc: str | None, strict: bool",
                "None",
                doc,
                w.lines,
            )
        )

    def _unit_module(self, unit: Unit, root: Node) -> ModulePlan:
        consts = Constants()
        descriptions = {
            "strict": collect_description(unit.strict, "STRICT", consts),
            "lenient": collect_description(unit.lenient, "LENIENT", consts),
        }
        ids = {"strict": unit.strict.get("$id"), "lenient": unit.lenient.get("$id")}
        depth = {"strict": root.max_depth(), "lenient": root.without_drift().max_depth()}
        entry = {
            "operation": unit.title,
            "schema_ids": ids,
            "descriptions": descriptions,
            "depth": depth,
        }
        plan = ModulePlan(unit.module, unit.title, entry)
        fast, collect = self._emitters(plan, consts, inline=True, strict=None, root=root)
        lenient_fast, _ = self._emitters(plan, consts, inline=True, strict="False")
        # The lenient schema's own fast path: a payload with an unknown field or enum value
        # (what the lenient mode is for) must not always take the collecting path.
        for name, variant in (("_valid", root), ("_valid_lenient", root.without_drift())):
            emitter = lenient_fast if name == "_valid_lenient" else fast
            w = Writer()
            with w.block("try:"):
                emitter.emit(variant, "p", 0, w)
            with w.block("except (KeyError, TypeError):"):
                w("return False")
            w("return True")
            which = "lenient" if name.endswith("lenient") else "strict"
            doc = f"True when `p` surely satisfies the {which} schema; False means look closer."
            plan.functions.append(Function(name, "p: Any", "bool", doc, w.lines))
        w = Writer(decide=True)
        collect.value(root, "p", ('""', []), 0, w, "None", ("RESPONSE",), doubted=True)
        w.finish()
        doc = "Whether `p` satisfies the schema, by the collecting path's exact rules."
        plan.functions.append(
            Function("_decide", "p: Any, strict: bool = True", "bool", doc, w.lines)
        )
        w = Writer()
        collect.value(root, "p", ('""', []), 0, w, "desc", ("RESPONSE",), doubted=True)
        doc = "Append an Issue to `issues` for every keyword of the schema `p` fails."
        signature = "p: Any, issues: list[Issue], desc: str | None, strict: bool"
        plan.functions.append(Function("_collect", signature, "None", doc, w.lines))
        for model in self.models.values():
            if model.units == {unit.module}:
                root_model = root.is_model and model is self.models[_key(root)]
                self._model_functions(model, plan, consts, root=root_model)
        plan.constants, plan.helpers = consts.items(), sorted(consts.helpers)
        return plan


def collect_description(schema: dict[str, Any], variant: str, consts: Constants) -> str:
    """The constant holding a schema's description, for its issues."""
    text = schema.get("description")
    return description(text if isinstance(text, str) else None, (variant,), consts)
