"""The OpenID Connect provider as Panelist runs it: allauth's, with the ID token's signature
always checked against the provider's published keys (JWKS), and the claims of the signed ID
token preferred over the userinfo answer."""
