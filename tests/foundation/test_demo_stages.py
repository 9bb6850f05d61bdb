"""The demo's five editions stopped at the later stages: each was played through the services
with its last step today, so the experts, the office, the leadership group and the public have
work open right after `seed_demo`."""

from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from applications.demo_editions import stages
from applications.editions.selectors import newest_edition
from applications.models import Application, Edition, Stage, Status
from award_portal.accounts.models import User
from publicity.models import Objection, PublicityWindow
from review.models import ProposedList, ReviewRound, ScoreSheet

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-04 10:30")]

TODAY = date(2026, 12, 4)


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def _demo(label: str) -> Edition:
    return Edition.objects.get(is_demo=True, name=f"演示届次（{label}）")


def test_five_demo_editions_each_stop_at_a_later_stage_and_the_fourth_stays_current(seeded):
    stages_by_name = dict(Edition.objects.filter(is_demo=True).values_list("name", "stage"))

    assert stages_by_name == {
        "演示届次（审查受理）": Stage.ACCEPTANCE,
        "演示届次（材料评审）": Stage.MATERIAL_REVIEW,
        "演示届次（现场评审）": Stage.ONSITE_REVIEW,
        "演示届次（审议待审定）": Stage.DELIBERATION,
        "演示届次（拟表扬公示）": Stage.DELIBERATION,
    }
    assert Edition.current().number == 4
    assert newest_edition().number == 4  # a new edition would be the 5th, not the 96th
    assert "另有5个演示届次" in seeded


def test_the_acceptance_edition_has_its_list_publicized_and_an_objection_to_handle(seeded):
    window = PublicityWindow.objects.get(edition=_demo("审查受理"))

    assert (window.kind, window.status) == ("acceptance", "published")
    assert window.start_date <= TODAY <= window.end_date
    objection = Objection.objects.get(window=window)
    assert objection.status == Objection.Status.RECEIVED
    assert objection.entry.application.owner.username == "school"


def test_expert1_and_expert2_have_sheets_to_fill_in_an_open_material_and_onsite_round(
    seeded, client
):
    open_rounds = ReviewRound.objects.filter(edition__is_demo=True, status=ReviewRound.Status.OPEN)
    waiting = {
        (sheet.assignment.round.stage, sheet.assignment.expert.user.username)
        for sheet in ScoreSheet.objects.filter(assignment__round__in=open_rounds)
        .exclude(status=ScoreSheet.Status.SUBMITTED)
        .select_related("assignment__round", "assignment__expert__user")
    }

    assert waiting == {
        (stage, expert)
        for stage in (Stage.MATERIAL_REVIEW, Stage.ONSITE_REVIEW)
        for expert in ("expert1", "expert2")
    }
    client.force_login(User.objects.get(username="expert1"))
    body = client.get(reverse("review:expert_dashboard")).content.decode()
    assert "演示届次（材料评审）" in body and "演示届次（现场评审）" in body


def test_the_leadership_group_has_a_proposed_list_to_approve(seeded, client):
    proposed = ProposedList.objects.get(edition=_demo("审议待审定"))
    client.force_login(User.objects.get(username="leader"))

    page = client.get(reverse("review:deliberation_list", args=[proposed.pk]))

    assert proposed.status == ProposedList.Status.DRAFT
    assert page.status_code == 200
    assert "领导小组审议" in page.content.decode()


def test_the_public_sees_an_open_winner_publicity_to_object_to(seeded, client):
    window = PublicityWindow.objects.get(edition=_demo("拟表扬公示"), kind="proposed")

    listing = client.get(reverse("publicity:public_list")).content.decode()
    objection_form = client.get(reverse("publicity:objection_create", args=[window.pk]))

    assert window.start_date <= TODAY <= window.end_date
    assert window.title in listing
    assert objection_form.status_code == 200
    assert set(
        Application.objects.filter(edition=window.edition).values_list("status", flat=True)
    ) == {Status.APPROVED, Status.ELIMINATED}


def test_the_demo_editions_ran_the_whole_script_before_their_stop(seeded):
    edition = _demo("拟表扬公示")
    rounds = dict(ReviewRound.objects.filter(edition=edition).values_list("stage", "status"))

    assert rounds == {
        Stage.MATERIAL_REVIEW: ReviewRound.Status.CLOSED,
        Stage.ONSITE_REVIEW: ReviewRound.Status.CLOSED,
        Stage.DEFENSE: ReviewRound.Status.CLOSED,
    }
    assert Application.objects.get(edition=edition, owner__username="school").status == (
        Status.ELIMINATED
    )
    assert list(edition.events.values_list("reason", flat=True).exclude(reason="")) == [
        "发布征集通知"
    ]


def test_each_step_lands_on_a_day_it_may_happen():
    days = stages.schedule("publicity", TODAY)

    assert days["publicity"] == TODAY  # a Friday
    assert days["acceptance"] < days["material"] < days["proposed"] < days["publicity"]
    assert sorted(days, key=days.get) == [step.name for step in stages.STEPS]


@pytest.mark.now("2027-07-01")
def test_without_holiday_data_there_are_no_demo_editions_and_one_note_says_why(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert not Edition.objects.filter(is_demo=True).exists()
    assert out.count("没有生成停在后续阶段的演示届次") == 1
    assert Edition.current().number == 4
