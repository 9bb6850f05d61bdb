"""How long the materials of applications that did not win are kept, and the beat job that
deletes them when that time is over.

The time runs from the edition's close (its move to 已结束 in the edition's trail), for the
months the city office set for the edition (MaterialRetention) or, where it set none,
MATERIAL_RETENTION_MONTHS. Winners keep their materials (approved, awarded, or awarded and
revoked: the award's record). The job deletes the uploaded files and their rows, writes one
MaterialPurge per application (the files' names, sizes and checksums) and leaves every audit
record of the application as it was; the files leave the disk only once that is committed.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from applications.models import Application, Edition, EditionEvent, Material, Stage, Status
from award_portal.privacy.models import MaterialPurge, MaterialRetention

# What winning means here: their materials are the award's record.
WINNERS = frozenset({Status.APPROVED, Status.AWARDED, Status.REVOKED})


def add_months(moment: datetime, months: int) -> datetime:
    month = moment.month - 1 + months
    year, month = moment.year + month // 12, month % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


@dataclass(frozen=True)
class EditionRetention:
    edition: Edition
    months: int
    custom: bool  # the office set it for this edition
    closed_at: datetime | None  # None: the edition has not closed
    purge_at: datetime | None
    # A closed edition's applications that did not win and still have files (0 while open).
    pending: int
    purged: int  # applications whose files were deleted


def months_for(edition: Edition) -> int:
    setting = MaterialRetention.objects.filter(edition=edition).first()
    return setting.months if setting else settings.MATERIAL_RETENTION_MONTHS


def set_months(*, edition: Edition, months: int, actor) -> MaterialRetention:
    setting, _created = MaterialRetention.objects.update_or_create(
        edition=edition, defaults={"months": months, "set_by": actor, "set_at": timezone.now()}
    )
    return setting


def _closed_at() -> dict[int, datetime]:
    rows = (
        EditionEvent.objects.filter(to_stage=Stage.CLOSED, edition__stage=Stage.CLOSED)
        .values("edition_id")
        .annotate(closed=Max("at"))
    )
    return {row["edition_id"]: row["closed"] for row in rows}


def _losers():
    return Application.objects.exclude(status__in=WINNERS)


def overview() -> list[EditionRetention]:
    """Every edition with its retention, newest first (a fixed number of queries)."""
    from django.db.models import Count, Exists, OuterRef

    closed = _closed_at()
    custom = {r.edition_id: r.months for r in MaterialRetention.objects.all()}
    with_files = Exists(Material.objects.filter(application=OuterRef("pk")))
    # The page shows what awaits deletion only for a closed edition: the open ones' (most
    # of the applications) are not counted.
    pending = dict(
        _losers()
        .filter(with_files, edition_id__in=list(closed))
        .values("edition_id")
        .annotate(n=Count("pk"))
        .values_list("edition_id", "n")
    )
    purged = dict(
        MaterialPurge.objects.values("edition_id")
        .annotate(n=Count("application_id", distinct=True))
        .values_list("edition_id", "n")
    )
    result = []
    for edition in Edition.objects.order_by("-number"):
        months = custom.get(edition.pk, settings.MATERIAL_RETENTION_MONTHS)
        closed_at = closed.get(edition.pk)
        result.append(
            EditionRetention(
                edition=edition,
                months=months,
                custom=edition.pk in custom,
                closed_at=closed_at,
                purge_at=add_months(closed_at, months) if closed_at else None,
                pending=pending.get(edition.pk, 0),
                purged=purged.get(edition.pk, 0),
            )
        )
    return result


def _purge_application(application: Application, *, months: int, closed_at) -> int:
    """Delete one application's files, recording them; the number of files deleted."""
    with transaction.atomic():
        materials = list(Material.objects.select_for_update().filter(application=application))
        if not materials:
            return 0
        MaterialPurge.objects.create(
            application=application,
            edition_id=application.edition_id,
            months=months,
            edition_closed_at=closed_at,
            files=[
                {
                    "kind": m.kind,
                    "original_name": m.original_name,
                    "size": m.size,
                    "sha256": m.sha256,
                    "uploaded_at": m.uploaded_at.isoformat(),
                }
                for m in materials
            ],
            file_count=len(materials),
            total_size=sum(m.size for m in materials),
        )
        names = [m.file.name for m in materials]
        storage = materials[0].file.storage
        Material.objects.filter(pk__in=[m.pk for m in materials]).delete()
        transaction.on_commit(lambda: [storage.delete(name) for name in names])
    return len(materials)


def purge_expired_materials(now: datetime | None = None) -> int:
    """Beat job: delete the files of the applications that did not win whose edition closed
    longer ago than its retention; the number of files deleted."""
    now = now or timezone.now()
    deleted = 0
    for edition_id, closed_at in _closed_at().items():
        edition = Edition.objects.get(pk=edition_id)
        months = months_for(edition)
        if add_months(closed_at, months) > now:
            continue
        due = _losers().filter(edition_id=edition_id, materials__isnull=False).distinct()
        for application in due:
            deleted += _purge_application(application, months=months, closed_at=closed_at)
    return deleted
