"""How wire names become Python names; the checker and every emitter share these rules."""

from __future__ import annotations

import keyword
import re

from cccgen.reserved import BASEMODEL_ATTRIBUTES, MODELS_MODULE_NAMES

_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])|[^A-Za-z0-9]+")


def snake_case(name: str) -> str:
    """`HttpStatusCode` → `http_status_code`, `IVRException` → `ivr_exception`."""
    parts = [p for p in _BOUNDARY.split(name) if p]
    return "_".join(p.lower() for p in parts)


def constant_case(value: str) -> str:
    """`AbandonedInQueue` → `ABANDONED_IN_QUEUE`, `MAIN_FLOW` → `MAIN_FLOW`."""
    return snake_case(value).upper()


def pascal_case(name: str) -> str:
    """`GetCallDetailRecord` stays; `Parameter.Blank` → `ParameterBlank`."""
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[^A-Za-z0-9]+", name) if p)


def identifier_problem(name: str) -> str | None:
    """Why `name` cannot be a Python attribute, or None when it can."""
    if not name.isidentifier():
        return f"{name!r} is not a valid Python identifier"
    # Hard keywords only: soft keywords (`match`, `case`, `type` since 3.12, `_`) are valid
    # attribute names, and the answer must not depend on the Python running the generator.
    if keyword.iskeyword(name):
        return f"{name!r} is a Python keyword"
    if name in BASEMODEL_ATTRIBUTES:
        return f"{name!r} would shadow pydantic's BaseModel.{name}"
    if name in MODELS_MODULE_NAMES:
        return f"{name!r} is a name the models module uses (an import or a builtin type)"
    if name.startswith("model_"):
        return f"{name!r} is reserved by pydantic"
    if name.startswith("_"):
        return f"{name!r} starts with an underscore, which pydantic treats as private"
    return None
