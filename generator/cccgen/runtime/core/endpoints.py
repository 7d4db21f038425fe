"""Resolve the host a request goes to, from a region or an explicit endpoint."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

_SCHEMES = ("https", "http")
_DEFAULT_PORTS = {"https": 443, "http": 80}
_REGION = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HOST_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_REGION_PLACEHOLDER = "{region}"


class EndpointError(ValueError):
    """A region, endpoint, host or scheme that cannot be used."""


@dataclass(frozen=True)
class Endpoint:
    """Where requests go. ``host`` is bare (IPv6 without brackets); ``port`` None = default."""

    scheme: str
    host: str
    port: int | None = None

    def __post_init__(self) -> None:
        if self.scheme not in _SCHEMES:
            raise EndpointError(f"scheme must be 'https' or 'http', not {self.scheme!r}")
        _check_host(self.host)
        if self.port is not None and not 1 <= self.port <= 65535:
            raise EndpointError(f"port must be within 1..65535, not {self.port}")

    @property
    def host_header(self) -> str:
        """The ``Host`` header value, and so the value V3 signing covers."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port is None else f"{host}:{self.port}"

    @property
    def base_url(self) -> str:
        """``scheme://host[:port]`` without a trailing slash."""
        return f"{self.scheme}://{self.host_header}"


def _check_host(host: str) -> None:
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise EndpointError(f"invalid IPv6 address {host!r}") from None
        return
    labels = host.split(".")
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise EndpointError(f"invalid host name {host!r}")


def _check_scheme(scheme: str) -> str:
    lowered = scheme.lower()
    if lowered not in _SCHEMES:
        raise EndpointError(f"scheme must be 'https' or 'http', not {scheme!r}")
    return lowered


def _split(endpoint: str) -> SplitResult:
    try:
        if "://" in endpoint:
            return urlsplit(endpoint)
        # A bare host[:port] parses as the network location of a scheme-relative URL.
        return urlsplit(f"//{endpoint}")
    except ValueError:
        raise EndpointError("endpoint is not a valid host or URL") from None


def parse_endpoint(endpoint: str, scheme: str = "https") -> Endpoint:
    """Parse ``host``, ``host:port`` or ``http(s)://host[:port][/]`` into an Endpoint.

    A URL's own scheme wins over ``scheme``. Default ports are dropped so ``host_header``
    matches what HTTP clients send as ``Host``.
    """
    default_scheme = _check_scheme(scheme)
    text = endpoint.strip()
    if not text:
        raise EndpointError("endpoint is blank")
    parts = _split(text)
    if "://" in text:
        chosen = parts.scheme.lower()
        if chosen not in _SCHEMES:
            raise EndpointError(f"endpoint URL scheme must be https or http, not {parts.scheme!r}")
        if parts.path not in ("", "/"):
            raise EndpointError("endpoint URL must not have a path")
    else:
        chosen = default_scheme
        if parts.path:
            raise EndpointError("endpoint without a scheme must be host or host:port")
    if "@" in parts.netloc:
        # Never echo it back: user info may hold a password.
        raise EndpointError("endpoint must not contain user information")
    if parts.query or parts.fragment or "?" in text or "#" in text:
        raise EndpointError("endpoint must not have a query or a fragment")
    if parts.netloc.endswith(":"):
        raise EndpointError("endpoint has an empty port")
    host = parts.hostname
    if not host:
        raise EndpointError("endpoint has no host")
    try:
        port = parts.port
    except ValueError:
        raise EndpointError("endpoint port must be a number within 0..65535") from None
    if port is not None and port == _DEFAULT_PORTS[chosen]:
        port = None
    if port == 0:
        raise EndpointError("endpoint port must not be 0")
    return Endpoint(chosen, host, port)


def resolve_endpoint(
    *,
    region: str | None = None,
    endpoint: str | None = None,
    product_host_pattern: str | None = None,
    central_host: str | None = None,
    central_regions: frozenset[str] = frozenset(),
    scheme: str = "https",
    regional_hosts: Mapping[str, str] | None = None,
) -> Endpoint:
    """Pick the endpoint: an explicit ``endpoint`` always wins, else derive it from ``region``.

    The rule comes from the spec (the generated package's ``SERVICE``): a region the spec
    names a host for (``regional_hosts``, the metadata's endpoints) goes there; regions in
    ``central_regions`` go to ``central_host``; the others to ``product_host_pattern`` with
    ``{region}`` filled in.
    """
    if endpoint is not None:
        return parse_endpoint(endpoint, scheme)
    chosen = _check_scheme(scheme)
    if region is None or not region:
        raise EndpointError("either a region or an explicit endpoint is required")
    if not _REGION.fullmatch(region):
        raise EndpointError(
            f"invalid region {region!r}: use lower-case letters, digits and single hyphens"
        )
    if regional_hosts and region in regional_hosts:
        host = regional_hosts[region]
    elif region in central_regions and central_host:
        host = central_host
    else:
        if product_host_pattern is None:
            raise EndpointError("no host pattern to derive an endpoint from a region")
        if _REGION_PLACEHOLDER not in product_host_pattern:
            raise EndpointError(f"host pattern {product_host_pattern!r} lacks '{{region}}'")
        # replace(), not format(): a pattern should not be able to run format expressions.
        host = product_host_pattern.replace(_REGION_PLACEHOLDER, region)
    return Endpoint(chosen, host.lower())
