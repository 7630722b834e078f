"""Sessions signed in through Django's or allauth's backend name it; those backends are now
panelist.access.backends' (which read the organisation settings with the person). Rename them
in the stored sessions, so that nobody is signed out by the upgrade; an expired or unreadable
session is left to expire."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations

RENAMED = {
    "django.contrib.auth.backends.ModelBackend": "panelist.access.backends.PasswordBackend",
    "allauth.account.auth_backends.AuthenticationBackend": "panelist.access.backends.AccountBackend",
}


def rename_backends(apps, schema_editor, renamed=RENAMED):
    Session = apps.get_model("sessions", "Session")
    store = SessionStore()
    for session in Session.objects.only("session_key", "session_data").iterator(chunk_size=2000):
        data = store.decode(session.session_data)
        backend = data.get(BACKEND_SESSION_KEY)
        if backend in renamed:
            data[BACKEND_SESSION_KEY] = renamed[backend]
            Session.objects.filter(pk=session.pk).update(session_data=store.encode(data))


def restore_backends(apps, schema_editor):
    rename_backends(apps, schema_editor, renamed={new: old for old, new in RENAMED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0007_seal_mfa_secrets"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(rename_backends, restore_backends)]
