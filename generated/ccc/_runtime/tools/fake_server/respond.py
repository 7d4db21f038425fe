# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/respond.py.
# Do not edit by hand: change the original and run `make generate`.
"""What a request that passed the gateway and the fault queue is answered, in this order: the
response registered for its operation; for a listing operation, a page of the records stored
for the operation it lists; for an operation that stores records, the one its parameters
select (else its not-found error); otherwise its example with the request's identifiers
written in. Standard library only."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping

from .examples import from_example
from .fake_http import Outcome, escape_text
from .listing import ListingIndex, PageError, list_page
from .operations import FakeOperation
from .store import RecordStore

__all__ = ["error_body", "respond"]


def error_body(request_id: str, code: str, message: str, status: int) -> Outcome:
    """An error answer in the API's envelope."""
    body = {"RequestId": request_id, "Code": code, "Message": message, "HttpStatusCode": status}
    return Outcome(status, body)


def _operation_error(
    op: FakeOperation, request_id: str, code: str, values: tuple[str, ...]
) -> Outcome:
    status, message = op.error(code)
    parts = message.split("%s")
    filled = parts[0]
    for index, part in enumerate(parts[1:]):
        value = values[index] if index < len(values) else ""
        filled += escape_text(value, 120) + part
    return error_body(request_id, code, filled.rstrip(), status)


def respond(
    op: FakeOperation,
    params: Mapping[str, str],
    request_id: str,
    store: RecordStore,
    clock: Callable[[], float],
) -> Outcome:
    """The answer to a call of ``op`` with ``params``."""
    registered = store.response(op.name)
    if registered is not None:
        return Outcome(200, {**copy.deepcopy(registered), "RequestId": request_id})
    listing = op.listing
    if listing is not None and store.has_records(listing.records_of):
        try:
            index = store.derived(
                f"listing:{op.name}",
                lambda records: ListingIndex(listing, records),
                listing.records_of,
            )
            body = list_page(op, index, params, request_id, clock)
        except PageError as exc:
            return _operation_error(op, request_id, exc.code, exc.values)
        return Outcome(200, body)
    if op.match and (store.has_records(op.name) or op.example is None):
        key = tuple(params.get(name, "") for name in op.match)
        record = store.find(op.name, key)
        if record is None:
            message = op.not_found_message.replace("%s", escape_text(key[0], 120))
            return error_body(request_id, op.not_found_code, message, op.not_found_status)
        return Outcome(200, {"RequestId": request_id, **op.envelope, op.record_field: record})
    return Outcome(200, from_example(op, params, request_id))
