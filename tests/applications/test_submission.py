from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import lifecycle, services
from applications.guards import application_complete, internal_publicity_done
from applications.lifecycle.table import MOVES_BY_NAME
from applications.models import ApplicationEvent, Edition, Status
from tests.applications.helpers import valid_data
from tests.factories import UnitOfficerFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

CATEGORIES = ["general", "medical", "education", "team", "individual"]


def test_stage1_guards_guard_submit_and_resubmit():
    for name in ("submit", "resubmit"):
        guards = MOVES_BY_NAME[name].guards
        assert application_complete in guards and internal_publicity_done in guards


@pytest.mark.parametrize("code", CATEGORIES)
def test_submit_view_complete_application_is_submitted(client, make_draft, code):
    application = make_draft(code)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:edit", kwargs={"pk": application.pk}),
        {**application.data, "action": "submit"},
    )

    assert response.status_code == 302
    assert response.url == reverse("applications:detail", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    event = ApplicationEvent.objects.get(application=application)
    assert (event.move, event.from_status, event.to_status) == ("submit", "draft", "submitted")


def test_submit_incomplete_application_lists_what_is_missing(client, make_draft, unit):
    data = valid_data("general", unit.pk)
    del data["legal_representative"]
    application = make_draft("general", materials=False, data=data)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:edit", kwargs={"pk": application.pk}),
        {**data, "action": "submit"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "尚不能提交" in page
    assert 'href="#div_id_legal_representative"' in page
    assert 'href="#material-self-assessment"' in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"


def test_submit_before_the_window_opens_is_refused(make_draft, open_edition):
    application = make_draft("general")
    Edition.objects.filter(pk=open_edition.pk).update(
        applications_open=timezone.localdate() + timedelta(days=3)
    )
    application.refresh_from_db()

    with pytest.raises(lifecycle.TransitionError) as exc:
        services.submit_application(application=application, actor=application.owner)

    assert "开始受理" in exc.value.message
    assert Status(application.status) == Status.DRAFT


def test_submit_with_short_publicity_is_refused(make_draft, unit):
    today = timezone.localdate()
    # Monday to Wednesday of the week before last: three working days
    monday = today - timedelta(days=today.weekday() + 14)
    data = {
        **valid_data("general", unit.pk),
        "publicity_start": monday.isoformat(),
        "publicity_end": (monday + timedelta(days=2)).isoformat(),
    }
    application = make_draft("general", data=data)

    with pytest.raises(lifecycle.TransitionError) as exc:
        services.submit_application(application=application, actor=application.owner)

    assert "仅有3个工作日" in exc.value.message
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_submit_while_publicity_still_running_is_refused(make_draft, unit):
    today = timezone.localdate()
    data = {
        **valid_data("general", unit.pk),
        "publicity_start": (today - timedelta(days=14)).isoformat(),
        "publicity_end": today.isoformat(),
    }
    application = make_draft("general", data=data)

    with pytest.raises(lifecycle.TransitionError) as exc:
        services.submit_application(application=application, actor=application.owner)

    assert "公示期满后方可提交" in exc.value.message


def test_submit_with_unaffirmed_criterion_is_refused_with_reason(make_draft, unit):
    data = {
        **valid_data("individual", unit.pk),
        "criterion_3": "no",
        "criterion_3_note": "正在核实一项处分记录。",
    }
    application = make_draft("individual", data=data)

    with pytest.raises(lifecycle.TransitionError) as exc:
        services.submit_application(application=application, actor=application.owner)

    assert "本条申报条件未能确认，不能提交申报" in exc.value.message


def test_submitted_application_is_read_only(client, make_draft):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)
    client.force_login(application.owner)

    edit_page = client.get(reverse("applications:edit", kwargs={"pk": application.pk}))
    autosave = client.post(
        reverse("applications:autosave", kwargs={"pk": application.pk}), {"org_name": "改名"}
    )

    assert edit_page.status_code == 302
    assert edit_page.url == reverse("applications:detail", kwargs={"pk": application.pk})
    assert autosave.status_code == 409
    application.refresh_from_db()
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"


def test_returned_application_shows_reasons_and_can_be_resubmitted(client, make_draft, unit):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)
    officer = UnitOfficerFactory(unit=unit)
    lifecycle.transition(
        application=application, to=Status.RETURNED, actor=officer, reason="请补充研发投入。"
    )
    services.set_return_notes(
        application=application,
        actor=officer,
        notes={"rd_investment_3": "研发投入与审计报告不符。", "no_such_field": "忽略"},
    )
    client.force_login(application.owner)

    page = client.get(reverse("applications:edit", kwargs={"pk": application.pk}))

    text = page.content.decode()
    assert "请补充研发投入。" in text
    assert "研发投入与审计报告不符。" in text
    assert "disabled" in text.split('name="unit"')[1].split(">")[0]

    data = {**application.data, "rd_investment_3": "45", "unit": "999", "action": "submit"}
    response = client.post(reverse("applications:edit", kwargs={"pk": application.pk}), data)

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.unit_id == unit.pk
    assert application.return_notes == {}
    assert application.events.order_by("-id").first().move == "resubmit"


def test_set_return_notes_by_another_unit_is_refused(make_draft, other_unit):
    application = make_draft("general")

    with pytest.raises(services.ApplicationError):
        services.set_return_notes(
            application=application,
            actor=UnitOfficerFactory(unit=other_unit),
            notes={"org_name": "名称有误"},
        )

    application.refresh_from_db()
    assert application.return_notes == {}
