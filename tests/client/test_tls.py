"""TLS: the clients a process builds share one verifying SSL context per CA source (loading the
CA certificates costs about 20 ms of CPU, which every client used to pay), an https endpoint
is still verified, and SSL_CERT_FILE still chooses the certificates trusted."""

from __future__ import annotations

import asyncio
import datetime
import ipaddress
import socket
import ssl
from collections.abc import Iterator
from pathlib import Path

import ccc
import httpx
import pytest
from ccc import errors
from ccc._runtime.core import tls as transport_tls
from client.helpers import INSTANCE, KEY_ID, PAGE_CONTACT, SECRET
from client.loopback import ScriptedServer, json_answer

ONCE = ccc.RetryPolicy(max_attempts=1)
NOT_FOUND = {"Code": "InvalidAccessKeyId.NotFound", "Message": "no such key", "RequestId": "r-1"}


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class _TLSServer(ScriptedServer):
    """A scripted loopback server speaking TLS with the given certificate."""

    def __init__(self, cert_file: Path, key_file: Path) -> None:
        super().__init__(json_answer(404, NOT_FOUND))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        accept = self._server.get_request

        def get_request() -> tuple[socket.socket, object]:
            sock, address = accept()
            # A handshake the client refuses raises ssl.SSLError (an OSError): socketserver
            # drops that connection and goes on serving.
            sock.settimeout(10)
            return context.wrap_socket(sock, server_side=True), address

        self._server.get_request = get_request  # type: ignore[method-assign]

    @property
    def url(self) -> str:
        return super().url.replace("http://", "https://", 1)


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[_TLSServer]:
    with _TLSServer(*certificate) as server:
        yield server


@pytest.fixture
def no_ca_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)


def _client(url: str) -> ccc.Client:
    return ccc.Client(endpoint=url, access_key_id=KEY_ID, access_key_secret=SECRET, retry=ONCE)


def test_clients_share_one_context_per_ca_source(
    monkeypatch: pytest.MonkeyPatch, no_ca_variables: None, certificate: tuple[Path, Path]
) -> None:
    monkeypatch.setattr(transport_tls, "_SSL_CONTEXTS", {})
    built: list[ssl.SSLContext] = []
    create = httpx.create_ssl_context

    def counting(*args: object, **kwargs: object) -> ssl.SSLContext:
        context = create(*args, **kwargs)  # type: ignore[arg-type]
        built.append(context)
        return context

    monkeypatch.setattr(httpx, "create_ssl_context", counting)
    url = "https://127.0.0.1:9"  # nothing is sent
    with _client(url), _client(url):
        asyncio.run(
            ccc.AsyncClient(endpoint=url, access_key_id=KEY_ID, access_key_secret=SECRET).aclose()
        )
    assert len(built) == 1  # three clients, sync and async: one context
    (context,) = built
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert transport_tls.shared_ssl_context() is context

    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with _client(url):
        pass
    assert len(built) == 2  # another CA source: its own context, shared in its turn
    assert transport_tls.shared_ssl_context() is built[1] is not context
    monkeypatch.delenv("SSL_CERT_FILE")
    assert transport_tls.shared_ssl_context() is context


def _pool_context(client: ccc.Client) -> ssl.SSLContext:
    # httpx 0.28 / httpcore 1.0 internals, as deadline.enforce_deadlines reaches them.
    context: ssl.SSLContext = client._transport._http._transport._pool._ssl_context  # type: ignore[attr-defined]
    return context


def test_an_http_endpoint_loads_no_certificates_and_trusts_none(
    monkeypatch: pytest.MonkeyPatch, no_ca_variables: None
) -> None:
    """A client of an http:// endpoint (a fake server) makes no TLS connection: its pool's
    context is built without loading the CA certificates, and trusts nothing."""
    monkeypatch.setattr(transport_tls, "_SSL_CONTEXTS", {})
    with _client("http://127.0.0.1:9") as plain:
        assert transport_tls._SSL_CONTEXTS == {}  # no CA certificates were loaded
        untrusting = _pool_context(plain)
        assert untrusting.cert_store_stats()["x509_ca"] == 0
        assert untrusting.verify_mode == ssl.CERT_REQUIRED and untrusting.check_hostname
    with _client("https://127.0.0.1:9") as tls:
        assert _pool_context(tls) is transport_tls.shared_ssl_context()
        assert _pool_context(tls).cert_store_stats()["x509_ca"] > 0


def test_an_untrusted_certificate_is_refused(no_ca_variables: None, tls_server: _TLSServer) -> None:
    with (
        _client(tls_server.url) as client,
        pytest.raises(errors.ConnectError, match="CERTIFICATE_VERIFY_FAILED"),
    ):
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)
    assert tls_server.heads == []  # nothing was sent over the refused connection


def test_ssl_cert_file_chooses_the_trusted_certificates(
    monkeypatch: pytest.MonkeyPatch,
    no_ca_variables: None,
    certificate: tuple[Path, Path],
    tls_server: _TLSServer,
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[0]))
    with (
        _client(tls_server.url) as client,
        pytest.raises(errors.InvalidAccessKeyIdNotFoundError),
    ):
        client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)

    async def call() -> None:
        async with ccc.AsyncClient(
            endpoint=tls_server.url, access_key_id=KEY_ID, access_key_secret=SECRET, retry=ONCE
        ) as client:
            await client.get_call_detail_record(contact_id=PAGE_CONTACT, instance_id=INSTANCE)

    with pytest.raises(errors.InvalidAccessKeyIdNotFoundError):
        asyncio.run(call())
    assert len(tls_server.heads) == 2  # both requests went through the verified connection
