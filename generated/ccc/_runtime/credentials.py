# Copied by cccgen 0.1.0 from generator/cccgen/runtime/credentials.py.
# Do not edit by hand: change the original and run `make generate`.
"""Alibaba Cloud AccessKey credentials that never show their secret parts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"

_MASK = "***"


class CredentialsError(ValueError):
    """Credentials are missing or unusable. Messages name fields, never their values."""


def _check_part(value: object, label: str) -> None:
    if not isinstance(value, str):
        raise CredentialsError(f"{label} must be a string")
    if not value.strip():
        raise CredentialsError(f"{label} is blank")
    if value != value.strip():
        # A stray newline from a file or shell would only surface later as a bad signature.
        raise CredentialsError(f"{label} has leading or trailing whitespace")


@dataclass(frozen=True, repr=False)
class Credentials:
    """An AccessKey pair, plus the token of temporary (STS) credentials.

    ``repr`` and ``str`` mask the secret and the token, so logging an object is safe.
    """

    access_key_id: str
    access_key_secret: str
    security_token: str | None = None

    def __post_init__(self) -> None:
        _check_part(self.access_key_id, "access_key_id")
        _check_part(self.access_key_secret, "access_key_secret")
        if self.security_token is not None:
            _check_part(self.security_token, "security_token")

    def __repr__(self) -> str:
        token = None if self.security_token is None else _MASK
        return (
            f"Credentials(access_key_id={self.access_key_id!r}, "
            f"access_key_secret={_MASK!r}, security_token={token!r})"
        )

    __str__ = __repr__

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        """Read ``ALIBABA_CLOUD_ACCESS_KEY_ID``, ``..._SECRET`` and ``..._SECURITY_TOKEN``.

        ``environ`` defaults to ``os.environ``. An empty security token counts as unset;
        a missing or blank id or secret raises :class:`CredentialsError` naming the variable.
        """
        env = os.environ if environ is None else environ
        missing = [
            name
            for name in (ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET)
            if not env.get(name, "").strip()
        ]
        if missing:
            raise CredentialsError(
                f"environment variable(s) not set or blank: {', '.join(missing)}"
            )
        token = env.get(ENV_SECURITY_TOKEN) or None
        parts = (
            (ENV_ACCESS_KEY_ID, env[ENV_ACCESS_KEY_ID]),
            (ENV_ACCESS_KEY_SECRET, env[ENV_ACCESS_KEY_SECRET]),
            (ENV_SECURITY_TOKEN, token),
        )
        for name, value in parts:
            if value is not None:
                _check_part(value, f"environment variable {name}")
        return cls(env[ENV_ACCESS_KEY_ID], env[ENV_ACCESS_KEY_SECRET], token)
