"""A webhook receiver on loopback (http.server in a thread) that checks every delivery with
the Standard Webhooks reference verifier and answers as a test tells it to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
    port: int = 0
    secrets: list[str] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # status codes to answer, in order
    default_answer: int = 204
    redirect_to: str = ""
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/panelist"

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
def loopback_receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(receiver))
    receiver.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
