# Copied by cccgen 0.1.0 from generator/cccgen/runtime/core/tls.py.
# Do not edit by hand: change the original and run `make generate`.
"""TLS contexts for the transports: one verifying context per CA source, shared.

Loading the CA certificates costs about 20 ms of CPU; httpx does it for every transport it
builds. A client this package builds shares one verifying context per CA source instead:
SSL_CERT_FILE / SSL_CERT_DIR are read at each client's creation (as httpx does), and a changed
value gets its own context; a changed file under the same name is read by a new process. An
SSLContext may be shared between connections and threads.
"""

from __future__ import annotations

import os
import ssl
import threading

import httpx

__all__ = ["pool_ssl_context", "shared_ssl_context"]

_SSL_CONTEXTS: dict[tuple[str, str], ssl.SSLContext] = {}
_SSL_LOCK = threading.Lock()


def pool_ssl_context(scheme: str) -> ssl.SSLContext:
    """The context of a transport's own pool. Its requests all go to one endpoint: one over
    http:// (a fake server on loopback) makes no TLS connection, so its pool gets a context
    that trusts no certificate at all (built in 0.1 ms; were it ever used, it would refuse
    every server) instead of loading the CA certificates for nothing."""
    if scheme == "http":
        return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # verifies, with nothing to trust
    return shared_ssl_context()


def shared_ssl_context() -> ssl.SSLContext:
    """The process's verifying SSL context for the CA source the environment names now
    (``httpx.create_ssl_context()``: SSL_CERT_FILE, else SSL_CERT_DIR, else certifi's)."""
    key = (os.environ.get("SSL_CERT_FILE", ""), os.environ.get("SSL_CERT_DIR", ""))
    with _SSL_LOCK:
        context = _SSL_CONTEXTS.get(key)
        if context is None:
            context = _SSL_CONTEXTS[key] = httpx.create_ssl_context()
        return context
