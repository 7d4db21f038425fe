"""The generated AsyncClient end to end against the fake CCC server, over real loopback HTTP."""

from __future__ import annotations

import asyncio

import ccc
import pytest
from ccc import errors
from ccc.testing import FakeCCCServer
from client.helpers import (
    FAST_RETRY,
    INSTANCE,
    KEY_ID,
    ODD_CONTACT,
    PAGE_CONTACT,
    SECRET,
    TOKEN,
    settle,
)


def test_async_client_end_to_end(server: FakeCCCServer) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def scenario() -> None:
        async with ccc.AsyncClient(
            endpoint=server.url,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            retry=FAST_RETRY,
            sleep=sleep,
        ) as client:
            record = await client.get_call_detail_record(
                contact_id=PAGE_CONTACT, instance_id=INSTANCE
            )
            assert record.data.contact_id == PAGE_CONTACT
            server.throttle(1, retry_after=0.5)
            response = await client.get_call_detail_record_with_http_info(
                contact_id=PAGE_CONTACT, instance_id=INSTANCE
            )
            assert response.attempts == 2 and waits == [0.5]
            with pytest.raises(errors.ParameterBlankError):
                await client.get_call_detail_record(contact_id="", instance_id=INSTANCE)
            with pytest.raises(ccc.ClientError):
                await client.get_call_detail_record(contact_id="job-nobody", instance_id=INSTANCE)
            results = await asyncio.gather(
                *(
                    client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
                    for _ in range(5)
                )
            )
            assert {r.data.contact_id for r in results} == {PAGE_CONTACT}

    asyncio.run(scenario())


def test_async_client_rpc_v1_with_token_and_timeout(sts_server: FakeCCCServer) -> None:
    async def scenario() -> None:
        async with ccc.AsyncClient(
            endpoint=sts_server.url,
            access_key_id=KEY_ID,
            access_key_secret=SECRET,
            security_token=TOKEN,
            signature="HMAC-SHA1",
            read_timeout=0.2,
            retry=ccc.RetryPolicy.disabled(),
        ) as client:
            record = await client.get_call_detail_record(
                contact_id=ODD_CONTACT, instance_id=INSTANCE
            )
            assert record.data.contact_id == ODD_CONTACT
            sts_server.delay(1.0, count=1)
            with pytest.raises(ccc.RequestTimeout):
                await client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)

    asyncio.run(scenario())
    settle(sts_server, 2)
    assert sts_server.requests[0].auth == "RPC" and sts_server.requests[0].verified
