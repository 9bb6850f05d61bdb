"""Fixtures of the edition pages: the reference data (the 3rd edition, current), the city
office, and a complete form for a 4th edition whose dates are working days of 2026."""

from __future__ import annotations

import pytest

from applications.models import Category, RecommendingUnit
from tests.factories import UserFactory
from tests.review.factories import OfficeUserFactory

STAGE_DATES = {
    "application": "2026-03-31",
    "precheck": "2026-04-15",
    "acceptance": "2026-05-15",
    "material_review": "2026-06-15",
    "onsite_review": "2026-07-15",
    "defense": "2026-08-14",
    "deliberation": "2026-09-15",
    "commendation": "2026-10-30",
}

CONFIRMATIONS = (
    "confirm_minimum_composite",
    "confirm_weights_organization",
    "confirm_weights_individual",
    "confirm_self_assessment_limit",
    "confirm_team_includes_qc",
)


def edition_post(*, confirm: bool = True, **overrides) -> dict:
    """What the office sends for a 4th edition, every default confirmed (unless asked not to)."""
    data = {
        "number": "4",
        "name": "第四届攀枝花市政府质量奖",
        "period_label": "2026—2027年度",
        "notice_title": "关于开展第四届攀枝花市政府质量奖评选工作的通知",
        "notice_date": "2026-01-09",
        "notice_text": "为深入推进质量强市战略，决定开展第四届攀枝花市政府质量奖评选工作。",
        "applications_open": "2026-03-02",
        "recommendation_deadline": "2026-03-31",
        "organization_quota": "3",
        "individual_quota": "5",
        "quota_may_stay_vacant": "on",
        "categories": [str(pk) for pk in Category.objects.values_list("pk", flat=True)],
        "units": [
            str(pk)
            for pk in RecommendingUnit.objects.filter(is_active=True).values_list("pk", flat=True)
        ],
        "organization_rubric": "",
        "team_rubric": "",
        "individual_rubric": "",
        "material_weight_organization": "40",
        "onsite_weight_organization": "40",
        "defense_weight_organization": "20",
        "material_weight_individual": "50",
        "onsite_weight_individual": "50",
        "minimum_composite": "60",
        "self_assessment_limit": "50000",
        "team_includes_qc": "on",
    }
    data.update({f"plan_{stage}": day for stage, day in STAGE_DATES.items()})
    if confirm:
        data.update({name: "on" for name in CONFIRMATIONS})
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.fixture
def office(db):
    return OfficeUserFactory()


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


@pytest.fixture
def applicant(db):
    return UserFactory(applicant_kind="organization", organization_name="攀枝花钒钛精工有限公司")
