"""Findings → curation actions (per spec file) and one line per proposal for the summary.

- an unknown field → `replace` at its path (the key is added): its inferred type, optional;
- unknown enum values → `append` to the enum's `values`, the evidence in the enum's `note`;
- a null where the field is not nullable → `update` with `nullable: true`;
- values of another type → `update` with a type that holds the old values and the new ones
  (int32 → int64 → number → any), dropping what no longer fits it (an enum, a model): BREAKING.
Every action carries its evidence in a `note` (added to the note already there). Nothing is
ever removed because a capture lacked it: absence is never a finding.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from cccgen import model as m
from cccgen.importer.fields import Names, fallback_member, python_name
from cccgen.learn.infer import unify
from cccgen.learn.observe import SERVICE_FILE, Findings, Site
from cccgen.naming import constant_case, pascal_case
from cccgen.spec.yaml_source import PathKey, dotted

__all__ = ["LEARNED", "Plan", "Proposal", "plan"]

LEARNED = "Learned by cccgen learn"


@dataclass(frozen=True)
class Proposal:
    kind: str  # as `cccgen diff` names it: field-added, enum-value-added, ...
    file: str
    path: PathKey
    detail: str
    breaking: bool
    note: str

    def __str__(self) -> str:
        flag = "BREAKING " if self.breaking else ""
        return f"{flag}[{self.kind}] {self.file}: {dotted(self.path)}: {self.detail} ({self.note})"


@dataclass
class Plan:
    actions: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    proposals: list[Proposal] = field(default_factory=list)


def _node(doc: Any, path: PathKey) -> Any:
    for key in path:
        doc = doc.get(key) if isinstance(doc, dict) else None
    return doc


class _Planner:
    def __init__(self, service: m.Service, docs: dict[str, Any]) -> None:
        self.docs = docs
        names = Names()
        for op in service.operations:
            names.taken.update(o.name for o in (op.request, *op.objects()))
            names.taken.update(e.name for e in op.enums)
        names.taken.update(o.name for o in service.models)
        names.taken.update(e.name for e in service.enums)
        self.claim: Callable[[str], str] = names.claim
        self.plan = Plan()
        self.removes: dict[Site, list[str]] = {}
        self.updates: dict[Site, dict[str, Any]] = {}
        self.notes: dict[Site, list[str]] = {}
        self.order: list[tuple[str, Site, Any]] = []  # actions in the order they were found
        self.uses: Counter[Site] = Counter()  # fields using each enum

    def propose(self, kind: str, site: Site, detail: str, breaking: bool, note: str) -> None:
        self.plan.proposals.append(Proposal(kind, site[0], site[1], detail, breaking, note))

    def update(self, site: Site, values: dict[str, Any], note: str) -> None:
        if site not in self.updates:
            self.updates[site] = {}
            self.notes[site] = []
            self.order.append(("update", site, None))
        self.updates[site].update(values)
        self.notes[site].append(note)

    def finish(self) -> Plan:
        for action, site, value in self.order:
            file, path = site
            out = self.plan.actions.setdefault(file, [])
            if action == "update":
                for key in self.removes.get(site, []):
                    out.append({"path": [*path, key], "remove": True})
                before = _node(self.docs.get(file), path)
                old = before.get("note") if isinstance(before, dict) else None
                notes = ([old] if isinstance(old, str) and old else []) + self.notes[site]
                out.append(
                    {"path": list(path), "update": {**self.updates[site], "note": " ".join(notes)}}
                )
            else:
                out.append({"path": list(path), action: value})
        return self.plan


def _new_fields(planner: _Planner, findings: Findings) -> None:
    taken: dict[int, set[str]] = {}
    for (file, path), found in findings.new_fields.items():
        parent = found.parent
        used = taken.get(id(parent))
        if used is None:
            used = taken[id(parent)] = {f.python_name for f in parent.fields}
        wire = str(path[-1])
        spec = found.shape.to_field(parent.name + pascal_case(wire), planner.claim)
        chosen = python_name(wire, used)
        note = f"{LEARNED}: {found.evidence.text()}."
        spec = {"type": spec.pop("type"), **({"python_name": chosen} if chosen else {}), **spec}
        spec["note"] = note
        planner.order.append(("replace", (file, path), spec))
        planner.propose("field-added", (file, path), _shown_type(spec), False, note)


def _shown_type(spec: dict[str, Any]) -> str:
    kind = str(spec["type"])
    if kind == "array":
        return f"array of {_shown_type(spec['items'])}"
    if kind == "object":
        return f"object {spec['model']} ({len(spec['fields'])} fields)"
    return kind + (", nullable" if spec.get("nullable") else "")


def _enum_values(planner: _Planner, findings: Findings) -> None:
    for site, found in findings.enum_values.items():
        members = {v.name for v in found.enum.values}
        items: list[dict[str, Any]] = []
        said: list[str] = []
        for value, evidence in found.values.values():
            item: dict[str, Any] = {"value": value, "zh": "", "en": ""}
            derived = constant_case(value) if isinstance(value, str) else ""
            if not derived.isidentifier() or derived in members:
                derived = fallback_member(value, members)
                item = {"value": value, "name": derived, "zh": "", "en": ""}
            members.add(derived)
            items.append(item)
            note = f"{LEARNED}: value {_json(value)} {evidence.text()}."
            said.append(note)
            planner.propose("enum-value-added", site, _json(value), False, note)
        planner.order.append(("append", (site[0], (*site[1], "values")), items))
        planner.update(site, {}, " ".join(said))


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _nullable(planner: _Planner, findings: Findings) -> None:
    for site, evidence in findings.nullable.items():
        note = f"{LEARNED}: null {evidence.text()}."
        planner.update(site, {"nullable": True}, note)
        planner.propose("nullable-changed", site, "now nullable", True, note)


_DROPPED = ("enum", "model", "fields", "items", "minimum", "maximum")


def _enums_in(t: m.Type, file: str, counts: Counter[Site], seen: set[int]) -> None:
    """Count the enums `t` uses, at any depth (a shared model's once: `seen`)."""
    if t.enum is not None:
        counts[(SERVICE_FILE if t.enum.shared else file, ("enums", t.enum.name))] += 1
    if t.items is not None:
        _enums_in(t.items, file, counts, seen)
    if t.object is not None and id(t.object) not in seen:
        if t.object.shared:
            seen.add(id(t.object))
        for f in t.object.fields:
            _enums_in(f.type, file, counts, seen)


def enum_uses(service: m.Service, files: dict[str, str]) -> Counter[Site]:
    """How many fields use each enum of the service, by the enum's site."""
    counts: Counter[Site] = Counter()
    seen: set[int] = set()
    for op in service.operations:
        for obj in (op.request, op.response):
            _enums_in(m.Type("object", object=obj), files[op.name], counts, seen)
    return counts


def _types(planner: _Planner, findings: Findings) -> None:
    for site, found in findings.types.items():
        old = found.type.kind
        new = unify({old, *found.kinds})  # a null item among others: `any`
        seen = ", ".join(sorted(found.kinds))
        note = (
            f"{LEARNED}: values of type {seen} where the spec said {old}, {found.evidence.text()}."
        )
        file, path = site
        node = _node(planner.docs.get(file), path)
        keys = set(node) if isinstance(node, dict) else set()
        keep: set[str] = set()
        if new in m.NUMBER_KINDS:
            keep |= {"minimum", "maximum"}
        if new == "int64" and found.type.enum is not None:
            keep.add("enum")
            enum = found.type.enum
            enum_site: Site = (SERVICE_FILE if enum.shared else file, ("enums", enum.name))
            planner.update(enum_site, {"type": "int64"}, note)
        planner.removes[site] = [k for k in _DROPPED if k in keys and k not in keep]
        if "enum" not in keep:
            # Enums only this field used (itself or its fields) would be unused: gone with it.
            dropped: Counter[Site] = Counter()
            _enums_in(found.type, file, dropped, set())
            for enum_site, count in dropped.items():
                planner.uses[enum_site] -= count
                if planner.uses[enum_site] == 0:
                    planner.order.append(("remove", enum_site, True))
        planner.update(site, {"type": new}, note)
        planner.propose("type-changed", site, f"{old} -> {new}", True, note)


def _outside_replaced(findings: Findings) -> Findings:
    """`findings` without those inside an object or array that a type change makes `any`:
    its fields (and their changes) go with it."""
    gone = [
        site for site, found in findings.types.items() if found.type.kind in ("object", "array")
    ]

    def kept(site: Site) -> bool:
        return not any(
            site[0] == file and len(site[1]) > len(path) and site[1][: len(path)] == path
            for file, path in gone
        )

    return replace(
        findings,
        new_fields={k: v for k, v in findings.new_fields.items() if kept(k)},
        nullable={k: v for k, v in findings.nullable.items() if kept(k)},
        types={k: v for k, v in findings.types.items() if kept(k)},
    )


def plan(
    service: m.Service, findings: Findings, docs: dict[str, Any], files: dict[str, str]
) -> Plan:
    """The curation actions that make the spec accept every finding, per spec file; `docs`:
    the plain data of the spec files, `files`: each operation's (relative to the service
    folder)."""
    planner = _Planner(service, docs)
    planner.uses = enum_uses(service, files)
    findings = _outside_replaced(findings)
    _new_fields(planner, findings)
    _enum_values(planner, findings)
    _nullable(planner, findings)
    _types(planner, findings)
    return planner.finish()
