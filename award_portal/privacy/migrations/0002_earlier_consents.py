"""Accounts that agreed at registration before the notice had versions keep that record, as a
consent to no version ("earlier"): the current notice is asked for at their next sign-in."""

from django.db import migrations

EARLIER = "earlier"


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    PrivacyConsent = apps.get_model("privacy", "PrivacyConsent")
    PrivacyConsent.objects.bulk_create(
        PrivacyConsent(
            user_id=pk, username=username, version=EARLIER, occasion="registration", at=at
        )
        for pk, username, at in User.objects.filter(data_consent_at__isnull=False).values_list(
            "pk", "username", "data_consent_at"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
