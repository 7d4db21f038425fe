"""Models and their fields, on one side of an operation: names, presence, nullability, types
and the enums that restrict them."""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.record import RENAME_HINT, Recorder, text
from cccgen.diff.rules import Side

# What a flag turning True or False is called (the rules' what_changed), and why it matters.
_FLAG_CHANGES = {
    ("required", True): "optional became required",
    ("required", False): "required became optional",
    ("nullable", True): "non-nullable became nullable",
    ("nullable", False): "nullable became non-nullable",
}
_FLAG_WHY = {
    ("required", "request", True): "existing calls may not send it",
    ("required", "request", False): "callers may now leave it out",
    ("required", "response", True): "responses without it that validated before are now rejected",
    ("required", "response", False): "consumers can no longer rely on it being present",
    ("nullable", "request", True): "null is now accepted",
    ("nullable", "request", False): "callers sending null are refused",
    ("nullable", "response", True): "consumers must now handle null",
    ("nullable", "response", False): (
        "responses carrying null that validated before are now rejected"
    ),
}


def type_text(t: m.Type) -> str:
    """A type in words: `string`, `string enum ContactType`, `array<object AgentEvent>`."""
    if t.kind == "array" and t.items is not None:
        return f"array<{type_text(t.items)}>"
    if t.kind == "object" and t.object is not None:
        return f"object {t.object.name}"
    if t.enum is not None:
        return f"{t.kind} enum {t.enum.name}"
    return t.kind


def compare_model_name(rec: Recorder, at: str, old: m.ObjectModel, new: m.ObjectModel) -> None:
    """Record a renamed model class."""
    if old.name != new.name:
        rec.add(
            "model-renamed",
            at,
            old.name,
            new.name,
            f"model class {old.name} is renamed {new.name}: code importing it breaks",
        )
    rec.add_description(at, old.description, new.description, f"description of {new.name} changed")


def compare_fields(
    rec: Recorder, at: str, old: m.ObjectModel, new: m.ObjectModel, *, side: Side
) -> None:
    """Record the fields added, removed or changed in one object."""
    before = {f.wire_name: f for f in old.fields}
    after = {f.wire_name: f for f in new.fields}
    added = [f for name, f in after.items() if name not in before]
    removed = [f for name, f in before.items() if name not in after]
    noun = "parameter" if side == "request" else "field"
    for f in removed:
        twins = [a.wire_name for a in added if type_text(a.type) == type_text(f.type)]
        hint = f"; perhaps renamed to {', '.join(twins)}" if twins else ""
        why = (
            f"callers passing `{f.python_name}=` get a TypeError and servers may refuse it"
            if side == "request"
            else f"attribute `{f.python_name}` is gone and captured responses carrying it no "
            "longer validate strictly"
        )
        rec.add(
            f"{noun}-removed",
            f"{at}.{f.wire_name}",
            f.wire_name,
            None,
            f"{side} {noun} removed: {why} ({RENAME_HINT}{hint})",
            side=side,
        )
    for f in added:
        if f.required:
            why = (
                "existing calls do not send it"
                if side == "request"
                else "responses captured before do not carry it and no longer validate"
            )
            message = f"required {side} {noun} added: {why}"
        else:
            message = f"optional {side} {noun} added"
        rec.add(
            f"{noun}-added",
            f"{at}.{f.wire_name}",
            None,
            f.wire_name,
            message,
            side=side,
            what="added as required" if f.required else "added as optional",
        )
    for name, new_f in after.items():
        if name in before:
            compare_field(rec, f"{at}.{name}", before[name], new_f, side=side)


def compare_field(rec: Recorder, at: str, old: m.Field, new: m.Field, *, side: Side) -> None:
    """Record the changes to one field (name, flags, texts, type, ...)."""
    if old.python_name != new.python_name:
        what = "keyword argument" if side == "request" else "attribute"
        rec.add(
            "python-name-changed",
            at,
            old.python_name,
            new.python_name,
            f"Python {what} renamed: code using `{old.python_name}` breaks",
            side=side,
        )
    for attr in ("required", "nullable"):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            change = _FLAG_CHANGES[attr, b]
            why = _FLAG_WHY[attr, side, b]
            rec.add(f"{attr}-changed", at, a, b, f"{change}: {why}", side=side, what=change)
    for attr in ("description", "note", "example"):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            if attr == "description":
                a, b = text(a), text(b)
            rec.add(f"{attr}-changed", at, a, b, f"{attr} changed", side=side)
    compare_type(rec, at, old.type, new.type, side=side)


def compare_type(rec: Recorder, at: str, old: m.Type, new: m.Type, *, side: Side) -> None:
    """Record a change of a field's type, narrowing or widening."""
    if old.kind != new.kind:
        widening = (old.kind, new.kind) == ("int32", "int64")
        if widening and side == "request":
            message = "type widened: every old value is still accepted"
        else:
            message = f"type changed from {old.kind} to {new.kind}" + (
                " (on a response a wider range is still breaking: consumers relied on the old one)"
                if widening
                else ""
            )
        rec.add(
            "type-changed",
            at,
            type_text(old),
            type_text(new),
            message,
            side=side,
            what="int32 to int64" if widening else "any other type change",
        )
        return
    if old.pii != new.pii:
        rec.add(
            "pii-changed",
            at,
            old.pii,
            new.pii,
            f"personal-data kind changed from {old.pii or 'none'} to {new.pii or 'none'}: "
            "`redact` follows it",
            side=side,
        )
    if old.object is not None and new.object is not None:
        compare_model_name(rec, at, old.object, new.object)
        compare_fields(rec, at, old.object, new.object, side=side)
    if old.items is not None and new.items is not None:
        compare_type(rec, f"{at}[]", old.items, new.items, side=side)
    compare_field_enum(rec, at, old.enum, new.enum, side=side)


def compare_field_enum(
    rec: Recorder, at: str, old: m.Enum | None, new: m.Enum | None, *, side: Side
) -> None:
    """Record an enum attached to, detached from or renamed on a field."""
    if old is None and new is not None:
        rec.add(
            "enum-attached",
            at,
            None,
            new.name,
            f"values are now restricted to enum {new.name}",
            side=side,
        )
    elif old is not None and new is None:
        rec.add(
            "enum-detached",
            at,
            old.name,
            None,
            f"no longer restricted to enum {old.name}"
            + (
                ""
                if side == "request"
                else ": the attribute's Python type changes to a plain value"
            ),
            side=side,
        )
    elif old is not None and new is not None and old.name != new.name:
        rec.add(
            "enum-changed",
            at,
            old.name,
            new.name,
            f"field now uses enum {new.name} instead of {old.name}",
            side=side,
        )
