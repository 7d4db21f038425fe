"""Turn a client method's Python arguments into the text Alibaba's RPC gateway reads.

Every API parameter travels as one ``name=text`` pair, in the query string or (``in: body``)
in an ``application/x-www-form-urlencoded`` POST body. The text is what the official Python
SDK (``alibabacloud-ccc20200701``) sends for the same value, checked request by request in
``tests/whole_api``:

- strings as they are; integers and numbers in Python's ``str()`` form;
- booleans as ``True`` / ``False`` (the SDK's ``str(value)``; the gateway reads them without
  regard to case);
- ``style: json`` parameters (arrays and objects) as their JSON text, compact
  (``separators=(",", ":")``) and not ASCII-escaped, keys in the order given;
- the form body as the SDK builds it: keys sorted, ``urllib.parse.urlencode`` (``+`` for a
  space).

A value of the wrong type raises :class:`ConfigurationError` naming the parameter, before
anything is sent. Standard library only.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from .errors import ConfigurationError

#: The ``content-type`` of a request whose operation declares body parameters.
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"


def _plain(value: object) -> object:
    return value.value if isinstance(value, enum.Enum) else value


def _wrong(wire_name: str, expected: str, value: object) -> ConfigurationError:
    return ConfigurationError(f"{wire_name} must be {expected}, not {type(value).__name__}")


def text(value: object, wire_name: str) -> str:
    """A ``string`` parameter (a string enum member counts as its value)."""
    value = _plain(value)
    if not isinstance(value, str):
        raise _wrong(wire_name, "a string", value)
    return value


def integer(value: object, wire_name: str) -> str:
    """An ``int32``/``int64`` parameter: a Python ``int`` (not a ``bool``)."""
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise _wrong(wire_name, "an integer", value)
    return str(value)


def number(value: object, wire_name: str) -> str:
    """A ``number`` parameter: a finite ``int`` or ``float``."""
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _wrong(wire_name, "a number", value)
    if isinstance(value, float) and not math.isfinite(value):
        raise ConfigurationError(f"{wire_name} must be a finite number, not {value!r}")
    return str(value)


def boolean(value: object, wire_name: str) -> str:
    """A ``boolean`` parameter: ``True`` / ``False``, as the official Python SDK sends them."""
    if not isinstance(value, bool):
        raise _wrong(wire_name, "a bool", value)
    return str(value)


def _json_ready(value: object, wire_name: str, depth: int = 0) -> Any:
    """``value`` as plain JSON data: pydantic models dumped by alias (None fields left out),
    enum members as their values; anything else not JSON is refused."""
    if depth > 64:
        raise ConfigurationError(f"{wire_name} is nested too deeply")
    value = _plain(value)
    dump = getattr(value, "model_dump", None)
    if dump is not None and callable(dump):
        value = dump(mode="json", by_alias=True, exclude_none=True)
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ConfigurationError(f"{wire_name} holds a non-finite number: {value!r}")
        return value
    if isinstance(value, Mapping):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise ConfigurationError(f"{wire_name}: object keys must be strings")
            out[key] = _json_ready(item, wire_name, depth + 1)
        return out
    if isinstance(value, list | tuple):
        return [_json_ready(item, wire_name, depth + 1) for item in value]
    raise _wrong(wire_name, "JSON data (lists, dicts, strings, numbers, booleans)", value)


def json_array(value: object, wire_name: str) -> str:
    """A ``style: json`` array parameter: a list (or tuple), sent as its JSON text."""
    if not isinstance(value, list | tuple):
        raise _wrong(wire_name, "a list", value)
    return _dumps(_json_ready(value, wire_name))


def json_object(value: object, wire_name: str) -> str:
    """A ``style: json`` object parameter: a dict (or a model), sent as its JSON text."""
    if not isinstance(value, Mapping) and not callable(getattr(value, "model_dump", None)):
        raise _wrong(wire_name, "a dict", value)
    return _dumps(_json_ready(value, wire_name))


def _dumps(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def form_body(params: Mapping[str, str]) -> bytes:
    """The ``application/x-www-form-urlencoded`` body of ``params``, as the SDK encodes it."""
    return urlencode(sorted(params.items())).encode("utf-8")


__all__ = [
    "FORM_CONTENT_TYPE",
    "boolean",
    "form_body",
    "integer",
    "json_array",
    "json_object",
    "number",
    "text",
]
