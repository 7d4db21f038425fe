"""cccgen.runtime.signing's properties: any signed request verifies, and any one-character
tampering or a different secret fails verification."""

from __future__ import annotations

from datetime import UTC, datetime

from cccgen.runtime.core import signing
from hypothesis import assume, given
from hypothesis import strategies as st

# Realistic AccessKey secrets. HMAC pads short keys with zero bytes, so secrets that differ
# only by trailing NULs would be equivalent keys: keep NUL out of the alphabet.
secrets_strategy = st.text(
    alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40
)
# Any unicode except lone surrogates, which cannot be UTF-8 encoded and cannot travel in HTTP.
values_strategy = st.text(st.characters(codec="utf-8"), max_size=30)


@st.composite
def changed_value(draw: st.DrawFn, value: str) -> str:
    """``value`` with exactly one character replaced (or one appended, if it is empty)."""
    replacement = draw(st.characters(codec="utf-8"))
    if not value:
        return replacement
    index = draw(st.integers(0, len(value) - 1))
    assume(replacement != value[index])
    return value[:index] + replacement + value[index + 1 :]


def _v3_headers() -> dict[str, str]:
    return signing.build_v3_headers(
        host="ccc.cn-shanghai.aliyuncs.com",
        action="GetCallDetailRecord",
        version="2020-07-01",
        clock=lambda: datetime(2026, 11, 25, 8, 0, 0, tzinfo=UTC),
        nonce=lambda: "0123456789abcdef0123456789abcdef",
    )


@given(
    contact_id=values_strategy,
    instance_id=values_strategy,
    secret=secrets_strategy,
    other_secret=secrets_strategy,
    data=st.data(),
)
def test_v3_sign_verify_round_trip_and_tamper(
    contact_id: str, instance_id: str, secret: str, other_secret: str, data: st.DataObject
) -> None:
    query = {"ContactId": contact_id, "InstanceId": instance_id}
    headers = _v3_headers()
    auth = signing.sign_v3("POST", "/", query, headers, b"", "LTAIkey", secret)
    assert signing.verify_v3("POST", "/", query, headers, b"", auth, secret)

    tampered = {**query, "ContactId": data.draw(changed_value(contact_id))}
    assert not signing.verify_v3("POST", "/", tampered, headers, b"", auth, secret)

    assume(other_secret != secret)
    assert not signing.verify_v3("POST", "/", query, headers, b"", auth, other_secret)


@given(
    value=values_strategy, secret=secrets_strategy, other_secret=secrets_strategy, data=st.data()
)
def test_rpc_sign_verify_round_trip_and_tamper(
    value: str, secret: str, other_secret: str, data: st.DataObject
) -> None:
    params = signing.build_rpc_v1_params(
        action="GetCallDetailRecord",
        version="2020-07-01",
        access_key_id="LTAIkey",
        api_params={"ContactId": value, "InstanceId": "ccc-test"},
    )
    params["Signature"] = signing.sign_rpc_v1("POST", params, secret)
    assert signing.verify_rpc_v1("POST", params, secret)

    tampered = {**params, "ContactId": data.draw(changed_value(value))}
    assert not signing.verify_rpc_v1("POST", tampered, secret)

    assume(other_secret != secret)
    assert not signing.verify_rpc_v1("POST", params, other_secret)
