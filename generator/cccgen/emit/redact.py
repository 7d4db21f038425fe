"""`<package>/redact.py`: each operation's personal response fields (the spec's `pii` marks) as
data for the runtime's redact tool (`runtime/tools/redact/`), and its Python API."""

from __future__ import annotations

from cccgen import model as m
from cccgen.emit.header import python_header
from cccgen.emit.templating import render

ITEMS = "[]"  # the runtime's `records.ITEMS`: each item of an array

PiiField = tuple[tuple[str, ...], str]


def pii_fields(op: m.Operation) -> list[PiiField]:
    """`(path, kind)` of every `pii` field of the operation's response, in field order; a path is
    wire names from the response's root, `[]` for each item of an array."""
    found: list[PiiField] = []

    def walk(t: m.Type, path: tuple[str, ...], seen: frozenset[str]) -> None:
        if t.pii is not None:
            found.append((path, t.pii))
        if t.items is not None:
            walk(t.items, (*path, ITEMS), seen)
        if t.object is not None and t.object.name not in seen:  # shared models may recur
            for f in t.object.fields:
                walk(f.type, (*path, f.wire_name), seen | {t.object.name})

    walk(m.Type(kind="object", object=op.response), (), frozenset())
    return found


def key_variable(service: m.Service) -> str:
    """The environment variable holding the redaction key: `CCC_REDACT_KEY` for package `ccc`."""
    return f"{service.name.upper()}_REDACT_KEY"


def emit_redact(service: m.Service) -> dict[str, str]:
    """The generated package's `redact.py`: the personal fields of every operation that has any."""
    # A path as a tuple literal: the repr of a tuple of strings is valid, escaped Python.
    fields = {
        op.name: [(repr(path), kind) for path, kind in found]
        for op in service.operations
        if (found := pii_fields(op))
    }
    text = render(
        "redact.py.jinja",
        service=service,
        header=python_header(service.source),
        pii_fields=fields,
        key_variable=key_variable(service),
    )
    return {f"{service.name}/redact.py": text}
