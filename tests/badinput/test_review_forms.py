"""Experts' score sheets and declarations, and the city office's review pages, take hostile
input: a clear error or a correct save, never a 500."""

import pytest
from django.urls import reverse
from hypothesis import given

from review.models import ReviewRound
from tests.badinput.helpers import NUL_REFUSED, answered, hostile, post_hostile_values
from tests.badinput.strategies import hostile_form
from tests.review.helpers import attest, first_assignment, make_applications, make_pool, open_round


@pytest.fixture
def review_world(review_edition, office):
    applications = make_applications(review_edition, organizations=2)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    return review_round, applications, first_assignment(review_round)


def _sheet_fields(assignment) -> list[str]:
    items = assignment.sheet.rubric.items.order_by("id")[:6]
    return [f"item_{item.pk}" for item in items] + [
        "strengths_0",
        "opportunities_0",
        "strengths_1",
        "overall_comment",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["assignment_detail", "assignment_autosave"])
def test_score_sheet_with_hostile_values_saves_or_explains(review_world, client, name):
    review_round, applications, assignment = review_world
    attest(assignment)
    client.force_login(assignment.expert.user)
    url = reverse(f"review:{name}", args=[assignment.pk])

    @hostile
    @given(data=hostile_form(_sheet_fields(assignment)))
    def post(data):
        if name == "assignment_detail":
            data = {**data, "save_draft": "1"}
        response = client.post(url, data)

        assert answered(response) in (200, 302, 400, NUL_REFUSED)

    post()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "fields", "answers"),
    [
        # 404 once a declared conflict has taken the assignment away from the expert
        ("assignment_declare", ("has_conflict", "kind", "note"), (200, 302, 404, NUL_REFUSED)),
        (
            "expert_conflicts",
            ("kind", "organization_name", "credit_code", "note"),
            (200, 302, NUL_REFUSED),
        ),
    ],
    ids=["conflict_attestation", "conflict_declaration"],
)
def test_expert_conflict_form_with_hostile_values_saves_or_explains(
    review_world, client, name, fields, answers
):
    review_round, applications, assignment = review_world
    client.force_login(assignment.expert.user)
    args = [assignment.pk] if name == "assignment_declare" else []

    post_hostile_values(client, reverse(f"review:{name}", args=args), fields, answers=answers)


@pytest.mark.django_db
def test_avoidance_request_with_hostile_values_saves_or_explains(review_world, client):
    review_round, applications, assignment = review_world
    client.force_login(applications[0].owner)

    post_hostile_values(
        client,
        reverse("review:avoidance_request", args=[applications[0].pk]),
        ("expert_name", "expert_employer", "reason"),
        answers=(200, 302, NUL_REFUSED),
    )


ROUND_POSTS = {
    "round_close": ("summary",),
    "round_leader": ("expert",),
    "member_add": ("expert", "reason"),
    "round_assign": ("expert", "application", "reason"),
    "round_advancement": ("method", "threshold", "top_n"),
    "round_decide": ("application", "advances", "reason"),
    "defense_schedule": ("application", "order", "starts_at", "place", "presenter"),
}


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUND_POSTS))
def test_round_form_with_hostile_values_saves_or_explains(review_world, office, client, name):
    review_round, applications, assignment = review_world
    client.force_login(office)
    url = reverse(f"review:{name}", args=[review_round.pk])

    def reopen():
        ReviewRound.objects.filter(pk=review_round.pk).update(status=ReviewRound.Status.OPEN)

    post_hostile_values(
        client,
        url,
        ROUND_POSTS[name],
        answers=(200, 302, 400, 404, NUL_REFUSED),
        then=reopen,
    )


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["assignment_remove", "sheet_reopen", "sheet_excuse"])
def test_office_correction_with_hostile_reason_saves_or_explains(
    review_world, office, client, name
):
    review_round, applications, assignment = review_world
    client.force_login(office)
    pk = assignment.pk if name == "assignment_remove" else assignment.sheet.pk

    post_hostile_values(
        client,
        reverse(f"review:{name}", args=[pk]),
        ("reason",),
        answers=(302, NUL_REFUSED),
    )


@pytest.mark.django_db
def test_onsite_visit_with_hostile_values_saves_or_explains(review_world, office, client):
    review_round, applications, assignment = review_world
    client.force_login(office)
    url = reverse("review:onsite_visit", args=[review_round.pk, applications[0].pk])

    post_hostile_values(
        client,
        url,
        ("visit_date", "place", "team", "findings"),
        answers=(200, 302, 400, 404, NUL_REFUSED),
    )


@pytest.mark.django_db
def test_round_creation_with_hostile_values_saves_or_explains(review_world, office, client):
    client.force_login(office)

    post_hostile_values(
        client,
        reverse("review:round_list"),
        ("stage", "due_date"),
        answers=(200, 302, 400, NUL_REFUSED),
    )


@pytest.mark.django_db
def test_expert_registration_with_hostile_values_saves_or_explains(review_edition, office, client):
    client.force_login(office)
    fields = ("username", "name", "employer", "employer_credit_code", "title", "phone", "email")

    post_hostile_values(
        client,
        reverse("review:expert_pool_new", args=[review_edition.pk]),
        fields,
        answers=(200, 302, NUL_REFUSED),
    )


@pytest.mark.django_db
def test_review_settings_with_hostile_values_saves_or_explains(review_edition, office, client):
    client.force_login(office)
    fields = (
        "panel_size",
        "experts_per_application",
        "aggregation",
        "deviation_percent",
        "material_weight_organization",
        "onsite_weight_organization",
        "defense_weight_organization",
        "material_threshold",
    )

    post_hostile_values(
        client,
        reverse("review:settings", args=[review_edition.pk]),
        fields,
        answers=(200, 302, 400, NUL_REFUSED),
    )
