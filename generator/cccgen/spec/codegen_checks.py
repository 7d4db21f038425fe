"""The check stage: what the generated code can say, over the loaded model, before any emitter.

`load_service` checks structure and meaning and builds the model; `check_service` (one service)
and `check_services` (several generated together) refuse names the generated code would shadow
or reuse. Every problem is located at the `file:line:column` its model node carries; the names
themselves live in `cccgen.reserved`. An emitter never reports a spec problem: once these
checks pass, a failing emitter is a generator bug.
"""

from __future__ import annotations

import keyword
from collections.abc import Iterable

from cccgen import model as m
from cccgen import reserved
from cccgen.exports import base_class, package_exports, root_error, runtime_flags
from cccgen.problems import Problem, SpecError


def check_service(service: m.Service) -> None:
    """Raise SpecError with every problem `service` has for the generator."""
    check_services([service])


def check_services(services: Iterable[m.Service]) -> None:
    """Raise SpecError with every problem of `services`, each checked alone and all together."""
    problems: list[Problem] = []
    packages: dict[str, m.Service] = {}
    for service in services:
        problems += service_problems(service)
        if packages.setdefault(service.name, service) is not service:
            problems.append(
                _at(service.location, f"package {service.name!r} is produced by two services")
            )
    if problems:
        raise SpecError(problems)


def service_problems(service: m.Service) -> list[Problem]:
    """The names in a valid spec that would clash or be unusable in generated code."""
    problems = _package_name_problems(service)
    problems += _error_class_problems(service)
    seen_ops: dict[str, str] = {}
    for op in service.operations:
        problems += _operation_name_problems(op, seen_ops)
        problems += _class_name_problems(service, op)
        problems += _parameter_problems(service, op)
    return problems


def _at(location: m.Location, message: str) -> Problem:
    return Problem(location.file, location.line, location.column, location.path, message)


def _package_name_problems(service: m.Service) -> list[Problem]:
    name = service.name
    if keyword.iskeyword(name):
        return [_at(service.location, f"package name {name!r} is a Python keyword")]
    if name in reserved.TAKEN_PACKAGE_NAMES:
        return [
            _at(
                service.location,
                f"package name {name!r} would shadow the module of that name the generated code "
                "or its users import; choose another",
            )
        ]
    return []


def _operation_name_problems(op: m.Operation, seen: dict[str, str]) -> list[Problem]:
    name = op.name
    problems: list[Problem] = []
    if name.casefold() == reserved.DOCS_INDEX.casefold():
        problems.append(
            _at(
                op.location,
                f"operation name {name!r} would write docs/{name}.md, the index of every "
                "operation; rename it",
            )
        )
    # Schema and docs files are named after the operation: two names that differ only in case
    # are one file on macOS and Windows.
    first = seen.setdefault(name.casefold(), name)
    if first != name:
        problems.append(
            _at(op.location, f"operation name {name!r} differs from {first!r} only in case")
        )
    return problems


def _class_name_problems(service: m.Service, op: m.Operation) -> list[Problem]:
    # Models and enums are exported from the package root beside the package's own names: a
    # model called `Client` would silently replace the client there.
    own = dict.fromkeys(reserved.ROOT_MODULE_NAMES, "the package itself")
    for module, names in package_exports(service).items():
        own.update((name, f"{service.name}.{module}") for name in names)
    declared: list[tuple[str, str, m.Location]] = [("enum", e.name, e.location) for e in op.enums]
    declared += [("model", o.name, o.location) for o in (op.request, *op.objects())]
    problems: list[Problem] = []
    for kind, name, location in declared:
        if name in reserved.MODELS_MODULE_NAMES:
            message = (
                f"{kind} name {name!r} would shadow {name!r}, which the models module "
                "imports; rename it"
            )
        elif name in own:
            message = f"{kind} {name!r} has the same name as {name!r} of {own[name]}; rename it"
        else:
            continue
        problems.append(_at(location, message))
    return problems


def _parameter_problems(service: m.Service, op: m.Operation) -> list[Problem]:
    taken = reserved.CLIENT_METHOD_LOCALS | reserved.CLIENT_NAMES
    taken |= {e.class_name for e in service.all_errors()} | {op.response.name}
    problems: list[Problem] = []
    for field in op.request.fields:
        if field.python_name in taken:
            problems.append(
                _at(
                    field.location,
                    f"request field {field.wire_name!r}: parameter {field.python_name!r} clashes "
                    "with a name the client method uses; set `python_name:`",
                )
            )
    return problems


def _error_class_problems(service: m.Service) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    # `all_errors` keeps each code's first definition (the service file's first), and each
    # carries where its class name was written: a clash is reported in the file that made it.
    for error in service.all_errors():
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
            problems.append(_at(error.location, message))
    return problems
