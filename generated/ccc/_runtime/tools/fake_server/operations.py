# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/operations.py.
# Do not edit by hand: change the original and run `make generate`.
"""What the fake server answers: its operations, the error codes it may give and the error
raised when it cannot start as configured. Standard library only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .fake_http import HTTP_ERRORS

__all__ = ["DEFAULT_ERRORS", "PAGE_ERRORS", "FakeOperation", "FakeServerError", "Listing", "Window"]

# Codes the fake server may answer, with the status and message it uses when the ``errors``
# given to it (the spec's gateway errors) do not name them. Codes marked "own choice" are not
# documented for this API; the fake server picks them so that tests can tell the cases apart.
DEFAULT_ERRORS: dict[str, tuple[int, str]] = {
    "MissingParameter": (
        400,
        'The input parameter "%s" that is mandatory for processing this request is not supplied.',
    ),
    "IncompleteSignature": (400, "The request signature does not conform to Aliyun standards."),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not found."),
    "SignatureDoesNotMatch": (400, "Specified signature is not matched with our calculation."),
    "InvalidTimeStamp.Expired": (400, "Specified time stamp or date value is expired."),
    "SignatureNonceUsed": (400, "Specified signature nonce was used already."),
    "Throttling.User": (400, "Request was denied due to user flow control."),
    "ServiceUnavailable": (
        503,
        "The request has failed due to a temporary failure of the server.",
    ),
    "InternalError": (500, "The request processing has failed due to some unknown error."),
    # own choices
    "InvalidTimeStamp.Format": (400, "Specified time stamp or date value is not well formatted."),
    "InvalidSecurityToken.MismatchWithAccessKey": (
        400,
        "The security token does not match the access key.",
    ),
    "InvalidAction.NotFound": (
        404,
        "Specified api is not found, please check your url and method.",
    ),
    "InvalidVersion": (400, "Specified parameter Version is not valid."),
    "InvalidParameter": (400, "The parameter %s is given more than once."),
    "UnsupportedMediaType": (415, "The request body must be application/x-www-form-urlencoded."),
    "Parameter.Invalid": (400, "The parameter %s is invalid."),
    # HTTP-level refusals (bad framing, other methods, malformed requests): fake_http.py
    **HTTP_ERRORS,
}


# Paging errors of the real API (CCC's metadata names them for many operations); the spec's
# own entry for the operation, when it has one, wins.
PAGE_ERRORS: dict[str, tuple[int, str]] = {
    "Parameter.Format": (400, "The format of parameter %s is invalid."),
    "Parameter.Minimum": (400, "The parameter %s must be greater than or equal to %s."),
    "Parameter.Maximum": (400, "The parameter %s must be less than or equal to %s."),
}


class FakeServerError(ValueError):
    """The fake server cannot start as configured (bad records, bad data directory, ...)."""


@dataclass(frozen=True)
class Window:
    """A time window of a listing: request parameters ``start`` and ``end`` (epoch ms) keep
    the records whose ``field`` lies between them, both ends included."""

    start: str
    end: str
    field: str


@dataclass(frozen=True)
class Listing:
    """How a paged operation lists the records stored for ``records_of``.

    ``items`` and ``total`` are wire-name paths in the success response; ``page_number`` and
    ``page_size`` the request parameters (at most ``max_page_size`` a page, ``max_pages``
    pages reachable); ``filters`` maps request parameters to the record fields they must
    equal; ``order`` is the sort-order parameter (``ASC``, else newest first by the window's
    field); ``fields`` maps each field of a listed item to its JSON kind (``string``,
    ``integer``, ``number``, ``boolean``, ``object``, ``array``, ``any``): a record is served
    with those fields only, numbers and strings converted where the kinds differ, and
    ``enums`` (field: its string values) respelled the item's way where only case and
    underscores differ.
    """

    records_of: str
    items: tuple[str, ...]
    total: tuple[str, ...] | None
    page_number: str
    page_size: str
    max_page_size: int = 100
    max_pages: int = 100
    window: Window | None = None
    filters: Mapping[str, str] = field(default_factory=dict)
    order: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    enums: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeOperation:
    """One RPC action the fake server answers.

    ``match`` maps request parameters to the fields of a stored record that must equal them
    (e.g. ``{"ContactId": "ContactId", "InstanceId": "InstanceId"}``); empty, the operation
    stores no record. ``blank_message`` is
    the spec's message for a missing or blank required parameter (``%s`` is its name). The
    not-found error is answered when no stored record matches (``%s`` in its message is the
    value of the first match parameter).

    A success answers ``{"RequestId": ..., **envelope, record_field: record}``: for CCC,
    ``{"RequestId", "Code": "OK", "HttpStatusCode": 200, "Data": record}``.

    ``example`` is the spec's success example, answered when nothing was registered for the
    operation, with the request's value of each parameter in ``echo`` written into every
    field of that name; ``listing`` makes a paged operation list stored records;
    ``errors`` are the operation's own error codes (``{code: (status, message)}``).
    """

    name: str
    required: tuple[str, ...]
    match: Mapping[str, str] = field(default_factory=dict)
    blank_code: str = "Parameter.Blank"
    blank_status: int = 400
    blank_message: str = "The parameter %s may not be null or blank."
    not_found_code: str = "NotFound"
    not_found_status: int = 404
    not_found_message: str = "The specified resource does not exist."
    record_field: str = "Data"
    envelope: Mapping[str, Any] = field(
        default_factory=lambda: {"Code": "OK", "HttpStatusCode": 200}
    )
    example: Mapping[str, Any] | None = None
    echo: tuple[str, ...] = ()
    listing: Listing | None = None
    errors: Mapping[str, tuple[int, str]] = field(default_factory=dict)

    def error(self, code: str) -> tuple[int, str]:
        """The status and message of ``code`` for this operation."""
        return (
            self.errors.get(code) or PAGE_ERRORS.get(code) or DEFAULT_ERRORS.get(code, (400, code))
        )


def checked_operations(operations: Mapping[str, FakeOperation]) -> dict[str, FakeOperation]:
    """``operations`` as a dict, refused with :class:`FakeServerError` when empty, registered
    under another name, or listing the records of an operation that stores none."""
    if not operations:
        raise FakeServerError("at least one operation is required")
    checked = dict(operations)
    for name, op in checked.items():
        if name != op.name:
            raise FakeServerError(f"operation {name!r} is registered under another name")
        source = op.listing.records_of if op.listing is not None else None
        if source is not None and (source not in checked or not checked[source].match):
            raise FakeServerError(
                f"operation {name!r} lists the records of {source!r}, which stores none"
            )
    return checked
