"""Build a response model from a body that does not fit it, without raising.

A typed SDK that raises on every unexpected response loses the response; openai-python builds
such models with pydantic's ``construct`` instead. Here too: every field whose value fits is
validated as usual (enums, nested models, numbers), a nested object that does not fit is
built the same way one level down, and a value that fits nothing is kept as received. A
required field missing from the body is ``None``. Unknown fields are kept as extras, as the
models allow them. The result is an instance of the model class, never validated as a whole,
so a field may hold a value of another type than its annotation says.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Mapping
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo

from .issues import Issue
from .validation import escape_token

M = TypeVar("M", bound=BaseModel)


def construct(model: type[M], payload: Mapping[str, Any]) -> M:
    """``model`` built from ``payload`` field by field, never raising on a value that does
    not fit (see the module's docstring)."""
    values: dict[str, Any] = {}
    present: set[str] = set()
    used: set[str] = set()
    for name, info in model.model_fields.items():
        key = info.alias if info.alias is not None and info.alias in payload else name
        if key not in payload:
            required = info.is_required()
            values[name] = None if required else info.get_default(call_default_factory=True)
            continue
        used.add(key)
        present.add(name)
        values[name] = _value(_field_type(info), payload[key])
    if model.model_config.get("extra") == "allow":
        extras = {k: v for k, v in payload.items() if k not in used and k not in values}
        values.update(extras)
        present.update(extras)
    return model.model_construct(_fields_set=present, **values)


def model_issues(error: ValidationError) -> list[Issue]:
    """What pydantic found, as issues (keyword ``model``), for when the validator found none."""
    return [
        Issue(
            "".join(f"/{escape_token(str(part))}" for part in each["loc"]),
            "model",
            each["msg"],
            None,
            None,
        )
        for each in error.errors(include_url=False, include_input=False)
    ]


def _field_type(info: FieldInfo) -> Any:
    """The field's type with its constraints (e.g. ``union_mode``), without its alias."""
    if not info.metadata:
        return info.annotation
    return Annotated[(info.annotation, *info.metadata)]


def _value(annotation: Any, raw: Any) -> Any:
    adapter = _adapter(annotation)
    if adapter is not None:
        try:
            return adapter.validate_python(raw)
        except ValidationError:
            pass
    return _loose(annotation, raw)


def _loose(annotation: Any, raw: Any) -> Any:
    """``raw`` shaped by ``annotation`` as far as it goes: objects into models, lists item by
    item; anything else as it is."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _loose(get_args(annotation)[0], raw)
    if origin is Union or origin is types.UnionType:
        for option in get_args(annotation):
            shaped = _loose(option, raw)
            if shaped is not raw:
                return shaped
        return raw
    if isinstance(raw, dict) and isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return construct(annotation, raw)
    if isinstance(raw, list) and origin is list:
        (item,) = get_args(annotation) or (Any,)
        return [_value(item, each) for each in raw]
    if isinstance(raw, dict) and origin is dict:
        item = get_args(annotation)[1] if get_args(annotation) else Any
        return {key: _value(item, each) for key, each in raw.items()}
    return raw


def _adapter(annotation: Any) -> TypeAdapter[Any] | None:
    try:
        return _cached_adapter(annotation)
    except TypeError:  # an unhashable annotation: build it afresh
        try:
            return TypeAdapter(annotation)
        except Exception:  # noqa: BLE001 - an annotation pydantic cannot adapt is kept raw
            return None


@functools.lru_cache(maxsize=512)
def _cached_adapter(annotation: Any) -> TypeAdapter[Any] | None:
    try:
        return TypeAdapter(annotation)
    except TypeError:
        raise
    except Exception:  # noqa: BLE001
        return None
