"""An answer made from the operation's example: the spec's success example with the request's
identifiers written in, so that a call for instance ``ccc-acme`` is answered about
``ccc-acme``. Standard library only."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from typing import Any

from .operations import FakeOperation

__all__ = ["from_example", "set_path"]

_INTEGER = re.compile(r"-?[0-9]{1,18}\Z")


def _fitted(old: Any, value: str) -> Any:
    """``value`` in the type of the example's ``old`` value, or ``old`` when it does not fit."""
    if isinstance(old, str):
        return value
    if isinstance(old, int) and not isinstance(old, bool) and _INTEGER.match(value):
        return int(value)
    return old


def _echo(node: Any, values: Mapping[str, str]) -> None:
    """Write ``values`` into every object member of the same name, at any depth."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, old in item.items():
                if key in values:
                    item[key] = _fitted(old, values[key])
                elif isinstance(old, dict | list):
                    stack.append(old)
        elif isinstance(item, list):
            stack.extend(v for v in item if isinstance(v, dict | list))


def set_path(body: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    """``body[path[0]]...[path[-1]] = value``, creating objects on the way."""
    node = body
    for key in path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    node[path[-1]] = value


def from_example(op: FakeOperation, params: Mapping[str, str], request_id: str) -> dict[str, Any]:
    """The success body for ``params`` built from ``op.example`` (else the bare envelope)."""
    body: dict[str, Any] = copy.deepcopy(dict(op.example)) if op.example else dict(op.envelope)
    given = {name: params[name] for name in op.echo if params.get(name, "").strip()}
    if given:
        _echo(body, given)
    body["RequestId"] = request_id
    return body
