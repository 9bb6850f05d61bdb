"""The rubric version of each kind of applicant is chosen with the call; the edition's review
rounds start with it."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.models import Edition, Stage
from review.models import Rubric
from review.rounds import services as review_services
from review.rubrics.services import current_rubric
from tests.editions.conftest import edition_post
from tests.lifecycle.conftest import set_stage

pytestmark = pytest.mark.django_db


def _newer_version(rubric: Rubric) -> Rubric:
    return Rubric.objects.create(
        code=rubric.code,
        version=rubric.version + 1,
        name=rubric.name,
        applies_to=rubric.applies_to,
        status=Rubric.Status.PUBLISHED,
        published_at=timezone.now(),
    )


def test_rounds_of_an_edition_start_with_the_rubric_its_call_chose(office_client, office, edition):
    chosen = current_rubric(Rubric.AppliesTo.ORGANIZATION)
    newer = _newer_version(chosen)
    office_client.post(reverse("editions:new"), edition_post(organization_rubric=str(chosen.pk)))
    fourth = Edition.objects.get(number=4)
    set_stage(fourth, Stage.MATERIAL_REVIEW)

    review_round = review_services.create_round(
        edition=fourth, stage=Stage.MATERIAL_REVIEW, actor=office, due_date=date(2026, 6, 30)
    )

    assert fourth.organization_rubric == chosen
    assert current_rubric(Rubric.AppliesTo.ORGANIZATION) == newer
    assert review_round.organization_rubric == chosen
    assert review_round.individual_rubric == current_rubric(Rubric.AppliesTo.INDIVIDUAL)


def test_rubric_choice_offers_published_versions_of_its_kind_only(office_client, edition):
    form = office_client.get(reverse("editions:new")).context["form"]

    kinds = {rubric.applies_to for rubric in form.fields["team_rubric"].queryset}
    statuses = {rubric.status for rubric in form.fields["organization_rubric"].queryset}
    assert kinds == {Rubric.AppliesTo.TEAM}
    assert statuses == {Rubric.Status.PUBLISHED}
