"""Hostile HTTP against the fake server, over raw loopback sockets: strict chunked and
Content-Length bodies, a JSON answer to every request (HEAD, other methods, malformed request
lines, bad versions, over-long lines), and one escaped log line for each of them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cccgen.runtime.core import signing
from cccgen.runtime.tools.fake_server.fake_server import FakeServer
from fake_server.helpers import (
    INSTANCE,
    LOG_LINE,
    TOKEN,
    assert_json_error,
    cdr,
    make_server,
    raw_exchange,
    rpc_params,
)

CONTACT = "job-raw"
LINES: list[str] = []
FORM = b"content-type: application/x-www-form-urlencoded\r\n"


@pytest.fixture(scope="module")
def server() -> Iterator[FakeServer]:
    with make_server(records=[cdr(CONTACT)], log=LINES.append) as running:
        yield running


@pytest.fixture(autouse=True)
def _fresh_log() -> None:
    LINES.clear()


def only_log_line() -> dict[str, str]:
    """The one log line the last exchange wrote, parsed (it must have the documented shape)."""
    assert len(LINES) == 1, LINES
    match = LOG_LINE.fullmatch(LINES[0])
    assert match is not None, LINES[0]
    return match.groupdict()


def chunked(*pieces: bytes, head: bytes = FORM) -> bytes:
    return (
        b"POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n"
        + head
        + b"\r\n"
        + b"".join(pieces)
    )


# --------------------------------------------------------------------------- chunked bodies


@pytest.mark.parametrize(
    "size",
    [b"-1", b"+5", b"0x5", b"1_0", b" 5", b"", b"5g", b"0" * 5000 + b"5"],
    ids=["minus-one", "plus", "0x", "underscore", "space", "empty", "not-hex", "over-long"],
)
def test_chunk_sizes_are_plain_hex_digits(server: FakeServer, size: bytes) -> None:
    # The client never closes its side: a server reading "until EOF" would hang here.
    answer = raw_exchange(server, chunked(size + b"\r\nhello\r\n0\r\n\r\n"))
    body = assert_json_error(answer, 400, "MalformedRequest")
    assert "chunk" in body["Message"]
    assert only_log_line()["code"] == "MalformedRequest"


@pytest.mark.parametrize(
    "pieces",
    [
        (b"hello\r\n0\r\n\r\n",),  # no size line at all: "hello" is not hex
        (b"5\r\nhelloXY0\r\n\r\n",),  # chunk data not followed by CRLF
        (b"5\nhello\r\n0\r\n\r\n",),  # a bare LF ends the size line
        (b"5;a\x00b\r\nhello\r\n0\r\n\r\n",),  # a control character in an extension
        (b"0\r\n" + b"x-trailer: 1\r\n" * 200 + b"\r\n",),  # endless trailers
    ],
    ids=["no-size", "no-crlf-after-data", "bare-lf", "nul-in-extension", "many-trailers"],
)
def test_malformed_chunking_is_a_json_400(server: FakeServer, pieces: tuple[bytes, ...]) -> None:
    assert_json_error(raw_exchange(server, chunked(*pieces)), 400, "MalformedRequest")
    assert only_log_line()["status"] == "400"


def test_a_huge_chunk_size_is_a_logged_413(server: FakeServer) -> None:
    answer = raw_exchange(server, chunked(b"F" * 40 + b"\r\nhello\r\n0\r\n\r\n"))
    assert_json_error(answer, 413, "RequestTooLarge")
    line = only_log_line()
    assert (line["method"], line["path"], line["status"]) == ("POST", "/", "413")


def test_chunks_adding_up_past_the_limit_are_a_logged_413(server: FakeServer) -> None:
    piece = b"80000\r\n" + b"a" * 0x80000 + b"\r\n"  # 512 KiB each: the third one is too many
    answer = raw_exchange(server, chunked(piece, piece, piece, b"0\r\n\r\n"))
    assert_json_error(answer, 413, "RequestTooLarge")
    assert only_log_line()["code"] == "RequestTooLarge"


def test_a_chunked_form_body_with_extensions_and_trailers_is_read(server: FakeServer) -> None:
    form = signing.canonical_query_string(
        rpc_params({"ContactId": CONTACT, "InstanceId": INSTANCE})
    ).encode()
    half = len(form) // 2
    pieces = (
        f"{half:x};name=value\r\n".encode() + form[:half] + b"\r\n",
        f'{len(form) - half:X} ; quoted="a b"\r\n'.encode() + form[half:] + b"\r\n",
        b"0;last\r\nx-trailer: yes\r\n\r\n",
    )
    answer = raw_exchange(server, chunked(*pieces))
    assert answer.status == 200, answer.body
    assert answer.json()["Data"]["ContactId"] == CONTACT
    assert only_log_line()["auth"] == "RPC"


@pytest.mark.parametrize(
    ("headers", "status", "code"),
    [
        (b"content-length: +5\r\n", 400, "MalformedRequest"),
        (b"content-length: -1\r\n", 400, "MalformedRequest"),
        (b"content-length: 1_0\r\n", 400, "MalformedRequest"),
        (b"content-length: 5\r\ncontent-length: 6\r\n", 400, "MalformedRequest"),
        (b"content-length: 5\r\ntransfer-encoding: chunked\r\n", 400, "MalformedRequest"),
        (b"transfer-encoding: gzip\r\n", 501, "NotImplemented"),
        (b"content-length: " + b"9" * 5000 + b"\r\n", 413, "RequestTooLarge"),
        # 5 after 5000 zeros: too many digits for int() on its own; "hello" is then read
        (b"content-length: " + b"0" * 5000 + b"5\r\n", 400, "MissingParameter"),
    ],
    ids=["plus", "minus", "underscore", "conflicting", "both", "gzip", "huge", "zeros"],
)
def test_body_framing_is_strict(server: FakeServer, headers: bytes, status: int, code: str) -> None:
    request = b"POST / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n" + FORM + headers
    answer = raw_exchange(server, request + b"\r\nhello")
    assert_json_error(answer, status, code)
    assert only_log_line()["status"] == str(status)


# --------------------------------------------------------------------------- methods


def test_head_answers_the_get_headers_without_a_body(server: FakeServer) -> None:
    request = b" /?ContactId=x HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
    head = raw_exchange(server, b"HEAD" + request)
    get = raw_exchange(server, b"GET" + request)
    assert_json_error(get, 400, "MissingParameter")
    assert (head.status, head.body) == (400, b"")
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]
    assert [LOG_LINE.fullmatch(line)["method"] for line in LINES] == ["HEAD", "GET"]  # type: ignore[index]


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_get_a_json_405(server: FakeServer, method: str) -> None:
    request = f"{method} /?Action=x HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\n\r\nhello"
    answer = raw_exchange(server, request.encode())
    body = assert_json_error(answer, 405, "MethodNotAllowed")
    assert method in body["Message"]
    assert answer.headers["allow"] == "GET, HEAD, POST"
    line = only_log_line()
    assert (line["method"], line["path"], line["status"]) == (method, "/", "405")
    assert server.requests[-1].code == "MethodNotAllowed"


def test_an_unknown_method_gets_a_json_501(server: FakeServer) -> None:
    answer = raw_exchange(server, b"BREW / HTTP/1.1\r\nhost: x\r\n\r\n")
    assert_json_error(answer, 501, "NotImplemented")
    assert only_log_line()["method"] == "BREW"


# --------------------------------------------------------------------------- malformed requests


@pytest.mark.parametrize(
    ("request_bytes", "status", "code"),
    [
        (b"GARBAGE\r\n\r\n", 400, "MalformedRequest"),
        (b"GET / HTTX/1.1\r\n\r\n", 400, "MalformedRequest"),
        (b"GET / HTTP/1\r\n\r\n", 400, "MalformedRequest"),
        (b"GET / HTTP/1.1 extra\r\n\r\n", 400, "MalformedRequest"),
        (b"POST /\r\n\r\n", 400, "MalformedRequest"),
        (b"GET /\r\n\r\n", 505, "HTTPVersionNotSupported"),
        (b"GET / HTTP/9.9\r\n\r\n", 505, "HTTPVersionNotSupported"),
        (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\n\r\n", 414, "RequestURITooLong"),
        (b"GET / HTTP/1.1\r\nx-long: " + b"a" * 70_000 + b"\r\n\r\n", 431, "RequestHeaderFieldsTooLarge"),
        (b"GET / HTTP/1.1\r\n" + b"x-many: 1\r\n" * 150 + b"\r\n", 431, "RequestHeaderFieldsTooLarge"),
    ],
    ids=[
        "garbage", "not-http", "no-minor", "four-words", "http09-post", "http09-get",
        "http99", "long-request-line", "long-header", "many-headers",
    ],
)  # fmt: skip
def test_malformed_requests_get_json_errors(
    server: FakeServer, request_bytes: bytes, status: int, code: str
) -> None:
    body = assert_json_error(raw_exchange(server, request_bytes), status, code)
    assert "<" not in body["Message"]  # no HTML, and no long echo of the request either
    assert len(body["Message"]) < 300
    line = only_log_line()
    assert (line["status"], line["code"]) == (str(status), code)


def test_a_malformed_request_line_is_not_echoed(server: FakeServer) -> None:
    # The query of a request line may carry a token or signature: never repeated back.
    request = f"GET /?SecurityToken={TOKEN}&Signature=sig-{TOKEN} x HTTP/1.1\r\n\r\n"
    answer = raw_exchange(server, request.encode())
    assert_json_error(answer, 400, "MalformedRequest")
    assert TOKEN.encode() not in answer.body and TOKEN not in LINES[0]


# --------------------------------------------------------------------------- the log


CONTROL = "".join(map(chr, [*range(0x20), 0x7F, *range(0x80, 0xA0)]))


def assert_printable(line: str) -> None:
    assert not any(c in CONTROL for c in line), ascii(line)


def test_log_lines_escape_control_characters_from_the_request(server: FakeServer) -> None:
    hostile = [
        # path with ESC, DEL and a C1 CSI (bytes are read as latin-1)
        b"GET /\x1b[31m\x7f\x9b2J HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        # action from a header, key id from the query (percent-decoded ESC and a newline)
        (
            b"GET /?AccessKeyId=%1b%5b2J%0a&Signature=s&SignatureNonce=n&Timestamp=t HTTP/1.1\r\n"
            b"host: x\r\nx-acs-action: Get\x1b]0;owned\x07 Call\r\nconnection: close\r\n\r\n"
        ),
        # the method itself
        b"\x1b[2JGET / HTTP/1.1\r\nhost: x\r\n\r\n",
    ]
    for request in hostile:
        raw_exchange(server, request)
    assert len(LINES) == 3, LINES
    for line in LINES:
        assert_printable(line)
        assert LOG_LINE.fullmatch(line), line
    first, second, third = (LOG_LINE.fullmatch(line).groupdict() for line in LINES)  # type: ignore[union-attr]
    assert first["path"] == "/\\x1b[31m\\x7f\\x9b2J"
    assert second["key"] == "\\x1b[2J\\n"
    assert second["action"] == "Get\\x1b]0;owned\\x07\\x20Call"
    assert third["method"] == "\\x1b[2JGET"


def test_concurrent_requests_reach_the_log_sink_one_at_a_time() -> None:
    import threading
    import time
    from concurrent.futures import ThreadPoolExecutor

    lines: list[str] = []
    guard = threading.Lock()
    inside = [0]
    overlaps = [0]

    def sink(line: str) -> None:  # a sink that writes a line in several steps
        with guard:
            inside[0] += 1
            overlaps[0] += inside[0] > 1
        time.sleep(0.002)
        with guard:
            inside[0] -= 1
            lines.append(line)

    with make_server(log=sink) as server:
        request = b"GET /" + b"p" * 3000 + b" HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n"
        with ThreadPoolExecutor(16) as pool:
            answers = list(pool.map(lambda _: raw_exchange(server, request), range(64)))
    assert {a.status for a in answers} == {400}
    assert overlaps[0] == 0
    assert len(lines) == 64 and all(LOG_LINE.fullmatch(line) for line in lines)
