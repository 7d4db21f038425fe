"""`Client.__init__` and `AsyncClient.__init__`: explicit, typed, and the same as ClientCore's."""

from __future__ import annotations

import inspect
import typing
from typing import Any, Literal

import ccc
from ccc._runtime.core import client_core, retry
from cccgen import model as m
from cccgen.runtime.core.client_options import CLIENT_OPTIONS, DEFAULT_MAX_RESPONSE_BYTES

EXTRAS = ["http_client", "sleep", "random"]


def keywords(func: Any) -> dict[str, inspect.Parameter]:
    params = dict(inspect.signature(func).parameters)
    params.pop("self", None)
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params.values()), params
    return params


def test_the_option_table_is_client_cores_signature() -> None:
    core = keywords(client_core.ClientCore.__init__)
    assert list(core) == [o.name for o in CLIENT_OPTIONS]
    for option in CLIENT_OPTIONS:
        assert core[option.name].default == option.default, option.name
    hints = typing.get_type_hints(client_core.ClientCore.__init__)
    options = typing.get_type_hints(client_core.ClientOptions)
    for name in core:
        assert options[name] == hints[name], name
    assert core["max_response_bytes"].default == DEFAULT_MAX_RESPONSE_BYTES


def test_clients_show_every_option_with_its_type() -> None:
    core = keywords(client_core.ClientCore.__init__)
    core_hints = typing.get_type_hints(client_core.ClientCore.__init__)
    for cls in (ccc.Client, ccc.AsyncClient):
        shown = keywords(cls)  # inspect.signature(ccc.Client), as an IDE or help() sees it
        assert list(shown) == [*core, *EXTRAS], cls
        hints = typing.get_type_hints(cls.__init__)
        for name, param in core.items():
            assert shown[name].default == param.default, (cls, name)
            if name == "retry":  # the package's RetryPolicy: its errors are the package's
                assert hints[name] == ccc.RetryPolicy | None
                assert issubclass(ccc.RetryPolicy, retry.RetryPolicy)
                continue
            assert hints[name] == core_hints[name], (cls, name)
        assert hints["signature"] == Literal["ACS3-HMAC-SHA256", "HMAC-SHA1", "v3", "rpc", "v1"]
        assert hints["protocol"] == Literal["https", "http"]
        assert hints["validate"] == Literal["off", "warn", "strict"]


def test_the_docstring_names_every_environment_fallback(service: m.Service) -> None:
    for cls in (ccc.Client, ccc.AsyncClient):
        doc = inspect.getdoc(cls.__init__) or ""
        for name in (
            service.auth.env_access_key_id,
            service.auth.env_access_key_secret,
            service.auth.env_security_token,
        ):
            assert f"${name}" in doc, (cls, name)
        for option in CLIENT_OPTIONS:
            assert f"    {option.name}: " in doc, (cls, option.name)
