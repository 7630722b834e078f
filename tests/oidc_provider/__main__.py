"""``python -m tests.oidc_provider PORT``: migrate the provider's own database, register
Panelist as a client (from OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URI) and serve on
127.0.0.1:PORT until stopped."""

import os
import sys

import django

os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
django.setup()

from django.core.management import call_command  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402

call_command("migrate", verbosity=0)
Application.objects.update_or_create(
    client_id=os.environ["OIDC_CLIENT_ID"],
    defaults={
        "name": "Panelist",
        "client_secret": os.environ["OIDC_CLIENT_SECRET"],
        "client_type": Application.CLIENT_CONFIDENTIAL,
        "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
        "redirect_uris": os.environ["OIDC_REDIRECT_URI"],
        "algorithm": Application.RS256_ALGORITHM,
        "skip_authorization": False,  # the consent page is part of the flow under test
    },
)
call_command("runserver", f"127.0.0.1:{sys.argv[1]}", use_reloader=False, verbosity=0)
