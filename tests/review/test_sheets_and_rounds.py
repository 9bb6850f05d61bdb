"""Score sheets, rounds and their place in the lifecycle."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from applications.lifecycle import TransitionError, advance_edition, transition
from applications.models import Stage, Status
from award_portal.workflow.engine import changes_of
from review.conflicts import services as conflict_services
from review.errors import ReviewError
from review.models import (
    AdvancementDecision,
    Assignment,
    ItemScore,
    ReviewSettings,
    RoundResult,
    ScoreSheet,
)
from review.rounds import services
from review.sheets import services as sheet_services
from review.visits import services as visit_services
from tests.review.helpers import (
    attest,
    make_applications,
    make_pool,
    open_round_with,
    record_visit_today,
    score_round,
    score_sheet,
    set_stage,
)


@pytest.fixture
def material(review_edition, office):
    return open_round_with(review_edition, office, organizations=2, experts=5)


def _first(review_round, application=None):
    qs = Assignment.objects.filter(round=review_round, is_active=True)
    if application is not None:
        qs = qs.filter(application=application)
    assignment = qs.select_related("expert__user", "sheet").first()
    attest(assignment)
    return assignment


@pytest.fixture
def first_sheet(material):
    """The first assignment of the material round, and its item 4.1.2 (50 points)."""
    review_round, _apps, _experts = material
    assignment = _first(review_round)
    return assignment, assignment.sheet.rubric.items.get(code="4.1.2")


@pytest.mark.django_db
def test_save_sheet_out_of_range_is_refused_and_nothing_saved(first_sheet):
    assignment, item = first_sheet

    with pytest.raises(ReviewError) as refused:
        sheet_services.save_sheet(
            sheet=assignment.sheet, actor=assignment.expert.user, scores={item.pk: Decimal(55)}
        )

    assert item.pk in refused.value.errors
    assert not ItemScore.objects.exists()


@pytest.mark.django_db
def test_save_sheet_off_band_is_refused(first_sheet):
    assignment, item = first_sheet

    with pytest.raises(ReviewError):
        sheet_services.save_sheet(
            sheet=assignment.sheet, actor=assignment.expert.user, scores={item.pk: Decimal(41)}
        )
    sheet_services.save_sheet(
        sheet=assignment.sheet, actor=assignment.expert.user, scores={item.pk: Decimal("42.5")}
    )

    assert ItemScore.objects.get().score == Decimal("42.5")


@pytest.mark.django_db
def test_sheet_page_with_out_of_range_value_shows_error_not_500(first_sheet, client):
    assignment, item = first_sheet
    client.force_login(assignment.expert.user)
    url = reverse("review:assignment_detail", args=[assignment.pk])

    response = client.post(url, {f"item_{item.pk}": "999", "save_draft": "1"})
    autosave = client.post(
        reverse("review:assignment_autosave", args=[assignment.pk]), {f"item_{item.pk}": "abc"}
    )

    assert response.status_code == 200
    assert "有分数无效" in response.content.decode()
    assert autosave.status_code == 400
    assert not ItemScore.objects.exists()


@pytest.mark.django_db
def test_sheet_page_saves_draft_and_autosaves(first_sheet, client):
    assignment, item = first_sheet
    client.force_login(assignment.expert.user)

    page = client.post(
        reverse("review:assignment_detail", args=[assignment.pk]),
        {f"item_{item.pk}": "45.00", "strengths_0": "高层领导重视质量。", "save_draft": "1"},
    )
    autosave = client.post(
        reverse("review:assignment_autosave", args=[assignment.pk]),
        {f"item_{item.pk}": "47.50", "strengths_0": "高层领导重视质量。"},
    )

    assert page.status_code == 302
    assert autosave.json()["saved"] is True
    assert ItemScore.objects.get().score == Decimal("47.5")
    assert assignment.sheet.comments.get(category="领导").strengths == "高层领导重视质量。"


@pytest.mark.django_db
def test_sheet_page_shows_points_as_people_write_them(first_sheet, client):
    assignment, item = first_sheet
    client.force_login(assignment.expert.user)

    html = client.get(reverse("review:assignment_detail", args=[assignment.pk])).content.decode()

    assert item.points == Decimal(50)
    assert "过程（A-D-L-I）：50 分" in html
    assert '<option value="50.00">50</option>' in html
    assert "E+" not in html


@pytest.mark.django_db
def test_first_open_asks_for_conflict_declaration(review_edition, office, client):
    review_round, _apps, _experts = open_round_with(
        review_edition, office, organizations=1, experts=5
    )
    assignment = Assignment.objects.filter(round=review_round).first()
    client.force_login(assignment.expert.user)

    first = client.get(reverse("review:assignment_detail", args=[assignment.pk]))
    declared = client.post(
        reverse("review:assignment_declare", args=[assignment.pk]), {"has_conflict": "no"}
    )

    assert first.status_code == 302
    assert first.url == reverse("review:assignment_declare", args=[assignment.pk])
    assert declared.url == reverse("review:assignment_detail", args=[assignment.pk])
    assignment.refresh_from_db()
    assert assignment.attested_at is not None


@pytest.mark.django_db
def test_submit_incomplete_sheet_is_refused(material):
    review_round, apps, experts = material
    assignment = _first(review_round)
    score_sheet(assignment.sheet, assignment.expert.user, 0.8, submit=False)
    item = assignment.sheet.rubric.items.first()
    sheet_services.save_sheet(
        sheet=assignment.sheet, actor=assignment.expert.user, scores={item.pk: None}
    )

    with pytest.raises(ReviewError, match="尚未评分"):
        sheet_services.submit_sheet(sheet=assignment.sheet, actor=assignment.expert.user)


@pytest.mark.django_db
def test_submitted_sheet_is_locked(material):
    review_round, apps, experts = material
    assignment = _first(review_round)
    sheet = score_sheet(assignment.sheet, assignment.expert.user, 0.8)
    item = sheet.rubric.items.first()

    with pytest.raises(ReviewError, match="已提交"):
        sheet_services.save_sheet(
            sheet=sheet, actor=assignment.expert.user, scores={item.pk: Decimal(0)}
        )

    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert sheet.total == sum(s.score for s in sheet.scores.all())


@pytest.mark.django_db
def test_other_scores_hidden_until_own_sheet_submitted(material, client):
    review_round, apps, experts = material
    first, second = Assignment.objects.filter(round=review_round, application=apps[0])[:2]
    attest(first)
    attest(second)
    score_sheet(first.sheet, first.expert.user, 0.77)
    first.sheet.refresh_from_db()
    client.force_login(second.expert.user)
    url = reverse("review:assignment_detail", args=[second.pk])

    before = client.get(url).content.decode()
    score_sheet(second.sheet, second.expert.user, 0.6)
    after = client.get(url).content.decode()

    assert first.expert.name not in before
    assert first.expert.name in after
    assert f"{first.sheet.total.normalize():f}" in after


@pytest.mark.django_db
def test_reopen_needs_office_and_reason(material, office):
    review_round, apps, experts = material
    assignment = _first(review_round)
    sheet = score_sheet(assignment.sheet, assignment.expert.user, 0.8)

    with pytest.raises(ReviewError):
        sheet_services.reopen_sheet(sheet=sheet, actor=assignment.expert.user, reason="想改")
    with pytest.raises(ReviewError):
        sheet_services.reopen_sheet(sheet=sheet, actor=office, reason=" ")
    sheet_services.reopen_sheet(sheet=sheet, actor=office, reason="总分计算有误，请复核。")

    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.Status.DRAFT
    (event,) = [change for change in changes_of(sheet) if change.move == "reopen"]
    assert (event.actor, event.reason, event.actor_role) == (
        office,
        "总分计算有误，请复核。",
        "city_office",
    )
    assert (event.source, event.target) == (ScoreSheet.Status.SUBMITTED, ScoreSheet.Status.DRAFT)


@pytest.mark.django_db
def test_close_round_refused_until_every_sheet_submitted_or_excused(material, office):
    review_round, apps, experts = material
    assignments = list(Assignment.objects.filter(round=review_round, is_active=True))
    for assignment in assignments[1:]:
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.7)

    with pytest.raises(ReviewError, match="未提交"):
        services.decide_advancement(
            review_round=review_round, actor=office, method="threshold", threshold=Decimal(60)
        )
    sheet_services.excuse_sheet(
        sheet=assignments[0].sheet, actor=office, reason="专家因病无法评审。"
    )
    services.decide_advancement(
        review_round=review_round, actor=office, method="threshold", threshold=Decimal(60)
    )
    with pytest.raises(ReviewError, match="综述"):
        services.close_round(review_round=review_round, actor=office, summary="")
    closed = services.close_round(review_round=review_round, actor=office, summary="意见")

    assert closed.status == "closed"
    assert closed.results.count() == 2


@pytest.mark.django_db
def test_lifecycle_refuses_advance_while_round_open(material, office):
    review_round, apps, experts = material

    with pytest.raises(TransitionError, match="尚未结束"):
        transition(application=apps[0], to=Status.ONSITE_REVIEW, actor=office)

    apps[0].refresh_from_db()
    assert apps[0].status == Status.MATERIAL_REVIEW


@pytest.mark.django_db
def test_edition_stage_cannot_close_while_round_open(material, office):
    review_round, apps, experts = material
    for app in apps:  # nothing is left undecided in the stage but the round itself
        transition(application=app, to=Status.ELIMINATED, actor=office, reason="放弃参评")

    with pytest.raises(TransitionError, match="尚未结束"):
        advance_edition(edition=review_round.edition, actor=office)

    review_round.edition.refresh_from_db()
    assert review_round.edition.stage == Stage.MATERIAL_REVIEW


@pytest.mark.django_db
def test_lifecycle_refuses_advancing_application_not_on_the_list(material, office):
    review_round, apps, experts = material
    for assignment in Assignment.objects.filter(round=review_round):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.7)
    services.decide_advancement(
        review_round=review_round,
        actor=office,
        method=AdvancementDecision.Method.MANUAL,
        choices={apps[0].pk: (True, "得分较高"), apps[1].pk: (False, "得分较低")},
    )
    services.close_round(review_round=review_round, actor=office, summary="意见")

    transition(application=apps[0], to=Status.ONSITE_REVIEW, actor=office)
    with pytest.raises(TransitionError, match="晋级名单"):
        transition(application=apps[1], to=Status.ONSITE_REVIEW, actor=office)


@pytest.mark.django_db
def test_round_of_next_stage_cannot_be_created_before_stage_opens(material, office):
    review_round, apps, experts = material

    with pytest.raises(ReviewError, match="材料评审"):
        services.create_round(
            edition=review_round.edition,
            stage=Stage.ONSITE_REVIEW,
            actor=office,
            due_date=date.today(),
        )


@pytest.mark.django_db
def test_open_round_needs_leader_and_panel_size(review_edition, office):
    make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    review_round = services.create_round(
        edition=review_edition, stage=Stage.MATERIAL_REVIEW, actor=office, due_date=date.today()
    )
    services.draw_panel(review_round=review_round, actor=office, seed="x")

    with pytest.raises(ReviewError, match="组长"):
        services.open_round(review_round=review_round, actor=office)


@pytest.mark.django_db
def test_settings_weights_must_sum_to_100(review_edition, office, client):
    client.force_login(office)
    url = reverse("review:settings", args=[review_edition.pk])
    data = {
        "panel_size": 7,
        "experts_per_application": 5,
        "aggregation": "mean",
        "deviation_percent": "15",
        "material_weight_organization": "30",
        "onsite_weight_organization": "40",
        "defense_weight_organization": "20",
        "material_weight_individual": "50",
        "onsite_weight_individual": "50",
    }

    refused = client.post(url, data)
    data["defense_weight_organization"] = "30"
    saved = client.post(url, data)

    assert refused.status_code == 200
    assert saved.status_code == 302
    settings_obj = ReviewSettings.objects.get(edition=review_edition)
    assert (settings_obj.panel_size, settings_obj.aggregation) == (7, "mean")
    assert settings_obj.weights("organization")[Stage.DEFENSE] == Decimal(30)


@pytest.mark.django_db
def test_defense_slot_for_individual_is_refused(review_edition, office):
    set_stage(review_edition, Stage.DEFENSE)
    (person,) = make_applications(
        review_edition, organizations=0, individuals=1, status=Status.DEFENSE
    )
    review_round = services.create_round(
        edition=review_edition, stage=Stage.DEFENSE, actor=office, due_date=date.today()
    )

    with pytest.raises(ReviewError, match="组织"):
        visit_services.schedule_defense(
            review_round=review_round,
            application=person,
            actor=office,
            order=1,
            starts_at=review_round.created_at,
            place="会议室",
        )


@pytest.mark.django_db
def test_onsite_team_member_in_conflict_is_refused(review_edition, office):
    set_stage(review_edition, Stage.ONSITE_REVIEW)
    review_round, (app,), experts = open_round_with(
        review_edition, office, organizations=1, experts=6, status=Status.ONSITE_REVIEW
    )
    member = (
        review_round.members.exclude(
            expert__in=Assignment.objects.filter(round=review_round).values("expert")
        ).first()
        or review_round.members.first()
    )
    conflict_services.record_office_conflict(
        expert=member.expert, application=app, actor=office, kind="other", note="亲属"
    )

    with pytest.raises(ReviewError, match="回避"):
        record_visit_today(review_round, app, office, [member.expert], place="米易县")
    assert experts


@pytest.mark.django_db
def test_feedback_hidden_until_released_and_names_no_expert(material, office, client):
    review_round, apps, experts = material
    for assignment in Assignment.objects.filter(round=review_round):
        attest(assignment)
        score_sheet(assignment.sheet, assignment.expert.user, 0.7)
    services.decide_advancement(review_round=review_round, actor=office, method="top_n", top_n=1)
    services.close_round(review_round=review_round, actor=office, summary="意见")
    client.force_login(apps[0].owner)
    url = reverse("review:feedback", args=[apps[0].pk])

    hidden = client.get(url)
    with pytest.raises(ReviewError):
        services.release_feedback(edition=review_round.edition, actor=office)
    set_stage(review_round.edition, Stage.COMMENDATION)
    services.release_feedback(edition=review_round.edition, actor=office)
    shown = client.get(url)
    pdf = client.get(reverse("review:feedback_pdf", args=[apps[0].pk]))

    assert hidden.status_code == 404
    assert shown.status_code == 200
    body = shown.content.decode()
    assert "方面做法系统" in body
    assert all(e.name not in body for e in experts)
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_closed_round_results_page_shows_the_frozen_results(material, office, client):
    review_round, apps, experts = material
    score_round(review_round, 0.7)
    services.decide_advancement(
        review_round=review_round, actor=office, method="threshold", threshold=Decimal(60)
    )
    client.force_login(office)
    url = reverse("review:round_results", args=[review_round.pk])

    def shown():
        return [
            (
                r.application.pk,
                r.sheet_count,
                r.mean,
                r.aggregate,
                r.max_points,
                r.percent,
                r.rank,
                [(c.expert_id, c.total, c.zscore) for c in r.sheets],
            )
            for r in client.get(url).context["rows"]
        ]

    while_open = shown()
    services.close_round(review_round=review_round, actor=office, summary="意见")
    once_closed = shown()
    # The page reads the frozen rows, not the sheets: a frozen figure is what it shows.
    RoundResult.objects.filter(round=review_round, application=apps[0]).update(
        aggregate=Decimal("12.34")
    )
    frozen = {row[0]: row[3] for row in shown()}

    assert once_closed == while_open
    assert frozen[apps[0].pk] == Decimal("12.34")


@pytest.mark.django_db
def test_open_round_results_list_an_application_without_active_sheets(material, office, client):
    review_round, apps, experts = material
    for assignment in Assignment.objects.filter(round=review_round, application=apps[0]):
        services.unassign(assignment=assignment, actor=office, reason="专家另有安排。")
    client.force_login(office)

    response = client.get(reverse("review:round_results", args=[review_round.pk]))

    assert response.status_code == 200
    row = next(r for r in response.context["rows"] if r.application.pk == apps[0].pk)
    assert (row.sheet_count, row.mean, row.max_points, row.percent, row.sheets) == (
        0,
        None,
        0,
        None,
        [],
    )


@pytest.mark.django_db
def test_office_decides_one_application_from_the_results_page(material, office, client):
    review_round, apps, experts = material
    score_round(review_round, 0.7)
    client.force_login(office)
    url = reverse("review:round_results", args=[review_round.pk])
    decide = reverse("review:round_decide", args=[review_round.pk])

    assert client.get(url).context["manual_form"] is not None
    client.post(decide, {"application": apps[1].reference, "advances": "no", "reason": "材料不全"})
    missing = {"application": "PZH-无此编号", "advances": "yes", "reason": "编号写错的理由"}
    response = client.post(decide, missing)
    # The results again, with the error beside the field and nothing typed lost.
    assert response.status_code == 400
    page = response.content.decode()
    assert "本轮评审中没有申报编号为“PZH-无此编号”的申报" in page
    assert 'value="PZH-无此编号"' in page and "编号写错的理由</textarea>" in page
    assert response.context["manual_form"].data["advances"] == "yes"

    decision = AdvancementDecision.objects.get(round=review_round)
    assert (decision.application_id, decision.advances, decision.reason) == (
        apps[1].pk,
        False,
        "材料不全",
    )
