"""allauth's OpenID Connect provider with a stricter adapter.

allauth skips the ID token's signature when the token came straight from the token endpoint,
which OpenID Connect Core (3.1.3.7) allows over TLS. Panelist checks it every time: a proxy or
a misconfigured TLS set-up between the app and the provider must not be able to hand out
identities, and the check costs one cached JWKS request. The userinfo answer must be about the
same subject as the ID token (Core 5.3.4), and where both carry a claim, the signed one wins.
"""

from __future__ import annotations

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter


class PanelistOIDCAdapter(OpenIDConnectOAuth2Adapter):
    def _decode_id_token(self, app, id_token: str) -> dict:
        return jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )

    def complete_login(self, request, app, token, **kwargs):
        id_token = kwargs["response"].get("id_token")
        if not id_token:
            raise OAuth2Error("The identity provider returned no ID token.")
        claims = self._decode_id_token(app, id_token)
        userinfo = self._fetch_user_info(token.token)
        if userinfo.get("sub") != claims.get("sub"):
            raise OAuth2Error("The userinfo answer is about another subject than the ID token.")
        merged = {**userinfo, **claims}
        return self.get_provider().sociallogin_from_response(
            request, {"userinfo": merged, "id_token": claims}
        )


class PanelistOIDCProvider(OpenIDConnectProvider):
    oauth2_adapter_class = PanelistOIDCAdapter
