"""Checks that the generated code can say what the spec says: names it would shadow or reuse.

They run in the loader stage, after the model is built, so every problem is located at the
`file:line:column` of the name at fault. The names themselves live in `cccgen.reserved`.
"""

from __future__ import annotations

import keyword
from dataclasses import dataclass

from cccgen import model as m
from cccgen import reserved
from cccgen.emit.client import base_class, package_exports, root_error, runtime_flags
from cccgen.problems import Problem
from cccgen.spec.yaml_source import Located, PathKey


@dataclass(frozen=True)
class OperationSite:
    """One built operation and where its names were written."""

    operation: m.Operation
    doc: Located
    models: dict[str, PathKey]  # model class name → path of its `model:` key


def codegen_problems(
    service: m.Service, service_doc: Located, sites: list[OperationSite]
) -> list[Problem]:
    problems = _error_class_problems(service, service_doc, sites)
    seen_ops: dict[str, str] = {}
    for site in sites:
        problems += _operation_name_problems(site, seen_ops)
        problems += _class_name_problems(service, site)
        problems += _parameter_problems(service, site)
    return problems


def _operation_name_problems(site: OperationSite, seen: dict[str, str]) -> list[Problem]:
    name = site.operation.name
    problems: list[Problem] = []
    if name.casefold() == reserved.DOCS_INDEX.casefold():
        problems.append(
            site.doc.problem(
                ("name",),
                f"operation name {name!r} would write docs/{name}.md, the index of every "
                "operation; rename it",
            )
        )
    # Schema and docs files are named after the operation: two names that differ only in case
    # are one file on macOS and Windows.
    first = seen.setdefault(name.casefold(), name)
    if first != name:
        problems.append(
            site.doc.problem(
                ("name",), f"operation name {name!r} differs from {first!r} only in case"
            )
        )
    return problems


def _class_name_problems(service: m.Service, site: OperationSite) -> list[Problem]:
    # Models and enums are exported from the package root beside the package's own names: a
    # model called `Client` would silently replace the client there.
    own = dict.fromkeys(reserved.ROOT_MODULE_NAMES, "the package itself")
    for module, names in package_exports(service).items():
        own.update((name, f"{service.name}.{module}") for name in names)
    op = site.operation
    declared: list[tuple[str, str, PathKey]] = [
        ("enum", e.name, ("enums", e.name)) for e in op.enums
    ]
    declared += [
        ("model", o.name, site.models.get(o.name, ())) for o in (op.request, *op.objects())
    ]
    problems: list[Problem] = []
    for kind, name, path in declared:
        if name in reserved.MODELS_MODULE_NAMES:
            message = (
                f"{kind} name {name!r} would shadow {name!r}, which the models module "
                "imports; rename it"
            )
        elif name in own:
            message = f"{kind} {name!r} has the same name as {name!r} of {own[name]}; rename it"
        else:
            continue
        problems.append(site.doc.problem(path, message))
    return problems


def _parameter_problems(service: m.Service, site: OperationSite) -> list[Problem]:
    op = site.operation
    taken = reserved.CLIENT_METHOD_LOCALS | reserved.CLIENT_NAMES
    taken |= {e.class_name for e in service.all_errors()} | {op.response.name}
    problems: list[Problem] = []
    for field in op.request.fields:
        path: PathKey = ("request", "fields", field.wire_name)
        if field.type.kind != "string":
            problems.append(
                site.doc.problem(
                    (*path, "type"),
                    f"the client can send string parameters only, not {field.type.kind}",
                )
            )
        if field.python_name in taken:
            problems.append(
                site.doc.problem(
                    path,
                    f"request field {field.wire_name!r}: parameter {field.python_name!r} clashes "
                    "with a name the client method uses; set `python_name:`",
                )
            )
    return problems


def _error_sites(
    service_doc: Located, sites: list[OperationSite]
) -> dict[str, tuple[Located, PathKey]]:
    """Where each error code is first defined: the service file first, as `all_errors` does."""
    found: dict[str, tuple[Located, PathKey]] = {}
    for doc in (service_doc, *(s.doc for s in sites)):
        for code, item in doc.data.get("errors", {}).items():
            path: PathKey = (
                ("errors", code, "python_name") if "python_name" in item else ("errors", code)
            )
            found.setdefault(code, (doc, path))
    return found


def _error_class_problems(
    service: m.Service, service_doc: Located, sites: list[OperationSite]
) -> list[Problem]:
    where = _error_sites(service_doc, sites)
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for error in service.all_errors():
        doc, path = where.get(error.code, (service_doc, ("errors",)))
        name = error.class_name
        message = None
        if keyword.iskeyword(name):
            message = f"class name {name!r} is a Python keyword"
        elif name in seen:
            message = f"class {name!r} is also code {seen[name]!r}"
        elif name in reserved.CLIENT_NAMES:
            message = f"class name {name!r} is taken by the client"
        elif name == root_error(service):
            message = (
                f"class name {name!r} is the root of every exception of this service; "
                "set `python_name:`"
            )
        elif name in reserved.ERRORS_MODULE_NAMES:
            message = (
                f"error class name {name!r} would shadow {name!r}, which the errors module "
                "imports; set `python_name:`"
            )
        elif name in reserved.RUNTIME_ERROR_NAMES:
            fits = name == base_class(error) and runtime_flags(name) == (
                error.retryable,
                error.throttling,
            )
            if not fits:
                message = (
                    f"class name {name!r} is a runtime base class that does not fit this "
                    "code's status and flags; set `python_name:`"
                )
        seen.setdefault(name, error.code)
        if message:
            problems.append(doc.problem(path, message))
    return problems
