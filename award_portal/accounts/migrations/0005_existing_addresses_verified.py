"""Accounts that exist when email verification starts keep working as they did.

Their addresses have been receiving the portal's notices, staff accounts were opened by the
city office with their addresses, and an applicant must not find the submit button refused
in the middle of a call. Accounts without an address (registered with a mobile number) stay
unverified: they add an address and verify it before they submit or accept an invitation.
"""

from django.db import migrations
from django.db.models import F


def mark_existing_addresses_verified(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    User.objects.exclude(email="").update(verified_email=F("email"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_email_verification_and_unlocking"),
    ]

    operations = [
        migrations.RunPython(mark_existing_addresses_verified, migrations.RunPython.noop),
    ]
