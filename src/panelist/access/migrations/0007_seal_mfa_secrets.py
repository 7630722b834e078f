"""Seal the two-factor secrets stored before they were sealed (the TOTP key, the recovery
codes' seed, and migrated codes): panelist.access.adapters.MFAAdapter opens both kinds."""

from django.db import migrations

from panelist.access.adapters import MFA_TOKEN_PREFIX, seal_mfa_secret


def _sealed(value):
    if isinstance(value, str) and not value.startswith(MFA_TOKEN_PREFIX):
        return seal_mfa_secret(value)
    return value


def seal(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all():
        data = dict(authenticator.data)
        for key in ("secret", "seed"):
            if key in data:
                data[key] = _sealed(data[key])
        if isinstance(data.get("migrated_codes"), list):
            data["migrated_codes"] = [_sealed(code) for code in data["migrated_codes"]]
        if data != authenticator.data:
            Authenticator.objects.filter(pk=authenticator.pk).update(data=data)


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0006_user_mail_delivery"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
