"""The generated client's configuration: endpoints from regions by the spec's rule, and clear
errors for bad options or missing environment credentials."""

from __future__ import annotations

from typing import Any

import ccc
import pytest


def test_endpoint_from_region_by_the_spec_rule() -> None:
    options: dict[str, Any] = {"access_key_id": "a", "access_key_secret": "b"}
    cases = {
        "cn-shanghai": "https://ccc.cn-shanghai.aliyuncs.com",
        "cn-hangzhou": "https://ccc.cn-hangzhou.aliyuncs.com",
        "cn-beijing": "https://ccc.aliyuncs.com",
        "ap-southeast-1": "https://ccc.aliyuncs.com",
    }
    for region, url in cases.items():
        with ccc.Client(region=region, **options) as client:
            assert client.endpoint == url
    explicit = {
        "ccc.example.com": "https://ccc.example.com",
        "127.0.0.1:8443": "https://127.0.0.1:8443",
        "http://127.0.0.1:8080": "http://127.0.0.1:8080",
        "https://ccc.example.com:443/": "https://ccc.example.com",
    }
    for endpoint, url in explicit.items():
        with ccc.Client(region="cn-shanghai", endpoint=endpoint, **options) as client:
            assert client.endpoint == url
    with ccc.Client(endpoint="127.0.0.1:8080", protocol="http", **options) as client:
        assert client.endpoint == "http://127.0.0.1:8080"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "either a region or an explicit endpoint"),
        ({"region": "CN_Shanghai"}, "invalid region"),
        ({"endpoint": "ftp://x"}, "scheme"),
        ({"region": "cn-shanghai", "validate": "loud"}, "validate must be one of"),
        ({"region": "cn-shanghai", "signature": "md5"}, "signature must be one of"),
        ({"region": "cn-shanghai", "read_timeout": 0}, "read timeout"),
        ({"region": "cn-shanghai", "access_key_secret": None}, "go together"),
        ({"region": "cn-shanghai", "access_key_secret": " padded "}, "whitespace"),
    ],
)
def test_bad_configuration_is_a_clear_configuration_error(
    options: dict[str, Any], message: str
) -> None:
    settings = {"access_key_id": "a", "access_key_secret": "b", **options}
    with pytest.raises(ccc.ConfigurationError, match=message):
        ccc.Client(**settings)


def test_missing_environment_credentials_name_the_variables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("ID", "SECRET", "SECURITY_TOKEN"):
        monkeypatch.delenv(f"ALIBABA_CLOUD_ACCESS_KEY_{name}", raising=False)
    monkeypatch.delenv("ALIBABA_CLOUD_SECURITY_TOKEN", raising=False)
    with pytest.raises(ccc.ConfigurationError, match="ALIBABA_CLOUD_ACCESS_KEY_ID") as caught:
        ccc.Client(region="cn-shanghai")
    assert "ALIBABA_CLOUD_ACCESS_KEY_SECRET" in str(caught.value)
