"""Stage 2 (初核推荐): the checklist, consultations, paper copy, the three decisions, the
deadline and its extension, bulk recommendation and the return-and-resubmit loop."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.intake import services as applicant_services
from applications.lifecycle import TransitionError
from applications.lifecycle.table import MOVES_BY_NAME
from applications.models import (
    DeadlineExtension,
    PrecheckReview,
    Stage,
    Status,
)
from applications.precheck import services as precheck
from applications.readmodel import refresh_application_rows
from publicity import calendar
from tests.applications import helpers
from tests.applications.conftest import attach_all_materials
from tests.factories import UserFactory
from tests.precheck.conftest import (
    CHECKS_PASSED,
    checks_passed,
    consult,
    post_to,
    prechecked,
    set_deadline,
    set_stage,
    shown,
)

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

# --- the checklist -------------------------------------------------------------------------


def test_checklist_failed_check_without_remark_is_refused(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    response = post_to(
        client,
        "unit_checklist",
        application,
        {"completeness_ok": "on", "authenticity_ok": "on", "accuracy_ok": "on"},
    )

    assert response.status_code == 400
    assert "“合法性”未通过核查，请说明存在的问题。" in response.content.decode()
    assert PrecheckReview.objects.filter(application=application).count() == 0


def test_checklist_with_remarks_is_saved_and_shown(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    post_to(
        client,
        "unit_checklist",
        application,
        {
            "completeness_ok": "on",
            "authenticity_ok": "on",
            "accuracy_ok": "on",
            "legality_note": "2022年有一起行政处罚，待核实。",
        },
    )
    page = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))

    review = PrecheckReview.objects.get(application=application)
    assert (review.completeness_ok, review.legality_ok) == (True, False)
    assert review.checked_by == officer
    assert "2022年有一起行政处罚，待核实。" in page.content.decode()


def test_recommend_without_precheck_is_refused(officer, unit, submitted):
    application = submitted(unit)

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    assert excinfo.value.message == "请先完成初核（完整性、真实性、准确性、合法性）并保存核查记录。"
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_recommend_with_a_failed_check_is_refused(officer, unit, submitted):
    application = submitted(unit)
    precheck.record_precheck(
        application=application,
        actor=officer,
        **{**CHECKS_PASSED, "authenticity_ok": False},
        authenticity_note="营业执照复印件与原件不符。",
    )
    precheck.record_paper_copy(
        application=application, actor=officer, received_on=timezone.localdate()
    )

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    assert excinfo.value.message == "初核的四项核查尚未全部通过，不能推荐。"


def test_recommend_without_paper_copy_is_refused(officer, unit, submitted):
    application = checks_passed(submitted(unit), officer)

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    assert excinfo.value.message == "尚未登记收到纸质申报材料，不能推荐。"


def test_recommend_with_a_department_objecting_is_refused(officer, unit, submitted):
    application = prechecked(submitted(unit), officer)
    consult(
        application, officer, "区应急管理局", "该企业2022年发生一般生产安全事故。", objection=True
    )

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    assert "区应急管理局提出异议" in excinfo.value.message


def test_recommend_after_precheck_moves_and_keeps_the_opinion(client, officer, unit, submitted):
    application = prechecked(submitted(unit), officer)
    client.force_login(officer)

    response = post_to(
        client, "unit_recommend", application, {"opinion": "经初核，材料完整真实，同意推荐。"}
    )

    application.refresh_from_db()
    assert response.status_code == 302
    assert application.status == Status.RECOMMENDED
    assert application.precheck.opinion == "经初核，材料完整真实，同意推荐。"
    event = application.events.get()
    assert (event.move, event.actor, event.actor_unit) == ("recommend", officer, "东区")


def test_recommend_without_opinion_is_refused(client, officer, unit, submitted):
    application = prechecked(submitted(unit), officer)
    client.force_login(officer)

    response = post_to(client, "unit_recommend", application, {"opinion": " "})

    application.refresh_from_db()
    assert response.status_code == 400
    assert application.status == Status.SUBMITTED


def test_not_recommend_records_the_reason(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    post_to(client, "unit_not_recommend", application, {"reason": "近3年有重大质量投诉。"})

    application.refresh_from_db()
    assert application.status == Status.NOT_RECOMMENDED
    assert application.events.get().reason == "近3年有重大质量投诉。"


def test_recommend_outside_the_precheck_stages_is_refused(officer, unit, submitted, edition):
    application = prechecked(submitted(unit), officer)
    set_stage(edition, Stage.ACCEPTANCE)

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    assert excinfo.value.code == "wrong_stage"


def test_checklist_on_recommended_application_is_refused(officer, unit, submitted):
    application = submitted(unit, status=Status.RECOMMENDED)

    with pytest.raises(precheck.PrecheckError):
        precheck.record_precheck(application=application, actor=officer, **CHECKS_PASSED)


# --- the deadline --------------------------------------------------------------------------


def test_recommend_after_the_deadline_is_refused(officer, unit, submitted, edition):
    set_deadline(edition, -1)
    application = prechecked(submitted(unit), officer)

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    deadline = edition.recommendation_deadline.strftime("%Y-%m-%d")
    assert excinfo.value.message.startswith(f"推荐截止日期（{deadline}）已过")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_recommend_on_the_deadline_day_is_allowed(officer, unit, submitted, edition):
    set_deadline(edition, 0)
    application = prechecked(submitted(unit), officer)

    precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED


def test_extension_lets_that_unit_recommend_after_the_deadline(
    client, office, officer, other_officer, unit, other_unit, submitted, edition
):
    set_deadline(edition, -2)
    mine = prechecked(submitted(unit), officer)
    theirs = prechecked(submitted(other_unit), other_officer)
    until = timezone.localdate() + timedelta(days=3)
    client.force_login(office)

    client.post(
        reverse("applications:office_extensions"),
        {"unit": unit.pk, "until": until.isoformat(), "reason": "东区因疫情延迟报送。"},
    )
    precheck.recommend(application=mine, actor=officer, opinion="同意推荐。")
    with pytest.raises(TransitionError):
        precheck.recommend(application=theirs, actor=other_officer, opinion="同意推荐。")

    extension = DeadlineExtension.objects.get()
    assert (extension.unit, extension.extended_until, extension.granted_by) == (
        unit,
        until,
        office,
    )
    assert extension.history.count() == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, theirs.status) == (Status.RECOMMENDED, Status.SUBMITTED)


def test_extension_not_after_the_deadline_is_refused(client, office, unit, edition):
    client.force_login(office)

    response = client.post(
        reverse("applications:office_extensions"),
        {
            "unit": unit.pk,
            "until": edition.recommendation_deadline.isoformat(),
            "reason": "无",
        },
    )

    assert response.status_code == 400
    assert "延长后的日期须晚于本届推荐截止日期" in response.content.decode()
    assert DeadlineExtension.objects.count() == 0


def test_extension_by_a_supervisor_is_refused(unit, edition):
    supervisor = UserFactory(role="supervisor")

    with pytest.raises(precheck.PrecheckError):
        precheck.extend_deadline(
            edition=edition,
            unit=unit,
            until=edition.recommendation_deadline + timedelta(days=5),
            reason="延期",
            actor=supervisor,
        )


def test_queue_shows_working_days_left(client, officer, edition):
    set_deadline(edition, 10)
    today = timezone.localdate()
    expected = calendar.workdays_between(today, edition.recommendation_deadline)
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"))

    assert response.context["deadline"].workdays_left == expected
    assert f"还剩 {expected} 个工作日" in response.content.decode()


def test_queue_after_the_deadline_says_so(client, officer, edition):
    set_deadline(edition, -1)
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"))

    assert "推荐截止日期已过，如需延期请联系市质量强市办。" in response.content.decode()


def test_queue_shows_the_extended_deadline(client, office, officer, unit, edition):
    set_deadline(edition, -1)
    until = timezone.localdate() + timedelta(days=7)
    precheck.extend_deadline(edition=edition, unit=unit, until=until, reason="延期", actor=office)
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"))

    assert response.context["deadline"].deadline == until
    assert "已延期" in response.content.decode()


# --- bulk recommendation -------------------------------------------------------------------


def test_bulk_recommend_moves_the_ready_and_explains_the_rest(client, officer, unit, submitted):
    ready = [prechecked(submitted(unit), officer) for _ in range(2)]
    unchecked = submitted(unit)
    client.force_login(officer)

    response = client.post(
        reverse("applications:unit_bulk_recommend"),
        {"ids": [a.pk for a in [*ready, unchecked]], "opinion": "经初核，同意推荐。"},
    )

    text = response.content.decode()
    statuses = [type(a).objects.get(pk=a.pk).status for a in [*ready, unchecked]]
    assert statuses == [Status.RECOMMENDED, Status.RECOMMENDED, Status.SUBMITTED]
    assert response.status_code == 200
    assert "已推荐2份申报。" in text
    assert f"{unchecked.reference}" in text and "请先完成初核" in text
    # The one refused stays ticked under the opinion as typed, to send again once ready.
    assert response.context["bulk_form"]["opinion"].value() == "经初核，同意推荐。"
    box = 'value="{}" form="bulk-form" aria-label="选择 {}" checked>'
    assert box.format(unchecked.pk, unchecked.reference) in text
    assert [PrecheckReview.objects.get(application=a).opinion for a in ready] == [
        "经初核，同意推荐。"
    ] * 2


def test_bulk_recommend_after_the_deadline_moves_nothing(officer, unit, submitted, edition):
    set_deadline(edition, -1)
    applications = [prechecked(submitted(unit), officer) for _ in range(3)]

    result = precheck.recommend_many(applications=applications, actor=officer, opinion="同意推荐。")

    assert (len(result.done), len(result.refused)) == (0, 3)
    assert {type(a).objects.get(pk=a.pk).status for a in applications} == {Status.SUBMITTED}


def test_bulk_recommend_all_refused_keeps_the_page_and_what_was_typed(
    client, officer, unit, submitted
):
    unchecked = submitted(unit)
    client.force_login(officer)

    response = client.post(
        reverse("applications:unit_bulk_recommend"),
        {"ids": [unchecked.pk], "opinion": "同意推荐。"},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "请先完成初核" in text
    assert response.context["bulk_form"]["opinion"].value() == "同意推荐。"
    assert f'aria-label="选择 {unchecked.reference}" checked>' in text
    assert type(unchecked).objects.get(pk=unchecked.pk).status == Status.SUBMITTED


def test_bulk_recommend_without_selection_says_so(client, officer, unit, submitted):
    submitted(unit)
    client.force_login(officer)

    response = client.post(reverse("applications:unit_bulk_recommend"), {"opinion": "同意推荐。"})

    assert response.status_code == 400
    form = response.context["bulk_form"]
    assert form.non_field_errors() == ["请至少勾选一份申报。"]
    assert form["opinion"].value() == "同意推荐。"
    assert "请至少勾选一份申报。" in response.content.decode()


def test_bulk_recommend_without_opinion_keeps_the_page_and_says_so(
    client, officer, unit, submitted
):
    application, other = (prechecked(submitted(unit), officer) for _ in range(2))
    client.force_login(officer)

    response = client.post(
        reverse("applications:unit_bulk_recommend"), {"ids": [application.pk], "opinion": " "}
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert response.context["bulk_form"].errors["opinion"] == ["这个字段是必填项。"]
    assert "这个字段是必填项。" in text
    box = 'value="{}" form="bulk-form" aria-label="选择 {}"'
    assert box.format(application.pk, application.reference) + " checked>" in text
    assert box.format(other.pk, other.reference) + ">" in text
    assert type(application).objects.get(pk=application.pk).status == Status.SUBMITTED


# --- return and resubmit -------------------------------------------------------------------


@pytest.fixture
def real_submission(edition, category, unit):
    """A complete application submitted by its applicant through the stage 1 services."""
    set_stage(edition, Stage.APPLICATION)
    owner = UserFactory(applicant_kind="organization", organization_name="攀枝花钒钛精工有限公司")
    application = applicant_services.create_application(
        owner=owner, category=category, edition=edition
    )
    applicant_services.save_draft(
        application=application, actor=owner, values=helpers.valid_data("general", unit.pk)
    )
    attach_all_materials(application, owner)
    applicant_services.submit_application(application=application, actor=owner)
    set_stage(edition, Stage.PRECHECK)
    application.refresh_from_db()
    return application


def _applicant_edit_page(client, application) -> str:
    client.force_login(application.owner)
    return client.get(reverse("applications:edit", kwargs={"pk": application.pk})).content.decode()


def test_return_and_resubmit_loop_end_to_end(client, officer, real_submission):
    application = prechecked(real_submission, officer)
    client.force_login(officer)

    post_to(
        client,
        "unit_return",
        application,
        {
            "reason": "请按以下意见修改后重新提交。",
            "item_1": "profile",
            "note_1": "请补充主营产品和市场占有率。",
            "item_2": "material:evidence",
            "note_2": "证实性材料扫描不清晰。",
        },
    )
    application.refresh_from_db()
    returned = application.events.order_by("-id").first()

    assert application.status == Status.RETURNED
    assert application.return_notes == {"profile": "请补充主营产品和市场占有率。"}
    assert returned.move == "return"
    assert "证实性材料：证实性材料扫描不清晰。" in returned.reason
    assert "请补充主营产品和市场占有率。" in returned.reason
    edit = _applicant_edit_page(client, application)
    assert "请补充主营产品和市场占有率。" in edit
    client.force_login(officer)

    applicant_services.submit_application(application=application, actor=application.owner)
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.events.order_by("-id").first().move == "resubmit"

    with pytest.raises(TransitionError) as excinfo:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")
    assert excinfo.value.message == "申报修改后重新提交，请重新完成初核。"
    page = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))
    assert "申报修改后已重新提交，请重新核查并保存。" in page.content.decode()

    prechecked(application, officer)
    precheck.recommend(application=application, actor=officer, opinion="修改后材料完整，同意推荐。")
    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED
    assert [e.move for e in application.events.order_by("id")] == [
        "submit",
        "return",
        "resubmit",
        "recommend",
    ]


def test_return_item_without_note_is_refused(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    response = post_to(client, "unit_return", application, {"item_1": "material:evidence"})

    application.refresh_from_db()
    assert response.status_code == 400
    assert "请填写对该项目的修改意见。" in response.content.decode()
    assert application.status == Status.SUBMITTED


def test_return_with_nothing_said_is_refused(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    response = post_to(client, "unit_return", application, {})

    application.refresh_from_db()
    assert response.status_code == 400
    assert "请填写退回理由或至少一项修改意见。" in response.content.decode()
    assert application.status == Status.SUBMITTED


def test_return_by_another_units_officer_via_service_is_refused(other_officer, unit, submitted):
    application = submitted(unit)

    with pytest.raises(TransitionError) as excinfo:
        precheck.return_for_correction(application=application, actor=other_officer, reason="退回")

    assert excinfo.value.code == "forbidden"
    assert MOVES_BY_NAME["return"].target == Status.RETURNED


# --- the queue's filters -------------------------------------------------------------------


def test_queue_filters_by_category_status_and_date(client, officer, unit, submitted):
    from tests.factories import CategoryFactory

    individual = CategoryFactory(code="individual", name="个人", kind="individual", order=5)
    early = submitted(unit, applicant_name="甲企业")
    late = submitted(unit, applicant_name="乙个人", category=individual)
    returned = submitted(unit, status=Status.RETURNED, applicant_name="丙企业")
    type(early).objects.filter(pk=early.pk).update(submitted_at=timezone.now() - timedelta(days=10))
    refresh_application_rows([early.pk])  # test setup: the row follows the raw write
    client.force_login(officer)
    url = reverse("applications:unit_queue")
    since = (timezone.localdate() - timedelta(days=2)).isoformat()

    by_category = client.get(url, {"category": individual.pk})
    by_status = client.get(url, {"status": "returned"})
    by_date = client.get(url, {"date_from": since, "sort": "name"})

    assert shown(by_category) == [late.pk]
    assert shown(by_status) == [returned.pk]
    assert sorted(shown(by_date)) == sorted([late.pk, returned.pk])
    assert [row["count"] for row in by_status.context["counts"]] == [2, 1]


def test_queue_bad_filters_are_ignored_with_a_message(client, officer, unit, submitted):
    application = submitted(unit)
    client.force_login(officer)

    response = client.get(
        reverse("applications:unit_queue"),
        {"category": "abc", "status": "draft", "sort": "password", "date_to": "昨天"},
    )

    text = response.content.decode()
    assert shown(response) == [application.pk]
    assert "申报类别筛选条件无效，已忽略。" in text
    assert "状态筛选条件无效，已忽略。" in text
    assert "排序方式无效，已按默认顺序排列。" in text
