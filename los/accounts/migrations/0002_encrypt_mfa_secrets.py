"""Encrypt the authenticator secrets allauth stored in clear before Los's MFA adapter.

Forward seals every TOTP secret, recovery-code seed and migrated recovery code that is not
sealed yet (los.accounts.mfa), so it can run again and leaves sealed values alone. Backward
writes them in clear again: that is what allauth's default adapter, and so the code before
this migration, reads; without it a rollback would lock every staff member out. Both log
one change-log entry with the count.
"""

from django.db import migrations

from los.accounts.mfa import is_sealed, map_secrets, seal, unseal


def _rewrite(apps, *, change, action):
    Authenticator = apps.get_model("mfa", "Authenticator")
    ChangeLogEntry = apps.get_model("access", "ChangeLogEntry")
    changed = []
    for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
        data = map_secrets(authenticator.data, change)
        if data != authenticator.data:
            authenticator.data = data
            changed.append(authenticator)
    Authenticator.objects.bulk_update(changed, ["data"], batch_size=1000)
    if changed:
        ChangeLogEntry.objects.create(
            actor=None,
            participant=None,
            action=action,
            object_type="mfa.authenticator",
            object_id="",
            data={"count": len(changed)},
        )


def encrypt_secrets(apps, schema_editor):
    _rewrite(
        apps,
        change=lambda value: value if is_sealed(value) else seal(value),
        action="mfa_secrets.encrypted",
    )


def decrypt_secrets(apps, schema_editor):
    _rewrite(
        apps,
        change=lambda value: unseal(value) if is_sealed(value) else value,
        action="mfa_secrets.decrypted",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("access", "0003_access_log_without_row_locks"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_secrets, decrypt_secrets)]
