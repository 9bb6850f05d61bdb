"""Stage 3 (审查受理): the office's re-check, consultations, accept / not accept, the
acceptance list and its publicity, an upheld objection, and the stage's closing check."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.lifecycle import TransitionError, advance_edition, stage_blockers
from applications.models import AcceptanceReview, Application, Consultation, Stage, Status
from applications.precheck import services as precheck
from publicity.models import PublicityWindow
from publicity.objections import services as objections
from publicity.windows import services as windows
from tests.precheck.conftest import consult, post_to, set_stage, shown
from tests.publicity.factories import file_objection

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")


@pytest.fixture
def accepting(edition):
    return set_stage(edition, Stage.ACCEPTANCE)


def _checked(application: Application, office) -> Application:
    """Re-checked, and the city departments consulted without objection."""
    precheck.record_acceptance_check(
        application=application, actor=office, qualification_ok=True, materials_ok=True
    )
    consult(application, office, "市市场监督管理局")
    return application


def test_office_list_shows_recommended_applications_of_every_unit(
    client, office, unit, other_unit, submitted
):
    east = submitted(unit, status=Status.RECOMMENDED)
    west = submitted(other_unit, status=Status.RECOMMENDED)
    submitted(unit)  # still with the unit
    client.force_login(office)

    response = client.get(reverse("applications:office_list"), {"sort": "reference"})

    assert shown(response) == [east.pk, west.pk]


def test_office_list_filters_by_unit_and_ignores_bad_values(
    client, office, unit, other_unit, submitted
):
    east = submitted(unit, status=Status.RECOMMENDED)
    submitted(other_unit, status=Status.RECOMMENDED)
    client.force_login(office)

    response = client.get(
        reverse("applications:office_list"),
        {"unit": unit.pk, "status": "nonsense", "date_from": "2023-13-45", "page": "x"},
    )

    text = response.content.decode()
    assert shown(response) == [east.pk]
    assert "状态筛选条件无效，已忽略。" in text
    assert "日期格式应为“年-月-日”" in text
    assert "页码无效，已显示第一页。" in text


def test_accept_without_recheck_is_refused(office, unit, submitted, accepting):
    application = submitted(unit, status=Status.RECOMMENDED)

    with pytest.raises(TransitionError) as excinfo:
        precheck.accept(application=application, actor=office)

    assert excinfo.value.message == "请先复核申报主体资格和申报资料并保存复核记录。"


def test_accept_with_failed_recheck_is_refused(office, unit, submitted, accepting):
    application = submitted(unit, status=Status.RECOMMENDED)
    precheck.record_acceptance_check(
        application=application,
        actor=office,
        qualification_ok=False,
        qualification_note="成立不满3年。",
        materials_ok=True,
    )

    with pytest.raises(TransitionError) as excinfo:
        precheck.accept(application=application, actor=office)

    assert excinfo.value.message == "资格或资料复核未通过，不能受理。"


def test_recheck_failed_without_note_is_refused(client, office, unit, submitted, accepting):
    application = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(office)

    response = post_to(client, "office_check", application, {"materials_ok": "on"})

    assert response.status_code == 400
    assert "资格复核未通过，请说明理由。" in response.content.decode()
    assert AcceptanceReview.objects.count() == 0


def test_accept_after_recheck_through_the_page(client, office, unit, submitted, accepting):
    application = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(office)

    post_to(client, "office_check", application, {"qualification_ok": "on", "materials_ok": "on"})
    post_to(
        client,
        "office_consultation",
        application,
        {
            "department": "市生态环境局",
            "consulted_on": timezone.localdate().isoformat(),
            "answer": "近3年无环境违法记录。",
        },
    )
    response = post_to(client, "office_accept", application, {"note": ""})

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.ACCEPTED
    assert application.acceptance_review.checked_by == office
    consultation = Consultation.objects.get(application=application)
    assert (consultation.phase, consultation.department) == ("acceptance", "市生态环境局")


def test_not_accept_needs_a_reason(client, office, unit, submitted, accepting):
    application = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(office)

    empty = post_to(client, "office_not_accept", application, {"reason": ""})
    done = post_to(
        client, "office_not_accept", application, {"reason": "不在本市行政区域内依法设立。"}
    )

    application.refresh_from_db()
    assert (empty.status_code, done.status_code) == (400, 302)
    assert application.status == Status.NOT_ACCEPTED


def test_supervisor_reads_the_acceptance_page_but_cannot_decide(client, unit, submitted, accepting):
    from tests.factories import UserFactory

    application = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(UserFactory(role="supervisor"))

    page = client.get(reverse("applications:office_acceptance", kwargs={"pk": application.pk}))
    post = post_to(client, "office_not_accept", application, {"reason": "x"})

    assert page.status_code == 200
    assert "予以受理" not in page.content.decode().split("办理记录")[0].split("</h1>")[1]
    assert post.status_code == 403


def test_withdraw_acceptance_without_upheld_objection_is_refused(
    office, unit, submitted, accepting
):
    application = submitted(unit, status=Status.ACCEPTED)

    with pytest.raises(TransitionError) as excinfo:
        precheck.withdraw_acceptance(application=application, actor=office, reason="撤销")

    assert excinfo.value.message == "没有针对该申报的已成立异议，不能执行该操作。"


def test_draft_acceptance_list_needs_accepted_applications(office, accepting):
    with pytest.raises(precheck.PrecheckError) as excinfo:
        precheck.draft_acceptance_list(edition=accepting, actor=office)

    assert excinfo.value.message == "尚无已受理的申报，不能生成受理名单。"


def test_acceptance_stage_cannot_close_before_the_list_is_publicized(
    office, unit, submitted, accepting
):
    submitted(unit, status=Status.ACCEPTED)

    with pytest.raises(TransitionError) as excinfo:
        advance_edition(edition=accepting, actor=office)

    assert "受理名单尚未公示。" in excinfo.value.message


def test_acceptance_list_publicity_with_upheld_objection_end_to_end(
    client, office, unit, other_unit, submitted, accepting
):
    # Two recommended applications are re-checked and accepted by the city office.
    kept = _checked(submitted(unit, status=Status.RECOMMENDED, applicant_name="东区企业"), office)
    objected = _checked(
        submitted(other_unit, status=Status.RECOMMENDED, applicant_name="西区企业"), office
    )
    for application in (kept, objected):
        precheck.accept(application=application, actor=office)

    # The acceptance list becomes a draft window from the office's page, then is published.
    client.force_login(office)
    response = client.post(
        reverse("applications:office_acceptance_publicize"),
        {"start_date": timezone.localdate().isoformat(), "workdays": "5"},
    )
    window = PublicityWindow.objects.get()
    assert response.url == reverse("publicity:window_manage", kwargs={"pk": window.pk})
    assert window.workdays == 5
    assert sorted(window.entries.values_list("application_id", flat=True)) == sorted(
        [kept.pk, objected.pk]
    )
    windows.publish_window(window=window, actor=office)
    window.refresh_from_db()
    assert "受理名单公示期尚未结束" in " ".join(stage_blockers(accepting))

    # A member of the public objects to one entry; the office upholds it.
    entry = window.entries.get(application=objected)
    objection = file_objection(
        entry,
        filer_name="张三",
        filer_identity="510402198506152425",
        reasons="该企业2022年发生生产安全事故。",
    )
    assert "已收到1件异议，尚待调查处理" in " ".join(stage_blockers(accepting))
    objections.decide_objection(
        objection=objection, actor=office, upheld=True, finding="经核实，事故属实。"
    )
    assert "异议" not in " ".join(stage_blockers(accepting))

    objected.refresh_from_db()
    withdrawn = objected.events.order_by("-id").first()
    assert objected.status == Status.NOT_ACCEPTED
    assert (withdrawn.move, withdrawn.actor) == ("withdraw_acceptance", office)
    assert "经核实，事故属实。" in withdrawn.reason

    # The window closes after its last working day; the edition then moves to material review.
    windows.close_window(window_id=window.pk, today=window.end_date + timedelta(days=1))
    assert stage_blockers(accepting) == []
    advance_edition(edition=accepting, actor=office)

    kept.refresh_from_db()
    objected.refresh_from_db()
    accepting.refresh_from_db()
    assert accepting.stage == Stage.MATERIAL_REVIEW
    assert (kept.status, objected.status) == (Status.MATERIAL_REVIEW, Status.NOT_ACCEPTED)


def test_acceptance_stage_waits_for_open_objections(office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    precheck.accept(application=application, actor=office)
    window = precheck.draft_acceptance_list(edition=accepting, actor=office)
    windows.publish_window(window=window, actor=office)
    file_objection(window.entries.get(), filer_name="李四", reasons="有疑问。")

    windows.close_window(window_id=window.pk, today=window.end_date + timedelta(days=1))

    assert stage_blockers(accepting) == ["受理名单公示收到的异议尚未全部办结。"]


def test_acceptance_stage_wants_every_accepted_application_on_the_list(
    office, unit, submitted, accepting
):
    first = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    precheck.accept(application=first, actor=office)
    window = precheck.draft_acceptance_list(edition=accepting, actor=office)
    windows.publish_window(window=window, actor=office)
    windows.close_window(window_id=window.pk, today=window.end_date + timedelta(days=1))
    late = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    precheck.accept(application=late, actor=office)

    assert stage_blockers(accepting) == [
        "有1份已受理的申报未列入已结束的受理名单公示，请补充公示。"
    ]


def test_acceptance_list_page_shows_the_list_and_blockers(
    client, office, unit, submitted, accepting
):
    application = submitted(unit, status=Status.ACCEPTED, applicant_name="东区企业")
    client.force_login(office)

    response = client.get(reverse("applications:office_acceptance_list"))

    text = response.content.decode()
    assert [a.pk for a in response.context["rows"]] == [application.pk]
    assert "受理名单尚未公示。" in text
