"""What the generated package exports and how its error classes derive: facts the check stage
(`spec/codegen_checks.py`) and the client emitter (`emit/client.py`) both rely on."""

from __future__ import annotations

from collections.abc import Iterable

from cccgen import model as m
from cccgen.reserved import ENVELOPE_ROOT_NAMES, ROOT_IMPORTS, RUNTIME_ERROR_NAMES
from cccgen.runtime.core import errors as runtime_errors

#: What the client module exports to the package root.
CLIENT_EXPORTS = ("ApiResponse", "AsyncClient", "Client", "Credentials", "RetryPolicy")


def base_class(error: m.ErrorCode) -> str:
    """``ThrottlingError`` for throttling codes, ``ServerError`` for 5xx, else ``ClientError``."""
    if error.throttling:
        return "ThrottlingError"
    if error.http_status >= 500:
        return "ServerError"
    return "ClientError"


def runtime_flags(name: str) -> tuple[bool, bool]:
    """(retryable, throttling) of the runtime error class `name`."""
    cls = getattr(runtime_errors, name)
    return bool(getattr(cls, "retryable", False)), bool(getattr(cls, "throttling", False))


def export_order(name: str) -> tuple[int, str]:
    """isort's order for ``__all__``: CONSTANTS, then Classes, then functions."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def root_error(service: m.Service) -> str:
    """The service's root exception class: ``CCCError`` for product ``CCC``."""
    return f"{service.product}Error"


def errors_module_exports(class_names: Iterable[str], root: str = "CCCError") -> list[str]:
    """Every name the generated errors module exports, given the spec's error class names and
    the service's root exception: its own subclass of every generic runtime class too."""
    generic = set(RUNTIME_ERROR_NAMES) - {"ServiceError"}  # the root of all services: not ours
    names = {"ERRORS_BY_CODE", root, *generic, *class_names}
    return sorted(names, key=export_order)


def package_exports(service: m.Service) -> dict[str, list[str]]:
    """Names the package ``__init__`` re-exports, by module: the clients, every error class."""
    return {
        "client": list(CLIENT_EXPORTS),
        "errors": errors_module_exports(
            (e.class_name for e in service.all_errors()), root_error(service)
        ),
    }


def root_imports(service: m.Service) -> dict[str, list[str]]:
    """The package root's own names by the module they come from (`reserved.ROOT_IMPORTS`)."""
    return {
        module: [n for n in names if service.error_response or n not in ENVELOPE_ROOT_NAMES]
        for module, names in ROOT_IMPORTS.items()
    }
