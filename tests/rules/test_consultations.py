"""Notice §五(二)(三): a county office consults the county's departments before it recommends;
the city office consults the city departments before the acceptance list is publicized, and a
department's objection holds the acceptance back until the office records how it was settled."""

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.lifecycle import TransitionError
from applications.models import Application, Consultation, RecommendingUnit, Stage, Status
from applications.precheck import services as precheck
from publicity.models import PublicityWindow
from tests.factories import ApplicationFactory, UnitFactory, UnitOfficerFactory
from tests.precheck.conftest import checked_with_paper_copy, consult, put, set_stage


@pytest.fixture
def accepting(edition):
    return set_stage(edition, Stage.ACCEPTANCE)


def _consult_county(application, officer):
    return consult(application, officer, "东区市场监督管理局")


def _checked(application, office):
    precheck.record_acceptance_check(
        application=application, actor=office, qualification_ok=True, materials_ok=True
    )
    return application


def _consult_city(application, office, *, objection: bool = False, department="市生态环境局"):
    answer = "该企业2022年有一起环境违法处罚。" if objection else "无异议。"
    return consult(application, office, department, answer, objection=objection)


def _resolve(client, application, consultation, resolution: str):
    """The office's POST of how the objection in `consultation` was resolved."""
    return client.post(
        reverse("applications:office_resolve_objection", kwargs={"pk": application.pk}),
        {"consultation": consultation.pk, "resolution": resolution},
    )


# --- 初核: a county office consults before recommending -----------------------------------------


def test_county_recommend_without_consultation_is_refused(officer, unit, submitted):
    application = checked_with_paper_copy(submitted(unit), officer)

    with pytest.raises(TransitionError) as refused:
        precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    application.refresh_from_db()
    assert refused.value.message == (
        "县(区)质量强县(区)办的初核须征求县(区)有关部门意见：请先在“征求有关部门意见”中"
        "登记至少一个部门的意见，再推荐。"
    )
    assert application.status == Status.SUBMITTED


def test_county_recommend_after_consultation_goes_ahead(officer, unit, submitted):
    application = checked_with_paper_copy(submitted(unit), officer)
    _consult_county(application, officer)

    precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED


def test_department_unit_recommends_without_a_recorded_consultation(edition, submitted):
    department = UnitFactory(name="市经济和信息化局", kind=RecommendingUnit.Kind.DEPARTMENT)
    officer = UnitOfficerFactory(unit=department, username="jingxin")
    application = checked_with_paper_copy(submitted(department), officer)

    precheck.recommend(application=application, actor=officer, opinion="同意推荐。")

    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED


def test_unit_review_page_says_a_consultation_is_needed_and_refuses_the_recommendation(
    client, officer, unit, submitted
):
    application = checked_with_paper_copy(submitted(unit), officer)
    client.force_login(officer)

    page = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))
    response = client.post(
        reverse("applications:unit_recommend", kwargs={"pk": application.pk}),
        {"opinion": "同意推荐。"},
    )

    assert "县(区)质量强县(区)办须征求县(区)有关部门意见，登记后方可推荐。" in (
        page.content.decode()
    )
    assert response.status_code == 400
    assert "县(区)质量强县(区)办的初核须征求县(区)有关部门意见" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_unit_review_page_recommends_once_consulted(client, officer, unit, submitted):
    application = checked_with_paper_copy(submitted(unit), officer)
    _consult_county(application, officer)
    client.force_login(officer)

    page = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))
    response = client.post(
        reverse("applications:unit_recommend", kwargs={"pk": application.pk}),
        {"opinion": "同意推荐。"},
    )

    assert "登记后方可推荐" not in page.content.decode()
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED


# --- 审查受理: a city department's objection blocks the acceptance until resolved ----------------


def test_accept_with_an_open_department_objection_is_refused(office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    _consult_city(application, office, objection=True)

    with pytest.raises(TransitionError) as refused:
        precheck.accept(application=application, actor=office)

    application.refresh_from_db()
    assert refused.value.message == (
        "征求市级有关部门意见时，市生态环境局提出异议，尚未登记处理情况，不能受理。"
        "请在“征求市级有关部门意见”中登记异议处理情况。"
    )
    assert application.status == Status.RECOMMENDED


def test_accept_after_the_objection_is_resolved_goes_ahead(office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)

    precheck.resolve_department_objection(
        consultation=consultation,
        actor=office,
        resolution="经核实，处罚已整改完毕，市生态环境局书面确认不影响申报。",
    )
    precheck.accept(application=application, actor=office)

    application.refresh_from_db()
    consultation.refresh_from_db()
    assert application.status == Status.ACCEPTED
    assert (consultation.resolution, consultation.resolved_by) == (
        "经核实，处罚已整改完毕，市生态环境局书面确认不影响申报。",
        office,
    )
    assert consultation.resolved_at is not None


def test_resolution_needs_a_text_and_is_recorded_once(office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)

    with pytest.raises(precheck.PrecheckError) as empty:
        precheck.resolve_department_objection(
            consultation=consultation, actor=office, resolution="  "
        )
    precheck.resolve_department_objection(
        consultation=consultation, actor=office, resolution="已沟通，异议撤回。"
    )
    with pytest.raises(precheck.PrecheckError) as again:
        precheck.resolve_department_objection(
            consultation=consultation, actor=office, resolution="再次登记。"
        )

    consultation.refresh_from_db()
    assert empty.value.message == "请填写异议的处理情况。"
    assert again.value.message.startswith("市生态环境局的异议已于")
    assert consultation.resolution == "已沟通，异议撤回。"


def test_resolution_by_a_unit_officer_is_refused(officer, office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)

    with pytest.raises(precheck.PrecheckError) as refused:
        precheck.resolve_department_objection(
            consultation=consultation, actor=officer, resolution="已处理。"
        )

    consultation.refresh_from_db()
    assert refused.value.message == "只有市质量强市办可以执行该操作。"
    assert consultation.resolved_at is None


def test_a_consultation_without_objection_has_nothing_to_resolve(
    office, unit, submitted, accepting
):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office)

    with pytest.raises(precheck.PrecheckError) as refused:
        precheck.resolve_department_objection(
            consultation=consultation, actor=office, resolution="已处理。"
        )

    assert refused.value.message == "只有市级有关部门在受理环节提出的异议需要登记处理情况。"


def test_resolution_is_not_allowed_without_who_and_when_in_the_database(office, unit, submitted):
    application = submitted(unit, status=Status.RECOMMENDED)
    consultation = _consult_city(application, office, objection=True)

    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Consultation.objects.filter(pk=consultation.pk).update(resolved_at=timezone.now())


def test_office_page_records_the_resolution_and_then_accepts(
    client, office, unit, submitted, accepting
):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)
    client.force_login(office)
    page_url = reverse("applications:office_acceptance", kwargs={"pk": application.pk})

    blocked = client.post(
        reverse("applications:office_accept", kwargs={"pk": application.pk}), {"note": ""}
    )
    resolved = _resolve(client, application, consultation, "经核实已整改，部门同意受理。")
    page = client.get(page_url)
    accepted = client.post(
        reverse("applications:office_accept", kwargs={"pk": application.pk}), {"note": ""}
    )

    application.refresh_from_db()
    assert blocked.status_code == 400
    assert "市生态环境局提出异议，尚未登记处理情况，不能受理" in blocked.content.decode()
    assert "登记异议处理情况" in blocked.content.decode()
    assert resolved.status_code == 302
    text = page.content.decode()
    assert "经核实已整改，部门同意受理。" in text
    assert office.display_name in text
    assert accepted.status_code == 302
    assert application.status == Status.ACCEPTED


def test_office_page_refuses_an_empty_resolution(client, office, unit, submitted, accepting):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)
    client.force_login(office)

    response = _resolve(client, application, consultation, "")

    consultation.refresh_from_db()
    assert response.status_code == 400
    assert response.context["resolution_form"].errors["resolution"] == ["这个字段是必填项。"]
    assert "这个字段是必填项。" in response.content.decode()
    assert consultation.resolved_at is None


def test_office_page_keeps_a_too_long_resolution_beside_its_objection(
    client, office, unit, submitted, accepting
):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)
    client.force_login(office)
    typed = "经核实已整改。" * 300

    response = _resolve(client, application, consultation, typed)

    consultation.refresh_from_db()
    assert response.status_code == 400
    form = response.context["resolution_form"]
    assert "resolution" in form.errors
    assert form.sent_for == consultation.pk
    row = response.content.decode().split(f'id="consultation-{consultation.pk}"')[1]
    assert f">{typed}</textarea>" in row and "is-invalid" in row
    assert consultation.resolved_at is None


def test_office_page_resolution_of_another_applications_objection_is_refused(
    client, office, unit, submitted, accepting
):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    other = submitted(unit, status=Status.RECOMMENDED)
    theirs = _consult_city(other, office, objection=True)
    client.force_login(office)

    response = _resolve(client, application, theirs, "已处理。")

    theirs.refresh_from_db()
    assert response.status_code == 400
    assert "该异议不存在或已登记处理情况，请刷新页面。" in response.content.decode()
    assert theirs.resolved_at is None


@pytest.mark.parametrize("role", ["unit", "applicant"])
def test_resolution_page_action_is_for_the_office_only(
    client, officer, office, unit, submitted, accepting, role
):
    application = _checked(submitted(unit, status=Status.RECOMMENDED), office)
    consultation = _consult_city(application, office, objection=True)
    client.force_login(officer if role == "unit" else application.owner)

    response = _resolve(client, application, consultation, "已处理。")

    consultation.refresh_from_db()
    assert response.status_code == 403
    assert consultation.resolved_at is None


# --- 审查受理: the acceptance list is publicized only after the consultation -------------------


def _accepted(submitted, unit, office, name):
    application = _checked(submitted(unit, status=Status.RECOMMENDED, applicant_name=name), office)
    precheck.accept(application=application, actor=office)
    return application


def test_acceptance_list_without_consultation_is_refused_naming_the_applications(
    office, unit, submitted, accepting
):
    consulted = _accepted(submitted, unit, office, "东区甲企业")
    _consult_city(consulted, office)
    first = _accepted(submitted, unit, office, "东区乙企业")
    second = _accepted(submitted, unit, office, "东区丙企业")

    with pytest.raises(precheck.PrecheckError) as refused:
        precheck.draft_acceptance_list(edition=accepting, actor=office)

    assert refused.value.message == (
        "受理名单须在征求市级有关部门意见后方可公示。 以下已受理的申报尚未登记征求市级有关部门"
        f"意见：{first.reference} 东区乙企业、{second.reference} 东区丙企业。"
    )
    assert PublicityWindow.objects.count() == 0


def test_acceptance_list_after_consultation_is_drafted(office, unit, submitted, accepting):
    applications = [_accepted(submitted, unit, office, f"东区企业{n}") for n in range(2)]
    for application in applications:
        _consult_city(application, office)

    window = precheck.draft_acceptance_list(edition=accepting, actor=office)

    assert sorted(window.entries.values_list("application_id", flat=True)) == sorted(
        a.pk for a in applications
    )


def test_acceptance_list_with_an_objection_raised_after_acceptance_is_refused(
    office, unit, submitted, accepting
):
    application = _accepted(submitted, unit, office, "东区企业")
    _consult_city(application, office, department="市应急管理局", objection=True)

    with pytest.raises(precheck.PrecheckError) as refused:
        precheck.draft_acceptance_list(edition=accepting, actor=office)

    assert refused.value.message == (
        "受理名单须在征求市级有关部门意见后方可公示。 以下已受理的申报有市级有关部门的异议"
        f"尚未登记处理情况：{application.reference} 东区企业。"
    )


def test_acceptance_list_page_warns_and_the_publicize_button_is_refused(
    client, office, unit, submitted, accepting
):
    application = _accepted(submitted, unit, office, "东区企业")
    client.force_login(office)

    page = client.get(reverse("applications:office_acceptance_list"))
    response = client.post(
        reverse("applications:office_acceptance_publicize"),
        {"start_date": timezone.localdate().isoformat(), "workdays": "7"},
    )

    expected = f"以下已受理的申报尚未登记征求市级有关部门意见：{application.reference} 东区企业。"
    assert expected in page.content.decode()
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert response.context["form"]["workdays"].value() == "7"
    assert PublicityWindow.objects.count() == 0


def test_acceptance_list_publicize_with_bad_days_shows_the_form_again(
    client, office, unit, submitted, accepting
):
    application = _accepted(submitted, unit, office, "东区企业")
    _consult_city(application, office)
    client.force_login(office)
    start = timezone.localdate().isoformat()

    response = client.post(
        reverse("applications:office_acceptance_publicize"),
        {"start_date": start, "workdays": "abc"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert "workdays" in form.errors
    assert form["start_date"].value() == start
    assert PublicityWindow.objects.count() == 0


def test_acceptance_list_page_publicizes_once_consulted(client, office, unit, submitted, accepting):
    application = _accepted(submitted, unit, office, "东区企业")
    _consult_city(application, office)
    client.force_login(office)

    page = client.get(reverse("applications:office_acceptance_list"))
    response = client.post(
        reverse("applications:office_acceptance_publicize"),
        {"start_date": timezone.localdate().isoformat(), "workdays": "5"},
    )

    window = PublicityWindow.objects.get()
    assert "consultation-problems" not in page.content.decode()
    assert response.url == reverse("publicity:window_manage", kwargs={"pk": window.pk})


@pytest.mark.parametrize("rows", [1, 3])
def test_acceptance_list_page_query_count(
    client, office, unit, submitted, accepting, django_assert_num_queries, rows
):
    for n in range(rows):
        application = put(
            ApplicationFactory(edition=accepting, unit=unit, applicant_name=f"企业{n}"),
            Status.ACCEPTED,
        )
        if n:
            _consult_city(application, office)
    client.force_login(office)
    client.get(reverse("applications:office_acceptance_list"))  # warm the reference caches

    # ... and a page of the list: its groups' sizes, their categories' and units' places, and
    # the rows of the groups the page falls in
    with django_assert_num_queries(13):
        response = client.get(reverse("applications:office_acceptance_list"))

    assert len(response.context["consultation_problems"]) == 1


def test_acceptance_list_page_is_paged_and_names_the_first_unconsulted(
    client, office, unit, accepting
):
    applications = ApplicationFactory.create_batch(
        55, edition=accepting, unit=unit, applicant_name="企业"
    )
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(status=Status.ACCEPTED)
    client.force_login(office)

    first = client.get(reverse("applications:office_acceptance_list"))
    last = client.get(reverse("applications:office_acceptance_list"), {"page": "2"})
    wrong = client.get(reverse("applications:office_acceptance_list"), {"page": "x"})

    assert first.content.decode().count("企业</a>") == 50
    assert last.content.decode().count("企业</a>") == 5
    assert ">51</td>" in last.content.decode()  # numbered on from the first page
    assert "第 1 / 2 页，共 55 项" in first.content.decode()
    assert "页码无效，已显示第一页。" in wrong.content.decode()
    (problem,) = first.context["consultation_problems"]
    assert problem.count("企业") == 20
    assert problem.endswith("等55份。")
