"""Compile the generated response JSON Schemas into specialised, standard-library-only Python
validators (one module per operation, one function set per model).

Like fastjsonschema, the validator is compiled from the generated JSON Schema itself (not from
the API model), so it cannot drift from the schema it stands for:

1. `schema.compile_schema` reads a schema into a tree of `Node`s, refusing every keyword it
   does not implement;
2. `plan.ServicePlan` lays the trees of every operation out as modules and functions, with
   conditions built as data (`conditions`), the fast path (`fast`) and the collecting path
   (`collect`);
3. `validator.py.jinja` only lays each module's plan out.
"""

from __future__ import annotations

import re

from cccgen import model as m
from cccgen.emit import json_schema
from cccgen.emit.header import python_header
from cccgen.emit.templating import render
from cccgen.emit.validator.fast import fast_default
from cccgen.emit.validator.plan import MODELS_PACKAGE, ModulePlan, ServicePlan, Unit, compile_unit
from cccgen.emit.validator.schema import UnsupportedSchemaError, compile_schema
from cccgen.problems import Problem, SpecError

__all__ = [
    "ENVELOPE_MODULE",
    "UnsupportedSchemaError",
    "compile_schema",
    "emit_validators",
    "fast_default",
    "plan_modules",
    "render_module",
]

#: The error envelope's validator module (a leading underscore: no operation's module name).
ENVELOPE_MODULE = "_error_response"


def plan_modules(units: list[Unit]) -> list[ModulePlan]:
    """The plans of every module for these units; raises UnsupportedSchemaError."""
    return ServicePlan([(unit, compile_unit(unit)) for unit in units]).modules()


def render_module(plan: ModulePlan, header: str, runtime: str | None = None) -> str:
    """A module's source; `runtime` is where `issues` and `validation` are imported from (the
    generated package's own `_runtime` unless a test compiles a module standalone)."""
    runtime = plan.runtime if runtime is None else runtime
    if not re.fullmatch(r"\.*[A-Za-z_][\w.]*", runtime):
        raise ValueError(f"not a module path: {runtime!r}")
    return render("validator.py.jinja", plan=plan, header=header, runtime=runtime)


def _units(service: m.Service) -> list[tuple[Unit, str, str]]:
    """(unit, spec file, what to call it in a problem) for every operation and the envelope."""
    units = [
        (
            Unit(
                op.python_name,
                op.name,
                json_schema.response_schema(op, strict=True, service=service),
                json_schema.response_schema(op, strict=False, service=service),
            ),
            op.source,
            "response",
        )
        for op in service.operations
    ]
    if service.error_response is not None:
        strict = json_schema.error_response_schema(service, strict=True)
        lenient = json_schema.error_response_schema(service, strict=False)
        unit = Unit(ENVELOPE_MODULE, service.error_response.body.name, strict, lenient)
        units.append((unit, service.source, "error_response"))
    return units


def emit_validators(service: m.Service) -> dict[str, str]:
    """`<pkg>/validators/<operation>.py` per operation, `_models/<model>.py` per model several
    of them share, the error envelope's module, and the lazily importing `__init__`."""
    units = _units(service)
    compiled = []
    for unit, source, where in units:
        try:
            compiled.append((unit, compile_unit(unit)))
        except UnsupportedSchemaError as exc:
            what = (
                "the error envelope's validator"
                if where == "error_response"
                else ("the response validator")
            )
            problem = Problem(source, 0, 0, where, f"cannot compile {what}: {exc}")
            raise SpecError([problem]) from None
    try:
        plans = ServicePlan(compiled).modules()
    except UnsupportedSchemaError as exc:
        problem = Problem(
            service.source, 0, 0, "operations", f"cannot compile the validators: {exc}"
        )
        raise SpecError([problem]) from None
    headers = {unit.module: python_header(source) for unit, source, _ in units}
    files: dict[str, str] = {}
    package = f"{service.name}/validators"
    for plan in plans:
        header = headers.get(plan.name, python_header(service.source))
        files[f"{package}/{plan.name}.py"] = render_module(plan, header)
    if any(plan.name.startswith(MODELS_PACKAGE) for plan in plans):
        files[f"{package}/{MODELS_PACKAGE}/__init__.py"] = (
            python_header(service.source)
            + '\n"""The validators of models several operations share, one module each."""\n'
        )
    envelope = service.error_response
    markers: dict[str, tuple[str, ...]] = {}
    if envelope is not None:
        markers = {op.name: envelope.markers(op) for op in service.operations}
    files[f"{package}/__init__.py"] = render(
        "validators_init.py.jinja",
        service=service,
        header=python_header(service.source),
        envelope=envelope,
        envelope_module=ENVELOPE_MODULE,
        envelope_description=json_schema.describe(envelope.body.description) if envelope else None,
        markers=markers,
    )
    return files
