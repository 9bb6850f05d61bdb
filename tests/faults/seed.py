"""Data for the tests that run the portal in processes of its own (tests.faults.standalone),
written into that portal's database after `migrate` and `load_reference_data`:

    manage.py shell -c "from tests.faults.seed import precheck_queue; precheck_queue(20)"

Statuses and stages are placed with queryset updates, as test setup does elsewhere; every other
write goes through the services.
"""

from __future__ import annotations

from datetime import timedelta

OFFICER = "dongqu-officer"
APPLICANT = "applicant@example.cn"


def _current_edition(stage: str):
    from django.utils import timezone

    from applications.models import Edition

    today = timezone.localdate()
    edition = Edition.current()
    Edition.objects.filter(pk=edition.pk).update(
        stage=stage,
        notice_date=today - timedelta(days=60),
        applications_open=today - timedelta(days=25),
        recommendation_deadline=today + timedelta(days=25),
    )
    edition.refresh_from_db()
    return edition


def _county_unit():
    from applications.models import RecommendingUnit

    return RecommendingUnit.objects.filter(kind=RecommendingUnit.Kind.COUNTY).order_by("order")[0]


def precheck_queue(count: int) -> None:
    """A unit officer with `count` submitted applications, each pre-checked and ready to be
    recommended to the city office, which hears of each recommendation by email."""
    from applications.models import Category, Stage, Status
    from award_portal.accounts.models import Role
    from tests.factories import ApplicationFactory, UnitOfficerFactory, UserFactory
    from tests.lifecycle.conftest import put
    from tests.precheck.conftest import prechecked

    edition = _current_edition(Stage.PRECHECK)
    unit = _county_unit()
    officer = UnitOfficerFactory(unit=unit, username=OFFICER)
    UserFactory(role=Role.CITY_OFFICE, username="office")
    general = Category.objects.get(code="general")
    for _ in range(count):
        application = ApplicationFactory(edition=edition, unit=unit, category=general)
        prechecked(put(application, Status.SUBMITTED), officer)


def applicant_with_draft() -> str:
    """An organisation's applicant with a draft of the current edition, which takes
    applications. Returns the draft's id and its unit's, as "APPLICATION UNIT"."""
    from applications.intake import services
    from applications.models import Category, Stage
    from tests.applications.helpers import valid_data
    from tests.factories import UserFactory

    edition = _current_edition(Stage.APPLICATION)
    owner = UserFactory(
        username=APPLICANT,
        email=APPLICANT,
        applicant_kind="organization",
        organization_name="攀枝花钒钛精工有限公司",
    )
    application = services.create_application(
        owner=owner, category=Category.objects.get(code="general"), edition=edition
    )
    unit = _county_unit()
    services.save_draft(application=application, actor=owner, values=valid_data("general", unit.pk))
    return f"{application.pk} {unit.pk}"
