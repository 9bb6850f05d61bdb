import pytest

from applications.models import Category, Edition, EmailTemplate, RecommendingUnit
from applications.reference_data import load_reference_data


@pytest.mark.django_db
def test_reference_data_loads_units_categories_and_third_edition():
    load_reference_data()

    names = set(RecommendingUnit.objects.values_list("name", flat=True))
    assert {"东区", "西区", "仁和区", "米易县", "盐边县", "钒钛高新区管委会"} <= names
    assert RecommendingUnit.objects.filter(kind="department").count() == 10
    assert list(Category.objects.values_list("code", "kind")) == [
        ("general", "organization"),
        ("medical", "organization"),
        ("education", "organization"),
        ("team", "organization"),
        ("individual", "individual"),
    ]
    edition = Edition.objects.get()
    assert (edition.number, edition.period_label) == (3, "2022—2023年度")
    assert (edition.organization_quota, edition.individual_quota) == (3, 5)
    assert str(edition.applications_open) == "2023-02-15"
    assert str(edition.recommendation_deadline) == "2023-03-15"
    assert "2023年2月15日后" in edition.notice_text
    assert edition.is_current is True


@pytest.mark.django_db
def test_reference_data_is_idempotent_and_keeps_office_edits():
    load_reference_data()
    Edition.objects.filter(number=3).update(individual_quota=4)

    second = load_reference_data()

    assert second == {
        "units": 0,
        "categories": 0,
        "editions": 0,
        "email_templates": 0,
        "rubrics": 0,
    }
    assert RecommendingUnit.objects.count() == 15
    assert Edition.objects.get().individual_quota == 4
    assert EmailTemplate.objects.count() == 10
