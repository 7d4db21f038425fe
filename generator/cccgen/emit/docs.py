"""Reference documentation in Markdown (GitHub Flavored), one page per operation plus an index.

Spec text is data: it reaches a page only through the escapers of `emit/markdown.py`, never
raw.

The page's layout is the template `templates/docs/operation.md.jinja`; every value it prints is
already escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cccgen import __version__
from cccgen import model as m
from cccgen.emit.client import root_error
from cccgen.emit.markdown import (
    Slugger,
    fenced,
    html_comment,
    json_text,
    md_code,
    md_paragraph,
    md_text,
    value_code,
)
from cccgen.emit.pysource import py_literal
from cccgen.emit.templating import render


def type_text(t: m.Type, nullable: bool = False) -> str:
    """The wire type in words: `string`, `int64 | null`, `array<AgentEvent>`, `object (Data)`."""
    if t.kind == "array" and t.items is not None:
        inner = t.items.object.name if t.items.object is not None else type_text(t.items)
        text = f"array<{inner}>"
    elif t.kind == "object" and t.object is not None:
        text = f"object ({t.object.name})"
    else:
        text = t.kind
    return f"{text} | null" if nullable else text


def innermost(t: m.Type) -> m.Type:
    """The element type of a (possibly nested) array, or `t` itself."""
    while t.items is not None:
        t = t.items
    return t


# -- the page model --------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldRow:
    """One row of the request table or the response field tree (raw values, not escaped)."""

    path: str  # dotted wire path: Data.AgentEvents[].EventSequence[].Event
    depth: int
    field: m.Field

    @property
    def enum(self) -> m.Enum | None:
        return innermost(self.field.type).enum


def field_rows(obj: m.ObjectModel, prefix: str = "", depth: int = 0) -> list[FieldRow]:
    """Every field under `obj`, depth first, nested objects and array items included."""
    rows: list[FieldRow] = []
    for f in obj.fields:
        path = f"{prefix}{f.wire_name}"
        rows.append(FieldRow(path=path, depth=depth, field=f))
        t = f.type
        suffix = ""
        while t.items is not None:
            t = t.items
            suffix += "[]"
        if t.object is not None:
            rows.extend(field_rows(t.object, f"{path}{suffix}.", depth + 1))
    return rows


def enum_anchor(enum: m.Enum) -> str:
    """The Markdown anchor of an enum's section."""
    return Slugger.base(f"Enum {enum.name}")


def describe_cell(text: m.Text | None, note: str | None) -> str:
    """A table cell with the English and Chinese text and any note."""
    parts = [md_text(p) for p in ((text.en, text.zh) if text else ()) if p]
    if note:
        parts.append("**Note:** " + md_text(note))
    return "<br>".join(parts)


def type_cell(f: m.Field) -> str:
    """A table cell with a field's type, linked to its enum if it has one."""
    cell = md_code(type_text(f.type, f.nullable))
    enum = innermost(f.type).enum
    if enum is not None:
        cell += f" enum [{md_code(enum.name)}](#{enum_anchor(enum)})"
    return cell


def yes_no(flag: bool) -> str:
    """`yes` or `no`, for a table cell."""
    return "yes" if flag else "no"


@dataclass
class Page:
    """Everything `operation.md.jinja` prints, each value already Markdown."""

    header: str
    title: str
    summary_zh: str
    description: list[str]
    facts: list[str]
    request_rows: list[list[str]]
    response_intro: str
    response_rows: list[list[str]]
    enums: list[dict[str, Any]]
    examples: list[dict[str, str]]
    own_errors: list[list[str]]
    gateway_errors: list[list[str]]
    calling: str
    validating: str


def _error_rows(
    service_name: str, errors: tuple[m.ErrorCode, ...] | list[m.ErrorCode]
) -> list[list[str]]:
    return [
        [
            md_code(e.code),
            str(e.http_status),
            md_text(e.message),
            yes_no(e.retryable) + (" (throttling)" if e.throttling else ""),
            md_code(f"{service_name}.errors.{e.class_name}"),
            describe_cell(e.description, None),
        ]
        for e in errors
    ]


def example_value(f: m.Field) -> str:
    """A table cell with a field's example as JSON, or empty."""
    return md_code(json_text(f.example)) if f.example is not None else ""


def calling_snippet(service: m.Service, op: m.Operation) -> str:
    """How to call `op` with the generated client, generic in its name and parameters."""
    args = []
    for f in op.request.fields:
        if f.required or f.example is not None:
            value = f.example if f.example is not None else "..."
            args.append(f"{f.python_name}={py_literal(value)}")
    call = f"client.{op.python_name}({', '.join(args)})"
    if len(call) > 80:
        inner = "".join(f"        {a},\n" for a in args)
        call = f"client.{op.python_name}(\n{inner}    )"
    first = op.response.fields[0].python_name if op.response.fields else None
    lines = [
        f"from {service.name} import Client",
        f"from {service.name}.errors import {root_error(service)}",
        "",
        f"# Credentials come from {service.auth.env_access_key_id} and",
        f"# {service.auth.env_access_key_secret} (plus {service.auth.env_security_token} for STS).",
        'with Client(region="cn-shanghai") as client:',
        "    try:",
        f"        result = {call}".replace("\n", "\n    "),
        f"    except {root_error(service)} as exc:  # the classes under Errors below",
        '        raise SystemExit(f"{type(exc).__name__}: {exc}") from exc',
        "",
        f"print(result.{first})" if first else "print(result.model_dump(by_alias=True))",
        "print(result.model_dump_json(by_alias=True, indent=2))",
    ]
    return fenced("\n".join(lines), "python")


def validating_snippet(service: m.Service) -> str:
    """The shell command that validates captured responses."""
    return fenced(f"python -m {service.name} validate captured/", "sh")


def _client_facts(service: m.Service, op: m.Operation) -> list[str]:
    """What the page says of a deprecated or paged operation, and of body parameters."""
    facts: list[str] = []
    if op.deprecated:
        facts.append("**Deprecated** by the service: calling it warns (DeprecationWarning)")
    if op.paging is not None:
        pager = md_code(f"{service.name}.Client.iter_{op.python_name}()")
        facts.append(
            f"Paged: {pager} yields the items of every page "
            f"(at most {op.paging.max_pages} pages of {op.paging.max_page_size} per query)"
        )
    body = [f.wire_name for f in op.request.fields if f.in_ == "body"]
    if body:
        names = ", ".join(md_code(name) for name in body)
        facts.append(f"Form body (`application/x-www-form-urlencoded`): {names}")
    return facts


def operation_page(service: m.Service, op: m.Operation) -> Page:
    """What the page of one operation shows: fields, enums, errors, examples."""
    rows = field_rows(op.response)
    used_by: dict[str, list[str]] = {}
    # The page's enums: the operation's own, then the service's shared ones its fields use.
    page_enums = {e.name: e for e in op.enums}
    for row in field_rows(op.request, f"{op.request.name}.") + rows:
        if row.enum is not None:
            used_by.setdefault(row.enum.name, []).append(row.path)
            page_enums.setdefault(row.enum.name, row.enum)
    facts = [
        (
            f"API: {md_text(service.title.en)} ({md_text(service.title.zh)}), "
            f"version {md_code(service.api_version)}, {md_text(service.style)} style"
        ),
        f"HTTP: {md_code(op.method + ' ' + op.path)}, action {md_code(op.name)}",
        (
            f"Python: {md_code(f'{service.name}.Client.{op.python_name}()')} returns "
            f"{md_code(op.response.name)}"
        ),
        "Read-only: " + ("yes, so a retry is always safe" if op.read_only else "no"),
        f"Spec: {md_code(op.source)}; JSON Schemas: "
        + ", ".join(
            f"[{label}](../{service.name}/schemas/{op.name}.{suffix}.schema.json)"
            for label, suffix in (
                ("response, strict", "response"),
                ("response, lenient", "response.lenient"),
                ("request", "request"),
            )
        ),
    ]
    facts += _client_facts(service, op)
    description = []
    if op.description is not None:
        description = [md_paragraph(p) for p in (op.description.en, op.description.zh) if p.strip()]
    request_rows = [
        [
            md_code(f.wire_name),
            md_code(f.python_name),
            type_cell(f),
            yes_no(f.required),
            describe_cell(f.description, f.note),
            example_value(f),
        ]
        for f in op.request.fields
    ]
    response_rows = [
        [
            md_code(row.path),
            md_code(row.field.python_name),
            type_cell(row.field),
            yes_no(row.field.required),
            yes_no(row.field.nullable),
            describe_cell(row.field.description, row.field.note),
            example_value(row.field),
        ]
        for row in rows
    ]
    enums = [
        {
            "heading": f"Enum {md_text(e.name, br=' ')}",
            "summary": "<br>".join(
                p
                for p in (
                    f"Type {md_code(e.kind)}, Python class {md_code(f'{service.name}.{e.name}')}.",
                    describe_cell(e.description, None),
                    "Used by " + ", ".join(md_code(p) for p in used_by[e.name]) + "."
                    if e.name in used_by
                    else "",
                )
                if p
            ),
            "note": "**Note:** " + md_text(e.note) if e.note else "",
            "rows": [
                [value_code(v.value), md_code(f"{e.name}.{v.name}"), md_text(v.zh), md_text(v.en)]
                for v in e.values
            ],
        }
        for e in page_enums.values()
    ]
    examples = [
        {
            "heading": f"Example {ex.name}",
            "summary": f"HTTP {ex.status}, "
            + ("an error body" if ex.error is not None else "a response")
            + f": {md_text(ex.summary)}",
            "block": fenced(
                json_text(ex.error if ex.error is not None else ex.response, indent=2), "json"
            ),
        }
        for ex in op.examples
    ]
    header = html_comment(
        f"Generated by cccgen {__version__} from {op.source}. "
        "Do not edit by hand: change the spec and run `make generate`."
    )
    return Page(
        header=header,
        title=f"{op.name}: {md_text(op.summary.en, br=' ')}",
        summary_zh=md_paragraph(op.summary.zh),
        description=description,
        facts=facts,
        request_rows=request_rows,
        response_intro=(
            f"The body is {md_code(op.response.name)}. Nested fields are shown by dotted path; "
            "`[]` stands for each item of an array. *Required* means the field is always "
            "present; *nullable* means it may be `null`."
        ),
        response_rows=response_rows,
        enums=enums,
        examples=examples,
        own_errors=_error_rows(service.name, op.errors),
        gateway_errors=_error_rows(service.name, service.errors),
        calling=calling_snippet(service, op),
        validating=validating_snippet(service),
    )


def render_operation(service: m.Service, op: m.Operation) -> str:
    """The Markdown page of one operation."""
    return render("docs/operation.md.jinja", page=operation_page(service, op), op=op)


def render_index(services: list[m.Service]) -> str:
    """The Markdown index of every service and operation."""
    sources = ", ".join(service.source for service in services)
    header = html_comment(
        f"Generated by cccgen {__version__} from {sources}. "
        "Do not edit by hand: change the spec and run `make generate`."
    )
    sections = [
        {
            "title": f"{md_text(service.title.en, br=' ')} ({md_text(service.title.zh, br=' ')})",
            "api_version": md_code(service.api_version),
            "package": md_code(service.name),
            "groups": index_groups(service),
        }
        for service in services
    ]
    return render("docs/index.md.jinja", header=header, sections=sections)


def _index_item(op: m.Operation) -> dict[str, str]:
    summary = md_text(op.summary.en, br=" ")
    zh = md_text(op.summary.zh, br=" ")
    text = f"{summary} ({zh})" if summary and zh else summary or zh
    link = f"[{md_code(op.name)}]({op.name}.md)"
    return {"line": f"{link}: {text}" + (" **Deprecated.**" if op.deprecated else "")}


def _group_title(title: m.Text) -> str:
    en, zh = md_text(title.en, br=" "), md_text(title.zh, br=" ")
    return f"{en} ({zh})" if en and zh else en or zh


def index_groups(service: m.Service) -> list[dict[str, Any]]:
    """The service's operations as the index lists them: in the spec's ``groups`` (the
    documentation's grouping), in order, then any operation no group names under "Other
    operations"; without groups, one untitled list in file order."""
    by_name = {op.name: op for op in service.operations}
    if not service.groups:
        return [{"title": None, "items": [_index_item(op) for op in service.operations]}]
    out: list[dict[str, Any]] = []
    listed: set[str] = set()
    for group in service.groups:
        ops = [by_name[name] for name in group.operations if name in by_name]
        listed.update(op.name for op in ops)
        out.append({"title": _group_title(group.title), "items": [_index_item(op) for op in ops]})
    rest = [op for op in service.operations if op.name not in listed]
    if rest:
        out.append({"title": "Other operations", "items": [_index_item(op) for op in rest]})
    return out


def emit_docs(service: m.Service) -> dict[str, str]:
    """`docs/<Operation>.md` for each operation of one service."""
    return {f"docs/{op.name}.md": render_operation(service, op) for op in service.operations}


def emit_docs_index(services: list[m.Service]) -> dict[str, str]:
    """`docs/README.md`: every operation of every service generated in this run."""
    return {"docs/README.md": render_index(services)}
