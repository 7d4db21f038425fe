"""Constants, records and helpers shared by the client tests (imported as `client.helpers`)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import ccc
from ccc import errors
from ccc._runtime.core.signer import RequestSigner
from ccc._runtime.core.transport import SyncTransport
from ccc.testing import FakeCCCServer

PAGE_CONTACT = "job-10963442671187****"
DRIFT_CONTACT = "job-drift-1"
BROKEN_CONTACT = "job-broken-1"
TYPED_DRIFT_CONTACT = "job-typed-drift-1"  # "CallDuration": "long": the model cannot hold it
ODD_CONTACT = "job-ü/+ &=?*~%20中文"  # non-ASCII and reserved characters
INSTANCE = "ccc-test"
TOKEN = "STS-TOKEN-do-not-leak-7f3a"
SECRET = "SECRET-do-not-leak-91bc"
KEY_ID = "LTAI-test-key-id"

# Fast retries: real sleeps, but short ones.
FAST_RETRY = ccc.RetryPolicy(max_attempts=3, base_delay=0.001, max_delay=0.005)


def records(page: dict[str, Any]) -> list[dict[str, Any]]:
    """The page's record, one with drift (unknown field and enum value), one the model
    cannot hold (an event step without its required Event), one with an awkward id, one
    whose type drifted (a string where the spec has an integer)."""
    data = page["Data"]
    drift = copy.deepcopy(data)
    drift["ContactId"] = DRIFT_CONTACT
    drift["BrandNewField"] = {"x": 1}
    drift["ContactType"] = "TELEPATHIC"
    broken = copy.deepcopy(data)
    broken["ContactId"] = BROKEN_CONTACT
    del broken["AgentEvents"][0]["EventSequence"][0]["Event"]
    odd = copy.deepcopy(data)
    odd["ContactId"] = ODD_CONTACT
    typed = copy.deepcopy(data)
    typed["ContactId"] = TYPED_DRIFT_CONTACT
    typed["CallDuration"] = "long"
    return [data, drift, broken, odd, typed]


def settle(server: Any, count: int) -> None:
    """Wait until the server has answered ``count`` requests since its log was cleared.

    A request the client gave up on (a read timeout) is still being held by the server; when
    it wakes it takes the next queued fault, which would then be missing for the next test.
    This is a barrier, not a timing assertion: the deadline only stops a hung test.
    """
    import time

    deadline = time.monotonic() + 30
    while len(server.requests) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"the fake server answered {len(server.requests)} of {count}")
        time.sleep(0.01)


MakeClient = Callable[..., ccc.Client]


def transport(server: FakeCCCServer, **signer_options: Any) -> SyncTransport:
    """A bare transport (no local checks) aimed at the server, to provoke gateway errors."""
    base = ccc.Client(endpoint=server.url, access_key_id=KEY_ID, access_key_secret=SECRET)
    base.close()
    signer = RequestSigner(
        credentials=base.signer.credentials,
        endpoint=base.signer.endpoint,
        version="2020-07-01",
        **signer_options,
    )
    return SyncTransport(signer, error_classes=errors.ERRORS_BY_CODE, retry=FAST_RETRY)
