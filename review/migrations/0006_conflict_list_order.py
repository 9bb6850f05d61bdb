"""An index in the order of the office's conflict list (decision, newest first), so that a page
of it is read without sorting every conflict of the edition."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("review", "0005_backfill_round_totals")]

    operations = [
        migrations.AddIndex(
            "conflict",
            models.Index(fields=["decision", "-created_at", "-id"], name="conflict_list_order"),
        ),
    ]
