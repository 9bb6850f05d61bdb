import pytest

from applications.lifecycle import STAGE_ORDER
from applications.models import Application, Edition, Stage
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, CategoryFactory, UnitOfficerFactory, UserFactory


def put(application: Application, status: str) -> Application:
    """Test setup only: place an application in a status without a move (and its row in the
    lists' read model with it, as a seed does)."""
    from django.utils import timezone

    from applications.readmodel import refresh_application_rows

    submitted_at = None if status == "draft" else timezone.now()
    Application.objects.filter(pk=application.pk).update(status=status, submitted_at=submitted_at)
    refresh_application_rows([application.pk])
    application.refresh_from_db()
    return application


def set_stage(edition: Edition, stage: str) -> Edition:
    Edition.objects.filter(pk=edition.pk).update(stage=stage)
    edition.refresh_from_db()
    return edition


def made(application: Application, move_name: str, source: str) -> Application:
    """Test setup only: the application as a move from `source` left it, with the move's audit
    record, in the (last) edition stage of the move."""
    from applications.lifecycle.table import MOVES_BY_NAME
    from applications.models import ApplicationEvent

    move = MOVES_BY_NAME[move_name]
    set_stage(application.edition, move.stages[-1] if move.stages else Stage.PRECHECK)
    put(application, move.target)
    ApplicationEvent.objects.create(
        application=application,
        move=move.name,
        from_status=source,
        to_status=move.target,
        actor_name="经办人",
        actor_role=sorted(move.roles)[0],
        reason="理由",
    )
    return application


@pytest.fixture
def organization_app(db):
    return ApplicationFactory(category=CategoryFactory())


@pytest.fixture
def individual_app(db):
    return ApplicationFactory(
        category=CategoryFactory(code="individual", name="个人", kind="individual", order=5)
    )


def move_data(move) -> dict:
    """What a move's fields ask for (a document number, today's date), as a page sends it."""
    from django.utils import timezone

    return {
        f.name: timezone.localdate().isoformat() if f.kind == "date" else "文号〔2026〕1号"
        for f in move.fields
    }


def actor_for(role: str, application: Application):
    """A user of `role` who acts for this application (its owner, its unit …)."""
    if role == Role.APPLICANT:
        return application.owner
    if role == Role.UNIT_OFFICER:
        return UnitOfficerFactory(unit=application.unit)
    return UserFactory(role=role)


__all__ = ["put", "set_stage", "made", "move_data", "actor_for", "STAGE_ORDER", "Stage"]
