"""Tests for cccgen.runtime.endpoints: region mapping and explicit endpoints."""

from __future__ import annotations

from typing import TypedDict

import pytest
from ccc.client import SERVICE
from cccgen.runtime.core.endpoints import (
    Endpoint,
    EndpointError,
    parse_endpoint,
    resolve_endpoint,
)

# The list in shared/FACTS.md, spelled out again so a slip in the module shows up here.
FACTS_CENTRAL_REGIONS = {
    "ap-northeast-1",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ap-southeast-3",
    "ap-southeast-5",
    "cn-beijing",
    "cn-chengdu",
    "cn-hongkong",
    "cn-huhehaote",
    "cn-qingdao",
    "cn-shenzhen",
    "cn-zhangjiakou",
    "eu-central-1",
    "eu-west-1",
    "me-east-1",
    "us-east-1",
    "us-west-1",
    "cn-hangzhou-finance",
    "cn-shenzhen-finance-1",
    "cn-shanghai-finance-1",
    "cn-north-2-gov-1",
}


# CCC's rule: from the spec, through the generated package (the runtime holds no default).
class ServiceRule(TypedDict):
    """The keyword arguments a service spec gives `resolve_endpoint`."""

    product_host_pattern: str | None
    central_host: str | None
    central_regions: frozenset[str]


CCC: ServiceRule = {
    "product_host_pattern": SERVICE.host_pattern,
    "central_host": SERVICE.central_host,
    "central_regions": SERVICE.central_regions,
}


def test_central_regions_match_facts() -> None:
    assert SERVICE.central_regions == FACTS_CENTRAL_REGIONS
    assert isinstance(SERVICE.central_regions, frozenset)


def test_the_runtime_holds_no_service_rule() -> None:
    with pytest.raises(EndpointError, match="no host pattern"):
        resolve_endpoint(region="cn-shanghai")


def test_regional_host() -> None:
    endpoint = resolve_endpoint(**CCC, region="cn-shanghai")
    assert endpoint == Endpoint("https", "ccc.cn-shanghai.aliyuncs.com")
    assert endpoint.base_url == "https://ccc.cn-shanghai.aliyuncs.com"
    assert endpoint.host_header == "ccc.cn-shanghai.aliyuncs.com"


@pytest.mark.parametrize("region", sorted(FACTS_CENTRAL_REGIONS))
def test_central_regions_go_to_central_host(region: str) -> None:
    assert resolve_endpoint(**CCC, region=region) == Endpoint("https", "ccc.aliyuncs.com")


def test_parameters_from_a_service_spec_are_honoured() -> None:
    endpoint = resolve_endpoint(
        region="xx-test-1",
        product_host_pattern="api-{region}.example.com",
        central_host="central.example.com",
        central_regions=frozenset({"cn-hangzhou"}),
    )
    assert endpoint.host == "api-xx-test-1.example.com"
    # cn-beijing is central for CCC, but not for this made-up service.
    assert resolve_endpoint(
        region="cn-beijing",
        product_host_pattern="api-{region}.example.com",
        central_regions=frozenset({"cn-hangzhou"}),
    ).host == ("api-cn-beijing.example.com")
    assert (
        resolve_endpoint(
            region="cn-hangzhou",
            central_host="central.example.com",
            central_regions=frozenset({"cn-hangzhou"}),
        ).host
        == "central.example.com"
    )


def test_scheme_http_on_request() -> None:
    endpoint = resolve_endpoint(**CCC, region="cn-shanghai", scheme="http")
    assert endpoint.base_url == "http://ccc.cn-shanghai.aliyuncs.com"
    assert resolve_endpoint(**CCC, region="cn-shanghai", scheme="HTTPS").scheme == "https"


@pytest.mark.parametrize(
    ("given", "scheme", "host", "port", "base_url", "host_header"),
    [
        ("example.com", "https", "example.com", None, "https://example.com", "example.com"),
        ("Example.COM", "https", "example.com", None, "https://example.com", "example.com"),
        (
            "127.0.0.1:8080",
            "https",
            "127.0.0.1",
            8080,
            "https://127.0.0.1:8080",
            "127.0.0.1:8080",
        ),
        (
            "http://localhost:8080/",
            "http",
            "localhost",
            8080,
            "http://localhost:8080",
            "localhost:8080",
        ),
        ("https://ccc.aliyuncs.com", "https", "ccc.aliyuncs.com", None, None, None),
        ("HTTP://LOCALHOST", "http", "localhost", None, "http://localhost", "localhost"),
        # Default ports are dropped so the signed Host matches what clients send.
        ("https://example.com:443", "https", "example.com", None, None, "example.com"),
        ("http://example.com:80/", "http", "example.com", None, None, "example.com"),
        ("example.com:80", "https", "example.com", 80, None, "example.com:80"),
        ("[::1]:9000", "https", "::1", 9000, "https://[::1]:9000", "[::1]:9000"),
        ("http://[::1]", "http", "::1", None, "http://[::1]", "[::1]"),
        ("  example.com  ", "https", "example.com", None, None, None),
    ],
)
def test_explicit_endpoint_forms(
    given: str,
    scheme: str,
    host: str,
    port: int | None,
    base_url: str | None,
    host_header: str | None,
) -> None:
    endpoint = resolve_endpoint(endpoint=given)
    assert (endpoint.scheme, endpoint.host, endpoint.port) == (scheme, host, port)
    if base_url is not None:
        assert endpoint.base_url == base_url
    if host_header is not None:
        assert endpoint.host_header == host_header


def test_explicit_endpoint_wins_over_region() -> None:
    endpoint = resolve_endpoint(region="cn-beijing", endpoint="localhost:1234")
    assert endpoint.host_header == "localhost:1234"
    # Even an invalid region is not looked at when an endpoint is given.
    assert resolve_endpoint(region="Not A Region", endpoint="localhost").host == "localhost"


def test_bare_endpoint_follows_scheme_argument_but_url_scheme_wins() -> None:
    assert resolve_endpoint(endpoint="localhost:8080", scheme="http").scheme == "http"
    assert resolve_endpoint(endpoint="https://localhost:8080", scheme="http").scheme == "https"
    assert parse_endpoint("localhost").scheme == "https"


@pytest.mark.parametrize(
    ("given", "complaint"),
    [
        ("", "blank"),
        ("   ", "blank"),
        ("ftp://example.com", "scheme"),
        ("ws://example.com", "scheme"),
        ("https://example.com/path", "path"),
        ("example.com/path", "host or host:port"),
        ("example.com/", "host or host:port"),
        ("https://example.com/?a=1", "query"),
        ("https://example.com#frag", "fragment"),
        ("https://", "no host"),
        ("https://:8080", "no host"),
        ("example.com:", "empty port"),
        ("example.com:99999", "port"),
        ("example.com:0", "port"),
        ("example.com:http", "port"),
        ("exa_mple.com", "invalid host"),
        ("-example.com", "invalid host"),
        ("example..com", "invalid host"),
        ("example.com.", "invalid host"),
        ("[::zz]:80", "not a valid host"),
    ],
)
def test_bad_endpoints(given: str, complaint: str) -> None:
    with pytest.raises(EndpointError, match=complaint) as caught:
        resolve_endpoint(endpoint=given)
    assert isinstance(caught.value, ValueError)


def test_user_info_is_rejected_without_echoing_it() -> None:
    with pytest.raises(EndpointError, match="user information") as caught:
        resolve_endpoint(endpoint="https://admin:Sup3rS3cret@example.com")
    assert "Sup3rS3cret" not in str(caught.value)
    with pytest.raises(EndpointError, match="user information") as caught:
        resolve_endpoint(endpoint="admin:Sup3rS3cret@example.com:80")
    assert "Sup3rS3cret" not in str(caught.value)


@pytest.mark.parametrize(
    "region",
    ["", "CN-SHANGHAI", "cn_shanghai", "cn shanghai", "-cn", "cn-", "cn--x", "cn.x", "é"],
)
def test_bad_regions(region: str) -> None:
    with pytest.raises(EndpointError):
        resolve_endpoint(**CCC, region=region)


def test_region_or_endpoint_required() -> None:
    with pytest.raises(EndpointError, match="region or an explicit endpoint"):
        resolve_endpoint()


@pytest.mark.parametrize("scheme", ["ftp", "", "https://"])
def test_bad_scheme_argument(scheme: str) -> None:
    with pytest.raises(EndpointError, match="scheme"):
        resolve_endpoint(**CCC, region="cn-shanghai", scheme=scheme)
    with pytest.raises(EndpointError, match="scheme"):
        resolve_endpoint(endpoint="localhost", scheme=scheme)


def test_bad_spec_values_are_caught() -> None:
    with pytest.raises(EndpointError, match="lacks"):
        resolve_endpoint(region="cn-shanghai", product_host_pattern="ccc.aliyuncs.com")
    with pytest.raises(EndpointError, match="invalid host"):
        resolve_endpoint(region="cn-shanghai", product_host_pattern="ccc.{region}.bad_host")
    with pytest.raises(EndpointError, match="invalid host"):
        resolve_endpoint(
            region="cn-beijing", central_host="not a host", central_regions=CCC["central_regions"]
        )


def test_endpoint_validates_its_fields() -> None:
    with pytest.raises(EndpointError, match="scheme"):
        Endpoint("ftp", "example.com")
    with pytest.raises(EndpointError, match="port"):
        Endpoint("https", "example.com", 70000)
    with pytest.raises(EndpointError, match="invalid host"):
        Endpoint("https", "Example.com")
    with pytest.raises(EndpointError, match="IPv6"):
        Endpoint("https", "::zz")
