"""A webhook receiver on loopback (http.server in a thread) that checks every delivery with
the Standard Webhooks reference verifier and answers as a test tells it to."""

from __future__ import annotations

import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    verified_with: list[str]  # which of the receiver's secrets verified it

    @property
    def payload(self):
        import json

        return json.loads(self.body)


@dataclass
class Receiver:
    host: str = "127.0.0.1"
    port: int = 0
    scheme: str = "http"
    secrets: list[str] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status codes to answer, in order
    default_answer: int = 204
    redirect_to: str = ""
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}/hooks/panelist"

    def verified(self) -> list[Received]:
        return [r for r in self.received if r.verified_with]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("content-length", 0)))
            headers = {k.lower(): v for k, v in self.headers.items()}
            verified_with = []
            for secret in receiver.secrets:
                try:
                    Webhook(secret).verify(body, headers)
                except WebhookVerificationError:
                    continue
                verified_with.append(secret)
            receiver.received.append(Received(self.path, headers, body, verified_with))
            status = receiver.answers.pop(0) if receiver.answers else receiver.default_answer
            if not verified_with:
                status = 400
            self.send_response(status)
            if receiver.redirect_to:
                self.send_header("location", receiver.redirect_to)
            answer = b"x" * 5000 if status >= 500 else b"ok"
            self.send_header("content-length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def loopback_receiver(
    host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None
) -> Iterator[Receiver]:
    """A receiver on ``host`` (any 127.x.y.z), answering https when given a server context."""
    receiver = Receiver(host=host, scheme="https" if tls else "http")
    server = ThreadingHTTPServer((host, port), _handler(receiver))
    if tls:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def self_signed(folder: Path, name: str) -> tuple[ssl.SSLContext, Path]:
    """A server context with a certificate for ``name`` signed by itself, and the certificate's
    file, for a client to trust (SSL_CERT_FILE)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    certificate_file = folder / "receiver.pem"
    key_file = folder / "receiver.key"
    certificate_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(certificate_file, key_file)
    return context, certificate_file
