"""A recommendation made with the generic move button used to keep the unit's opinion only as
the reason of its audit record, and the pages read it from there. The move now keeps it with
the pre-check itself; this copies the opinions given that way before, so nothing reads the
audit record for it any more."""

from django.db import migrations


def copy_opinions(apps, schema_editor):
    PrecheckReview = apps.get_model("applications", "PrecheckReview")
    ApplicationEvent = apps.get_model("applications", "ApplicationEvent")
    for review in PrecheckReview.objects.filter(opinion="").iterator():
        event = (
            ApplicationEvent.objects.filter(application_id=review.application_id, move="recommend")
            .exclude(reason="")
            .order_by("-at", "-id")
            .first()
        )
        if event is not None:
            PrecheckReview.objects.filter(pk=review.pk).update(opinion=event.reason)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0008_edition_is_demo"),
    ]

    operations = [
        migrations.RunPython(copy_opinions, migrations.RunPython.noop),
    ]
