"""A real OpenID provider for the tests: django-oauth-toolkit's OIDC server (RS256, PKCE
required) as a small Django project of its own, run in a second process on loopback by
``tests.oidc_provider.server``. It must not share the app's settings, database or cookies.

Its people come from a JSON file the test writes (``OIDC_PROVIDER_PEOPLE``), read on every
sign-in and every token: ``{username: {password, email, email_verified, groups, name}}``.
A control file (``OIDC_PROVIDER_CONTROL``) switches the token endpoint into tampering with the
ID token it hands out ("signature" or "claims"), for the tests that Panelist refuses it.
"""
