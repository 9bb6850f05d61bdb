"""Keeping the lists' read model (`ApplicationRow`) equal to the live records.

Every row is built from the live records by one function, `_build`, in three queries for any
number of applications: the applications with their category, unit, edition, pre-check, paper
copy and re-check; their consultations counted; the deadline extensions of their editions. The
same function serves the three ways rows are written:

- `refresh_application_rows(applications)`: after a move (the engine calls it through the
  application workflow's `project`, inside the move's transaction), after an act or an edit
  of a copied field (the services call `award_portal.workflow.engine.project`, inside their
  transaction), after a change of a unit's deadline or of a category's or unit's name or order;
- `rebuild_application_rows(edition=None)`: every row of an edition (or of all), in bulk, for
  the data migration and for seeds that insert applications in bulk;
- `check_application_rows(edition=None)`: what differs between the table and the live records.

The functions take the models from an app registry, so a data migration can call them with
its historical models.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.apps import apps as django_apps
from django.db import transaction
from django.db.models import Count, QuerySet

from applications.models.rows import COPIED

BATCH = 1000

# The row's columns read as they are from the live records: {column: lookup from Application}.
_COPY = {
    "application_id": "pk",
    "edition_id": "edition_id",
    "category_id": "category_id",
    "unit_id": "unit_id",
    "reference": "reference",
    "applicant_name": "applicant_name",
    "application_status": "status",
    "category_name": "category__name",
    "category_order": "category__order",
    "unit_order": "unit__order",
    "paper_copy_received_on": "paper_copy__received_on",
    "submitted_at": "submitted_at",
    "updated_at": "updated_at",
}
# … and what the other columns are worked out from.
_DERIVED = (
    "unit__name",
    "edition__recommendation_deadline",
    "precheck__pk",
    "precheck__completeness_ok",
    "precheck__authenticity_ok",
    "precheck__accuracy_ok",
    "precheck__legality_ok",
    "acceptance_review__pk",
    "acceptance_review__qualification_ok",
    "acceptance_review__materials_ok",
)
CHECKS = ("completeness", "authenticity", "accuracy", "legality")


def _model(apps, name: str):
    return (apps or django_apps).get_model("applications", name)


def _build(applications: QuerySet, apps=None) -> list:
    """The rows of `applications` as the live records say, unsaved."""
    Row = _model(apps, "ApplicationRow")
    Consultation = _model(apps, "Consultation")
    DeadlineExtension = _model(apps, "DeadlineExtension")
    live = list(applications.order_by().values(*_COPY.values(), *_DERIVED))
    if not live:
        return []
    ids = [values["pk"] for values in live]
    editions = {values["edition_id"] for values in live}
    counts: dict[int, int] = {}
    for start in range(0, len(ids), BATCH):
        counts.update(
            Consultation.objects.filter(application_id__in=ids[start : start + BATCH])
            .order_by()
            .values_list("application_id")
            .annotate(n=Count("pk"))
        )
    extended = {
        (edition_id, unit_id): until
        for edition_id, unit_id, until in DeadlineExtension.objects.filter(
            edition_id__in=editions
        ).values_list("edition_id", "unit_id", "extended_until")
    }
    rows = []
    for values in live:
        deadline = values["edition__recommendation_deadline"]
        extension = extended.get((values["edition_id"], values["unit_id"]))
        checked = values["precheck__pk"] is not None
        rechecked = values["acceptance_review__pk"] is not None
        rows.append(
            Row(
                **{column: values[lookup] for column, lookup in _COPY.items()},
                unit_name=values["unit__name"] or "",
                recommendation_deadline=max(deadline, extension) if extension else deadline,
                precheck_passed=(
                    all(values[f"precheck__{name}_ok"] for name in CHECKS) if checked else None
                ),
                consultation_count=counts.get(values["pk"], 0),
                acceptance_passed=(
                    values["acceptance_review__qualification_ok"]
                    and values["acceptance_review__materials_ok"]
                    if rechecked
                    else None
                ),
            )
        )
    return rows


def _copied() -> list[str]:
    """The names of the copied columns as fields (`edition`, not `edition_id`)."""
    return [name.removesuffix("_id") for name in COPIED]


def refresh_application_rows(applications: QuerySet | Iterable[int], apps=None) -> int:
    """Write the rows of `applications` (a queryset of applications, or their ids) from the
    live records; returns how many. Runs in the caller's transaction."""
    Application = _model(apps, "Application")
    if not isinstance(applications, QuerySet):
        applications = Application.objects.filter(pk__in=list(applications))
    rows = _build(applications, apps)
    _model(apps, "ApplicationRow").objects.bulk_create(
        rows,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["application"],
        update_fields=_copied(),
    )
    return len(rows)


def _of_edition(edition, apps=None) -> tuple[QuerySet, QuerySet]:
    """The applications of `edition` (an edition, its id, or None for all) and their rows."""
    applications = _model(apps, "Application").objects.all()
    rows = _model(apps, "ApplicationRow").objects.all()
    if edition is None:
        return applications, rows
    edition_id = getattr(edition, "pk", edition)
    return applications.filter(edition_id=edition_id), rows.filter(edition_id=edition_id)


def rebuild_application_rows(edition=None, apps=None) -> int:
    """Write every row of `edition` (an edition or its id; None: of every edition) afresh, in
    bulk; returns how many. For the data migration and for seeds that insert applications
    without the services."""
    Application = _model(apps, "Application")
    Row = _model(apps, "ApplicationRow")
    applications, rows_of = _of_edition(edition, apps)
    ids = list(applications.order_by("pk").values_list("pk", flat=True))
    written = 0
    with transaction.atomic():
        rows_of.delete()
        for start in range(0, len(ids), BATCH * 5):
            rows = _build(Application.objects.filter(pk__in=ids[start : start + BATCH * 5]), apps)
            Row.objects.bulk_create(rows, batch_size=BATCH)
            written += len(rows)
    return written


def check_application_rows(edition=None, apps=None) -> list[str]:
    """What differs between the read model and the live records, one line per difference
    (an empty list when they agree): rows missing, rows of no application, columns that
    differ."""
    applications, stored_rows = _of_edition(edition, apps)
    expected = {row.application_id: row for row in _build(applications, apps)}
    stored = {row.application_id: row for row in stored_rows}
    differences = [f"application {pk}: no row" for pk in sorted(expected.keys() - stored.keys())]
    differences += [
        f"application {pk}: a row but no application"
        for pk in sorted(stored.keys() - expected.keys())
    ]
    for pk in sorted(expected.keys() & stored.keys()):
        for name in COPIED:
            want, have = getattr(expected[pk], name), getattr(stored[pk], name)
            if want != have:
                differences.append(f"application {pk}: {name} is {have!r}, live {want!r}")
    return differences


# --- the writes that change many rows at once --------------------------------------------------


def refresh_unit_deadline(*, edition, unit) -> int:
    """After a unit's deadline was extended: its applications' rows in the edition."""
    Application = _model(None, "Application")
    return refresh_application_rows(Application.objects.filter(edition=edition, unit=unit))


def refresh_edition_rows(edition) -> int:
    """After the edition's own dates changed."""
    Application = _model(None, "Application")
    return refresh_application_rows(Application.objects.filter(edition=edition))


def refresh_reference_rows(sender, instance, **_signal) -> None:
    """After a category or a recommending unit was saved: the names and orders the rows copy.
    Connected in ApplicationsConfig.ready(), beside the reference names the lists keep."""
    Application = _model(None, "Application")
    field = "category" if sender._meta.model_name == "category" else "unit"
    refresh_application_rows(Application.objects.filter(**{field: instance}))
