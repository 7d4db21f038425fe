"""A tiny scripted HTTP server on 127.0.0.1 for the hostile-server tests (imported as
`client.loopback`).

Each request is answered with the steps a script returns: `bytes` are sent as they are, a
`float` pauses that many seconds (to drip). Nothing is parsed beyond the request head, and
the connection is closed after each answer, so the script controls every byte.
"""

from __future__ import annotations

import functools
import gzip
import json
import socket
import socketserver
import time
import zlib
from collections.abc import Callable, Iterable
from typing import Any, Self

from serving import background

Step = bytes | float
Script = Callable[[bytes], Iterable[Step]]


def http_head(status: int = 200, headers: dict[str, str] | None = None) -> bytes:
    """A status line and headers (no Content-Length unless given; the close ends the body)."""
    lines = [f"HTTP/1.1 {status} X", "Connection: close"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def answer(
    status: int, body: bytes, headers: dict[str, str] | None = None
) -> Callable[[bytes], list[Step]]:
    """A script answering every request with this status, headers and body."""
    fields = {"Content-Type": "application/json", "Content-Length": str(len(body))}
    fields.update(headers or {})
    return lambda _request: [http_head(status, fields), body]


def json_answer(status: int, document: Any, headers: dict[str, str] | None = None) -> Script:
    return answer(status, json.dumps(document, ensure_ascii=False).encode(), headers)


@functools.lru_cache(maxsize=4)
def gzip_bomb(expanded: int, layers: int = 1) -> bytes:
    """`expanded` zero bytes, gzipped `layers` times, built without holding them all."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: the gzip container
    chunk = bytes(1 << 20)
    parts = [compressor.compress(chunk) for _ in range(expanded // len(chunk))]
    body = b"".join(parts) + compressor.flush()
    for _ in range(layers - 1):
        body = gzip.compress(body)
    return body


class _Handler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(10)
        head = b""
        try:
            while b"\r\n\r\n" not in head and len(head) < 1 << 20:
                data = sock.recv(65536)
                if not data:
                    return
                head += data
            self.server.heads.append(head.split(b"\r\n\r\n", 1)[0])
            for step in self.server.script(head):
                if isinstance(step, float):
                    time.sleep(step)
                else:
                    sock.sendall(step)
        except OSError:
            return  # the client hung up: that is what a drip test expects
        self.server.completed += 1


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, script: Script) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.script = script
        self.heads: list[bytes] = []
        self.completed = 0


class ScriptedServer:
    """`with ScriptedServer(script) as server:` then point a client at `server.url`."""

    def __init__(self, script: Script) -> None:
        self._server = _TCPServer(script)
        self._thread = background(self._server)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def heads(self) -> list[bytes]:
        """The head (request line and headers) of each request received."""
        return list(self._server.heads)

    @property
    def completed(self) -> int:
        """How many answers were sent to the end (a client that hung up cuts one short)."""
        return self._server.completed

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()
