"""The fake server's operations read from the service description the generator writes
(`testing_operations.json` beside the generated `testing.py`): nothing about a service is
hard-coded here. A description that does not have the expected shape raises
:class:`FakeServerError` naming the operation and key. Standard library only."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .operations import FakeOperation, FakeServerError, Listing, Window

__all__ = ["gateway_errors_of", "load_description", "operations_from_description"]


def _get(entry: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    value = entry.get(key)
    if not isinstance(value, kind):
        raise FakeServerError(f"{where}.{key}: expected {getattr(kind, '__name__', kind)}")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise FakeServerError(f"{where}: expected a list of names")
    return tuple(value)


def _strings(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise FakeServerError(f"{where}: expected an object of names")
    return dict(value)


def _mapping(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FakeServerError(f"{where}: expected an object")
    return value


def _errors(value: Any, where: str) -> dict[str, tuple[int, str]]:
    errors: dict[str, tuple[int, str]] = {}
    for code, pair in _mapping(value or {}, where).items():
        if not (isinstance(pair, list) and len(pair) == 2 and isinstance(pair[0], int)):
            raise FakeServerError(f"{where}.{code}: expected [status, message]")
        errors[code] = (pair[0], str(pair[1]))
    return errors


def _listing(entry: Mapping[str, Any], where: str) -> Listing:
    window = entry.get("window")
    total = entry.get("total")
    return Listing(
        records_of=_get(entry, "records_of", str, where),
        items=_names(entry.get("items"), f"{where}.items"),
        total=None if total is None else _names(total, f"{where}.total"),
        page_number=_get(entry, "page_number", str, where),
        page_size=_get(entry, "page_size", str, where),
        max_page_size=_get(entry, "max_page_size", int, where),
        max_pages=_get(entry, "max_pages", int, where),
        window=None if window is None else Window(**_strings(window, f"{where}.window")),
        filters=_strings(entry.get("filters", {}), f"{where}.filters"),
        order=entry.get("order") if isinstance(entry.get("order"), str) else None,
        fields=_strings(entry.get("fields", {}), f"{where}.fields"),
        enums={
            name: _names(values, f"{where}.enums.{name}")
            for name, values in _mapping(entry.get("enums", {}), f"{where}.enums").items()
        },
    )


def _operation(name: str, entry: Any) -> FakeOperation:
    where = f"operations.{name}"
    if not isinstance(entry, dict):
        raise FakeServerError(f"{where}: expected an object")
    blank = _get(entry, "blank", dict, where)
    not_found = _get(entry, "not_found", dict, where)
    examples = _mapping(entry.get("examples", {}), f"{where}.examples")
    example = next((e for e in examples.values() if isinstance(e, dict)), None)
    listing = entry.get("listing")
    try:
        return FakeOperation(
            name=name,
            required=_names(entry.get("required"), f"{where}.required"),
            match=_strings(entry.get("match", {}), f"{where}.match"),
            blank_code=str(blank["code"]),
            blank_status=int(blank["status"]),
            blank_message=str(blank["message"]),
            not_found_code=str(not_found["code"]),
            not_found_status=int(not_found["status"]),
            not_found_message=str(not_found["message"]),
            record_field=str(entry.get("record_field", "Data")),
            envelope=dict(_get(entry, "envelope", dict, where)),
            example=example,
            echo=_names(entry.get("echo", []), f"{where}.echo"),
            listing=None if listing is None else _listing(listing, f"{where}.listing"),
            errors=_errors(entry.get("errors"), f"{where}.errors"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise FakeServerError(f"{where}: {exc}") from None


def operations_from_description(document: Any) -> dict[str, FakeOperation]:
    """``{name: FakeOperation}`` from a parsed description (``{"operations": {...}}``)."""
    if not isinstance(document, dict) or not isinstance(document.get("operations"), dict):
        raise FakeServerError("the description has no 'operations' object")
    return {name: _operation(name, entry) for name, entry in document["operations"].items()}


def gateway_errors_of(document: Any) -> dict[str, tuple[int, str]]:
    """The gateway's error codes of a parsed description: ``{code: (status, message)}``."""
    if not isinstance(document, dict):
        raise FakeServerError("the description is not an object")
    return _errors(document.get("errors"), "errors")


def load_description(
    path: Path,
) -> tuple[dict[str, FakeOperation], dict[str, tuple[int, str]]]:
    """The operations and the gateway's error codes of the description file at ``path``."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FakeServerError(
            f"{path}: cannot read the fake server's description ({exc})"
        ) from None
    return operations_from_description(document), gateway_errors_of(document)
