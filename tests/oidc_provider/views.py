"""The token endpoint, able to hand out a tampered ID token when the control file says so."""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

from oauth2_provider.views import TokenView


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def tamper(id_token: str, mode: str) -> str:
    header, payload, signature = id_token.split(".")
    if mode == "signature":
        raw = bytearray(_b64decode(signature))
        raw[len(raw) // 2] ^= 0x01
        signature = _b64encode(bytes(raw))
    elif mode == "claims":
        claims = json.loads(_b64decode(payload))
        claims["groups"] = ["hiring-admins"]
        payload = _b64encode(json.dumps(claims).encode())
    return f"{header}.{payload}.{signature}"


class TamperingTokenView(TokenView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        mode = Path(os.environ["OIDC_PROVIDER_CONTROL"]).read_text().strip()
        if mode and response.status_code == 200:
            data = json.loads(response.content)
            if "id_token" in data:
                data["id_token"] = tamper(data["id_token"], mode)
                response.content = json.dumps(data).encode()
        return response
