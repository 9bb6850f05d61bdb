"""Every existing application gets its row in the lists' read model."""

from django.db import migrations


def backfill(apps, schema_editor):
    from applications.readmodel import rebuild_application_rows

    rebuild_application_rows(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("applications", "0012_application_rows")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
