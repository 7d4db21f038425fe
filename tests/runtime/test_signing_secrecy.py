"""cccgen.runtime.signing's errors never carry the secret or the security token."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from cccgen.runtime.core import signing
from runtime.helpers import EMPTY_SHA256

SECRET = "Sup3rS3cretValue"
TOKEN = "StsT0kenValue"


def _messages_of_signing_errors() -> list[str]:
    """Provoke every error path that has the secret or token in scope; collect messages."""
    messages: list[str] = []
    headers = {
        "host": "h",
        "x-acs-date": "2026-11-25T08:00:00Z",
        "x-acs-security-token": TOKEN,
        "x-acs-content-sha256": EMPTY_SHA256,
    }
    attempts: list[Callable[[], object]] = [
        lambda: signing.sign_v3("POST", "/", {}, {**headers, "HOST": "x"}, b"", "id", SECRET),
        lambda: signing.sign_v3("POST", "/", {}, headers, b"body", "id", SECRET),
        lambda: signing.sign_v3("POST", "/", {}, {"x-acs-date": "d"}, b"", "id", SECRET),
        lambda: signing.build_v3_headers(
            host="h", action="A", version="1", security_token=TOKEN, clock=lambda: datetime.now()
        ),
        lambda: signing.build_rpc_v1_params(
            action="A", version="1", access_key_id="id", api_params={"SecurityToken": TOKEN}
        ),
        lambda: signing.verify_rpc_v1("GET", {"SecurityToken": TOKEN}, SECRET),
        lambda: signing.verify_v3("POST", "/", {}, headers, b"", f"Bearer {SECRET}", SECRET),
    ]
    for attempt in attempts:
        with pytest.raises(ValueError) as caught:
            attempt()
        messages.append(str(caught.value))
    return messages


def test_error_messages_never_contain_secret_or_token() -> None:
    for message in _messages_of_signing_errors():
        assert SECRET not in message
        assert TOKEN not in message
