"""Error codes, of the service (gateway errors) or of one operation."""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.record import RENAME_HINT, Recorder


def compare_errors(
    rec: Recorder, at: str, old: tuple[m.ErrorCode, ...], new: tuple[m.ErrorCode, ...]
) -> None:
    """Record the error codes added, removed or changed."""
    before = {e.code: e for e in old}
    after = {e.code: e for e in new}
    for code, e in before.items():
        if code not in after:
            rec.add(
                "error-removed",
                f"{at}.{code}",
                code,
                None,
                f"error code removed: exception class {e.class_name} is gone ({RENAME_HINT})",
            )
    for code, e in after.items():
        if code not in before:
            rec.add("error-added", f"{at}.{code}", None, code, f"error code added ({e.class_name})")
        else:
            compare_error(rec, f"{at}.{code}", before[code], e)


def compare_error(rec: Recorder, loc: str, o: m.ErrorCode, e: m.ErrorCode) -> None:
    """Record the changes to one error code (class, HTTP status, ...)."""
    if o.class_name != e.class_name:
        rec.add(
            "error-class-renamed",
            loc,
            o.class_name,
            e.class_name,
            "exception class renamed: `except` clauses naming the old class stop matching",
        )
    if o.http_status != e.http_status:
        family = (o.http_status >= 500) != (e.http_status >= 500)
        rec.add(
            "error-status-changed",
            loc,
            o.http_status,
            e.http_status,
            "HTTP status moved between client (4xx) and server (5xx) errors"
            if family
            else "HTTP status changed within the same class",
            what="HTTP status moved between 4xx and 5xx"
            if family
            else "HTTP status changed within 4xx or 5xx",
        )
    for attr in ("retryable", "throttling"):
        a, b = getattr(o, attr), getattr(e, attr)
        if a != b:
            rec.add(
                f"error-{attr}-changed",
                loc,
                a,
                b,
                f"now {'' if b else 'not '}{attr} (the generated client follows it)",
            )
    if o.message != e.message:
        rec.add("error-message-changed", loc, o.message, e.message, "error message changed")
    rec.add_description(loc, o.description, e.description)
