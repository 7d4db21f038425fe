"""Fixtures for the client tests: one fake CCC server on loopback per module, real HTTP."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import ccc
import pytest
from ccc.testing import FakeCCCServer
from client.helpers import FAST_RETRY, KEY_ID, SECRET, TOKEN, records


@pytest.fixture(scope="module")
def _server(_page_example: dict[str, Any]) -> Iterator[FakeCCCServer]:
    with FakeCCCServer(
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        records=records(_page_example),
        validate_records=False,  # drifted records on purpose: the client's checks are tested
    ) as server:
        yield server


@pytest.fixture
def server(_server: FakeCCCServer) -> Iterator[FakeCCCServer]:
    """The module's server with no queued faults and an empty request log."""
    _server.clear_faults()
    _server.clear_requests()
    yield _server
    _server.clear_faults()


@pytest.fixture(scope="module")
def _sts_server(_page_example: dict[str, Any]) -> Iterator[FakeCCCServer]:
    with FakeCCCServer(
        access_key_id=KEY_ID,
        access_key_secret=SECRET,
        security_token=TOKEN,
        records=records(_page_example),
        validate_records=False,
    ) as server:
        yield server


@pytest.fixture
def sts_server(_sts_server: FakeCCCServer) -> Iterator[FakeCCCServer]:
    _sts_server.clear_faults()
    _sts_server.clear_requests()
    yield _sts_server
    _sts_server.clear_faults()


@pytest.fixture
def make_client(server: FakeCCCServer) -> Iterator[Callable[..., ccc.Client]]:
    """Build sync clients aimed at the fake server; all are closed after the test."""
    made: list[ccc.Client] = []

    def make(**options: Any) -> ccc.Client:
        target = options.pop("server", server)
        settings: dict[str, Any] = {
            "endpoint": target.url,
            "access_key_id": KEY_ID,
            "access_key_secret": SECRET,
            "retry": FAST_RETRY,
        }
        settings.update(options)
        client = ccc.Client(**settings)
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()
