# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/log_redaction.py.
# Do not edit by hand: change the original and run `make generate`.
"""Secrets kept out of log records: httpx logs every request URL at INFO, and with RPC V1
signing the URL's query carries the security token and the signature. A filter installed once
on the "httpx" logger masks those values; :func:`redact_url` masks them in any other text the
transport reports (errors, its own records)."""

from __future__ import annotations

import logging
import re

import httpx

_SECRET_QUERY = re.compile(r"((?:^|[?&])(?:SecurityToken|Signature|AccessKeySecret)=)[^&\s\"']*")


def redact_url(text: str) -> str:
    """Mask the values of ``SecurityToken``/``Signature`` query parameters in ``text``."""
    return _SECRET_QUERY.sub(r"\1***", text)


class _RedactQuerySecrets(logging.Filter):
    marker = "cccgen-redact-query-secrets"

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_url(str(arg)) if isinstance(arg, httpx.URL | str) else arg
                for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = redact_url(record.msg)
        return True


def install_log_redaction() -> None:
    """Mask secrets in the httpx logger's records (idempotent, across package copies)."""
    httpx_logger = logging.getLogger("httpx")
    if not any(
        getattr(f, "marker", None) == _RedactQuerySecrets.marker for f in httpx_logger.filters
    ):
        httpx_logger.addFilter(_RedactQuerySecrets())
