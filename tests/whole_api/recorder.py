"""One HTTP server on 127.0.0.1 that records every request it gets and answers a fixed JSON
body (imported as `whole_api.recorder`). Both clients of the SDK oracle talk to the same one.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qsl, urlsplit

from serving import background

MAX_BODY = 1 << 20

Answer = Callable[["Recorded"], tuple[int, dict[str, Any]]]


@dataclass(frozen=True)
class Recorded:
    """One request as received: method, path, the raw query string and its decoded pairs,
    headers (lower-case names) and the body."""

    method: str
    path: str
    raw_query: str
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]
    body: bytes = field(repr=False)

    @property
    def form(self) -> tuple[tuple[str, str], ...]:
        """The body's decoded ``application/x-www-form-urlencoded`` pairs."""
        return tuple(parse_qsl(self.body.decode("utf-8"), keep_blank_values=True))

    @property
    def params(self) -> dict[str, str]:
        """Query and form pairs as one mapping (a name sent twice fails the test)."""
        pairs = [*self.query, *self.form]
        out = dict(pairs)
        assert len(out) == len(pairs), f"a parameter sent twice: {pairs}"
        return out


def _ok(_request: Recorded) -> tuple[int, dict[str, Any]]:
    return 200, {"RequestId": "00000000-0000-0000-0000-000000000000", "Code": "OK"}


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Head and body in one write, Nagle off: no 40 ms delayed-ACK stall per request.
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _handle(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(min(length, MAX_BODY))
        split = urlsplit(self.path)
        recorded = Recorded(
            method=self.command,
            path=split.path,
            raw_query=split.query,
            query=tuple(parse_qsl(split.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in self.headers.items()},
            body=body,
        )
        with self.server.lock:
            self.server.requests.append(recorded)
        status, document = self.server.answer(recorded)
        content = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("content-type", "application/json;charset=utf-8")
        self.send_header("content-length", str(len(content)))
        self.send_header("x-acs-request-id", str(document.get("RequestId", "")))
        self.end_headers()
        self.wfile.write(content)

    do_GET = do_POST = _handle


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, answer: Answer) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.answer = answer
        self.requests: list[Recorded] = []
        self.lock = threading.Lock()


class RecordingServer:
    """``with RecordingServer() as server:``; ``server.take()`` returns and forgets what
    arrived since the last call."""

    def __init__(self, answer: Answer = _ok) -> None:
        self._server = _Server(answer)
        self._thread = background(self._server)

    @property
    def host_port(self) -> str:
        host, port = self._server.server_address[:2]
        return f"{host!s}:{port}"

    @property
    def url(self) -> str:
        return f"http://{self.host_port}"

    def take(self) -> list[Recorded]:
        with self._server.lock:
            taken = list(self._server.requests)
            self._server.requests.clear()
        return taken

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
