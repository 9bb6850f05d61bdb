"""The demo's two editions: the 3rd played to its certificates in 2023, the 4th in pre-check
today. Everything in them was written by the portal's services; these tests read the result."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.models import (
    Application,
    ApplicationEvent,
    Edition,
    EditionEvent,
    Material,
    Notification,
    Stage,
    Status,
)
from award_portal.accounts.models import User
from publicity.models import Objection, PublicityWindow
from review.models import Certificate, EditionExpert, ExpertProfile, ScoreSheet

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-04")]


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def _statuses(number: int) -> dict[str, str]:
    return dict(
        Application.objects.filter(edition__number=number).values_list("owner__username", "status")
    )


def test_seed_demo_archives_the_third_edition_with_winners_and_certificates(seeded):
    third = Edition.objects.get(number=3)

    assert (third.is_current, third.stage) == (False, Stage.CLOSED)
    assert _statuses(3) == {
        "company": Status.AWARDED,
        "hospital": Status.AWARDED,
        "person": Status.AWARDED,
        "school": Status.ELIMINATED,
    }
    assert sorted(
        Certificate.objects.filter(application__edition=third).values_list("holder_name", flat=True)
    ) == sorted(["攀枝花钒钛新材料有限公司", "攀枝花市中心医院", "吴国强"])
    assert list(
        PublicityWindow.objects.filter(edition=third)
        .order_by("start_date")
        .values_list("kind", "status", "start_date", "end_date")
    ) == [
        ("acceptance", "closed", date(2023, 3, 16), date(2023, 3, 22)),
        ("proposed", "closed", date(2023, 6, 19), date(2023, 6, 26)),
    ]


def test_seed_demo_moves_the_third_edition_through_every_stage_on_its_dates(seeded):
    third = Edition.objects.get(number=3)
    company = Application.objects.get(edition=third, owner__username="company")

    moves = list(company.events.order_by("at", "id").values_list("move", flat=True))
    stages = list(
        EditionEvent.objects.filter(edition=third)
        .order_by("at", "id")
        .values_list("to_stage", "at")
    )

    assert moves == [
        "submit",
        "recommend",
        "accept",
        "start_material_review",
        "advance_to_onsite",
        "advance_to_defense",
        "defense_to_deliberation",
        "propose",
        "approve",
        "award",
    ]
    assert [stage for stage, _at in stages] == [s for s in Stage.values if s != Stage.APPLICATION]
    assert {at.year for _stage, at in stages} == {2023}
    assert company.submitted_at.date() == date(2023, 2, 15)
    assert (
        ScoreSheet.objects.filter(
            assignment__application=company, status=ScoreSheet.Status.SUBMITTED
        ).count()
        == 15
    )  # five experts in each of the three rounds
    assert Objection.objects.get(window__edition__number=3).status == Objection.Status.DISMISSED


def test_seed_demo_creates_a_current_fourth_edition_in_precheck(seeded):
    live = Edition.objects.get(is_current=True)
    today = date(2026, 12, 4)

    assert (live.number, live.name, live.stage) == (4, "第四届攀枝花市政府质量奖", Stage.PRECHECK)
    assert live.period_label == "2026—2027年度"
    assert "演示" in live.notice_title
    assert live.applications_open == today - timedelta(days=20)
    assert live.recommendation_deadline == date(2026, 12, 18)  # ten working days after today
    assert sorted(live.stage_plan) == sorted(s for s in Stage.values if s != Stage.CLOSED)
    assert EditionExpert.objects.filter(edition=live).count() == 5


def test_seed_demo_gives_the_applicants_a_draft_a_returned_and_a_submitted_application(seeded):
    statuses = _statuses(4)
    returned = Application.objects.get(edition__number=4, owner__username="hospital")

    assert statuses == {
        "company": Status.DRAFT,
        "hospital": Status.RETURNED,
        "person": Status.SUBMITTED,
        "clinic": Status.SUBMITTED,
        "school": Status.SUBMITTED,
    }
    assert returned.events.get(move="return").actor.username == "weijian"
    assert "内部公示证明" in returned.events.get(move="return").reason
    assert set(returned.return_notes) == {"bed_occupancy"}


def test_demo_unit_queue_lists_its_own_submitted_applications_only(seeded, client):
    person = Application.objects.get(edition__number=4, owner__username="person")
    clinic = Application.objects.get(edition__number=4, owner__username="clinic")

    client.force_login(User.objects.get(username="dongqu"))
    dongqu = client.get(reverse("applications:unit_queue")).content.decode()
    client.force_login(User.objects.get(username="weijian"))
    weijian = client.get(reverse("applications:unit_queue")).content.decode()

    assert person.reference in dongqu and "吴国强" in dongqu
    assert clinic.reference not in dongqu
    assert clinic.reference in weijian
    assert person.reference not in weijian


def test_demo_office_progress_shows_what_blocks_the_precheck(seeded, client):
    client.force_login(User.objects.get(username="office"))

    body = client.get(reverse("applications:edition_progress")).content.decode()

    assert "第四届攀枝花市政府质量奖" in body
    assert "本阶段还有 4 份申报尚未处理完毕" in body


def test_demo_winner_downloads_its_certificate_and_others_cannot(seeded, client):
    award = Application.objects.get(edition__number=3, owner__username="company")
    url = reverse("review:certificate_pdf", args=[award.pk])

    client.force_login(User.objects.get(username="company"))
    own = client.get(url)
    client.force_login(User.objects.get(username="hospital"))
    other = client.get(url)

    assert own.status_code == 200
    assert own["Content-Type"] == "application/pdf"
    assert b"".join(own.streaming_content if own.streaming else [own.content])[:5] == b"%PDF-"
    assert other.status_code == 404


def test_seed_demo_prints_what_each_login_tries_first(seeded):
    assert "dongqu      东区经办人 → 初核推荐: 审核待初核的申报" in seeded
    assert "company     申报组织 → 我的申报: 下载第三届获奖证书" in seeded
    assert "Demo-Award-2023" in seeded


def test_seed_demo_twice_adds_nothing(seeded, capsys):
    models = (
        User,
        Edition,
        Application,
        ApplicationEvent,
        EditionEvent,
        Material,
        ScoreSheet,
        Certificate,
        PublicityWindow,
        ExpertProfile,
        EditionExpert,
        Notification,
    )
    before = {model.__name__: model.objects.count() for model in models}

    call_command("seed_demo")

    assert {model.__name__: model.objects.count() for model in models} == before
    assert "演示数据已存在，未重复生成" in capsys.readouterr().out


@pytest.mark.now("2027-07-01")
def test_seed_demo_in_a_year_without_holiday_data_counts_no_working_days(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    live = Edition.objects.get(is_current=True)
    assert live.recommendation_deadline == date(2027, 7, 15)  # two calendar weeks
    assert "2027年的法定节假日安排尚未录入" in out
    # Internal publicity in 2027 cannot be counted: the 4th edition keeps drafts.
    assert set(_statuses(4).values()) == {Status.DRAFT}
    assert Edition.objects.get(number=3).stage == Stage.CLOSED


@pytest.mark.now("2031-03-02")
def test_seed_demo_far_beyond_the_calendar_keeps_drafts_and_says_why(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    live = Edition.objects.get(is_current=True)
    assert (live.number, live.stage) == (4, Stage.PRECHECK)
    assert set(_statuses(4).values()) == {Status.DRAFT}
    assert "2031年的法定节假日安排尚未录入" in out
    assert "dongqu      东区经办人 → 初核推荐: 查看本单位申报" in out
    assert set(_statuses(3).values()) == {Status.AWARDED, Status.ELIMINATED}
