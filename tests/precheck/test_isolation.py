"""A unit sees, exports and acts on the applications filed with it, and nothing else: by
page, by export, by guessing URLs. The office's pages are closed to units."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from applications.models import (
    Consultation,
    PaperCopyReceipt,
    PrecheckReview,
    Stage,
    Status,
)
from tests.precheck.conftest import post_to, prechecked, set_stage, shown

UNIT_GET = ["unit_review", "unit_letter"]
UNIT_POST = {
    "unit_checklist": {
        "completeness_ok": "on",
        "authenticity_ok": "on",
        "accuracy_ok": "on",
        "legality_ok": "on",
    },
    "unit_consultation": {
        "department": "区市场监管局",
        "consulted_on": "2023-03-01",
        "answer": "无异议",
    },
    "unit_paper_copy": {"received_on": "2023-03-01", "copies": "1"},
    "unit_recommend": {"opinion": "同意推荐。"},
    "unit_return": {"reason": "请补充材料。"},
    "unit_not_recommend": {"reason": "不符合条件。"},
}
OFFICE_PAGES = [
    ("office_list", {}),
    ("office_export", {}),
    ("office_overview", {}),
    ("office_overview_export", {}),
    ("office_extensions", {}),
    ("office_acceptance_list", {}),
    ("office_acceptance_export", {}),
]
OFFICE_APPLICATION_POST = {
    "office_check": {"qualification_ok": "on", "materials_ok": "on"},
    "office_consultation": {
        "department": "市生态环境局",
        "consulted_on": "2023-03-20",
        "answer": "无异议",
    },
    "office_accept": {"note": ""},
    "office_not_accept": {"reason": "不符合条件。"},
    "office_withdraw": {"reason": "异议成立。"},
}


def _xlsx_values(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(min_row=4, values_only=True))


def test_unit_queue_lists_own_applications_only(client, officer, other_unit, unit, submitted):
    mine = submitted(unit, applicant_name="东区企业")
    theirs = submitted(other_unit, applicant_name="西区企业")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"))

    text = response.content.decode()
    assert shown(response) == [mine.pk]
    assert "西区企业" not in text
    assert theirs.reference not in text


def test_unit_queue_hides_drafts_never_submitted(client, officer, unit, submitted):
    submitted(unit, status=Status.DRAFT, applicant_name="草稿企业")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_queue"))

    assert list(response.context["page"].object_list) == []
    assert "草稿企业" not in response.content.decode()


@pytest.mark.parametrize("name", UNIT_GET)
def test_unit_get_pages_of_another_unit_are_404(client, officer, other_unit, unit, submitted, name):
    mine = submitted(unit)
    theirs = submitted(other_unit)
    client.force_login(officer)

    own = client.get(reverse(f"applications:{name}", kwargs={"pk": mine.pk}))
    other = client.get(reverse(f"applications:{name}", kwargs={"pk": theirs.pk}))

    assert own.status_code == 200
    assert other.status_code == 404


@pytest.mark.parametrize("name", sorted(UNIT_POST))
def test_unit_actions_on_another_unit_are_404_and_change_nothing(
    client, officer, other_officer, other_unit, submitted, name
):
    theirs = prechecked(submitted(other_unit), other_officer)
    client.force_login(officer)

    response = post_to(client, name, theirs, UNIT_POST[name])

    theirs.refresh_from_db()
    assert response.status_code == 404
    assert theirs.status == Status.SUBMITTED
    assert theirs.events.count() == 0
    assert list(
        Consultation.objects.filter(application=theirs).values_list("recorded_by", flat=True)
    ) == [other_officer.pk]
    assert PrecheckReview.objects.get(application=theirs).checked_by == other_officer
    assert PaperCopyReceipt.objects.get(application=theirs).received_by == other_officer


@pytest.mark.parametrize("name", sorted(UNIT_POST))
def test_unit_actions_on_own_application_are_accepted(client, officer, unit, submitted, name):
    mine = prechecked(submitted(unit), officer)
    client.force_login(officer)

    response = post_to(client, name, mine, UNIT_POST[name])

    assert response.status_code == 302


def test_unit_export_contains_own_rows_only(client, officer, other_unit, unit, submitted):
    mine = submitted(unit, applicant_name="东区企业")
    submitted(other_unit, applicant_name="西区企业")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_export"))

    rows = _xlsx_values(response)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert [(row[1], row[2]) for row in rows] == [(mine.reference, "东区企业")]


def test_unit_export_with_another_units_filter_stays_in_own_unit(
    client, officer, other_unit, unit, submitted
):
    submitted(unit, applicant_name="东区企业")
    submitted(other_unit, applicant_name="西区企业")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_export"), {"unit": other_unit.pk})

    assert [row[2] for row in _xlsx_values(response)] == []


def test_unit_bulk_recommend_ignores_another_units_ids(
    client, officer, other_officer, other_unit, unit, submitted
):
    mine = prechecked(submitted(unit), officer)
    theirs = prechecked(submitted(other_unit), other_officer)
    client.force_login(officer)

    response = client.post(
        reverse("applications:unit_bulk_recommend"),
        {"ids": [mine.pk, theirs.pk], "opinion": "同意推荐。"},
    )

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert theirs.status == Status.SUBMITTED
    assert mine.status == Status.SUBMITTED  # the whole request is refused, nothing moves
    assert response.status_code == 400
    assert "所选申报不在本单位的列表中" in response.content.decode()
    assert response.context["bulk_form"]["opinion"].value() == "同意推荐。"


def test_unit_letter_of_all_recommended_lists_own_only(
    client, officer, other_officer, other_unit, unit, submitted
):
    from docx import Document

    submitted(unit, status=Status.RECOMMENDED, applicant_name="东区企业")
    submitted(other_unit, status=Status.RECOMMENDED, applicant_name="西区企业")
    client.force_login(officer)

    response = client.get(reverse("applications:unit_letter_all"))

    document = Document(io.BytesIO(response.content))
    names = [row.cells[1].text for row in document.tables[0].rows[1:]]
    assert names == ["东区企业"]


@pytest.mark.parametrize("name,params", OFFICE_PAGES)
def test_office_pages_are_closed_to_units(client, officer, name, params, edition):
    client.force_login(officer)

    response = client.get(reverse(f"applications:{name}"), params)

    assert response.status_code == 403


@pytest.mark.parametrize("name,params", OFFICE_PAGES)
def test_office_pages_open_to_city_office(client, office, name, params, edition):
    client.force_login(office)

    response = client.get(reverse(f"applications:{name}"), params)

    assert response.status_code == 200


def test_office_acceptance_page_is_closed_to_units_even_their_own(client, officer, unit, submitted):
    mine = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(officer)

    response = client.get(reverse("applications:office_acceptance", kwargs={"pk": mine.pk}))

    assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(OFFICE_APPLICATION_POST))
def test_office_actions_by_a_unit_are_refused(client, officer, unit, submitted, edition, name):
    set_stage(edition, Stage.ACCEPTANCE)
    mine = submitted(unit, status=Status.RECOMMENDED)
    client.force_login(officer)

    response = post_to(client, name, mine, OFFICE_APPLICATION_POST[name])

    mine.refresh_from_db()
    assert response.status_code == 403
    assert mine.status == Status.RECOMMENDED
    assert Consultation.objects.filter(application=mine).count() == 0


def test_office_extension_post_by_a_unit_is_refused(client, officer, unit, edition):
    client.force_login(officer)

    response = client.post(
        reverse("applications:office_extensions"),
        {"unit": unit.pk, "until": "2099-01-01", "reason": "自己延期"},
    )

    assert response.status_code == 403
    assert unit.deadline_extensions.count() == 0


def test_office_acceptance_page_of_unrecommended_application_is_404(
    client, office, unit, submitted
):
    pending = submitted(unit)
    client.force_login(office)

    response = client.get(reverse("applications:office_acceptance", kwargs={"pk": pending.pk}))

    assert response.status_code == 404


def test_applicant_cannot_open_the_unit_queue(client, unit, submitted):
    application = submitted(unit)
    client.force_login(application.owner)

    queue = client.get(reverse("applications:unit_queue"))
    review = client.get(reverse("applications:unit_review", kwargs={"pk": application.pk}))

    assert queue.status_code == 403
    assert review.status_code == 403


def test_acceptance_list_publicize_by_a_unit_is_refused(client, officer, unit, submitted, edition):
    set_stage(edition, Stage.ACCEPTANCE)
    submitted(unit, status=Status.ACCEPTED)
    client.force_login(officer)

    response = client.post(
        reverse("applications:office_acceptance_publicize"),
        {"start_date": "2023-03-20", "workdays": "5"},
    )

    assert response.status_code == 403
    assert edition.publicity_windows.count() == 0
