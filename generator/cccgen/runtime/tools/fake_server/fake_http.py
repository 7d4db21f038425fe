"""The fake server's HTTP plumbing: strict body framing, JSON answers to everything, its log.

Every byte a client sends is hostile. Bodies are framed strictly (a ``Content-Length`` of
plain decimal digits, or ``Transfer-Encoding: chunked`` with plain hex chunk sizes) and bounded
by :data:`MAX_BODY_BYTES`. Every answer is JSON in the gateway's error envelope, including the
ones :class:`http.server.BaseHTTPRequestHandler` would give as HTML (malformed request lines,
bad versions, over-long lines, unknown methods). Log lines escape whatever came from the
request and reach the sink one at a time. Standard library only.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Protocol

__all__ = [
    "ALLOWED_METHODS",
    "HTTP_ERRORS",
    "MAX_BODY_BYTES",
    "Answerer",
    "BodyError",
    "HttpRequest",
    "Outcome",
    "QuietThreadingHTTPServer",
    "SerialLog",
    "escape_field",
    "escape_text",
    "log_line",
    "make_handler",
    "read_body",
]

MAX_BODY_BYTES = 1 << 20
ALLOWED_METHODS = ("GET", "HEAD", "POST")
# Methods HTTP defines that the gateway's RPC style does not use: a 405 with ``Allow``.
REFUSED_METHODS = ("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT")
JSON_CONTENT_TYPE = "application/json;charset=utf-8"

_MAX_CHUNK_LINE = 4096  # a chunk-size line with its extensions
_MAX_SIZE_DIGITS = 16  # beyond that (leading zeros aside) no size fits the limit anyway
_MAX_TRAILER_LINES = 64
_MAX_TRAILER_LINE = 8192
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
# After answering, what a client still sends is read and dropped (at most this much, for at
# most this long) before closing: closing with unread input would reset the connection and
# could destroy the answer before the client reads it.
_DRAIN_BYTES = 16 * MAX_BODY_BYTES
_DRAIN_SECONDS = 2.0
_LOG_FIELD_CHARS = 256

# The fake server's own codes for HTTP-level refusals (none is documented for the gateway).
HTTP_ERRORS: dict[str, tuple[int, str]] = {
    "MalformedRequest": (400, "The request is not well-formed HTTP/1.1: %s."),
    "MethodNotAllowed": (
        405,
        "The method %s is not allowed; use GET or POST (HEAD for the headers only).",
    ),
    "RequestTooLarge": (413, "The request body is too large."),
    "RequestURITooLong": (414, "The request line is longer than 65536 bytes."),
    "RequestHeaderFieldsTooLarge": (
        431,
        "A request header line is longer than 65536 bytes, or there are more than 100 headers.",
    ),
    "NotImplemented": (501, "The server does not implement %s."),
    "HTTPVersionNotSupported": (505, "Only HTTP/1.0 and HTTP/1.1 are supported."),
}
# What BaseHTTPRequestHandler.send_error's statuses become.
_CODE_OF_STATUS = {status: code for code, (status, _) in HTTP_ERRORS.items()}


@dataclass
class Outcome:
    """An answer: status (0: drop the connection unanswered), JSON body, extra headers."""

    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class HttpRequest:
    """A request whose request line and headers parsed; ``refusal`` (code, argument) when
    it is answered with an HTTP-level error instead of going through the gateway checks."""

    client: str
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    started: float
    refusal: tuple[str, str | None] | None = None


class Answerer(Protocol):
    def answer(self, request: HttpRequest) -> Outcome:
        """Answer (and record and log) a parsed request."""

    def answer_unparsed(
        self, client: str, method: str, path: str, code: str, arg: str | None, started: float
    ) -> Outcome:
        """Answer (and log) a request that did not parse, with an ``HTTP_ERRORS`` code."""


# --------------------------------------------------------------------------- bodies


class Reader(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...

    def readline(self, size: int | None = -1, /) -> bytes: ...


class BodyError(Exception):
    """The body cannot be read: answer with this ``HTTP_ERRORS`` code and close."""

    def __init__(self, code: str, arg: str | None = None) -> None:
        super().__init__(code)
        self.code = code
        self.arg = arg


def _malformed(what: str) -> BodyError:
    return BodyError("MalformedRequest", what)


def read_body(rfile: Reader, headers: Message, limit: int = MAX_BODY_BYTES) -> bytes:
    """The request body, framed strictly; raises :class:`BodyError` (nothing more is read)."""
    codings = headers.get_all("transfer-encoding") or []
    lengths = headers.get_all("content-length") or []
    if codings:
        if lengths:  # ambiguous framing: the classic request-smuggling shape
            raise _malformed("both Transfer-Encoding and Content-Length")
        coding = ",".join(codings).strip().lower()
        if coding != "chunked":
            raise BodyError("NotImplemented", f"the transfer coding {coding}")
        return _read_chunked(rfile, limit)
    if not lengths:
        return b""
    text = lengths[0].strip()
    if any(other.strip() != text for other in lengths):
        raise _malformed("conflicting Content-Length headers")
    if not (text.isascii() and text.isdigit()):
        raise _malformed("Content-Length is not a decimal number")
    significant = text.lstrip("0") or "0"  # int() refuses more than 4300 digits
    if len(significant) > 18 or int(significant) > limit:
        raise BodyError("RequestTooLarge")
    length = int(significant)
    body = rfile.read(length) if length else b""
    if len(body) != length:
        raise _malformed("the body is shorter than its Content-Length")
    return body


def _read_line(rfile: Reader, limit: int, what: str) -> bytes:
    line = rfile.readline(limit + 1)
    if len(line) > limit:
        raise _malformed(f"{what} too long")
    if not line.endswith(b"\r\n"):
        raise _malformed(f"{what} not ended by CRLF")
    return line[:-2]


def _read_chunked(rfile: Reader, limit: int) -> bytes:
    parts: list[bytes] = []
    total = 0
    while True:
        line = _read_line(rfile, _MAX_CHUNK_LINE, "chunk size line")
        digits, _, extensions = line.partition(b";")
        digits = digits.rstrip(b" \t")  # whitespace is allowed before an extension only
        if not digits or not _HEX_DIGITS.issuperset(digits):
            raise _malformed("bad chunk size (hex digits only)")
        if any((byte < 0x20 and byte != 0x09) or byte == 0x7F for byte in extensions):
            raise _malformed("control character in a chunk extension")
        significant = digits.lstrip(b"0")
        if len(significant) > _MAX_SIZE_DIGITS or total + int(digits, 16) > limit:
            raise BodyError("RequestTooLarge")
        size = int(digits, 16)
        if size == 0:
            break
        data = rfile.read(size)
        if len(data) != size:
            raise _malformed("chunked body ended early")
        if rfile.read(2) != b"\r\n":
            raise _malformed("chunk data not followed by CRLF")
        parts.append(data)
        total += size
    for _ in range(_MAX_TRAILER_LINES):
        if not _read_line(rfile, _MAX_TRAILER_LINE, "chunk trailer line"):
            return b"".join(parts)
    raise _malformed(f"more than {_MAX_TRAILER_LINES} chunk trailer lines")


# --------------------------------------------------------------------------- the log


def _escape_char(char: str, keep_space: bool = False) -> str:
    if char == "\\":
        return "\\\\"
    if char.isprintable() and (not char.isspace() or (keep_space and char == " ")):
        return char
    if char in "\n\r\t":
        return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}[char]
    point = ord(char)
    if point < 0x100:
        return f"\\x{point:02x}"
    return f"\\u{point:04x}" if point < 0x10000 else f"\\U{point:08x}"


def escape_field(text: str | None, limit: int = _LOG_FIELD_CHARS) -> str:
    """One log field: control characters (C0, DEL, C1, ESC), other invisible characters,
    whitespace and backslashes escaped, so a field is one printable word; ``-`` when empty;
    longer than ``limit`` characters, clipped with a count of what was left out."""
    if not text:
        return "-"
    escaped = "".join(_escape_char(char) for char in text[:limit])
    return escaped if len(text) <= limit else f"{escaped}...(+{len(text) - limit})"


def escape_text(text: str, limit: int = _LOG_FIELD_CHARS) -> str:
    """Request-derived text for a message: as :func:`escape_field`, but plain spaces stay."""
    escaped = "".join(_escape_char(char, keep_space=True) for char in text[:limit])
    return escaped if len(text) <= limit else f"{escaped}...(+{len(text) - limit})"


def log_line(
    *,
    client: str,
    method: str | None,
    path: str | None,
    action: str | None,
    auth: str | None,
    key: str | None,
    status: int,
    code: str,
    ms: float,
    request_id: str,
) -> str:
    """``CLIENT METHOD PATH action=A auth=V3|RPC|- key=ID -> STATUS CODE (MS ms) id=REQUEST_ID``."""
    return (
        f"{escape_field(client)} {escape_field(method)} {escape_field(path)}"
        f" action={escape_field(action)} auth={escape_field(auth)} key={escape_field(key)}"
        f" -> {status} {escape_field(code)} ({ms:.1f} ms) id={escape_field(request_id)}"
    )


class SerialLog:
    """Hands lines to a sink one at a time, so concurrent requests never interleave (a sink
    may write a line in several steps); a broken sink does not break the answer."""

    def __init__(self, sink: Callable[[str], None]) -> None:
        self._sink = sink
        self._lock = threading.Lock()

    def __call__(self, line: str) -> None:
        with self._lock, contextlib.suppress(Exception):
            self._sink(line)


# --------------------------------------------------------------------------- the handler


class QuietThreadingHTTPServer(ThreadingHTTPServer):
    """Serves the handler of :func:`make_handler` with ``answerer``.

    The server holds the answerer, not the handler class: a class refers to itself, so only
    the cyclic garbage collector frees it, and the answerer holds every stored record (50,000
    synthetic ones: 1.2 million objects, freed by a collection of several seconds instead of
    by reference counting once the server is dropped).
    """

    daemon_threads = True
    allow_reuse_address = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type[BaseHTTPRequestHandler],
        answerer: Answerer,
    ) -> None:
        self.answerer = answerer
        super().__init__(address, handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up mid-answer is normal in tests (timeouts); print nothing.
        pass


def _drain_and_close_softly(connection: socket.socket) -> None:
    with contextlib.suppress(OSError):
        connection.shutdown(socket.SHUT_WR)
        deadline = time.monotonic() + _DRAIN_SECONDS
        drained = 0
        while drained < _DRAIN_BYTES:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            connection.settimeout(remaining)
            chunk = connection.recv(1 << 16)
            if not chunk:
                break
            drained += len(chunk)


def _detail(status: int, message: str | None) -> str | None:
    """What went wrong, for a 400 from BaseHTTPRequestHandler: never its own message, which
    repeats the request line (whose query may hold a token or a signature)."""
    if status != 400:
        return None
    if (message or "").startswith("Bad request version"):
        return "bad HTTP version"
    return "bad request line"


def make_handler() -> type[BaseHTTPRequestHandler]:
    """The request handler class answering over HTTP/1.1 with its server's ``answerer`` (a
    :class:`QuietThreadingHTTPServer`)."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in two writes; with Nagle's algorithm on, a keep-alive client
        # waits for the delayed ACK (about 40 ms) before the body arrives.
        disable_nagle_algorithm = True
        server_version = "cccgen-fake"
        sys_version = ""
        _started = 0.0

        def _answerer(self) -> Answerer:
            server = self.server
            assert isinstance(server, QuietThreadingHTTPServer)
            return server.answerer

        def log_message(self, format: str, *args: Any) -> None:
            # The default logs the request line, whose query may hold a signature.
            pass

        def parse_request(self) -> bool:
            self._started = time.perf_counter()
            if not super().parse_request():
                return False
            if self.request_version == "HTTP/0.9":  # "GET /" alone
                self.send_error(505)
                return False
            return True

        def send_error(
            self, code: int, message: str | None = None, explain: str | None = None
        ) -> None:
            # BaseHTTPRequestHandler's errors, as JSON instead of its HTML page.
            if code == 501 and self.command:  # an unknown method: the request did parse
                self._serve(("NotImplemented", f"the method {self.command}"))
                return
            if self.request_version == "HTTP/0.9":  # the default until a version parsed
                self.request_version = "HTTP/1.0"  # so that the answer has a status line
            error = _CODE_OF_STATUS.get(code, "MalformedRequest")
            # The request line was too long (command ""): parse_request never ran.
            started = time.perf_counter() if self.command == "" else self._started
            self.close_connection = True
            outcome = self._answerer().answer_unparsed(
                self.client_address[0],
                self.command or "",
                self.path.partition("?")[0] if self.command else "",
                error,
                _detail(code, message),
                started,
            )
            self._send(outcome)

        def _serve(self, refusal: tuple[str, str | None] | None = None) -> None:
            body = b""
            if refusal is None:
                try:
                    body = read_body(self.rfile, self.headers)
                except BodyError as exc:
                    refusal = (exc.code, exc.arg)
            if refusal is not None:
                self.close_connection = True  # whatever is left of the body is unread
            request = HttpRequest(
                client=self.client_address[0],
                method=self.command,
                target=self.path,
                headers=dict(self.headers.items()),
                body=body,
                started=self._started,
                refusal=refusal,
            )
            outcome = self._answerer().answer(request)
            if outcome.status == 0:  # an injected dropped connection: no answer at all
                self.close_connection = True
                return
            if outcome.status == 405:
                outcome.headers["allow"] = ", ".join(ALLOWED_METHODS)
            self._send(outcome)

        def _send(self, outcome: Outcome) -> None:
            payload = json.dumps(outcome.body, ensure_ascii=False).encode("utf-8")
            try:
                self.send_response(outcome.status)
                self.send_header("content-type", JSON_CONTENT_TYPE)
                self.send_header("content-length", str(len(payload)))
                for name, value in outcome.headers.items():
                    self.send_header(name, value)
                if self.close_connection:
                    self.send_header("connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(payload)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def finish(self) -> None:
            with contextlib.suppress(OSError):
                super().finish()
            _drain_and_close_softly(self.connection)

        def _refuse_method(self) -> None:
            self._serve(("MethodNotAllowed", self.command))

        do_GET = do_POST = do_HEAD = _serve
        do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_TRACE = do_CONNECT = _refuse_method

    return Handler
