"""Start the test identity provider in a second process on a free loopback port."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class IdentityProvider:
    issuer: str
    client_id: str
    client_secret: str
    people_file: Path
    control_file: Path

    def set_people(self, people: dict[str, dict]) -> None:
        self.people_file.write_text(json.dumps(people))

    def tamper(self, mode: str) -> None:
        """ "signature", "claims", or "" for honest ID tokens."""
        self.control_file.write_text(mode)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def identity_provider(folder: Path, redirect_uri: str) -> Iterator[IdentityProvider]:
    folder.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key_file = folder / "key.pem"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    port = _free_port()
    provider = IdentityProvider(
        issuer=f"http://127.0.0.1:{port}/o",
        client_id="panelist-" + secrets.token_hex(4),
        client_secret=secrets.token_urlsafe(32),
        people_file=folder / "people.json",
        control_file=folder / "control",
    )
    provider.set_people({})
    provider.tamper("")
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
        "OIDC_PROVIDER_KEY": str(key_file),
        "OIDC_PROVIDER_ISSUER": provider.issuer,
        "OIDC_PROVIDER_PEOPLE": str(provider.people_file),
        "OIDC_PROVIDER_CONTROL": str(provider.control_file),
        "OIDC_CLIENT_ID": provider.client_id,
        "OIDC_CLIENT_SECRET": provider.client_secret,
        "OIDC_REDIRECT_URI": redirect_uri,
    }
    log = (folder / "provider.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.oidc_provider", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        discovery = f"{provider.issuer}/.well-known/openid-configuration"
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the identity provider stopped: {folder / 'provider.log'}")
            try:
                with urllib.request.urlopen(discovery, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the identity provider did not answer within 60 s")
            time.sleep(0.2)
        yield provider
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
