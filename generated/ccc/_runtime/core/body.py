# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/body.py.
# Do not edit by hand: change the original and run `make generate`.
"""Read a response body within a byte cap: decompress it ourselves, a bounded piece at a time.

httpx decompresses each network chunk whole, and applies ``Content-Encoding: gzip, gzip``
layer after layer, so a few kilobytes of nested gzip can expand to gigabytes before anyone
counts. Here each layer hands on at most ``_STEP`` bytes per step and the decoded body is
counted as it grows: past ``limit`` bytes reading stops with :class:`ResponseTooLargeError`.
Only the encodings the client can meet (gzip, deflate, identity) are decoded; another one is
an :class:`InvalidResponseError`.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from .errors import InvalidResponseError, ResponseTooLargeError, printable

_STEP = 64 * 1024  # bytes a decompressor may produce per step
_MAX_LAYERS = 3  # more stacked encodings than this is an attack, not a server

_WBITS = {"gzip": zlib.MAX_WBITS | 16, "x-gzip": zlib.MAX_WBITS | 16, "deflate": zlib.MAX_WBITS}


class _Layer:
    """One ``Content-Encoding`` layer: compressed bytes in, at most ``_STEP`` bytes out a step."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._wbits = _WBITS[name]
        self._inflate = zlib.decompressobj(self._wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        pending = data
        while pending:
            try:
                out = self._inflate.decompress(pending, _STEP)
            except zlib.error as exc:
                if self.name == "deflate" and not self._started:
                    # Some servers send raw deflate without the zlib header (httpx accepts it).
                    self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
                    self._started = True
                    continue
                raise InvalidResponseError(
                    f"the {self.name} body cannot be decoded: {printable(str(exc), 200)}"
                ) from None
            self._started = True
            pending = self._inflate.unconsumed_tail
            if out:
                yield out

    def flush(self) -> Iterator[bytes]:
        out = self._inflate.flush()
        if out:
            yield out
        if not self._inflate.eof and self._started:
            raise InvalidResponseError(f"the {self.name} body ends before its compressed data")


class BoundedBody:
    """Collect a body from raw chunks, decoding ``content_encoding``, at most ``limit`` bytes.

    ``http_status`` only labels the errors. Raises :class:`ResponseTooLargeError` as soon as
    the decoded body (or any layer of it) passes ``limit``, and :class:`InvalidResponseError`
    for an encoding it does not know or data that does not decode.
    """

    def __init__(self, content_encoding: str | None, limit: int, http_status: int) -> None:
        self.limit = limit
        self.http_status = http_status
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        names = [n for n in names if n and n != "identity"]
        unknown = [n for n in names if n not in _WBITS]
        if unknown or len(names) > _MAX_LAYERS:
            shown = unknown[0] if unknown else f"{len(names)} layers"
            raise InvalidResponseError(
                f"the response uses a Content-Encoding the client does not accept: "
                f"{printable(shown, 60)}",
                http_status=http_status,
            )
        # Applied in the reverse order of the header: the last encoding is undone first.
        self._layers = [_Layer(n) for n in reversed(names)]
        self._sizes = [0] * (len(self._layers) + 1)
        self._parts: list[bytes] = []

    def feed(self, raw: bytes) -> None:
        """Take the next raw chunk from the network."""
        if raw:
            self._push(0, iter((raw,)))

    def finish(self) -> bytes:
        """The whole decoded body, once the network stream has ended."""
        for index, layer in enumerate(self._layers):
            self._push(index + 1, self._guard(layer.flush()))
        return b"".join(self._parts)

    def _guard(self, chunks: Iterator[bytes]) -> Iterator[bytes]:
        try:
            yield from chunks
        except InvalidResponseError as exc:
            exc.http_status = self.http_status
            raise

    def _push(self, stage: int, chunks: Iterator[bytes]) -> None:
        """Send ``chunks`` (the output of layer ``stage - 1``) on through the later layers."""
        for chunk in chunks:
            self._sizes[stage] += len(chunk)
            if self._sizes[stage] > self.limit:
                raise ResponseTooLargeError(self.limit, http_status=self.http_status)
            if stage == len(self._layers):
                self._parts.append(chunk)
            else:
                layer = self._layers[stage]
                self._push(stage + 1, self._guard(layer.feed(chunk)))
