# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/error_responses.py.
# Do not edit by hand: change the original and run `make generate`.
"""Captured error answers: how one is told from a success response, and its one-line verdict.

An error answer carries the envelope the spec declares under `error_response` (for CCC
`{"RequestId", "Code", "Message", "HttpStatusCode", ...}`), not the operation's response. A
payload is an *error response* when it is an object whose code field holds a string other than
the success code and that has none of the fields every success response of its operation
requires (the operation's markers; for GetCallDetailRecord, `Data`). It is then checked against
the envelope instead of the response schema, and reported as one `Issue` (keyword
`errorResponse`) such as `error response Parameter.Blank (400)`, with the code and the status
from the body escaped, followed by any way the body departs from the envelope.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .issues import Issue
from .validation import preview

__all__ = ["KEYWORD", "Envelope", "verdict_message"]

KEYWORD = "errorResponse"

Checks = tuple[Callable[[Any], bool], Callable[[Any], bool], Callable[[Any, list[Issue]], None]]
"""A compiled schema's (fast path, exact decision, collecting path)."""

# A code shown as it is; anything else (control characters, quotes, spaces, very long text)
# is shown as a clipped, escaped repr, so no byte of the body reaches a terminal raw.
_PLAIN_CODE = re.compile(r"[A-Za-z0-9_.:/-]{1,80}")


def verdict_message(code: str, status: object, has_status: bool) -> str:
    """`error response <code> (<status>)`; the status only when the body has one."""
    shown = code if _PLAIN_CODE.fullmatch(code) else preview(code)
    if not has_status:
        return f"error response {shown}"
    if type(status) is int and status.bit_length() <= 64:
        return f"error response {shown} ({status})"
    return f"error response {shown} ({preview(status)})"


@dataclass(frozen=True, slots=True)
class Envelope:
    """The error envelope of one service, compiled (standard library only)."""

    code_field: str
    status_field: str | None
    success_code: str
    strict: Checks
    lenient: Checks
    description: str | None = None

    def code(self, payload: object, markers: tuple[str, ...]) -> str | None:
        """The error code when `payload` is an error response (see the module), else None."""
        if not isinstance(payload, dict):
            return None
        code = payload.get(self.code_field)
        if not isinstance(code, str) or code == self.success_code:
            return None
        for marker in markers:
            if marker in payload:
                return None
        return code

    def verdict(self, payload: object, code: str) -> Issue:
        """The one issue that says what this error response is."""
        field = self.status_field
        body: dict[str, Any] = payload if isinstance(payload, dict) else {}
        has_status = field is not None and field in body
        status = body.get(field) if field is not None else None
        message = verdict_message(code, status, has_status)
        return Issue("", KEYWORD, message, None, code, self.description)

    def validate(self, payload: object, *, strict: bool = True) -> list[Issue]:
        """Every way `payload` departs from the envelope; empty when it fits."""
        fast, _, collect = self.strict if strict else self.lenient
        issues: list[Issue] = []
        if not fast(payload):
            collect(payload, issues)
        return issues

    def check(self, payload: object, code: str, *, strict: bool = True) -> list[Issue]:
        """The verdict, then every way the body departs from the envelope."""
        return [self.verdict(payload, code), *self.validate(payload, strict=strict)]
