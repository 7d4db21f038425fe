"""Service facts: package name, product, API version, style, title, endpoint and credentials."""

from __future__ import annotations

from cccgen import model as m
from cccgen.diff.record import Recorder, text


def compare_service_facts(rec: Recorder, old: m.Service, new: m.Service) -> None:
    """Record changes to the service's package name, product, API version, style, title."""
    at = old.name
    if old.name != new.name:
        rec.add(
            "package-renamed",
            at,
            old.name,
            new.name,
            "the generated Python package is renamed: every import changes",
        )
    for attr, why in (
        ("product", "the product code changes"),
        ("api_version", "requests carry a different API version"),
        ("style", "requests are built differently"),
    ):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            rec.add(f"{attr.replace('_', '-')}-changed", f"{at}.{attr}", a, b, why)
    if old.title != new.title:
        rec.add(
            "title-changed",
            f"{at}.title",
            text(old.title),
            text(new.title),
            "service title changed",
        )
    compare_endpoint(rec, at, old.endpoint, new.endpoint)
    compare_auth(rec, at, old.auth, new.auth)


def compare_endpoint(rec: Recorder, at: str, old: m.Endpoint, new: m.Endpoint) -> None:
    """Record changes to how the endpoint host is chosen."""
    for attr, what in (
        ("host_pattern", "endpoint host pattern"),
        ("central_host", "central endpoint host"),
    ):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            rec.add(
                "endpoint-changed",
                f"{at}.endpoint.{attr}",
                a,
                b,
                f"{what} changed (the generated client follows it)",
            )
    before, after = set(old.central_regions), set(new.central_regions)
    for region in sorted(before - after):
        rec.add(
            "central-region-removed",
            f"{at}.endpoint.central_regions",
            region,
            None,
            f"region {region} now uses its regional host",
        )
    for region in sorted(after - before):
        rec.add(
            "central-region-added",
            f"{at}.endpoint.central_regions",
            None,
            region,
            f"region {region} now uses the central host",
        )


def compare_auth(rec: Recorder, at: str, old: m.Auth, new: m.Auth) -> None:
    """Record changes to the signature scheme and its alternatives."""
    if (old.signature, old.alternatives) != (new.signature, new.alternatives):
        rec.add(
            "signature-changed",
            f"{at}.auth",
            [old.signature, *old.alternatives],
            [new.signature, *new.alternatives],
            "signature method changed (the generated client follows it)",
        )
    for attr in ("env_access_key_id", "env_access_key_secret", "env_security_token"):
        a, b = getattr(old, attr), getattr(new, attr)
        if a != b:
            rec.add(
                "credential-variable-changed",
                f"{at}.auth.environment.{attr[4:]}",
                a,
                b,
                f"credentials are read from {b} instead of {a}: environments set up for the old "
                "name stop working",
            )
