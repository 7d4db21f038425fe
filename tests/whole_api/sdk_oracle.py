"""Drive our generated client and Alibaba's official SDK through the same operation, with the
same example parameters, at one recording server (imported as `whole_api.sdk_oracle`).

The SDK (`alibabacloud-ccc20200701`) is a test-only dependency: nothing in cccgen or the
generated package imports it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from alibabacloud_ccc20200701 import models as sdk_models
from alibabacloud_ccc20200701.client import Client as SdkClient
from alibabacloud_tea_openapi import models as open_api_models
from alibabacloud_tea_util import models as util_models
from cccgen import model as m

KEY_ID = "LTAI-oracle-key"
SECRET = "oracle-secret-not-real"


def sdk_client(host_port: str, *, algorithm: str | None) -> SdkClient:
    """The SDK aimed at ``http://host_port`` (``algorithm="v2"``: RPC V1 HMAC-SHA1)."""
    config = open_api_models.Config(
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        endpoint=host_port,
        protocol="http",
        read_timeout=10000,
        connect_timeout=5000,
    )
    if algorithm is not None:
        config.signature_algorithm = algorithm
    return SdkClient(config)


def sdk_operations() -> dict[str, str]:
    """Every operation the SDK implements: its name -> the SDK's ``..._with_options`` method."""
    methods = {
        name.removesuffix("_with_options").replace("_", ""): name
        for name in dir(SdkClient)
        if name.endswith("_with_options")
    }
    out: dict[str, str] = {}
    for name in dir(sdk_models):
        operation = name.removesuffix("Request")
        if name.endswith("Request") and not name.endswith("ShrinkRequest"):
            method = methods.get(operation.lower())
            if method is not None:
                out[operation] = method
    # Operations without any parameter have no request model.
    named = {op.lower() for op in out}
    for key, method in methods.items():
        if key not in named:
            out[_camel(method.removesuffix("_with_options"))] = method
    return out


def _camel(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def call_sdk(client: SdkClient, method: str, operation: str, wire: dict[str, Any]) -> None:
    runtime = util_models.RuntimeOptions(autoretry=False)
    request_class = getattr(sdk_models, f"{operation}Request", None)
    if request_class is None:
        getattr(client, method)(runtime)
        return
    request = request_class().from_map(wire)
    getattr(client, method)(request, runtime)


# ----------------------------------------------------------------------- example values

_TRUE = {"true", "True", "1"}


def _scalar(kind: str, example: Any) -> Any:
    if kind in ("int32", "int64"):
        if isinstance(example, int) and not isinstance(example, bool):
            return example
        return int(str(example)) if re.fullmatch(r"-?\d+", str(example)) else 1
    if kind == "number":
        try:
            return float(example)
        except (TypeError, ValueError):
            return 1.5
    if kind == "boolean":
        return example if isinstance(example, bool) else str(example) in _TRUE
    return example if isinstance(example, str) else ("example" if example is None else str(example))


def _object_value(obj: m.ObjectModel) -> dict[str, Any]:
    return {f.wire_name: example_value(f.type, f.example) for f in obj.fields}


def example_value(t: m.Type, example: Any) -> Any:
    """A value of type ``t``: the spec's example where it has one of that shape."""
    if t.kind == "array":
        if isinstance(example, str):
            try:
                example = json.loads(example)
            except ValueError:
                example = None
        if isinstance(example, list):
            return example
        assert t.items is not None
        item_example = None
        if t.items.object is not None:
            return [_object_value(t.items.object)]
        return [example_value(t.items, item_example)]
    if t.kind == "object":
        if isinstance(example, dict):
            return example
        return _object_value(t.object) if t.object is not None else {}
    if t.enum is not None and example is None and t.enum.values:
        return t.enum.values[0].value
    return _scalar(t.kind, example)


@dataclass(frozen=True)
class Call:
    """One operation's example call: wire names (for the SDK) and Python names (for ours)."""

    operation: m.Operation
    wire: dict[str, Any]
    python: dict[str, Any]


def example_calls(service: m.Service) -> Iterator[Call]:
    for op in service.operations:
        wire: dict[str, Any] = {}
        python: dict[str, Any] = {}
        for field in op.request.fields:
            value = example_value(field.type, field.example)
            wire[field.wire_name] = value
            python[field.python_name] = value
        yield Call(op, wire, python)
