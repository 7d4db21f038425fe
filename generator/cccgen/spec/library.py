"""The service's shared models and enums (`models:` and `enums:` in service.yaml), and the
names every operation's classes share: one namespace, since all are exported from the package
root."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from cccgen import model as m
from cccgen.problems import Problem
from cccgen.spec.operation import OperationBuilder
from cccgen.spec.yaml_source import Located, PathKey


class Library:
    """The service's shared `models:` and `enums:` (service.yaml), which any operation's field
    uses by naming the model without `fields` (`{type: object, model: Agent}`). Each is built
    once, on first reference (shared models may use each other, in any order)."""

    def __init__(self, doc: Located, problems: list[Problem], source: str) -> None:
        self.builder = OperationBuilder(doc, problems, source, self)
        self.specs: dict[str, Any] = doc.data.get("models", {}) if not problems else {}
        self.models: dict[str, m.ObjectModel] = {}
        self.building: list[str] = []  # the chain being built, to refuse a model inside itself
        self.used: set[str] = set()

    def build(self) -> None:
        for name, spec in self.builder.data.get("enums", {}).items():
            enum = self.builder._enum(name, spec, ("enums", name))
            self.builder.enums[name] = dataclasses.replace(enum, shared=True)
        for name in self.specs:
            self.model(name, self.builder, ("models", name))

    def enum(self, name: str) -> m.Enum | None:
        found = self.builder.enums.get(name)
        if found is not None:
            self.builder.used_enums.add(name)
        return found

    def declared_at(self, name: str, kind: str) -> int | None:
        """The line in service.yaml where a shared model or enum `name` is declared."""
        declared = self.specs if kind == "model" else self.builder.data.get("enums", {})
        if name not in declared:
            return None
        return self.builder.doc.where((f"{kind}s", name))[0]

    def model(self, name: str, user: OperationBuilder, path: PathKey) -> m.ObjectModel | None:
        """The shared model `name`, as referenced at `path` of `user`'s document."""
        if user is not self.builder or path[0] != "models" or len(path) > 2:
            self.used.add(name)
        found = self.models.get(name)
        if found is not None or name not in self.specs:
            return found
        if name in self.building:
            chain = " -> ".join([*self.building[self.building.index(name) :], name])
            user.report(
                path,
                f"model {name!r} contains itself ({chain}); recursive models are not supported",
            )
            return None
        self.building.append(name)
        spec = {"model": name, **self.specs[name]}
        obj = self.builder._object(spec, ("models", name), name_at=("models", name))
        self.building.pop()
        self.models[name] = dataclasses.replace(obj, shared=True)
        return self.models[name]

    def check_used(self) -> None:
        for name in self.specs:
            if name not in self.used:
                self.builder.report(("models", name), f"model {name!r} is declared but unused")
        for name in self.builder.enums:
            if name not in self.builder.used_enums:
                self.builder.report(("enums", name), f"enum {name!r} is declared but unused")


def check_operation_names(
    doc: Located, library: Library, operations: list[m.Operation], problems: list[Problem]
) -> None:
    """Report operations sharing a Python name, and classes of different operations (or of an
    operation and service.yaml) sharing a name."""
    seen: dict[str, str] = {}
    # Models and enums of every operation are exported side by side from the package root,
    # so their names share one namespace across the whole service (shared ones included).
    classes: dict[str, tuple[str, str]] = {
        name: ("model", "service.yaml") for name in library.models
    }
    classes.update((name, ("enum", "service.yaml")) for name in library.builder.enums)
    files = [Path(str(rel)).name for rel in doc.data.get("operations", [])]
    for op in operations:
        name = Path(op.source).name
        where: PathKey = ("operations", files.index(name)) if name in files else ("operations",)
        if op.python_name in seen:
            problems.append(
                doc.problem(
                    where,
                    f"operations {seen[op.python_name]!r} and {op.name!r} share the Python name {op.python_name!r}",
                )
            )
        seen[op.python_name] = op.name
        declared = [
            ("model", o.name) for o in (*m.walk_objects(op.request), *op.objects()) if not o.shared
        ]
        declared += [("enum", enum.name) for enum in op.enums]
        for kind, class_name in declared:
            first = classes.get(class_name)
            if first is not None and first[1] != op.name:
                problems.append(
                    doc.problem(
                        where,
                        f"{kind} {class_name!r} of {op.name!r} ({op.source}) has the same name as "
                        f"{first[0]} {class_name!r} of {first[1]!r}; both would be exported from "
                        "the package root: rename one",
                    )
                )
            classes.setdefault(class_name, (kind, op.name))
