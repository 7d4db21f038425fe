"""A hostile server or hostile input: every failure is a CCCError, memory and time stay bounded,
and no secret rides along on an exception. Real loopback servers that misbehave on purpose."""

from __future__ import annotations

import asyncio
import gzip
import json
import traceback
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import ccc
import httpx
import pytest
from ccc._runtime.core.tls import shared_ssl_context
from client.helpers import INSTANCE, KEY_ID, PAGE_CONTACT, SECRET, TOKEN
from client.loopback import ScriptedServer, Step, answer, gzip_bomb, http_head, json_answer

FAST = ccc.RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002)


def call(kind: str, url: str, contact_id: str = PAGE_CONTACT, **options: Any) -> Any:
    """One GetCallDetailRecord call with a sync or async client; returns the ApiResponse."""
    settings: dict[str, Any] = {
        "endpoint": url,
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
        "retry": FAST,
    }
    settings.update(options)
    if kind == "sync":
        with ccc.Client(**settings) as client:
            return client.get_call_detail_record_with_http_info(
                contact_id=contact_id, instance_id=INSTANCE
            )

    async def run() -> Any:
        async with ccc.AsyncClient(**settings) as client:
            return await client.get_call_detail_record_with_http_info(
                contact_id=contact_id, instance_id=INSTANCE
            )

    return asyncio.run(run())


KINDS = pytest.mark.parametrize("kind", ["sync", "async"])


def chain(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [error]
    while todo:
        each = todo.pop()
        if each is None or id(each) in seen:
            continue
        seen.add(id(each))
        yield each
        todo += [each.__cause__, each.__context__]


def assert_no_secret(error: BaseException, *extra: str) -> None:
    """Nothing an exception exposes (str, repr, attributes, traceback, chain) holds a secret."""
    texts = ["".join(traceback.format_exception(error))]
    for each in chain(error):
        texts += [str(each), repr(each), repr(vars(each)), repr(each.args)]
        request = getattr(each, "request", None)  # httpx errors keep the signed request
        assert request is None, f"{type(each).__name__} keeps the request (its URL is signed)"
    text = "\n".join(texts)
    for secret in (SECRET, TOKEN, "Signature=", *extra):
        assert secret not in text, f"{secret!r} leaked: {text[:400]!r}"


def page(document: dict[str, Any]) -> dict[str, Any]:
    return {"RequestId": "req-1", "Code": "OK", "Message": "", "HttpStatusCode": 200, **document}


# ---------------------------------------------------------------- every failure is a CCCError


@KINDS
def test_a_retry_after_of_5000_digits_is_a_ccc_error(kind: str) -> None:
    body = {"RequestId": "req-1", "Code": "Busy", "Message": "slow down"}
    script = json_answer(503, body, {"x-acs-retry-after": "9" * 5000})
    with ScriptedServer(script) as server, pytest.raises(ccc.CCCError) as caught:
        call(kind, server.url)
    error = caught.value
    assert isinstance(error, ccc.ThrottlingError)
    # An absurd wait is longer than max_retry_after: no retry, no hour-long sleep.
    assert error.attempts == 1 and len(server.heads) == 1
    assert error.retry_after is not None and error.retry_after > FAST.max_retry_after
    assert len(str(error)) < 300


@KINDS
def test_a_broken_gzip_body_is_a_ccc_error_carrying_no_secret(kind: str) -> None:
    script = answer(200, b"\x1f\x8b\x08\x00garbage, not gzip", {"Content-Encoding": "gzip"})
    with ScriptedServer(script) as server, pytest.raises(ccc.CCCError) as caught:
        call(kind, server.url, signature="HMAC-SHA1", security_token=TOKEN)
    assert isinstance(caught.value, ccc.InvalidResponseError)
    assert "gzip" in str(caught.value)
    assert b"SecurityToken=" in server.heads[0]  # RPC V1 put the token in the URL ...
    assert_no_secret(caught.value)  # ... and the error does not carry it


@KINDS
@pytest.mark.parametrize("signature", ["ACS3-HMAC-SHA256", "HMAC-SHA1"])
def test_a_70000_character_contact_id_is_a_ccc_error_carrying_no_secret(
    kind: str, signature: str
) -> None:
    with ScriptedServer(json_answer(200, page({}))) as server:
        with pytest.raises(ccc.CCCError) as caught:
            call(
                kind,
                server.url,
                contact_id="c" * 70_000,
                signature=signature,
                security_token=TOKEN,
            )
        assert server.heads == []  # refused before anything was sent
    assert isinstance(caught.value, ccc.ConfigurationError)
    assert "too long" in str(caught.value)
    assert_no_secret(caught.value, "c" * 1000)


# --------------------------------------------------------------------------- size cap


@KINDS
@pytest.mark.parametrize("layers", [1, 2])
def test_a_gzip_bomb_stops_at_max_response_bytes(kind: str, layers: int) -> None:
    bomb = gzip_bomb(64 << 20, layers)  # 64 MiB of zeros in tens of KiB
    encoding = ", ".join(["gzip"] * layers)
    script = answer(200, bomb, {"Content-Encoding": encoding})
    with ScriptedServer(script) as server:
        tracemalloc.start()
        try:
            with pytest.raises(ccc.ResponseTooLargeError) as caught:
                call(kind, server.url, max_response_bytes=1 << 20)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert caught.value.limit == 1 << 20
    assert isinstance(caught.value, ccc.InvalidResponseError)
    assert "1048576" in str(caught.value)
    assert peak < 16 << 20, f"reading the bomb peaked at {peak} bytes"


@KINDS
def test_a_plain_body_over_the_cap_is_refused(kind: str) -> None:
    body = json.dumps(page({"Data": {"Note": "x" * 5000}})).encode()
    with ScriptedServer(answer(200, body)) as server, pytest.raises(ccc.ResponseTooLargeError):
        call(kind, server.url, max_response_bytes=4096)


@KINDS
@pytest.mark.parametrize("encoding", ["gzip", "deflate", "gzip, deflate", "identity"])
def test_an_encoded_body_within_the_cap_is_decoded(
    kind: str, encoding: str, page_example: dict[str, Any]
) -> None:
    raw = json.dumps(page_example).encode()
    body = raw
    codecs: dict[str, Callable[[bytes], bytes]] = {
        "gzip": gzip.compress,
        "deflate": _deflate,
        "identity": bytes,
    }
    for name in (e.strip() for e in encoding.split(",")):
        body = codecs[name](body)
    script = answer(200, body, {"Content-Encoding": encoding})
    with ScriptedServer(script) as server:
        response = call(kind, server.url, max_response_bytes=len(raw))
    assert response.content == raw
    assert response.data.data.contact_id == page_example["Data"]["ContactId"]


def _deflate(data: bytes) -> bytes:
    import zlib

    return zlib.compress(data)


@KINDS
def test_an_unknown_content_encoding_is_an_invalid_response(kind: str) -> None:
    script = answer(200, b"\x00\x01", {"Content-Encoding": "br"})
    with ScriptedServer(script) as server, pytest.raises(ccc.InvalidResponseError) as caught:
        call(kind, server.url)
    assert "br" in str(caught.value)


def test_the_cap_is_checked_when_the_client_is_built() -> None:
    bad: Any  # deliberately wrong types and values
    for bad in (0, -1, 1.5, True, "1"):
        with pytest.raises(ccc.ConfigurationError, match="max_response_bytes"):
            ccc.Client(
                endpoint="127.0.0.1:1",
                access_key_id="a",
                access_key_secret="b",
                max_response_bytes=bad,
            )


# ------------------------------------------------------------------ total deadline


# Each drips for some 20 s (a byte every 0.25 s), well past the deadline of 1 s.
def drip_body(_request: bytes) -> Iterator[Step]:
    yield http_head(200, {"Content-Type": "application/json", "Content-Length": "80"})
    for _ in range(80):
        yield b" "
        yield 0.25


def drip_head(_request: bytes) -> Iterator[Step]:
    for byte in http_head(200, {"X-Pad": "p" * 20}):
        yield bytes([byte])
        yield 0.25


@KINDS
@pytest.mark.parametrize("script", [drip_body, drip_head], ids=["body", "head"])
def test_a_dripping_server_cannot_outlast_total_timeout(kind: str, script: Any) -> None:
    with ScriptedServer(script) as server:
        with pytest.raises(ccc.RequestTimeout) as caught:
            call(kind, server.url, read_timeout=1.0, total_timeout=1.0)
        assert server.completed == 0  # the client hung up mid-answer
    assert caught.value.phase == "total"
    assert "total_timeout" in str(caught.value)
    assert len(server.heads) == 1  # the deadline covers the retries too


def test_with_a_callers_http_client_the_deadline_is_checked_between_reads() -> None:
    with ScriptedServer(drip_body) as server, httpx.Client(verify=shared_ssl_context()) as own:
        with pytest.raises(ccc.RequestTimeout) as caught:
            call("sync", server.url, read_timeout=1.0, total_timeout=1.0, http_client=own)
        assert server.completed == 0
    assert caught.value.phase == "total"


def test_total_timeout_is_checked_when_the_client_is_built() -> None:
    bad: Any  # deliberately wrong types and values
    for bad in (0, -1, float("nan"), float("inf"), "5"):
        with pytest.raises(ccc.ConfigurationError, match="total_timeout"):
            ccc.Client(
                endpoint="127.0.0.1:1", access_key_id="a", access_key_secret="b", total_timeout=bad
            )
