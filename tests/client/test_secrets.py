"""The AccessKey secret and the security token never show: not in a repr, a log record, an
exception (with its chain and traceback) or the response object, whatever happens."""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable, Iterator
from typing import Any

import ccc
import pytest
from ccc.testing import FakeCCCServer
from client.helpers import DRIFT_CONTACT, INSTANCE, KEY_ID, PAGE_CONTACT, SECRET, TOKEN, settle

SECRETS = (SECRET, TOKEN)


def assert_clean(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"a secret leaked into {where}: {text[:300]!r}"


def exception_text(error: BaseException) -> str:
    parts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    for name in ("body", "issues"):
        parts.append(repr(getattr(error, name, None)))
    return "\n".join(parts)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every log record of every logger, DEBUG and up."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s")
    records = caplog.get_records("call")
    assert records, "expected some log records"
    for record in records:
        assert_clean(formatter.format(record), f"log record of {record.name}")
        assert_clean(repr(record.args), f"log record args of {record.name}")


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("signature", ["ACS3-HMAC-SHA256", "HMAC-SHA1"])
def test_no_secret_anywhere_in_a_busy_sync_session(
    sts_server: FakeCCCServer, all_logs: pytest.LogCaptureFixture, signature: str
) -> None:
    errors: list[BaseException] = []

    def attempt(call: Callable[[], object]) -> None:
        try:
            result = call()
        except ccc.CCCError as exc:
            errors.append(exc)
        else:
            assert_clean(repr(result), "a result's repr")

    # Keyword arguments for ccc.Client, varied below (Client checks their values itself).
    options: dict[str, Any] = {
        "endpoint": sts_server.url,
        "access_key_id": KEY_ID,
        "access_key_secret": SECRET,
        "security_token": TOKEN,
        "signature": signature,
        "retry": ccc.RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002),
        "read_timeout": 0.3,
    }
    with ccc.Client(**options) as client:
        for text in (repr(client), str(client), repr(client._transport), repr(client.signer)):
            assert_clean(text, "a client repr")
        assert_clean(repr(client.signer.credentials), "the credentials' repr")
        get = client.get_call_detail_record_with_http_info
        attempt(lambda: get(contact_id=PAGE_CONTACT, instance_id=INSTANCE))
        attempt(lambda: get(contact_id=DRIFT_CONTACT, instance_id=INSTANCE))  # warn logs drift
        attempt(lambda: get(contact_id="", instance_id=INSTANCE))  # local Parameter.Blank
        attempt(lambda: get(contact_id="job-nobody", instance_id=INSTANCE))  # 404
        sts_server.throttle(1, retry_after=0.001)
        attempt(lambda: get(contact_id=PAGE_CONTACT, instance_id=INSTANCE))  # retried
        sts_server.fail(2, status=503)
        attempt(lambda: get(contact_id=PAGE_CONTACT, instance_id=INSTANCE))  # retries run out
        sts_server.delay(1.0, count=2)
        attempt(lambda: get(contact_id=PAGE_CONTACT, instance_id=INSTANCE))  # read timeouts
        settle(sts_server, len(sts_server.requests) + 2)  # the held requests finish
    with ccc.Client(**{**options, "validate": "strict"}) as strict:
        attempt(
            lambda: strict.get_call_detail_record(contact_id=DRIFT_CONTACT, instance_id=INSTANCE)
        )
    with ccc.Client(**{**options, "access_key_secret": "wrong-" + SECRET[::-1]}) as wrong:
        attempt(lambda: wrong.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE))
    with ccc.Client(**{**options, "endpoint": f"http://127.0.0.1:{closed_port()}"}) as nowhere:
        attempt(
            lambda: nowhere.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
        )
    kinds = {type(e).__name__ for e in errors}
    assert {
        "ParameterBlankError",
        "ClientError",
        "ServiceUnavailableError",
        "RequestTimeout",
        "ResponseValidationError",
        "SignatureDoesNotMatchError",
        "ConnectError",
    } <= kinds
    for error in errors:
        assert_clean(exception_text(error), f"a {type(error).__name__}")
    # The httpx request log line was there, with the RPC token masked out of its URL.
    urls = [r.getMessage() for r in all_logs.records if r.name == "httpx"]
    assert urls
    if signature == "HMAC-SHA1":
        assert any("SecurityToken=***" in u for u in urls)


def test_no_secret_anywhere_in_an_async_session(
    sts_server: FakeCCCServer, all_logs: pytest.LogCaptureFixture
) -> None:
    import asyncio

    async def scenario() -> list[BaseException]:
        caught: list[BaseException] = []
        async with ccc.AsyncClient(
            endpoint=sts_server.url,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            security_token=TOKEN,
            signature="HMAC-SHA1",
            retry=ccc.RetryPolicy.disabled(),
        ) as client:
            assert_clean(repr(client), "the async client's repr")
            await client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
            for contact in ("job-nobody", " "):
                try:
                    await client.get_call_detail_record(contact_id=contact, instance_id=INSTANCE)
                except ccc.CCCError as exc:
                    caught.append(exc)
        return caught

    errors = asyncio.run(scenario())
    assert len(errors) == 2
    for error in errors:
        assert_clean(exception_text(error), f"a {type(error).__name__}")


def test_configuration_errors_do_not_echo_credentials() -> None:
    for options in (
        {"access_key_secret": SECRET + "\n"},
        {"security_token": " " + TOKEN},
        {"endpoint": f"https://user:{SECRET}@example.com"},
    ):
        settings: dict[str, Any] = {
            "region": "cn-shanghai",
            "access_key_id": KEY_ID,
            "access_key_secret": SECRET,
        }
        settings.update(options)
        with pytest.raises(ccc.ConfigurationError) as caught:
            ccc.Client(**settings)
        assert_clean(exception_text(caught.value), "a configuration error")
