"""The client and its error classes: template contexts built from the API model.

`client.py.jinja` lays out `Client` / `AsyncClient` (one method per operation) and
`errors.py.jinja` one exception class per error code; every decision is made here, in
tested Python: names, parameter annotations, base classes, docstring text.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

from cccgen import model as m
from cccgen.emit.header import python_header
from cccgen.emit.pysource import prose
from cccgen.emit.templating import render
from cccgen.exports import (
    base_class,
    errors_module_exports,
    export_order,
    package_exports,
    root_error,
    runtime_flags,
)
from cccgen.reserved import RUNTIME_ERROR_NAMES
from cccgen.runtime.core import errors as runtime_errors
from cccgen.runtime.core.client_options import CLIENT_OPTIONS

# Facts the check stage shares live in `cccgen.exports`; re-exported for the emitter's users.
__all__ = [
    "ErrorClass",
    "Method",
    "Param",
    "base_class",
    "emit_client",
    "error_classes",
    "error_exports",
    "export_order",
    "generic_errors",
    "get_operation",
    "methods",
    "package_exports",
    "root_error",
    "runtime_flags",
]

Files = dict[str, str]

BLANK_CODE = "Parameter.Blank"
DEFAULT_BLANK_MESSAGE = "The parameter %s may not be null or blank."
# Per kind: the parameter's annotation and the function of the runtime's `parameters`
# module that checks a value and turns it into the text the gateway reads.
_ANNOTATIONS = {
    "string": "str",
    "int32": "int",
    "int64": "int",
    "number": "float",
    "boolean": "bool",
    "array": "Sequence",
    "object": "Mapping[str, Any]",
    "any": "Any",
}
_ENCODERS = {
    "string": "text",
    "int32": "integer",
    "int64": "integer",
    "number": "number",
    "boolean": "boolean",
    "array": "json_array",
    "object": "json_object",
}


@dataclass(frozen=True)
class ErrorClass:
    """One error code. ``defined`` is False when the code maps onto a runtime base class of
    the same name (code ``Throttling`` → ``ThrottlingError``) instead of a class of its own."""

    code: str
    class_name: str
    base: str
    http_status: int
    retryable: bool
    throttling: bool
    doc: str
    defined: bool = True


@dataclass(frozen=True)
class Param:
    python_name: str
    wire_name: str
    annotation: str
    required: bool
    doc: str
    encoder: str = "text"  # function of the runtime's `parameters` module
    location: str = "query"  # `query` string or form `body`


@dataclass(frozen=True)
class Pager:
    """A paged operation's ``iter_<name>`` method."""

    name: str  # Python method name
    item: str  # annotation of one item
    page_number: Param
    page_size: Param
    params: tuple[Param, ...]  # the others, passed through to every page
    paging: m.Paging
    doc: str


@dataclass(frozen=True)
class Method:
    name: str  # Python method name
    operation: str  # wire action name
    model: str  # response model class
    params: tuple[Param, ...]
    doc: str
    idempotent: bool
    method: str
    path: str
    blank_error: str  # class raised for a missing or blank required parameter
    blank_message: str
    deprecated: bool = False
    deprecation: str = ""  # the warning's message
    has_body: bool = False  # declares form-body parameters: always sends a form body
    pager: Pager | None = None
    item_models: tuple[str, ...] = ()  # model classes the pager's annotation names


def _error_doc(error: m.ErrorCode) -> str:
    lines = [error.description.en or error.code]
    if error.description.zh:
        lines.append(error.description.zh)
    lines += [
        "",
        f"Code ``{error.code}``, HTTP {error.http_status}"
        + (", retryable" if error.retryable else "")
        + (", throttling" if error.throttling else "")
        + ".",
        f"Message: {error.message}",
    ]
    return "\n".join(lines)


def error_classes(service: m.Service) -> list[ErrorClass]:
    """One entry per error code in ``service.all_errors()`` (their names were checked by
    ``spec.codegen_checks`` when the spec was loaded)."""
    return [
        ErrorClass(
            code=error.code,
            class_name=error.class_name,
            base=base_class(error),
            http_status=error.http_status,
            retryable=error.retryable,
            throttling=error.throttling,
            doc=_error_doc(error),
            defined=error.class_name not in RUNTIME_ERROR_NAMES,
        )
        for error in service.all_errors()
    ]


def _text(text: m.Text | None) -> list[str]:
    if text is None:
        return []
    return [t for t in (text.en, text.zh) if t]


def _param_doc(field: m.Field) -> str:
    parts = _text(field.description)
    doc = " ".join(parts) if parts else "(no description)"
    if field.example is not None:
        doc += f" Example: ``{field.example}``."
    return doc


def _annotation(t: m.Type) -> str:
    if t.kind == "array":
        item = _annotation(t.items) if t.items is not None else "Any"
        return f"Sequence[{item}]"
    return _ANNOTATIONS[t.kind]


def _param(field: m.Field) -> Param:
    return Param(
        python_name=field.python_name,
        wire_name=field.wire_name,
        annotation=_annotation(field.type),
        required=field.required,
        doc=_param_doc(field),
        encoder=_ENCODERS[field.type.kind],
        location=field.in_,
    )


def _deprecation(op: m.Operation) -> str:
    return f"{op.name} is deprecated by the service; it may stop working."


def _method_doc(op: m.Operation, params: tuple[Param, ...], blank_error: str) -> str:
    lines = [f"{op.summary.en} ({op.name})." if op.summary.en else f"{op.name}."]
    if op.summary.zh:
        lines.append(op.summary.zh)
    if op.deprecated:
        lines += ["", f"Deprecated: {_deprecation(op)} Calling it warns (DeprecationWarning)."]
    description = _text(op.description)
    if description:
        lines += ["", *description]
    if params:
        lines += ["", "Args:"]
        lines += [f"    {p.python_name}: {p.doc}" for p in params]
    lines += [
        "",
        f"Returns the response model; the ``{op.python_name}_with_http_info`` variant returns",
        "an ApiResponse with the model as ``data`` plus status, headers and request id.",
        "",
        "Raises:",
        f"    {blank_error}: a required parameter is missing or blank (checked before sending).",
        "    ApiError: the service answered with an error (a subclass per error code).",
        "    TransportError: no answer (ConnectError, RequestTimeout) after the retries.",
        "    InvalidResponseError: the answer is not what the operation returns.",
    ]
    return prose("\n".join(lines))


def methods(service: m.Service, errors: list[ErrorClass]) -> list[Method]:
    """One client method per operation."""
    by_code = {e.code: e for e in errors}
    out: list[Method] = []
    for op in service.operations:
        blank = by_code.get(BLANK_CODE)
        blank_error = blank.class_name if blank else "ClientError"
        blank_message = DEFAULT_BLANK_MESSAGE
        for error in (*op.errors, *service.errors):
            if error.code == BLANK_CODE:
                blank_message = error.message
                break
        params = [_param(field) for field in op.request.fields]
        # Required parameters first: Python wants defaults last, even keyword-only.
        ordered = tuple(sorted(params, key=lambda p: not p.required))
        pager, item_models = _pager(op, ordered)
        out.append(
            Method(
                name=op.python_name,
                operation=op.name,
                model=op.response.name,
                params=ordered,
                doc=_method_doc(op, ordered, blank_error),
                idempotent=op.read_only,
                method=op.method,
                path=op.path,
                blank_error=blank_error,
                blank_message=blank_message,
                deprecated=op.deprecated,
                deprecation=_deprecation(op) if op.deprecated else "",
                has_body=any(p.location == "body" for p in params),
                pager=pager,
                item_models=item_models,
            )
        )
    return out


def _items_type(op: m.Operation, path: tuple[str, ...]) -> m.Type | None:
    """The type of the items' array at the wire-name ``path`` of the response, if any."""
    obj: m.ObjectModel | None = op.response
    found: m.Type | None = None
    for wire_name in path:
        field = next((f for f in obj.fields if f.wire_name == wire_name), None) if obj else None
        if field is None:
            return None
        found = field.type
        obj = found.object
    return found.items if found is not None and found.kind == "array" else None


def _pager(op: m.Operation, params: tuple[Param, ...]) -> tuple[Pager | None, tuple[str, ...]]:
    """The ``iter_<name>`` method of a paged operation, and the models its items are."""
    paging = op.paging
    if paging is None:
        return None, ()
    by_wire = {p.wire_name: p for p in params}
    number, size = by_wire[paging.page_number], by_wire[paging.page_size]
    items = _items_type(op, paging.items)
    item = "Any"
    models: tuple[str, ...] = ()
    if items is not None and items.object is not None:
        item, models = items.object.name, (items.object.name,)
    elif items is not None and items.kind != "array":
        item = _annotation(items)
    passed = tuple(p for p in params if p not in (number, size))
    doc = "\n".join(
        [
            f"Every item of every page of {op.name}, fetched page by page as you iterate.",
            "",
            f"Returns a pager: iterate it for the items ({'.'.join(paging.items)} of each",
            "page), or call its ``pages()`` for each page (items, number, page 1's total,",
            f"the whole response). {paging.page_number} is set for you;"
            f" ``{size.python_name}`` defaults",
            f"to {paging.max_page_size}, the most a page holds. {'.'.join(paging.total)} is read"
            " on page 1 only",
            f"(later pages do not carry it reliably). One query reaches at most"
            f" {paging.max_pages} pages:",
            "when page 1's total shows more, iterating raises PageLimitError before yielding",
            "anything; narrow the query (a shorter time window, a filter) to fit.",
            "",
            f"Args: as ``{op.python_name}``.",
        ]
    )
    pager = Pager(
        name=f"iter_{op.python_name}",
        item=item,
        page_number=number,
        page_size=size,
        params=passed,
        paging=paging,
        doc=doc,
    )
    return pager, models


@dataclass(frozen=True)
class GenericError:
    """The service's own subclass of one generic runtime class, under ``parent``."""

    name: str
    parent: str
    doc: str


def generic_errors(service: m.Service) -> list[GenericError]:
    """One subclass per generic runtime error class, parents first."""
    root = runtime_errors.ServiceError
    classes = [
        cls
        for name in RUNTIME_ERROR_NAMES
        if isinstance(cls := getattr(runtime_errors, name), type)
        and issubclass(cls, root)
        and cls is not root
    ]
    out: list[GenericError] = []
    for cls in sorted(classes, key=lambda c: (len(c.__mro__), c.__name__)):
        parent = next(b for b in cls.__bases__ if issubclass(b, root))
        doc = inspect.cleandoc(cls.__doc__ or cls.__name__).split("\n\n")[0]
        out.append(
            GenericError(
                name=cls.__name__,
                parent=root_error(service) if parent is root else parent.__name__,
                doc=doc,
            )
        )
    return out


def error_exports(errors: list[ErrorClass], root: str = "CCCError") -> list[str]:
    """Every name the generated errors module exports."""
    return errors_module_exports((e.class_name for e in errors), root)


#: What ``python -m <pkg> get`` captures when the service has it: the call detail record the
#: capture workflow (README, `cccgen get`) is about, whatever the order of the whole API.
CAPTURE_OPERATION = "GetCallDetailRecord"


def get_operation(ops: list[Method]) -> Method:
    """The operation ``python -m <pkg> get`` calls: ``CAPTURE_OPERATION`` when present, else
    the first read-only one, else the first."""
    preferred = next((op for op in ops if op.operation == CAPTURE_OPERATION), None)
    return preferred or next((op for op in ops if op.idempotent), ops[0])


def client_options(service: m.Service) -> list[dict[str, object]]:
    """The keyword options of ``Client.__init__``, from the runtime's table, with the spec's
    environment variable names in their documentation."""
    auth = service.auth
    names = {
        "${env_access_key_id}": f"${auth.env_access_key_id}",
        "${env_access_key_secret}": f"${auth.env_access_key_secret}",
        "${env_security_token}": f"${auth.env_security_token}",
    }
    out: list[dict[str, object]] = []
    for option in CLIENT_OPTIONS:
        doc = option.doc
        for placeholder, name in names.items():
            doc = doc.replace(placeholder, name)
        out.append(
            {
                "name": option.name,
                "annotation": option.annotation,
                "default": option.default,
                "doc": doc,
            }
        )
    return out


def init_doc(service: m.Service, options: list[dict[str, object]], kind: str) -> str:
    """The docstring of ``Client.__init__`` (``kind`` "sync") or ``AsyncClient.__init__``."""
    lines = [
        f"A {'blocking' if kind == 'sync' else 'async'} client for {service.title.en}.",
        "",
        "With no credentials passed, they come from the environment: "
        + f"${service.auth.env_access_key_id},",
        f"${service.auth.env_access_key_secret} and, for STS, "
        + f"${service.auth.env_security_token}.",
        "",
        "Args:",
    ]
    lines += [f"    {o['name']}: {o['doc']}" for o in options]
    pool = "httpx.Client" if kind == "sync" else "httpx.AsyncClient"
    lines += [
        f"    http_client: an {pool} to send through (its transport, proxies and event hooks",
        "        apply; not its timeouts or default headers, since every request sets its own).",
        "    sleep: replaces the waits between retries"
        + (" (a coroutine function)." if kind != "sync" else "."),
        "    random: replaces the jitter source between retries.",
        "",
        "Raises:",
        "    ConfigurationError: credentials, endpoint or an option that cannot be used.",
    ]
    return "\n".join(lines)


def _typing_imports(ops: list[Method]) -> dict[str, list[str]]:
    """What the client module imports from ``typing`` and ``collections.abc``, and which
    runtime modules, for the parameters and pagers it has."""
    params = [p for op in ops for p in op.params]
    annotations = [p.annotation for p in params]
    annotations += [op.pager.item for op in ops if op.pager is not None]
    text = " ".join(annotations)
    return {
        "typing": sorted(
            {"TYPE_CHECKING", "Final", "Literal"} | ({"Any"} if "Any" in text else set())
        ),
        "abc": sorted(name for name in ("Mapping", "Sequence") if f"{name}[" in text),
        "runtime": sorted(
            (
                {"parameters"}
                if any(p.encoder != "text" or not p.required for p in params)
                else set()
            )
            | ({"pagination"} if any(op.pager for op in ops) else set())
            | ({"deprecation"} if any(op.deprecated for op in ops) else set())
        ),
    }


def emit_client(service: m.Service) -> Files:
    """``<pkg>/errors.py``, ``<pkg>/client.py`` and ``<pkg>/get_command.py``."""
    errors = error_classes(service)
    header = python_header(service.source)
    ops = methods(service, errors)
    options = client_options(service)
    endpoint = service.endpoint
    return {
        f"{service.name}/errors.py": render(
            "errors.py.jinja",
            service=service,
            header=header,
            errors=errors,
            root=root_error(service),
            generic=generic_errors(service),
            exports=error_exports(errors, root_error(service)),
        ),
        f"{service.name}/client.py": render(
            "client.py.jinja",
            service=service,
            header=header,
            methods=ops,
            models=sorted({op.model for op in ops} | {m for op in ops for m in op.item_models}),
            typing=_typing_imports(ops),
            blank_errors=sorted({op.blank_error for op in ops}),
            options=options,
            init_doc={kind: init_doc(service, options, kind) for kind in ("sync", "async")},
            central_regions=sorted(endpoint.central_regions),
        ),
        f"{service.name}/get_command.py": render(
            "get_command.py.jinja", service=service, header=header, op=get_operation(ops)
        ),
    }
