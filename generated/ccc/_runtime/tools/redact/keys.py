# Copied by cccgen 0.1.0 from generator/cccgen/runtime/tools/redact/keys.py.
# Do not edit by hand: change the original and run `make generate`.
"""The redaction key: read from the environment only, never printed.

The key is what makes the stand-ins safe. A plain hash of an 11-digit phone number can be
reversed by hashing all 10^11 numbers (minutes on a laptop; a Chinese mobile's 3-digit prefix
leaves 10^8); an HMAC under a secret key cannot be computed at all without the key, so neither
a dictionary nor brute force over short inputs recovers the originals. The key must be long
enough not to be guessed itself: at least `MIN_KEY_LENGTH` characters.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from collections.abc import Mapping

__all__ = ["MIN_KEY_LENGTH", "RedactKey", "RedactKeyError", "key_from_environment"]

MIN_KEY_LENGTH = 16


class RedactKeyError(Exception):
    """No usable key: the message names the variable, never the key's value."""


class RedactKey:
    """A secret HMAC-SHA256 key. Its repr and str never show the key."""

    __slots__ = ("_mac",)

    def __init__(self, secret: str | bytes) -> None:
        raw = secret.encode("utf-8") if isinstance(secret, str) else bytes(secret)
        if len(raw) < MIN_KEY_LENGTH:
            raise RedactKeyError(
                f"the redaction key is too short ({len(raw)} bytes): use at least "
                f"{MIN_KEY_LENGTH} random characters, e.g. `python -c 'import secrets; "
                "print(secrets.token_urlsafe(32))'`"
            )
        # The keyed state is computed once; each digest starts from a copy of it.
        self._mac = hmac.new(raw, digestmod=hashlib.sha256)

    def digest(self, message: bytes) -> bytes:
        """HMAC-SHA256 of `message` under the key (32 bytes)."""
        mac = self._mac.copy()
        mac.update(message)
        return mac.digest()

    def fingerprint(self) -> str:
        """A short name of the key that reveals nothing of it (an HMAC of a fixed text): a
        resumed export refuses to mix stand-ins of two keys in one file."""
        return self.digest(b"cccgen redaction key fingerprint").hex()[:16]

    def __repr__(self) -> str:
        return "RedactKey(<secret>)"

    __str__ = __repr__

    def __reduce__(
        self,
    ) -> str | tuple[object, ...]:  # never pickled into a file or another process by accident
        raise TypeError("a redaction key cannot be pickled")


def key_from_environment(variable: str, environ: Mapping[str, str] | None = None) -> RedactKey:
    """The key held by the environment variable `variable`, or `RedactKeyError` saying what to do."""
    env = os.environ if environ is None else environ
    secret = env.get(variable)
    if not secret:
        raise RedactKeyError(
            f"no redaction key: set the environment variable {variable} to a secret of at "
            f"least {MIN_KEY_LENGTH} characters (it is never taken from the command line, where "
            "other users and shell histories could read it); keep it to redact later captures "
            "the same way"
        )
    return RedactKey(secret)
