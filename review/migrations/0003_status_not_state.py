"""A rubric's, a review round's, a score sheet's and a proposed list's status is their
`status` (and a sheet's reason for it `status_reason`), as every record's is. The columns are
renamed, in the tables and in their histories, so the records and their histories keep their
values; the constraints that name the field are dropped before and made again after."""

from django.db import migrations, models

RENAMED = [
    ("rubric", "state", "status"),
    ("reviewround", "state", "status"),
    ("scoresheet", "state", "status"),
    ("scoresheet", "state_reason", "status_reason"),
    ("proposedlist", "state", "status"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0002_historicalreviewsettings_minimum_composite_and_more"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="proposedlist", name="one_draft_proposed_list_per_edition"
        ),
        migrations.RemoveConstraint(model_name="reviewround", name="closed_round_has_report"),
        migrations.RemoveConstraint(model_name="scoresheet", name="submitted_sheet_has_total"),
        migrations.RemoveConstraint(model_name="scoresheet", name="excused_sheet_has_reason"),
        *[
            migrations.RenameField(model_name=prefix + model, old_name=old, new_name=new)
            for model, old, new in RENAMED
            for prefix in ("", "historical")
        ],
        migrations.AddConstraint(
            model_name="proposedlist",
            constraint=models.UniqueConstraint(
                condition=models.Q(status="draft"),
                fields=("edition",),
                name="one_draft_proposed_list_per_edition",
                violation_error_message="本届已有一份待审议的名单。",
            ),
        ),
        migrations.AddConstraint(
            model_name="reviewround",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(report_summary=""),
                name="closed_round_has_report",
            ),
        ),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(total__isnull=False),
                name="submitted_sheet_has_total",
            ),
        ),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.CheckConstraint(
                condition=~models.Q(status__in=["excused", "void"]) | ~models.Q(status_reason=""),
                name="excused_sheet_has_reason",
            ),
        ),
    ]
