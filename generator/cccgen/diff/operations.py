"""Operations: added or removed, and for each kept one its facts, shapes, enums, errors and
examples."""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.enums import compare_enums
from cccgen.diff.errors import compare_errors
from cccgen.diff.fields import compare_fields, compare_model_name
from cccgen.diff.record import Recorder, text
from cccgen.diff.rules import SIDES


def compare_operations(
    rec: Recorder, old: tuple[m.Operation, ...], new: tuple[m.Operation, ...]
) -> None:
    """Record the operations added, removed or changed."""
    old_ops = {op.name: op for op in old}
    new_ops = {op.name: op for op in new}
    for name, op in old_ops.items():
        if name not in new_ops:
            rec.operation = name
            rec.add(
                "operation-removed",
                name,
                name,
                None,
                f"operation removed: `{op.python_name}()` and its models are gone",
            )
    for name, op in new_ops.items():
        rec.operation = name
        if name not in old_ops:
            rec.add("operation-added", name, None, name, "operation added")
        else:
            compare_operation(rec, old_ops[name], op)
    rec.operation = None


def compare_operation(rec: Recorder, old: m.Operation, new: m.Operation) -> None:
    """Record the changes to one operation (texts, HTTP, read-only, ...)."""
    at = new.name
    for attr in ("summary", "description"):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            rec.add(f"{attr}-changed", f"{at}.{attr}", text(a), text(b), f"{attr} changed")
    if (old.method, old.path) != (new.method, new.path):
        rec.add(
            "http-changed",
            f"{at}.http",
            f"{old.method} {old.path}",
            f"{new.method} {new.path}",
            "HTTP method or path changed: requests built for the old one are refused",
        )
    if old.read_only != new.read_only:
        rec.add(
            "read-only-changed",
            f"{at}.read_only",
            old.read_only,
            new.read_only,
            "now read-only"
            if new.read_only
            else "no longer read-only: retrying a call may repeat its effect",
            what="became read-only" if new.read_only else "no longer read-only",
        )
    for side in SIDES:
        before, after = getattr(old, side), getattr(new, side)
        compare_model_name(rec, f"{at}.{side}", before, after)
        compare_fields(rec, f"{at}.{side}", before, after, side=side)
    compare_enums(rec, at, old, new)
    compare_errors(rec, f"{at}.errors", old.errors, new.errors)
    compare_examples(rec, at, old, new)


def compare_examples(rec: Recorder, at: str, old: m.Operation, new: m.Operation) -> None:
    """Record the examples added, removed or changed."""
    before = {e.name: e for e in old.examples}
    after = {e.name: e for e in new.examples}
    for name in [n for n in before if n not in after]:
        rec.add("example-removed", f"{at}.examples.{name}", name, None, "example removed")
    for name, ex in after.items():
        if name not in before:
            rec.add("example-added", f"{at}.examples.{name}", None, name, "example added")
        elif before[name] != ex:
            rec.add("example-changed", f"{at}.examples.{name}", None, None, "example changed")
