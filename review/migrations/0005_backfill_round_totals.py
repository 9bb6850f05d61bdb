"""Every round's stored figures computed from its sheets: each application's totals and each
expert's statistics per rubric (see review.rounds.totals)."""

from django.db import migrations


def backfill(apps, schema_editor):
    from review.rounds.totals import rebuild_round_totals

    rebuild_round_totals(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0004_round_totals"),
    ]

    operations = [
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
