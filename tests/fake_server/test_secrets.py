"""Secrets, security tokens and signatures never appear in a repr, a log line, an error body
or an exception of the fake server."""

from __future__ import annotations

import pytest
from cccgen.runtime.core import signing
from cccgen.runtime.tools.fake_server.fake_server import FakeServerError
from fake_server.helpers import (
    INSTANCE,
    KEY_ID,
    SECRET,
    TOKEN,
    cdr,
    make_server,
    rpc_params,
    rpc_send,
    v3_send,
)

PARAMS = {"ContactId": "job-s", "InstanceId": INSTANCE}


def test_reprs_and_log_lines_hold_no_secret_token_or_signature() -> None:
    lines: list[str] = []
    with make_server(records=[cdr("job-s")], security_token=TOKEN, log=lines.append) as server:
        ok_v3 = v3_send(server, PARAMS, token=TOKEN)
        full = rpc_params(PARAMS, token=TOKEN)
        ok_rpc = rpc_send(server, full)
        bad_rpc = rpc_send(server, {**full, "Signature": "AAAA" + full["Signature"][4:]})
        wrong_token = v3_send(server, PARAMS, token="sts-other-" + TOKEN[::-1])
        assert [ok_v3.status_code, ok_rpc.status_code] == [200, 200]
        assert bad_rpc.json()["Code"] == "SignatureDoesNotMatch"
        assert wrong_token.json()["Code"] == "InvalidSecurityToken.MismatchWithAccessKey"
        seen = server.requests
        texts = [repr(server), str(server), repr(server.credentials), str(server.credentials)]
    v3_signature = seen[0].headers["authorization"].rsplit("Signature=", 1)[1]
    rpc_signature = full["Signature"]
    texts += [repr(r) for r in seen] + lines
    texts += [r.text for r in (ok_v3, ok_rpc, bad_rpc, wrong_token)]
    assert len(lines) == 4
    forbidden = [SECRET, TOKEN, TOKEN[::-1], v3_signature, rpc_signature]
    forbidden.append(signing.percent_encode(rpc_signature))
    for text in texts:
        for value in forbidden:
            assert value not in text, text
    # ...while the recorded request keeps what was sent, for tests to inspect.
    assert seen[0].headers["x-acs-security-token"] == TOKEN
    assert seen[1].params["SecurityToken"] == TOKEN
    assert "'authorization': '***'" in repr(seen[0])
    assert "'Signature': '***'" in repr(seen[1]) and "'SecurityToken': '***'" in repr(seen[1])
    assert KEY_ID in repr(seen[0])  # the key id is not a secret


@pytest.mark.parametrize(
    "options",
    [
        {"access_key_secret": SECRET + "\n"},
        {"security_token": " " + TOKEN},
        {"access_key_id": SECRET + " "},
    ],
    ids=["secret-newline", "token-space", "id-space"],
)
def test_configuration_errors_do_not_echo_credentials(options: dict[str, str]) -> None:
    with pytest.raises(FakeServerError) as caught:
        make_server(**options)
    assert SECRET not in str(caught.value) and TOKEN not in str(caught.value)
    assert "whitespace" in str(caught.value)


def test_a_broken_log_sink_does_not_break_answers() -> None:
    def broken(line: str) -> None:
        raise RuntimeError("sink is down")

    with make_server(records=[cdr("job-s")], log=broken) as server:
        assert v3_send(server, PARAMS).status_code == 200
