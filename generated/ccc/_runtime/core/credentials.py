# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/credentials.py.
# Do not edit by hand: change the original and run `make generate`.
"""Alibaba Cloud AccessKey credentials that never show their secret parts."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

_MASK = "***"


@dataclass(frozen=True)
class EnvironmentNames:
    """The environment variables credentials are read from: the spec's ``auth.environment``
    (the generated package's ``SERVICE``), never a constant here."""

    access_key_id: str
    access_key_secret: str
    security_token: str


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
    def from_env(
        cls, names: EnvironmentNames, environ: Mapping[str, str] | None = None
    ) -> Credentials:
        """Read the variables ``names`` gives (the spec's ``auth.environment``).

        ``environ`` defaults to ``os.environ``. An empty security token counts as unset;
        a missing or blank id or secret raises :class:`CredentialsError` naming the variable.
        """
        env = os.environ if environ is None else environ
        missing = missing_variables(names, env)
        if missing:
            raise CredentialsError(
                f"environment variable(s) not set or blank: {', '.join(missing)}"
            )
        token = env.get(names.security_token) or None
        parts = (
            (names.access_key_id, env[names.access_key_id]),
            (names.access_key_secret, env[names.access_key_secret]),
            (names.security_token, token),
        )
        for name, value in parts:
            if value is not None:
                _check_part(value, f"environment variable {name}")
        return cls(env[names.access_key_id], env[names.access_key_secret], token)


def missing_variables(names: EnvironmentNames, environ: Mapping[str, str]) -> list[str]:
    """The id and secret variables that are not set, or blank."""
    return [
        name
        for name in (names.access_key_id, names.access_key_secret)
        if not environ.get(name, "").strip()
    ]
