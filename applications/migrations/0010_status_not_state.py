"""An outbox email's status is its `status`, as every record's is: the column is renamed, so
the emails keep theirs."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0009_unit_opinion_from_recommend_moves"),
    ]

    operations = [
        migrations.RenameField(model_name="notification", old_name="state", new_name="status"),
    ]
