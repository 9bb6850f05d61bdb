"""The edition's eight stages as the office runs them, and as applicants follow them."""

import pytest
from django.urls import reverse

from applications.lifecycle import TransitionError, advance_edition
from applications.models import Edition, EditionEvent, Stage, Status
from applications.progress import application_progress, edition_progress
from applications.stage_dates import early_close
from award_portal.accounts.models import Role
from tests.factories import ApplicationFactory, CategoryFactory, UnitOfficerFactory, UserFactory
from tests.lifecycle.conftest import put, set_stage

pytestmark = pytest.mark.django_db


@pytest.mark.now("2023-03-01")
def test_closing_the_application_stage_before_the_deadline_needs_a_reason(edition):
    office = UserFactory(role=Role.CITY_OFFICE)

    with pytest.raises(TransitionError) as refused:
        advance_edition(edition=edition, actor=office)
    advance_edition(edition=edition, actor=office, reason="各推荐单位已全部报送")

    assert refused.value.code == "reason_required"
    assert "2023-03-15" in refused.value.message
    assert list(EditionEvent.objects.values_list("to_stage", "reason")) == [
        (Stage.PRECHECK, "各推荐单位已全部报送")
    ]


@pytest.mark.now("2023-03-16")
def test_closing_after_the_notice_date_needs_no_reason(edition):
    set_stage(edition, Stage.PRECHECK)

    advance_edition(edition=edition, actor=UserFactory(role=Role.CITY_OFFICE))

    edition.refresh_from_db()
    assert edition.stage == Stage.ACCEPTANCE


@pytest.mark.now("2023-04-03")
def test_closing_a_stage_before_its_planned_date_needs_a_reason(edition):
    set_stage(edition, Stage.PRECHECK)
    Edition.objects.filter(pk=edition.pk).update(stage_plan={Stage.PRECHECK: "2023-04-10"})
    edition.refresh_from_db()

    assert early_close(edition) == "“初核推荐”计划于2023-04-10结束，提前结束须说明理由。"
    with pytest.raises(TransitionError):
        advance_edition(edition=edition, actor=UserFactory(role=Role.CITY_OFFICE))


def test_progress_names_the_current_and_next_stage_with_planned_dates(edition):
    Edition.objects.filter(pk=edition.pk).update(
        stage=Stage.PRECHECK, stage_plan={Stage.APPLICATION: "2023-03-10"}
    )
    edition.refresh_from_db()

    progress = edition_progress(edition)

    assert [(step.label, step.state) for step in progress.steps[:3]] == [
        ("自愿申报", "done"),
        ("初核推荐", "current"),
        ("审查受理", "upcoming"),
    ]
    assert len(progress.steps) == 8
    assert str(progress.steps[0].planned) == "2023-03-10"
    assert progress.next_label == "审查受理"


def test_progress_page_links_each_blocker_to_the_page_that_resolves_it(client, edition):
    set_stage(edition, Stage.PRECHECK)
    put(ApplicationFactory(edition=edition), Status.SUBMITTED)
    client.force_login(UserFactory(role=Role.CITY_OFFICE))

    page = client.get(reverse("applications:edition_progress")).content.decode()

    assert "本阶段还有 1 份申报尚未处理完毕。" in page
    assert f'<a href="{reverse("applications:office_list")}">本阶段还有 1 份申报' in page
    assert "结束本阶段，进入“审查受理”" in page


def test_progress_page_advances_and_records_the_reason(client, edition):
    client.force_login(UserFactory(role=Role.CITY_OFFICE, full_name="李建"))

    response = client.post(
        reverse("applications:advance_stage", args=[edition.pk]),
        {"reason": "按计划"},
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("applications:edition_progress")
    assert "本届评选已进入“初核推荐”阶段。" in page
    assert "按计划" in page and "李建" in page


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.LEADER])
def test_readers_see_the_progress_without_the_button(client, edition, role):
    client.force_login(UserFactory(role=role))

    page = client.get(reverse("applications:edition_progress")).content.decode()

    assert "当前阶段：自愿申报" in page
    assert "结束本阶段" not in page


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.EXPERT])
def test_progress_page_is_not_for_applicants_or_experts(client, edition, role):
    client.force_login(UserFactory(role=role))

    assert client.get(reverse("applications:edition_progress")).status_code == 403


def test_unit_officer_gets_403_on_the_progress_page(client, edition):
    client.force_login(UnitOfficerFactory())

    assert client.get(reverse("applications:edition_progress")).status_code == 403


def test_progress_page_query_count_does_not_grow_with_the_trail(
    client, edition, django_assert_max_num_queries
):
    office = UserFactory(role=Role.CITY_OFFICE)
    client.force_login(office)
    advance_edition(edition=edition, actor=office, reason="一")
    with django_assert_max_num_queries(12) as one:
        client.get(reverse("applications:edition_progress"))
    advance_edition(edition=edition, actor=office, reason="二")
    set_stage(edition, Stage.APPLICATION)
    advance_edition(edition=edition, actor=office, reason="三")

    with django_assert_max_num_queries(len(one)):
        client.get(reverse("applications:edition_progress"))


def test_applicant_sees_the_stage_and_what_happens_next(client, edition):
    application = put(ApplicationFactory(edition=edition), Status.SUBMITTED)
    client.force_login(application.owner)

    page = client.get(reverse("applications:dashboard")).content.decode()
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()

    for shown in (page, detail):
        assert 'aria-current="step"' in shown
        assert "推荐单位正在初核您的申报" in shown


def test_individual_applicants_skip_the_defense_stage(edition):
    application = ApplicationFactory(
        edition=edition,
        category=CategoryFactory(code="individual", name="个人", kind="individual", order=5),
    )
    application = put(application, Status.ONSITE_REVIEW)

    progress = application_progress(application)

    assert {step.label: step.state for step in progress.steps} == {
        "自愿申报": "done",
        "初核推荐": "done",
        "审查受理": "done",
        "材料评审": "done",
        "现场评审": "current",
        "陈述答辩": "skipped",
        "审议公示": "upcoming",
        "表扬授奖": "upcoming",
    }


def test_an_eliminated_application_shows_where_it_stopped(edition):
    application = put(ApplicationFactory(edition=edition), Status.ELIMINATED)
    type(application).objects.filter(pk=application.pk).update(
        eliminated_stage=Stage.MATERIAL_REVIEW
    )
    application.refresh_from_db()

    progress = application_progress(application)

    assert progress.stopped
    assert progress.what_next == "本届评选在“材料评审”阶段止步，感谢参与。"
