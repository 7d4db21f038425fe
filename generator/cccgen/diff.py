"""Changes between two versions of a service spec, each marked breaking, compatible or info.

The rule: a change is **breaking** when something that worked with the old spec can fail with
the new one. Two things can fail:

1. data the spec judges: a request built, or a response captured, under the old spec that the
   new spec's validator (strict JSON Schema) would reject;
2. code written against the old generated package: a Python name (module, method, class,
   attribute, keyword argument, enum member, exception class) that is gone or means something
   else, or a guarantee that typed code relied on (a field always present, never null, of a
   given type).

Requests are an input contract: only narrowing is breaking (a parameter added as required,
made required, made non-nullable, given a different or narrower type, an enum value removed);
widening is compatible (an optional parameter added, a parameter made optional, an enum value
added, `int32` to `int64`).

Responses are both a validation rule (view 1: narrowing breaks captured data) and a guarantee
(view 2: widening breaks consumers), so any change of a response field's presence, nullability
or type is breaking in either direction: optional→required and nullable→non-nullable reject
old captures; required→optional and non-nullable→nullable take away a guarantee; `int32` to
`int64` widens the documented range typed consumers (a database column, another language)
rely on. A response field added as optional and an enum value added are compatible: generated
enums are open (an unknown value parses as its plain value), so consumers already handle
values the spec does not list. Removing a field or an enum value is breaking.

A renamed field, enum, model or error code shows as a removal plus an addition: the diff
compares names, and a hint names a likely counterpart when one was added with the same type.
Text-only changes (descriptions, summaries, notes, examples, labels, messages) are **info**.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from cccgen import model as m

Severity = Literal["breaking", "compatible", "info"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "compatible", "info")
RENAME_HINT = "a rename shows as a removal plus an addition"


@dataclass(frozen=True)
class Change:
    kind: str  # e.g. "field-removed", "enum-value-added"
    severity: Severity
    operation: str | None  # None for service-level changes
    location: str  # dotted path: GetCallDetailRecord.response.Data.AgentEvents[].AgentId
    old: Any
    new: Any
    message: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def type_text(t: m.Type) -> str:
    """A type in words: `string`, `string enum ContactType`, `array<object AgentEvent>`."""
    if t.kind == "array" and t.items is not None:
        return f"array<{type_text(t.items)}>"
    if t.kind == "object" and t.object is not None:
        return f"object {t.object.name}"
    if t.enum is not None:
        return f"{t.kind} enum {t.enum.name}"
    return t.kind


def _text(value: m.Text | None) -> dict[str, str] | None:
    return None if value is None else {"zh": value.zh, "en": value.en}


class _Differ:
    def __init__(self) -> None:
        self.changes: list[Change] = []
        self.operation: str | None = None

    def add(
        self, kind: str, severity: Severity, location: str, old: Any, new: Any, message: str
    ) -> None:
        self.changes.append(Change(kind, severity, self.operation, location, old, new, message))

    # -- service -----------------------------------------------------------------------------

    def service(self, old: m.Service, new: m.Service) -> None:
        at = old.name
        if old.name != new.name:
            self.add(
                "package-renamed",
                "breaking",
                at,
                old.name,
                new.name,
                "the generated Python package is renamed: every import changes",
            )
        for attr, why in (
            ("product", "the product code changes"),
            ("api_version", "requests carry a different API version"),
            ("style", "requests are built differently"),
        ):
            a, b = getattr(old, attr), getattr(new, attr)
            if a != b:
                self.add(f"{attr.replace('_', '-')}-changed", "breaking", f"{at}.{attr}", a, b, why)
        if old.title != new.title:
            self.add(
                "title-changed",
                "info",
                f"{at}.title",
                _text(old.title),
                _text(new.title),
                "service title changed",
            )
        self.endpoint(at, old.endpoint, new.endpoint)
        self.auth(at, old.auth, new.auth)
        self.errors(f"{at}.errors", old.errors, new.errors)
        old_ops = {op.name: op for op in old.operations}
        new_ops = {op.name: op for op in new.operations}
        for name, op in old_ops.items():
            if name not in new_ops:
                self.operation = name
                self.add(
                    "operation-removed",
                    "breaking",
                    name,
                    name,
                    None,
                    f"operation removed: `{op.python_name}()` and its models are gone",
                )
        for name, op in new_ops.items():
            self.operation = name
            if name not in old_ops:
                self.add("operation-added", "compatible", name, None, name, "operation added")
            else:
                self.operation_pair(old_ops[name], op)
        self.operation = None

    def endpoint(self, at: str, old: m.Endpoint, new: m.Endpoint) -> None:
        if old.host_pattern != new.host_pattern:
            self.add(
                "endpoint-changed",
                "compatible",
                f"{at}.endpoint.host_pattern",
                old.host_pattern,
                new.host_pattern,
                "endpoint host pattern changed (the generated client follows it)",
            )
        if old.central_host != new.central_host:
            self.add(
                "endpoint-changed",
                "compatible",
                f"{at}.endpoint.central_host",
                old.central_host,
                new.central_host,
                "central endpoint host changed (the generated client follows it)",
            )
        before, after = set(old.central_regions), set(new.central_regions)
        for region in sorted(before - after):
            self.add(
                "central-region-removed",
                "compatible",
                f"{at}.endpoint.central_regions",
                region,
                None,
                f"region {region} now uses its regional host",
            )
        for region in sorted(after - before):
            self.add(
                "central-region-added",
                "compatible",
                f"{at}.endpoint.central_regions",
                None,
                region,
                f"region {region} now uses the central host",
            )

    def auth(self, at: str, old: m.Auth, new: m.Auth) -> None:
        if (old.signature, old.alternatives) != (new.signature, new.alternatives):
            self.add(
                "signature-changed",
                "compatible",
                f"{at}.auth",
                [old.signature, *old.alternatives],
                [new.signature, *new.alternatives],
                "signature method changed (the generated client follows it)",
            )
        for attr in ("env_access_key_id", "env_access_key_secret", "env_security_token"):
            a, b = getattr(old, attr), getattr(new, attr)
            if a != b:
                self.add(
                    "credential-variable-changed",
                    "breaking",
                    f"{at}.auth.environment.{attr[4:]}",
                    a,
                    b,
                    f"credentials are read from {b} instead of {a}: environments set up for the old "
                    "name stop working",
                )

    def errors(self, at: str, old: tuple[m.ErrorCode, ...], new: tuple[m.ErrorCode, ...]) -> None:
        before = {e.code: e for e in old}
        after = {e.code: e for e in new}
        for code, e in before.items():
            if code not in after:
                self.add(
                    "error-removed",
                    "breaking",
                    f"{at}.{code}",
                    code,
                    None,
                    f"error code removed: exception class {e.class_name} is gone ({RENAME_HINT})",
                )
        for code, e in after.items():
            loc = f"{at}.{code}"
            if code not in before:
                self.add(
                    "error-added",
                    "compatible",
                    loc,
                    None,
                    code,
                    f"error code added ({e.class_name})",
                )
                continue
            o = before[code]
            if o.class_name != e.class_name:
                self.add(
                    "error-class-renamed",
                    "breaking",
                    loc,
                    o.class_name,
                    e.class_name,
                    "exception class renamed: `except` clauses naming the old class stop matching",
                )
            if o.http_status != e.http_status:
                family = (o.http_status >= 500) != (e.http_status >= 500)
                self.add(
                    "error-status-changed",
                    "breaking" if family else "compatible",
                    loc,
                    o.http_status,
                    e.http_status,
                    "HTTP status moved between client (4xx) and server (5xx) errors"
                    if family
                    else "HTTP status changed within the same class",
                )
            for attr, what in (("retryable", "retryable"), ("throttling", "throttling")):
                a, b = getattr(o, attr), getattr(e, attr)
                if a != b:
                    self.add(
                        f"error-{attr}-changed",
                        "compatible",
                        loc,
                        a,
                        b,
                        f"now {'' if b else 'not '}{what} (the generated client follows it)",
                    )
            if o.message != e.message:
                self.add(
                    "error-message-changed",
                    "info",
                    loc,
                    o.message,
                    e.message,
                    "error message changed",
                )
            if o.description != e.description:
                self.add(
                    "description-changed",
                    "info",
                    loc,
                    _text(o.description),
                    _text(e.description),
                    "description changed",
                )

    # -- operation ---------------------------------------------------------------------------

    def operation_pair(self, old: m.Operation, new: m.Operation) -> None:
        at = new.name
        if old.summary != new.summary:
            self.add(
                "summary-changed",
                "info",
                f"{at}.summary",
                _text(old.summary),
                _text(new.summary),
                "summary changed",
            )
        if old.description != new.description:
            self.add(
                "description-changed",
                "info",
                f"{at}.description",
                _text(old.description),
                _text(new.description),
                "description changed",
            )
        if (old.method, old.path) != (new.method, new.path):
            self.add(
                "http-changed",
                "breaking",
                f"{at}.http",
                f"{old.method} {old.path}",
                f"{new.method} {new.path}",
                "HTTP method or path changed: requests built for the old one are refused",
            )
        if old.read_only != new.read_only:
            self.add(
                "read-only-changed",
                "compatible" if new.read_only else "breaking",
                f"{at}.read_only",
                old.read_only,
                new.read_only,
                "now read-only"
                if new.read_only
                else "no longer read-only: retrying a call may repeat its effect",
            )
        self.model_name(f"{at}.request", old.request, new.request)
        self.fields(f"{at}.request", old.request, new.request, side="request")
        self.model_name(f"{at}.response", old.response, new.response)
        self.fields(f"{at}.response", old.response, new.response, side="response")
        self.enums(at, old, new)
        self.errors(f"{at}.errors", old.errors, new.errors)
        self.examples(at, old, new)

    def examples(self, at: str, old: m.Operation, new: m.Operation) -> None:
        before = {e.name: e for e in old.examples}
        after = {e.name: e for e in new.examples}
        for name in [n for n in before if n not in after]:
            self.add(
                "example-removed", "info", f"{at}.examples.{name}", name, None, "example removed"
            )
        for name, ex in after.items():
            if name not in before:
                self.add(
                    "example-added", "info", f"{at}.examples.{name}", None, name, "example added"
                )
            elif before[name] != ex:
                self.add(
                    "example-changed",
                    "info",
                    f"{at}.examples.{name}",
                    None,
                    None,
                    "example changed",
                )

    def model_name(self, at: str, old: m.ObjectModel, new: m.ObjectModel) -> None:
        if old.name != new.name:
            self.add(
                "model-renamed",
                "breaking",
                at,
                old.name,
                new.name,
                f"model class {old.name} is renamed {new.name}: code importing it breaks",
            )
        if old.description != new.description:
            self.add(
                "description-changed",
                "info",
                at,
                _text(old.description),
                _text(new.description),
                f"description of {new.name} changed",
            )

    def fields(self, at: str, old: m.ObjectModel, new: m.ObjectModel, *, side: str) -> None:
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
            self.add(
                f"{noun}-removed",
                "breaking",
                f"{at}.{f.wire_name}",
                f.wire_name,
                None,
                f"{side} {noun} removed: {why} ({RENAME_HINT}{hint})",
            )
        for f in added:
            loc = f"{at}.{f.wire_name}"
            if f.required:
                why = (
                    "existing calls do not send it"
                    if side == "request"
                    else "responses captured before do not carry it and no longer validate"
                )
                self.add(
                    f"{noun}-added",
                    "breaking",
                    loc,
                    None,
                    f.wire_name,
                    f"required {side} {noun} added: {why}",
                )
            else:
                self.add(
                    f"{noun}-added",
                    "compatible",
                    loc,
                    None,
                    f.wire_name,
                    f"optional {side} {noun} added",
                )
        for name, new_f in after.items():
            if name in before:
                self.field(f"{at}.{name}", before[name], new_f, side=side)

    def field(self, at: str, old: m.Field, new: m.Field, *, side: str) -> None:
        if old.python_name != new.python_name:
            what = "keyword argument" if side == "request" else "attribute"
            self.add(
                "python-name-changed",
                "breaking",
                at,
                old.python_name,
                new.python_name,
                f"Python {what} renamed: code using `{old.python_name}` breaks",
            )
        if old.required != new.required:
            if side == "request":
                severity: Severity = "breaking" if new.required else "compatible"
                why = (
                    "existing calls may not send it"
                    if new.required
                    else "callers may now leave it out"
                )
            else:
                severity = "breaking"
                why = (
                    "responses without it that validated before are now rejected"
                    if new.required
                    else "consumers can no longer rely on it being present"
                )
            self.add(
                "required-changed",
                severity,
                at,
                old.required,
                new.required,
                f"{'optional became required' if new.required else 'required became optional'}: {why}",
            )
        if old.nullable != new.nullable:
            if side == "request":
                severity = "compatible" if new.nullable else "breaking"
                why = "null is now accepted" if new.nullable else "callers sending null are refused"
            else:
                severity = "breaking"
                why = (
                    "consumers must now handle null"
                    if new.nullable
                    else "responses carrying null that validated before are now rejected"
                )
            self.add(
                "nullable-changed",
                severity,
                at,
                old.nullable,
                new.nullable,
                f"{'non-nullable became nullable' if new.nullable else 'nullable became non-nullable'}: {why}",
            )
        for attr, kind in (
            ("description", "description-changed"),
            ("note", "note-changed"),
            ("example", "example-changed"),
        ):
            a, b = getattr(old, attr), getattr(new, attr)
            if a != b:
                if attr == "description":
                    a, b = _text(a), _text(b)
                self.add(kind, "info", at, a, b, f"{attr} changed")
        self.type(at, old.type, new.type, side=side)

    def type(self, at: str, old: m.Type, new: m.Type, *, side: str) -> None:
        if old.kind != new.kind:
            widening = side == "request" and (old.kind, new.kind) == ("int32", "int64")
            self.add(
                "type-changed",
                "compatible" if widening else "breaking",
                at,
                type_text(old),
                type_text(new),
                "type widened: every old value is still accepted"
                if widening
                else f"type changed from {old.kind} to {new.kind}"
                + (
                    " (on a response a wider range is still breaking: consumers relied on the old one)"
                    if (old.kind, new.kind) == ("int32", "int64")
                    else ""
                ),
            )
            return
        if old.object is not None and new.object is not None:
            self.model_name(at, old.object, new.object)
            self.fields(at, old.object, new.object, side=side)
        if old.items is not None and new.items is not None:
            self.type(f"{at}[]", old.items, new.items, side=side)
        if (old.enum is None) != (new.enum is None):
            if new.enum is not None:
                self.add(
                    "enum-attached",
                    "breaking",
                    at,
                    None,
                    new.enum.name,
                    f"values are now restricted to enum {new.enum.name}",
                )
            else:
                assert old.enum is not None
                self.add(
                    "enum-detached",
                    "compatible" if side == "request" else "breaking",
                    at,
                    old.enum.name,
                    None,
                    f"no longer restricted to enum {old.enum.name}"
                    + (
                        ""
                        if side == "request"
                        else ": the attribute's Python type changes to a plain value"
                    ),
                )
        elif old.enum is not None and new.enum is not None and old.enum.name != new.enum.name:
            self.add(
                "enum-changed",
                "breaking",
                at,
                old.enum.name,
                new.enum.name,
                f"field now uses enum {new.enum.name} instead of {old.enum.name}",
            )

    # -- enums -------------------------------------------------------------------------------

    def enums(self, at: str, old: m.Operation, new: m.Operation) -> None:
        before = {e.name: e for e in old.enums}
        after = {e.name: e for e in new.enums}
        sides = _enum_sides(new) | _enum_sides(old)
        for name in before:
            if name not in after:
                self.add(
                    "enum-removed",
                    "breaking",
                    f"{at}.enums.{name}",
                    name,
                    None,
                    f"enum class {name} is gone ({RENAME_HINT})",
                )
        for name, e in after.items():
            loc = f"{at}.enums.{name}"
            if name not in before:
                self.add("enum-added", "compatible", loc, None, name, "enum added")
                continue
            o = before[name]
            if o.kind != e.kind:
                self.add(
                    "enum-type-changed",
                    "breaking",
                    loc,
                    o.kind,
                    e.kind,
                    f"enum type changed from {o.kind} to {e.kind}",
                )
                continue
            old_values = {v.value: v for v in o.values}
            new_values = {v.value: v for v in e.values}
            request_only = sides.get(name) == {"request"}
            for value, v in old_values.items():
                if value not in new_values:
                    self.add(
                        "enum-value-removed",
                        "breaking",
                        f"{loc}.{value}",
                        value,
                        None,
                        f"enum value {value!r} removed: "
                        + (
                            "callers sending it are refused"
                            if request_only
                            else "data carrying it no longer validates"
                        )
                        + f" and member {name}.{v.name} is gone",
                    )
            for value, v in new_values.items():
                vloc = f"{loc}.{value}"
                if value not in old_values:
                    self.add(
                        "enum-value-added",
                        "compatible",
                        vloc,
                        None,
                        value,
                        f"enum value {value!r} added ({name}.{v.name}); enums are open, so consumers "
                        "already handle values they do not know",
                    )
                    continue
                ov = old_values[value]
                if ov.name != v.name:
                    self.add(
                        "enum-member-renamed",
                        "breaking",
                        vloc,
                        ov.name,
                        v.name,
                        f"Python member {name}.{ov.name} is renamed {name}.{v.name}",
                    )
                if (ov.zh, ov.en) != (v.zh, v.en):
                    self.add(
                        "enum-label-changed",
                        "info",
                        vloc,
                        {"zh": ov.zh, "en": ov.en},
                        {"zh": v.zh, "en": v.en},
                        "label changed",
                    )
            if o.description != e.description:
                self.add(
                    "description-changed",
                    "info",
                    loc,
                    _text(o.description),
                    _text(e.description),
                    "description changed",
                )
            if o.note != e.note:
                self.add("note-changed", "info", loc, o.note, e.note, "note changed")


def _enum_sides(op: m.Operation) -> dict[str, set[str]]:
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


def diff_services(old: m.Service, new: m.Service) -> list[Change]:
    """Every change from `old` to `new`, in spec order (service, then each operation)."""
    differ = _Differ()
    differ.service(old, new)
    return differ.changes


def is_breaking(changes: list[Change]) -> bool:
    return any(c.severity == "breaking" for c in changes)
