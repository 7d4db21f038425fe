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
(:class:`http.server.ThreadingHTTPServer`), all shared state behind one lock.
"""

from __future__ import annotations

import hmac
import json
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Self
from urllib.parse import parse_qsl

from ...core.credentials import Credentials, CredentialsError
from ...core.errors import printable
from ...core.signing import (
    RPC_V1_SIGNATURE_METHOD,
    RPC_V1_SIGNATURE_VERSION,
    MalformedSignatureError,
    SigningError,
    parse_v3_authorization,
    verify_rpc_v1,
    verify_v3,
)
from .fake_http import (
    HTTP_ERRORS,
    HttpRequest,
    Outcome,
    QuietThreadingHTTPServer,
    SerialLog,
    escape_text,
    log_line,
    make_handler,
)

__all__ = [
    "DEFAULT_ERRORS",
    "FakeOperation",
    "FakeServer",
    "FakeServerError",
    "ReceivedRequest",
    "RecordCheck",
    "RecordValidationError",
    "load_records",
]

MAX_CLOCK_SKEW_SECONDS = 15 * 60
NONCE_MEMORY_SECONDS = 2 * MAX_CLOCK_SKEW_SECONDS
# `FakeServer.requests` keeps the most recent requests only, so a long `serve` run stays small.
MAX_REQUESTS_KEPT = 10_000
_TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

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
    # HTTP-level refusals (bad framing, other methods, malformed requests): fake_http.py
    **HTTP_ERRORS,
}

_RPC_AUTH_PARAMS = ("AccessKeyId", "Signature", "SignatureNonce", "SignatureMethod", "Timestamp")
_MASKED = "***"
_SECRET_HEADERS = frozenset({"authorization", "x-acs-security-token"})
_SECRET_PARAMS = frozenset({"Signature", "SecurityToken"})


#: ``(operation, success body) -> issues``: how a body departs from the operation's schema.
RecordCheck = Callable[[str, dict[str, Any]], Sequence[str]]
_CHECK_REQUEST_ID = "00000000-0000-4000-8000-000000000000"
_SHOWN_ISSUES = 20


class FakeServerError(ValueError):
    """The fake server cannot start as configured (bad records, bad data directory, ...)."""


class RecordValidationError(FakeServerError):
    """A record the operation's response schema refuses (``validate_records``). ``issues``
    lists each departure, located in the body the record would be served in; the message
    names the file (or the values that select the record) and the first issues."""

    def __init__(
        self,
        operation: str,
        issues: Sequence[str],
        *,
        source: Path | None = None,
        record: Mapping[str, Any] | None = None,
    ) -> None:
        self.operation = operation
        self.issues = list(issues)
        self.source = source
        if source is not None:
            where = printable(str(source), 300)
        else:
            shown = {k: v for k, v in (record or {}).items() if isinstance(v, str)}
            where = "record " + printable(json.dumps(dict(list(shown.items())[:3])), 200)
        count = len(self.issues)
        plural = "s" if count != 1 else ""
        lines = [f"{where}: does not fit the {operation} response schema ({count} issue{plural}):"]
        lines += [f"  {issue}" for issue in self.issues[:_SHOWN_ISSUES]]
        if len(self.issues) > _SHOWN_ISSUES:
            lines.append(f"  ... and {len(self.issues) - _SHOWN_ISSUES} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class FakeOperation:
    """One RPC action the fake server answers.

    ``match`` maps request parameters to the fields of a stored record that must equal them
    (e.g. ``{"ContactId": "ContactId", "InstanceId": "InstanceId"}``). ``blank_message`` is
    the spec's message for a missing or blank required parameter (``%s`` is its name). The
    not-found error is answered when no stored record matches (``%s`` in its message is the
    value of the first match parameter).

    A success answers ``{"RequestId": ..., **envelope, record_field: record}``: for CCC,
    ``{"RequestId", "Code": "OK", "HttpStatusCode": 200, "Data": record}``.
    """

    name: str
    required: tuple[str, ...]
    match: Mapping[str, str]
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


@dataclass(frozen=True, repr=False)
class ReceivedRequest:
    """What the server saw of one request, and how it answered.

    ``headers`` has lower-case names. ``auth`` is ``"V3"``, ``"RPC"`` or ``None`` (no
    signature); ``verified`` is true once the signature checked out. The fields hold what
    was sent; ``repr`` masks signatures and security tokens. ``status`` is 0 for a request
    whose connection was dropped on purpose (:meth:`FakeServer.drop`).
    """

    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str]
    action: str | None
    auth: str | None
    access_key_id: str | None
    verified: bool
    status: int
    code: str
    request_id: str

    def __repr__(self) -> str:
        headers = {k: (_MASKED if k in _SECRET_HEADERS else v) for k, v in self.headers.items()}
        params = {k: (_MASKED if k in _SECRET_PARAMS else v) for k, v in self.params.items()}
        return (
            f"ReceivedRequest(method={self.method!r}, path={self.path!r}, "
            f"action={self.action!r}, auth={self.auth!r}, "
            f"access_key_id={self.access_key_id!r}, verified={self.verified!r}, "
            f"status={self.status!r}, code={self.code!r}, request_id={self.request_id!r}, "
            f"params={params!r}, headers={headers!r}, body=<{len(self.body)} bytes>)"
        )


class _Reject(Exception):
    """Answer the request with this gateway error (internal control flow)."""

    def __init__(self, code: str, arg: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.arg = arg


@dataclass
class _Fault:
    kind: str  # "throttle", "fail" or "drop"
    remaining: int
    status: int
    code: str
    retry_after_ms: int = 0


# --------------------------------------------------------------------------- records


def _record_of(document: Any, record_fields: Iterable[str] = ("Data",)) -> Any:
    """A record, or the record inside a whole response (its ``Data``, or whichever field
    of ``record_fields`` holds an object)."""
    if isinstance(document, dict):
        for name in record_fields:
            if isinstance(document.get(name), dict):
                return document[name]
    return document


def _iter_json_files(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.rglob("*.json") if p.is_file())


def load_records(
    data_dir: str | Path, record_fields: Iterable[str] = ("Data",)
) -> list[tuple[Path, dict[str, Any]]]:
    """Every ``*.json`` under ``data_dir`` (recursively, sorted) as ``(file, record)``.

    Each file holds one record object or one whole response (whose ``Data``, or other
    field named in ``record_fields``, is used). Raises :class:`FakeServerError` naming the
    file (and line, for bad JSON).
    """
    fields = tuple(record_fields)
    root = Path(data_dir)
    if not root.exists():
        raise FakeServerError(f"{root}: no such directory")
    if not root.is_dir():
        raise FakeServerError(f"{root}: not a directory")
    loaded: list[tuple[Path, dict[str, Any]]] = []
    for path in _iter_json_files(root):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise FakeServerError(f"{path}: not UTF-8 text ({exc.reason})") from None
        except OSError as exc:
            raise FakeServerError(f"{path}: cannot read ({exc.strerror})") from None
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FakeServerError(
                f"{path}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg}"
            ) from None
        record = _record_of(document, fields)
        if not isinstance(record, dict):
            holder = " or ".join(fields) or "Data"
            raise FakeServerError(
                f"{path}: expected a JSON object (a record, or a response with a {holder}"
                f" object), found {type(record).__name__}"
            )
        loaded.append((path, record))
    return loaded


# --------------------------------------------------------------------------- the server


class FakeServer:
    """A fake RPC endpoint on loopback; a context manager (``with FakeServer(...) as s``).

    ``operations`` maps action names to :class:`FakeOperation`; ``errors`` maps gateway
    error codes to ``(http_status, message)`` (the spec's, overriding :data:`DEFAULT_ERRORS`).
    Records come from ``records`` and from ``*.json`` files under ``data_dir``.
    ``clock`` (epoch seconds) checks request dates; inject one to test expiry.
    ``log`` receives one line per answer (never a secret, token or signature), one call at a
    time, in the shape the module's documentation gives. ``record_check`` (operation, the
    success body a record would be served in) returns the ways that body departs from the
    spec; a record with any is refused with :class:`RecordValidationError`.
    """

    def __init__(
        self,
        *,
        operations: Mapping[str, FakeOperation],
        errors: Mapping[str, tuple[int, str]],
        access_key_id: str,
        access_key_secret: str,
        security_token: str | None = None,
        records: Iterable[Mapping[str, Any]] = (),
        data_dir: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        api_version: str = "2020-07-01",
        clock: Callable[[], float] | None = None,
        log: Callable[[str], None] | None = None,
        record_check: RecordCheck | None = None,
    ) -> None:
        self._record_check = record_check
        try:
            self._credentials = Credentials(access_key_id, access_key_secret, security_token)
        except CredentialsError as exc:
            raise FakeServerError(str(exc)) from None
        if not operations:
            raise FakeServerError("at least one operation is required")
        self._operations = {name: op for name, op in operations.items()}
        for name, op in self._operations.items():
            if name != op.name:
                raise FakeServerError(f"operation {name!r} is registered under another name")
            if not op.match:
                raise FakeServerError(f"operation {name!r} matches no record field")
        self._errors: dict[str, tuple[int, str]] = {**DEFAULT_ERRORS, **errors}
        self._host = host
        self._port = port
        self._api_version = api_version
        self._clock: Callable[[], float] = clock or time.time
        self._log = SerialLog(log) if log is not None else None
        self._lock = threading.Lock()
        self._index: dict[str, dict[tuple[str, ...], dict[str, Any]]] = {
            name: {} for name in self._operations
        }
        self._nonces: dict[tuple[str, str], float] = {}
        self._faults: deque[_Fault] = deque()
        self._delays: deque[list[float]] = deque()  # [seconds, remaining]
        self._received: deque[ReceivedRequest] = deque(maxlen=MAX_REQUESTS_KEPT)
        self._stopping = threading.Event()
        self._httpd: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        for record in records:
            self.add_record(record)
        if data_dir is not None:
            self._load_dir(Path(data_dir))

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> Self:
        """Bind and serve in a background thread; returns ``self``. Idempotent."""
        if self._httpd is not None:
            return self
        handler = make_handler(self)
        try:
            httpd = QuietThreadingHTTPServer((self._host, self._port), handler)
        except OSError as exc:
            raise FakeServerError(
                f"cannot listen on {self._host}:{self._port}: {exc.strerror or exc}"
            ) from None
        self._stopping.clear()
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.name = f"FakeServer-{self.endpoint}"
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; requests waiting in a delay end at once."""
        httpd, thread = self._httpd, self._thread
        if httpd is None:
            return
        self._stopping.set()
        httpd.shutdown()
        httpd.server_close()
        if thread is not None:
            thread.join()
        self._httpd = None
        self._thread = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        where = self.url if self._httpd is not None else "stopped"
        return (
            f"{type(self).__name__}({where}, access_key_id={self._credentials.access_key_id!r},"
            f" records={self.record_count})"
        )

    # ------------------------------------------------------------------ addresses

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise FakeServerError("the server is not started")
        return int(self._httpd.server_address[1])

    @property
    def endpoint(self) -> str:
        """``HOST:PORT``, the form Alibaba's SDK takes as ``endpoint``."""
        return f"{self._host}:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.endpoint}"

    @property
    def credentials(self) -> Credentials:
        """The credentials the server accepts (masked in ``repr``)."""
        return self._credentials

    @property
    def api_version(self) -> str:
        return self._api_version

    # ------------------------------------------------------------------ records

    def add_record(self, record: Mapping[str, Any]) -> None:
        """Store a record (a CDR, or a whole envelope whose ``Data`` is used).

        A record replaces an earlier one with the same match values. Raises
        :class:`FakeServerError` when no operation can find it (a match field is missing
        or not a string).
        """
        self._add(dict(_record_of(dict(record), self._record_fields)), source=None, replace=True)

    @property
    def record_count(self) -> int:
        with self._lock:
            keys = {id(r) for table in self._index.values() for r in table.values()}
        return len(keys)

    @property
    def _record_fields(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(op.record_field for op in self._operations.values()))

    def _load_dir(self, root: Path) -> None:
        for path, record in load_records(root, self._record_fields):
            self._add(record, source=path, replace=False)

    def _add(self, record: dict[str, Any], *, source: Path | None, replace: bool) -> None:
        where = f"{source}: " if source is not None else ""
        if not isinstance(record, dict):
            raise FakeServerError(f"{where}a record must be a JSON object")
        keys: dict[str, tuple[str, ...]] = {}
        problems: list[str] = []
        for name, op in self._operations.items():
            values: list[str] = []
            for param, record_field in op.match.items():
                value = record.get(record_field)
                if not isinstance(value, str) or not value:
                    problems.append(f"{record_field} (a non-empty string, matched by {param})")
                    break
                values.append(value)
            else:
                keys[name] = tuple(values)
        if not keys:
            raise FakeServerError(f"{where}the record lacks {'; '.join(problems)}")
        try:
            json.dumps(record, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise FakeServerError(f"{where}the record is not JSON data ({exc})") from None
        if self._record_check is not None:
            for name in keys:
                self._check_record(name, record, source)
        with self._lock:
            for name, key in keys.items():
                table = self._index[name]
                if not replace and key in table:
                    raise FakeServerError(
                        f"{where}a record with {dict(zip(self._operations[name].match, key))}"
                        " is given twice"
                    )
                table[key] = record

    def _check_record(self, name: str, record: dict[str, Any], source: Path | None) -> None:
        assert self._record_check is not None
        op = self._operations[name]
        body = {"RequestId": _CHECK_REQUEST_ID, **op.envelope, op.record_field: record}
        issues = list(self._record_check(name, body))
        if issues:
            # Named by the values that select it (ContactId, InstanceId for CCC).
            key = {field: record.get(field) for field in op.match.values()}
            raise RecordValidationError(name, issues, source=source, record=key)

    # ------------------------------------------------------------------ fault injection

    def throttle(
        self, count: int, *, retry_after: float = 1.0, code: str = "Throttling.User"
    ) -> None:
        """Answer the next ``count`` requests with a throttling error.

        ``retry_after`` is in seconds; the ``x-acs-retry-after`` header carries it in whole
        milliseconds (at least 1), which is how the official SDK reads the header.
        """
        if count < 1:
            raise ValueError("count must be at least 1")
        if retry_after <= 0:
            raise ValueError("retry_after must be positive")
        status = self._errors.get(code, (400, ""))[0]
        with self._lock:
            self._faults.append(
                _Fault("throttle", count, status, code, max(1, round(retry_after * 1000)))
            )

    def fail(self, count: int, *, status: int = 503, code: str = "ServiceUnavailable") -> None:
        """Answer the next ``count`` requests with a server error (default 503)."""
        if count < 1:
            raise ValueError("count must be at least 1")
        if not 400 <= status <= 599:
            raise ValueError("status must be an HTTP error status (400-599)")
        with self._lock:
            self._faults.append(_Fault("fail", count, status, code))

    def drop(self, count: int = 1) -> None:
        """Close the connection of the next ``count`` requests without answering them."""
        if count < 1:
            raise ValueError("count must be at least 1")
        with self._lock:
            self._faults.append(_Fault("drop", count, 0, "(dropped)"))

    def delay(self, seconds: float, count: int = 1) -> None:
        """Hold the answer to the next ``count`` requests for ``seconds`` before sending it."""
        if count < 1:
            raise ValueError("count must be at least 1")
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        with self._lock:
            self._delays.append([seconds, count])

    def clear_faults(self) -> None:
        """Forget every queued throttle, failure and delay."""
        with self._lock:
            self._faults.clear()
            self._delays.clear()

    # ------------------------------------------------------------------ inspection

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request answered so far, oldest first (a snapshot): refusals included, but
        not requests whose request line or headers did not parse."""
        with self._lock:
            return list(self._received)

    def clear_requests(self) -> None:
        with self._lock:
            self._received.clear()

    # ------------------------------------------------------------------ answering

    def _error(self, code: str, request_id: str, arg: str | None = None) -> Outcome:
        status, message = self._errors.get(code, (400, code))
        if "%s" in message:  # the argument may come from the request: escaped
            message = message.replace("%s", escape_text(arg, 120) if arg else "")
        body = {
            "RequestId": request_id,
            "Code": code,
            "Message": message,
            "HttpStatusCode": status,
        }
        return Outcome(status, body)

    def answer(self, request: HttpRequest) -> Outcome:
        """Answer, record and log one HTTP request (the HTTP handler calls this)."""
        path, _, raw_query = request.target.partition("?")
        outcome, received = self.handle(
            request.method,
            path,
            raw_query,
            request.headers,
            request.body,
            refusal=request.refusal,
        )
        self._log_line(
            request.client,
            request.method,
            path,
            received.action,
            received.auth,
            received.access_key_id,
            outcome.status,
            received.code,
            request.started,
            received.request_id,
        )
        return outcome

    def answer_unparsed(
        self, client: str, method: str, path: str, code: str, arg: str | None, started: float
    ) -> Outcome:
        """Answer and log a request that did not parse (not recorded in :attr:`requests`)."""
        request_id = _new_request_id()
        outcome = self._error(code, request_id, arg)
        outcome.headers["x-acs-request-id"] = request_id
        self._log_line(
            client, method, path, None, None, None, outcome.status, code, started, request_id
        )
        return outcome

    def handle(
        self,
        method: str,
        path: str,
        raw_query: str,
        headers: Mapping[str, str],
        body: bytes,
        *,
        refusal: tuple[str, str | None] | None = None,
    ) -> tuple[Outcome, ReceivedRequest]:
        """Answer one request (the HTTP handler calls this; also usable directly).

        ``refusal`` (an HTTP-level error code and its argument) answers that error instead
        of going through the gateway's checks: a body that could not be read, a method
        other than GET, POST and HEAD.
        """
        request_id = _new_request_id()
        lowered = {k.lower(): v for k, v in headers.items()}
        state: dict[str, Any] = {"auth": None, "verified": False, "key": None, "action": None}
        query: dict[str, str] = {}
        params: dict[str, str] = {}
        try:
            if refusal is not None:
                raise _Reject(*refusal)
            query = _parse_params(raw_query)
            params = dict(query)
            if body:
                content_type = lowered.get("content-type", "").split(";")[0].strip().lower()
                if content_type != "application/x-www-form-urlencoded":
                    raise _Reject("UnsupportedMediaType")
                try:
                    form = body.decode("utf-8")
                except UnicodeDecodeError:
                    raise _Reject("UnsupportedMediaType") from None
                for name, value in _parse_params(form).items():
                    if name in params:
                        raise _Reject("InvalidParameter", name)
                    params[name] = value
            outcome = self._answer(method, path, query, params, lowered, body, request_id, state)
        except _Reject as reject:
            outcome = self._error(reject.code, request_id, reject.arg)
        except Exception:  # noqa: BLE001 - any bug (or a broken clock) still answers: 500
            outcome = self._error("InternalError", request_id)
        outcome.headers.setdefault("x-acs-request-id", request_id)
        received = ReceivedRequest(
            method=method,
            path=path,
            query=query,
            headers=lowered,
            body=body,
            params=params,
            action=state["action"],
            auth=state["auth"],
            access_key_id=state["key"],
            verified=state["verified"],
            status=outcome.status,
            code=str(outcome.body.get("Code", "")),
            request_id=request_id,
        )
        with self._lock:
            self._received.append(received)
        return outcome, received

    def _answer(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        params: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        request_id: str,
        state: dict[str, Any],
    ) -> Outcome:
        state["action"] = headers.get("x-acs-action") or params.get("Action")
        authorization = headers.get("authorization")
        if authorization is not None:
            state["auth"] = "V3"
            action, version, nonce, token = self._check_v3(
                method, path, query, headers, body, authorization, state
            )
        elif any(name in params for name in _RPC_AUTH_PARAMS):
            state["auth"] = "RPC"
            action, version, nonce, token = self._check_rpc(method, params, state)
        else:
            missing = "Authorization" if any(h.startswith("x-acs-") for h in headers) else None
            raise _Reject("MissingParameter", missing or "AccessKeyId")
        state["action"] = action
        self._check_nonce(state["key"], nonce)
        self._check_token(token)
        if path != "/" or not action or action not in self._operations:
            raise _Reject("InvalidAction.NotFound")
        if version != self._api_version:
            raise _Reject("InvalidVersion")
        op = self._operations[action]
        for name in op.required:
            if not params.get(name, "").strip():
                status, template = op.blank_status, op.blank_message
                return Outcome(
                    status,
                    {
                        "RequestId": request_id,
                        "Code": op.blank_code,
                        "Message": template.replace("%s", name),
                        "HttpStatusCode": status,
                    },
                )
        self._wait(self._take_delay())
        fault = self._take_fault()
        if fault is not None and fault.kind == "drop":
            return Outcome(0, {"Code": fault.code})
        if fault is not None:
            outcome = self._error(fault.code, request_id)
            outcome.status = fault.status
            outcome.body["HttpStatusCode"] = fault.status
            if fault.kind == "throttle":
                outcome.headers["x-acs-retry-after"] = str(fault.retry_after_ms)
            return outcome
        key = tuple(params.get(name, "") for name in op.match)
        with self._lock:
            record = self._index[action].get(key)
        if record is None:
            status = op.not_found_status
            return Outcome(
                status,
                {
                    "RequestId": request_id,
                    "Code": op.not_found_code,
                    "Message": op.not_found_message.replace("%s", key[0]),
                    "HttpStatusCode": status,
                },
            )
        return Outcome(200, {"RequestId": request_id, **op.envelope, op.record_field: record})

    def _check_v3(
        self,
        method: str,
        path: str,
        query: dict[str, str],
        headers: dict[str, str],
        body: bytes,
        authorization: str,
        state: dict[str, Any],
    ) -> tuple[str | None, str | None, str, str | None]:
        for name in ("x-acs-date", "x-acs-signature-nonce"):
            if not headers.get(name, "").strip():
                raise _Reject("MissingParameter", name)
        try:
            parsed = parse_v3_authorization(authorization)
        except MalformedSignatureError:
            raise _Reject("IncompleteSignature") from None
        state["key"] = parsed.access_key_id
        self._check_key(parsed.access_key_id)
        try:
            good = verify_v3(
                method,
                path,
                query,
                headers,
                body,
                parsed,
                self._credentials.access_key_secret,
            )
        except SigningError:
            good = False
        if not good:
            raise _Reject("SignatureDoesNotMatch")
        state["verified"] = True
        self._check_time(headers["x-acs-date"])
        return (
            headers.get("x-acs-action"),
            headers.get("x-acs-version"),
            headers["x-acs-signature-nonce"],
            headers.get("x-acs-security-token"),
        )

    def _check_rpc(
        self, method: str, params: dict[str, str], state: dict[str, Any]
    ) -> tuple[str | None, str | None, str, str | None]:
        for name in ("AccessKeyId", "Signature", "SignatureNonce", "Timestamp"):
            if not params.get(name, "").strip():
                raise _Reject("MissingParameter", name)
        if params.get("SignatureMethod", RPC_V1_SIGNATURE_METHOD) != RPC_V1_SIGNATURE_METHOD:
            raise _Reject("IncompleteSignature")
        if params.get("SignatureVersion", RPC_V1_SIGNATURE_VERSION) != RPC_V1_SIGNATURE_VERSION:
            raise _Reject("IncompleteSignature")
        state["key"] = params["AccessKeyId"]
        self._check_key(params["AccessKeyId"])
        try:
            good = verify_rpc_v1(method, params, self._credentials.access_key_secret)
        except MalformedSignatureError:
            raise _Reject("IncompleteSignature") from None
        if not good:
            raise _Reject("SignatureDoesNotMatch")
        state["verified"] = True
        self._check_time(params["Timestamp"])
        return (
            params.get("Action"),
            params.get("Version"),
            params["SignatureNonce"],
            params.get("SecurityToken"),
        )

    def _check_key(self, access_key_id: str) -> None:
        if access_key_id != self._credentials.access_key_id:
            raise _Reject("InvalidAccessKeyId.NotFound")

    def _check_time(self, value: str) -> None:
        try:
            moment = datetime.strptime(value.strip(), _TIMESTAMP_FORMAT).replace(tzinfo=UTC)
        except ValueError:
            raise _Reject("InvalidTimeStamp.Format") from None
        if abs(moment.timestamp() - self._clock()) > MAX_CLOCK_SKEW_SECONDS:
            raise _Reject("InvalidTimeStamp.Expired")

    def _check_nonce(self, access_key_id: str, nonce: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._nonces) > 4096:
                cutoff = now - NONCE_MEMORY_SECONDS
                self._nonces = {k: t for k, t in self._nonces.items() if t >= cutoff}
            key = (access_key_id, nonce)
            seen = self._nonces.get(key)
            if seen is not None and now - seen <= NONCE_MEMORY_SECONDS:
                raise _Reject("SignatureNonceUsed")
            self._nonces[key] = now

    def _check_token(self, token: str | None) -> None:
        expected = self._credentials.security_token
        if expected is None:
            if token:
                raise _Reject("InvalidSecurityToken.MismatchWithAccessKey")
            return
        if not token:
            raise _Reject("MissingParameter", "SecurityToken")
        if not hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
            raise _Reject("InvalidSecurityToken.MismatchWithAccessKey")

    def _take_fault(self) -> _Fault | None:
        with self._lock:
            if not self._faults:
                return None
            fault = self._faults[0]
            fault.remaining -= 1
            if fault.remaining <= 0:
                self._faults.popleft()
            return fault

    def _take_delay(self) -> float:
        with self._lock:
            if not self._delays:
                return 0.0
            entry = self._delays[0]
            entry[1] -= 1
            if entry[1] <= 0:
                self._delays.popleft()
            return entry[0]

    def _wait(self, seconds: float) -> None:
        if seconds > 0:
            self._stopping.wait(seconds)

    def _log_line(
        self,
        client: str,
        method: str,
        path: str,
        action: str | None,
        auth: str | None,
        key: str | None,
        status: int,
        code: str,
        started: float,
        request_id: str,
    ) -> None:
        if self._log is None:
            return
        ms = (time.perf_counter() - started) * 1000
        self._log(
            log_line(
                client=client,
                method=method,
                path=path,
                action=action,
                auth=auth,
                key=key,
                status=status,
                code=code,
                ms=ms,
                request_id=request_id,
            )
        )


def _new_request_id() -> str:
    return str(uuid.uuid4()).upper()


def _parse_params(text: str) -> dict[str, str]:
    """Query or form parameters; a name given twice is refused (``InvalidParameter``)."""
    params: dict[str, str] = {}
    try:
        pairs = parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except (UnicodeDecodeError, ValueError):
        raise _Reject("InvalidParameter", "(undecodable)") from None
    for name, value in pairs:
        if name in params:
            raise _Reject("InvalidParameter", name)
        params[name] = value
    return params
