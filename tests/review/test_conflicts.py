"""Conflicts of interest: found automatically, declared, requested; and never a way around them."""

import pytest
from django.urls import reverse

from review.conflicts import services as conflict_services
from review.errors import ReviewError
from review.models import (
    Assignment,
    AvoidanceRequest,
    Conflict,
    ConflictKind,
    PanelMember,
    ScoreSheet,
)
from review.rounds import services
from review.sheets import services as sheet_services
from tests.factories import UserFactory
from tests.review.helpers import (
    attest,
    make_applications,
    make_pool,
    open_round,
    open_round_with,
    score_sheet,
)


@pytest.fixture
def material(review_edition, office):
    """An open material round: 3 applications, 7 experts; first expert is the group leader."""
    return open_round_with(review_edition, office, organizations=3, experts=7)


def _conflicted_assignment(review_round, user):
    """The expert of `user` declares a conflict when first opening an assignment."""
    assignment = Assignment.objects.filter(round=review_round, expert__user=user).first()
    conflict_services.attest_assignment(
        assignment=assignment,
        actor=user,
        has_conflict=True,
        kind=ConflictKind.KINSHIP,
        note="申报单位总经理是我的表兄。",
    )
    return assignment


@pytest.mark.django_db
def test_detect_conflicts_same_employer_by_code_or_name(review_edition, office):
    apps = make_applications(review_edition, organizations=3)
    by_code, by_name, unrelated = make_pool(review_edition, 3)
    by_code.employer_credit_code = apps[0].identifier
    by_code.save()
    by_name.employer = f" {apps[1].applicant_name}（本部）".replace("（本部）", "")
    by_name.save()

    created = conflict_services.detect_conflicts(edition=review_edition, actor=office)

    pairs = set(Conflict.objects.values_list("expert_id", "application_id"))
    assert created == 2
    assert pairs == {(by_code.pk, apps[0].pk), (by_name.pk, apps[1].pk)}
    assert conflict_services.detect_conflicts(edition=review_edition, actor=office) == 0


@pytest.mark.django_db
def test_declared_conflict_matches_individual_employer(review_edition, office):
    apps = make_applications(review_edition, organizations=0, individuals=1)
    (expert,) = make_pool(review_edition, 1)

    conflict_services.declare_conflict(
        expert=expert,
        actor=expert.user,
        kind=ConflictKind.EMPLOYER,
        organization_name="攀枝花测试医院1",
        note="2021 年前在该院任职。",
    )

    conflict = Conflict.objects.get()
    assert (conflict.application, conflict.source, conflict.decision) == (
        apps[0],
        Conflict.Source.DECLARED,
        Conflict.Decision.PENDING,
    )


@pytest.mark.django_db
def test_declare_conflict_for_another_expert_is_refused(review_edition):
    first, second = make_pool(review_edition, 2)

    with pytest.raises(ReviewError):
        conflict_services.declare_conflict(
            expert=first, actor=second.user, kind="other", organization_name="某公司", note="x"
        )


@pytest.mark.django_db
def test_draw_never_assigns_conflicted_expert(review_edition, office):
    apps = make_applications(review_edition, organizations=4)
    experts = make_pool(review_edition, 7)
    for expert, app in zip(experts[:3], apps[:3], strict=True):
        conflict_services.record_office_conflict(
            expert=expert, application=app, actor=office, kind="other", note="曾任顾问"
        )

    review_round = open_round(review_edition, office)

    pairs = set(
        Assignment.objects.filter(round=review_round).values_list("expert_id", "application_id")
    )
    assert not pairs & {(e.pk, a.pk) for e, a in zip(experts[:3], apps[:3], strict=True)}
    assert all(
        Assignment.objects.filter(round=review_round, application=a).count() == 5 for a in apps
    )


@pytest.mark.django_db
def test_manual_assignment_of_conflicted_expert_is_refused(material, office):
    review_round, apps, experts = material
    expert = Assignment.objects.filter(round=review_round, application=apps[0]).first().expert
    conflict_services.record_office_conflict(
        expert=expert, application=apps[0], actor=office, kind="other", note="亲属"
    )

    with pytest.raises(ReviewError, match="回避"):
        services.assign(
            review_round=review_round,
            expert=expert,
            application=apps[0],
            actor=office,
            reason="补充评审",
        )
    assert not Assignment.objects.filter(expert=expert, application=apps[0], is_active=True)


@pytest.mark.django_db
def test_conflict_declared_on_open_withdraws_assignment(material):
    review_round, apps, experts = material
    user = Assignment.objects.filter(round=review_round).first().expert.user

    assignment = _conflicted_assignment(review_round, user)

    assignment.refresh_from_db()
    assert assignment.is_active is False
    assert assignment.sheet.status == ScoreSheet.Status.VOID
    assert Conflict.objects.get().source == Conflict.Source.ON_OPEN


@pytest.mark.django_db
def test_conflicted_expert_cannot_reach_application_by_any_url(material, client, office):
    # Arrange: the group leader is in conflict with one of their applications.
    review_round, apps, experts = material
    leader = PanelMember.objects.get(round=review_round, is_leader=True).expert
    assignment = _conflicted_assignment(review_round, leader.user)
    application = assignment.application
    client.force_login(leader.user)

    # Act / Assert: the assignment, its autosave, the office pages, the exports, the reports.
    denied = [
        reverse("review:assignment_detail", args=[assignment.pk]),
        reverse("review:assignment_declare", args=[assignment.pk]),
        reverse("review:sheet_view", args=[assignment.sheet.pk]),
        reverse("review:round_detail", args=[review_round.pk]),
        reverse("review:round_report_docx", args=[review_round.pk]),
        reverse("review:round_report_pdf", args=[review_round.pk]),
        reverse("review:round_scores_xlsx", args=[review_round.pk]),
        reverse("review:feedback", args=[application.pk]),
        reverse("applications:timeline", args=[application.pk]),
    ]
    for url in denied:
        assert client.get(url).status_code == 404, url
    autosave = client.post(
        reverse("review:assignment_autosave", args=[assignment.pk]), {"overall_comment": "x"}
    )
    assert autosave.status_code == 404
    # The pages the leader may open do not show the application at all.
    for name in ("review:round_progress", "review:round_results", "review:expert_dashboard"):
        url = (
            reverse(name, args=[review_round.pk])
            if name != "review:expert_dashboard"
            else (reverse(name))
        )
        response = client.get(url)
        assert response.status_code == 200
        assert application.reference not in response.content.decode(), name


@pytest.mark.django_db
def test_conflicted_expert_cannot_save_through_the_service(material):
    review_round, apps, experts = material
    user = Assignment.objects.filter(round=review_round).first().expert.user
    assignment = _conflicted_assignment(review_round, user)

    with pytest.raises(ReviewError):
        sheet_services.save_sheet(sheet=assignment.sheet, actor=user, scores={})


@pytest.mark.django_db
def test_applicant_avoidance_request_keeps_expert_away(material, client):
    review_round, apps, experts = material
    assignment = Assignment.objects.filter(round=review_round, application=apps[0]).first()
    expert = assignment.expert
    client.force_login(apps[0].owner)

    response = client.post(
        reverse("review:avoidance_request", args=[apps[0].pk]),
        {
            "expert_name": expert.name,
            "expert_employer": "",
            "reason": "该专家曾为我司竞争对手顾问。",
        },
    )

    assert response.status_code == 302
    request = AvoidanceRequest.objects.get()
    assert request.expert == expert
    conflict = Conflict.objects.get(avoidance_request=request)
    assert conflict.decision == Conflict.Decision.PENDING
    assignment.refresh_from_db()
    assert assignment.is_active is False


@pytest.mark.django_db
def test_avoidance_request_for_someone_elses_application_is_404(material, client):
    review_round, apps, experts = material
    client.force_login(UserFactory())

    response = client.post(
        reverse("review:avoidance_request", args=[apps[0].pk]),
        {"expert_name": experts[0].name, "reason": "x"},
    )

    assert response.status_code == 404
    assert not AvoidanceRequest.objects.exists()


@pytest.mark.django_db
def test_office_override_is_recorded_and_allows_manual_reassignment(material, office, client):
    review_round, apps, experts = material
    user = Assignment.objects.filter(round=review_round).first().expert.user
    assignment = _conflicted_assignment(review_round, user)
    conflict = Conflict.objects.get()
    client.force_login(office)

    response = client.post(
        reverse("review:conflict_decide", args=[conflict.pk]),
        {"decision": "override", "reason": "表兄已于 2019 年离职，不构成回避情形。"},
    )
    services.assign(
        review_round=review_round,
        expert=assignment.expert,
        application=assignment.application,
        actor=office,
        reason="回避不成立，恢复分配。",
    )

    assert response.status_code == 302
    conflict.refresh_from_db()
    assert (conflict.decision, conflict.decided_by) == (Conflict.Decision.OVERRIDDEN, office)
    assert conflict.history.count() == 2
    assignment.refresh_from_db()
    assert assignment.is_active is True
    assert assignment.sheet.status == ScoreSheet.Status.DRAFT


@pytest.mark.django_db
def test_conflict_decision_without_reason_is_refused(material, office, client):
    review_round, apps, experts = material
    _conflicted_assignment(review_round, Assignment.objects.first().expert.user)
    conflict = Conflict.objects.get()
    client.force_login(office)

    response = client.post(
        reverse("review:conflict_decide", args=[conflict.pk]), {"decision": "override"}
    )

    form = response.context["decision_sent"]
    assert response.status_code == 400
    assert response.context["sent_row"] == conflict.pk
    assert "reason" in form.errors
    assert form["decision"].value() == "override"
    conflict.refresh_from_db()
    assert conflict.decision == Conflict.Decision.PENDING


@pytest.mark.django_db
def test_expert_cannot_decide_conflicts(material, client):
    review_round, apps, experts = material
    _conflicted_assignment(review_round, Assignment.objects.first().expert.user)
    conflict = Conflict.objects.get()
    client.force_login(experts[3].user)

    response = client.post(
        reverse("review:conflict_decide", args=[conflict.pk]),
        {"decision": "override", "reason": "x"},
    )

    assert response.status_code == 404
    conflict.refresh_from_db()
    assert conflict.decision == Conflict.Decision.PENDING


@pytest.mark.django_db
def test_conflict_excluded_from_exports_and_reports(material, office, client):
    # Arrange: a sheet submitted, then a conflict comes to light.
    review_round, apps, experts = material
    assignment = Assignment.objects.filter(round=review_round, application=apps[0]).first()
    attest(assignment)
    score_sheet(assignment.sheet, assignment.expert.user, 0.9)
    conflict_services.record_office_conflict(
        expert=assignment.expert,
        application=apps[0],
        actor=office,
        kind="consulting",
        note="发现其近三年为申报方提供咨询。",
    )
    client.force_login(office)

    # Act
    xlsx = client.get(reverse("review:round_scores_xlsx", args=[review_round.pk]))
    results = client.get(reverse("review:round_results", args=[review_round.pk]))

    # Assert: the voided sheet is in neither.
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx.content))
    experts_in_sheets = {
        (row[0], row[2]) for row in workbook.worksheets[1].iter_rows(min_row=4, values_only=True)
    }
    assert (apps[0].reference, assignment.expert.name) not in experts_in_sheets
    row = next(r for r in results.context["rows"] if r.application.pk == apps[0].pk)
    assert assignment.expert.name not in [c.expert_name for c in row.sheets]


@pytest.mark.django_db
def test_conflicts_page_lists_for_supervisor_without_actions(material, supervisor, client):
    review_round, apps, experts = material
    _conflicted_assignment(review_round, Assignment.objects.first().expert.user)
    client.force_login(supervisor)

    response = client.get(reverse("review:conflict_list", args=[review_round.edition_id]))
    post = client.post(reverse("review:conflict_list", args=[review_round.edition_id]))

    assert response.status_code == 200
    assert "记录认定" not in response.content.decode()
    assert post.status_code == 403


@pytest.mark.django_db
def test_conflicts_page_offers_the_pool_for_each_request_still_to_match(material, office, client):
    review_round, apps, experts = material
    AvoidanceRequest.objects.create(
        application=apps[0],
        requested_by=apps[0].owner,
        expert_name="不在库中的人",
        reason="曾为竞争对手顾问。",
    )
    AvoidanceRequest.objects.create(
        application=apps[1],
        requested_by=apps[1].owner,
        expert_name="不在库中的人",
        reason="曾为竞争对手顾问。",
    )
    matched = AvoidanceRequest.objects.create(
        application=apps[2],
        requested_by=apps[2].owner,
        expert_name=experts[0].name,
        expert=experts[0],
        reason="亲属。",
    )
    client.force_login(office)

    html = client.get(reverse("review:conflict_list", args=[review_round.edition_id]))
    html = html.content.decode()

    assert html.count('name="expert"') == 2  # one choice of expert for each unmatched request
    assert html.count(f'<option value="{experts[-1].pk}">') == 2
    assert reverse("review:avoidance_match", args=[matched.pk]) not in html
    AvoidanceRequest.objects.update(expert=experts[1])
    html = client.get(reverse("review:conflict_list", args=[review_round.edition_id]))
    assert 'name="expert"' not in html.content.decode()


@pytest.mark.django_db
def test_avoidance_match_without_an_expert_shows_the_row_again(material, office, client):
    review_round, apps, experts = material
    avoidance = AvoidanceRequest.objects.create(
        application=apps[0],
        requested_by=apps[0].owner,
        expert_name="不在库中的人",
        reason="曾为竞争对手顾问。",
    )
    client.force_login(office)

    response = client.post(reverse("review:avoidance_match", args=[avoidance.pk]), {"expert": ""})

    assert response.status_code == 400
    assert response.context["sent_row"] == avoidance.pk
    assert "expert" in response.context["match_sent"].errors
    avoidance.refresh_from_db()
    assert avoidance.expert is None
