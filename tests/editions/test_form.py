"""The city office's form for a new edition: prefilled from the newest edition, defaults that
must be confirmed, dates checked for order and against the working-day calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Category, Edition, RecommendingUnit
from publicity.calendar import LIBRARY_YEARS
from review.models import ReviewSettings
from tests.editions.conftest import CONFIRMATIONS, STAGE_DATES, edition_post

pytestmark = pytest.mark.django_db

NEW = "editions:new"


# --- prefill ----------------------------------------------------------------------------------


@pytest.mark.now("2026-11-16")
def test_new_edition_form_is_prefilled_from_the_newest_edition(office_client, edition):
    response = office_client.get(reverse(NEW))

    form = response.context["form"]
    initial = {name: form.get_initial_for_field(field, name) for name, field in form.fields.items()}
    assert response.status_code == 200
    assert initial["number"] == 4
    assert initial["name"] == "第四届攀枝花市政府质量奖"
    assert initial["period_label"] == "2026—2027年度"
    assert initial["notice_title"] == (
        "攀枝花市质量强市工作领导小组办公室关于开展第四届攀枝花市政府质量奖评选工作的通知"
    )
    assert initial["notice_date"] == date(2026, 12, 29)
    assert initial["applications_open"] == date(2027, 2, 15)
    assert initial["recommendation_deadline"] == date(2027, 3, 15)
    assert (initial["organization_quota"], initial["individual_quota"]) == (3, 5)
    assert initial["quota_may_stay_vacant"] is True
    assert sorted(initial["categories"]) == sorted(Category.objects.values_list("pk", flat=True))
    assert initial["minimum_composite"] == Decimal("60")
    assert initial["material_weight_organization"] == Decimal("40")
    assert initial["self_assessment_limit"] == 50000
    assert response.content.decode().count("我已确认此项默认设置") == len(CONFIRMATIONS)


@pytest.mark.now("2026-11-16")
def test_new_edition_form_takes_the_previous_plan_and_review_settings(office_client, edition):
    Edition.objects.filter(pk=edition.pk).update(
        stage_plan={"application": "2023-03-08", "commendation": "2023-12-20"}
    )
    ReviewSettings.objects.create(
        edition=edition,
        minimum_composite=Decimal("65"),
        material_weight_individual=60,
        onsite_weight_individual=40,
    )
    unit = RecommendingUnit.objects.order_by("order").first()
    edition.units.set([unit])

    form = office_client.get(reverse(NEW)).context["form"]

    assert form.initial["plan_application"] == date(2027, 3, 8)
    assert form.initial["plan_commendation"] == date(2027, 12, 20)
    assert form.initial["minimum_composite"] == Decimal("65")
    assert form.initial["material_weight_individual"] == Decimal("60")
    assert form.initial["units"] == [unit.pk]


@pytest.mark.now("2026-11-16")
def test_new_edition_form_warns_of_a_year_without_holiday_data_instead_of_failing(
    office_client, edition
):
    response = office_client.get(reverse(NEW))

    assert response.status_code == 200
    assert "2027年的法定节假日安排尚未录入" in response.content.decode()


# --- defaults that the office must confirm ---------------------------------------------------


def test_new_edition_is_refused_until_each_default_is_confirmed(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(confirm=False))

    form = response.context["form"]
    assert response.status_code == 200
    assert sorted(name for name in form.errors) == sorted(CONFIRMATIONS)
    assert "请勾选“我已确认此项默认设置”" in form.errors["confirm_minimum_composite"][0]
    assert not Edition.objects.filter(number=4).exists()


def test_new_edition_default_changed_needs_no_confirmation(office_client, edition):
    data = edition_post(
        minimum_composite="70",
        material_weight_organization="30",
        onsite_weight_organization="50",
        confirm_minimum_composite=None,
        confirm_weights_organization=None,
    )

    response = office_client.post(reverse(NEW), data)

    assert response.status_code == 302
    settings_obj = ReviewSettings.objects.get(edition__number=4)
    assert settings_obj.minimum_composite == Decimal("70")
    assert settings_obj.weights("organization") == {
        "material_review": Decimal("30"),
        "onsite_review": Decimal("50"),
        "defense": Decimal("20"),
    }


def test_new_edition_one_unconfirmed_default_is_named(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(confirm_team_includes_qc=None))

    assert list(response.context["form"].errors) == ["confirm_team_includes_qc"]


def test_new_edition_weights_must_add_up(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(defense_weight_organization="30"))

    assert response.context["form"].errors["defense_weight_organization"] == [
        "组织各阶段权重之和必须为 100%。"
    ]


# --- saving the draft -------------------------------------------------------------------------


def test_new_edition_is_saved_as_a_draft_that_is_not_public(office_client, edition):
    team = Category.objects.get(code="team")
    general = Category.objects.get(code="general")
    east = RecommendingUnit.objects.get(name="东区")
    data = edition_post(
        categories=[str(general.pk), str(team.pk)],
        units=[str(east.pk)],
        team_includes_qc=None,
        confirm_team_includes_qc=None,  # changed from the default: no confirmation needed
        self_assessment_limit="30000",
        confirm_self_assessment_limit=None,
    )

    response = office_client.post(reverse(NEW), data)

    new = Edition.objects.get(number=4)
    assert response.status_code == 302
    assert response["Location"] == reverse("editions:detail", kwargs={"pk": new.pk})
    assert (new.is_draft, new.is_current, new.stage) == (True, False, "application")
    assert new.stage_plan == STAGE_DATES
    assert new.planned_end("commendation") == date(2026, 10, 30)
    assert sorted(new.categories.values_list("code", flat=True)) == ["general", "team"]
    assert list(new.units.all()) == [east]
    assert (new.team_includes_qc, new.self_assessment_limit) == (False, 30000)
    assert new.review_settings.minimum_composite == Decimal("60")
    assert Edition.current() == edition
    assert "第四届" not in Client().get(reverse("home")).content.decode()


def test_draft_edition_can_be_changed_before_it_is_published(office_client, edition):
    office_client.post(reverse(NEW), edition_post())
    draft = Edition.objects.get(number=4)

    response = office_client.post(
        reverse("editions:edit", kwargs={"pk": draft.pk}),
        edition_post(name="第四届攀枝花市政府质量奖（修订）", organization_quota="4"),
    )

    draft.refresh_from_db()
    assert response.status_code == 302
    assert (draft.name, draft.organization_quota) == ("第四届攀枝花市政府质量奖（修订）", 4)
    assert Edition.objects.filter(number=4).count() == 1


def test_new_edition_number_taken_is_refused(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(number="3"))

    assert response.context["form"].errors["number"] == ["第3届已经存在，请核对届次。"]


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"recommendation_deadline": "2026-02-27"},
            "recommendation_deadline",
            "推荐截止日期不能早于开始受理申报日期。",
        ),
        (
            {"plan_application": "2026-03-20"},
            "plan_application",
            "“自愿申报”计划完成日期不能早于推荐截止日期（2026-03-31）。",
        ),
        (
            {"plan_onsite_review": "2026-06-01"},
            "plan_onsite_review",
            "“现场评审”计划完成日期不能早于前一阶段“材料评审”（2026-06-15），各阶段须依次开展。",
        ),
        (
            {"notice_date": "2026-03-03"},
            "notice_date",
            "通知日期不能晚于开始受理申报日期。",
        ),
    ],
)
def test_new_edition_dates_out_of_order_are_refused(
    office_client, edition, changes, field, message
):
    response = office_client.post(reverse(NEW), edition_post(**changes))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert not Edition.objects.filter(number=4).exists()


def test_new_edition_missing_stage_date_is_refused(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(plan_defense=""))

    assert response.context["form"].errors["plan_defense"] == ["这个字段是必填项。"]


@pytest.mark.now("2026-01-05")
def test_new_edition_date_on_a_holiday_or_weekend_is_a_warning(office_client, edition):
    data = edition_post(plan_commendation="2026-10-01", recommendation_deadline="2026-03-28")

    response = office_client.post(reverse(NEW), data, follow=True)

    html = response.content.decode()
    assert response.status_code == 200
    assert Edition.objects.filter(number=4, is_draft=True).exists()
    assert "“表扬授奖”计划完成日期（2026-10-01）是法定节假日或周末" in html
    assert "推荐截止日期（2026-03-28）是法定节假日或周末" in html
    assert "“审议公示”计划完成日期（2026-09-15）" not in html  # a working day


@pytest.mark.now("2026-01-05")
def test_new_edition_on_working_days_has_no_warning(office_client, edition):
    response = office_client.post(reverse(NEW), edition_post(), follow=True)

    assert "是法定节假日或周末" not in response.content.decode()
    assert "date-warnings" not in response.content.decode()


@pytest.mark.now("2026-01-05")
def test_new_edition_date_in_a_year_without_holiday_data_is_a_warning_not_an_error(
    office_client, edition
):
    year = max(LIBRARY_YEARS) + 1

    response = office_client.post(
        reverse(NEW), edition_post(plan_commendation=f"{year}-01-20"), follow=True
    )

    assert response.status_code == 200
    assert f"{year}年的法定节假日安排尚未录入，无法计算工作日。" in response.content.decode()
    assert Edition.objects.get(number=4).planned_end("commendation") == date(year, 1, 20)


def test_new_edition_form_shows_the_warning_again_when_it_is_sent_back(office_client, edition):
    year = max(LIBRARY_YEARS) + 1

    response = office_client.post(
        reverse(NEW),
        edition_post(plan_commendation=f"{year}-01-20", confirm_minimum_composite=None),
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["warnings"] == []  # checked once the form is otherwise right
