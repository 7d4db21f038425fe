"""An operation's enums: added, removed, retyped, and their values, judged by the side that
uses each enum."""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.record import RENAME_HINT, Recorder
from cccgen.diff.rules import Side


def compare_enums(rec: Recorder, at: str, old: m.Operation, new: m.Operation) -> None:
    """Record the enums added, removed or changed in an operation."""
    before = {e.name: e for e in old.enums}
    after = {e.name: e for e in new.enums}
    sides = enum_sides(new) | enum_sides(old)
    for name in before:
        if name not in after:
            rec.add(
                "enum-removed",
                f"{at}.enums.{name}",
                name,
                None,
                f"enum class {name} is gone ({RENAME_HINT})",
            )
    for name, e in after.items():
        loc = f"{at}.enums.{name}"
        if name not in before:
            rec.add("enum-added", loc, None, name, "enum added")
            continue
        o = before[name]
        if o.kind != e.kind:
            rec.add(
                "enum-type-changed",
                loc,
                o.kind,
                e.kind,
                f"enum type changed from {o.kind} to {e.kind}",
            )
            continue
        # An enum only requests use is an input contract; one a response uses is also judged as data.
        side: Side = "request" if sides.get(name) == {"request"} else "response"
        compare_values(rec, loc, o, e, side=side)
        rec.add_description(loc, o.description, e.description)
        if o.note != e.note:
            rec.add("note-changed", loc, o.note, e.note, "note changed")


def compare_values(rec: Recorder, loc: str, o: m.Enum, e: m.Enum, *, side: Side) -> None:
    """Record the values added to or removed from one enum."""
    old_values = {v.value: v for v in o.values}
    new_values = {v.value: v for v in e.values}
    for value, v in old_values.items():
        if value not in new_values:
            rec.add(
                "enum-value-removed",
                f"{loc}.{value}",
                value,
                None,
                f"enum value {value!r} removed: "
                + (
                    "callers sending it are refused"
                    if side == "request"
                    else "data carrying it no longer validates"
                )
                + f" and member {e.name}.{v.name} is gone",
                side=side,
            )
    for value, v in new_values.items():
        vloc = f"{loc}.{value}"
        if value not in old_values:
            rec.add(
                "enum-value-added",
                vloc,
                None,
                value,
                f"enum value {value!r} added ({e.name}.{v.name}); enums are open, so consumers "
                "already handle values they do not know",
                side=side,
            )
            continue
        ov = old_values[value]
        if ov.name != v.name:
            rec.add(
                "enum-member-renamed",
                vloc,
                ov.name,
                v.name,
                f"Python member {e.name}.{ov.name} is renamed {e.name}.{v.name}",
            )
        if (ov.zh, ov.en) != (v.zh, v.en):
            rec.add(
                "enum-label-changed",
                vloc,
                {"zh": ov.zh, "en": ov.en},
                {"zh": v.zh, "en": v.en},
                "label changed",
            )


def enum_sides(op: m.Operation) -> dict[str, set[str]]:
    """Which side(s) of the operation use each enum: {"ContactType": {"response"}}."""
    sides: dict[str, set[str]] = {}

    def visit(obj: m.ObjectModel, side: str, seen: set[str]) -> None:
        if obj.name in seen:
            return
        seen.add(obj.name)
        for f in obj.fields:
            t = f.type
            while t.items is not None:
                t = t.items
            if t.enum is not None:
                sides.setdefault(t.enum.name, set()).add(side)
            if t.object is not None:
                visit(t.object, side, seen)

    visit(op.request, "request", set())
    visit(op.response, "response", set())
    return sides
