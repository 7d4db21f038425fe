# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/fake_server/fake_server.py.
# Do not edit by hand: change the original and run `make generate`.
"""A fake Alibaba Cloud RPC endpoint on loopback, for tests (in the spirit of moto).

:class:`FakeServer` answers signed RPC-style calls the way the API gateway does, from records
held in memory or loaded from JSON files, so that a client (this package's own, or Alibaba's
official SDK) can be tested over real HTTP without an account::

    with FakeServer(operations=..., errors=..., access_key_id="id", access_key_secret="s",
                    data_dir="tests/cdrs") as server:
        ...  # point the client at server.endpoint ("127.0.0.1:PORT") over plain HTTP

What a request goes through, in this order (the first failing step answers):

1. Signature present. V3 (``Authorization: ACS3-HMAC-SHA256 ...`` plus ``x-acs-*`` headers)
   or RPC V1 (``Signature``, ``AccessKeyId``, ... in the query string or in an
   ``application/x-www-form-urlencoded`` body). No signature of either kind, or a V3/V1
   request lacking one of its mandatory parts (``x-acs-date``, ``x-acs-signature-nonce``,
   ``Timestamp``, ``SignatureNonce``, ``AccessKeyId``, ``Signature``) answers
   ``MissingParameter`` (400) naming the part.
2. Well formed: an unparsable ``Authorization`` header, an algorithm other than
   ``ACS3-HMAC-SHA256``, or ``SignatureMethod``/``SignatureVersion`` other than
   ``HMAC-SHA1``/``1.0`` answers ``IncompleteSignature`` (400).
3. Known AccessKey id, else ``InvalidAccessKeyId.NotFound`` (404).
4. Signature matches, else ``SignatureDoesNotMatch`` (400).
5. Date (``x-acs-date`` / ``Timestamp``, ``YYYY-MM-DDTHH:MM:SSZ``) within 15 minutes of the
   server's clock, else ``InvalidTimeStamp.Expired`` (400); an unparsable date answers
   ``InvalidTimeStamp.Format`` (400, the fake server's own choice of code).
6. Nonce not seen in the last 30 minutes, else ``SignatureNonceUsed`` (400). A nonce is only
   remembered once the signature and date checked out, so a forged request cannot burn one.
7. Security token: when the server is configured with one, the request must carry exactly it
   (``x-acs-security-token`` / ``SecurityToken``); a missing token answers
   ``MissingParameter`` naming ``SecurityToken``, a wrong one, or a token sent to a server
   configured without one, answers ``InvalidSecurityToken.MismatchWithAccessKey`` (400): the
   fake server's own choice, the gateway's codes for this case are not documented here.
8. Action and version: an unknown action answers ``InvalidAction.NotFound`` (404), a version
   other than the server's ``InvalidVersion`` (400) (again the fake server's own choices).
9. Every required parameter present and not blank, else ``Parameter.Blank`` (400) with the
   spec's message (``%s`` replaced by the parameter's name).
10. Fault injection (:meth:`FakeServer.throttle`, :meth:`FakeServer.fail`,
    :meth:`FakeServer.drop`, consumed in the order they were queued; :meth:`FakeServer.delay`
    holds the answer, whatever it is, independently of those).
11. Lookup: the stored record whose match fields equal the request's parameters, wrapped in
    the operation's response envelope (for CCC ``{"RequestId", "Code": "OK",
    "HttpStatusCode": 200, "Data"}``); no such record answers the operation's not-found error.

Answers are always JSON (an RPC ``Format`` parameter is accepted and ignored). Error answers
carry ``{"RequestId", "Code", "Message", "HttpStatusCode"}`` as JSON, the
status the error code maps to, and an ``x-acs-request-id`` header. Throttling answers also
carry ``x-acs-retry-after``: a positive whole number of **milliseconds**, as the official SDK
reads it (``alibabacloud-tea-openapi`` parses it with ``int()`` and sleeps that many ms).

HTTP-level refusals (``fake_http.py``; their codes are the fake server's own choices) are JSON
in the same envelope and close the connection. A badly framed body (a ``Content-Length`` or
chunk size that is not plain decimal / hex digits, chunk data not ended by CRLF, both framings
at once) answers ``MalformedRequest`` (400); a body over 1 MiB ``RequestTooLarge`` (413); a
transfer coding other than ``chunked`` ``NotImplemented`` (501). ``HEAD`` goes through the
checks like ``GET`` and gets the same headers without the body. PUT, DELETE, PATCH, OPTIONS,
TRACE and CONNECT answer ``MethodNotAllowed`` (405, ``Allow: GET, HEAD, POST``), any other
method ``NotImplemented`` (501). A malformed request line answers ``MalformedRequest`` (400),
an HTTP version other than 1.0 or 1.1 ``HTTPVersionNotSupported`` (505), a request line over
64 KiB ``RequestURITooLong`` (414), a header line over 64 KiB or more than 100 headers
``RequestHeaderFieldsTooLarge`` (431).

The log gets one line per answer, refusals included, in this shape (``-`` when unknown)::

    CLIENT METHOD PATH action=ACTION auth=V3|RPC|- key=ACCESS_KEY_ID -> STATUS CODE (MS ms) id=ID

A dropped connection logs status 0 and code ``(dropped)``. Fields from the request have
control characters (C0, DEL, C1), other invisible characters, whitespace and backslashes
escaped (``\\x1b``, ``\\n``, ``\\x20``, ``\\\\``) and are clipped at 256 characters, so
each is one printable word; the sink gets one whole line at a time, never two at once.

Nothing the server prints, logs, raises or reprs holds the AccessKey secret, a security
token or a signature. Standard library only: one thread per connection
(:class:`http.server.ThreadingHTTPServer`), each piece of shared state (nonces, records,
faults, requests seen) behind its own lock.

The server is split by job: :mod:`.gateway` (steps 1-9), :mod:`.faults` (step 10),
:mod:`.store` (step 11 and the records), :mod:`.answer` (the order above, recording and
logging), :mod:`.fake_http` (HTTP framing and refusals), :mod:`.server` (:class:`FakeServer`).
This module is where their public names are imported from.
"""

from __future__ import annotations

from .answer import MAX_REQUESTS_KEPT, ReceivedRequest
from .gateway import MAX_CLOCK_SKEW_SECONDS, NONCE_MEMORY_SECONDS
from .operations import DEFAULT_ERRORS, FakeOperation, FakeServerError
from .server import FakeServer
from .store import RecordCheck, RecordValidationError, load_records

__all__ = [
    "DEFAULT_ERRORS",
    "MAX_CLOCK_SKEW_SECONDS",
    "MAX_REQUESTS_KEPT",
    "NONCE_MEMORY_SECONDS",
    "FakeOperation",
    "FakeServer",
    "FakeServerError",
    "ReceivedRequest",
    "RecordCheck",
    "RecordValidationError",
    "load_records",
]
