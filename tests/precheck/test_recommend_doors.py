"""Recommending from any page: the application's move button (applications:move), the unit's
review page (applications:unit_recommend) and its queue (applications:unit_bulk_recommend)
make the same lifecycle move, whose reason is the unit's 初核和推荐意见 and whose effect keeps
it with the pre-check, where the recommendation letter, the office's page and the lists read
it."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from applications.models import PrecheckReview, Stage, Status
from tests.precheck.conftest import checks_passed, prechecked, set_stage

pytestmark = pytest.mark.now("2026-11-16")

OPINION = "经初核，申报材料完整、真实、准确、合法，同意推荐。"


def _by_move_button(client, application, opinion):
    return client.post(
        reverse("applications:move", args=[application.pk, "recommend"]),
        {"reason": opinion, "next": reverse("applications:unit_review", args=[application.pk])},
        follow=True,
    )


def _by_review_page(client, application, opinion):
    return client.post(
        reverse("applications:unit_recommend", args=[application.pk]),
        {"opinion": opinion},
        follow=True,
    )


def _by_queue(client, application, opinion):
    return client.post(
        reverse("applications:unit_bulk_recommend"),
        {"ids": [application.pk], "opinion": opinion},
        follow=True,
    )


DOORS = {"move_button": _by_move_button, "review_page": _by_review_page, "queue": _by_queue}


def _letter_text(client, application) -> str:
    response = client.get(reverse("applications:unit_letter", args=[application.pk]))
    return "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)


def test_move_button_asks_for_the_units_opinion(client, officer, unit, submitted):
    application = prechecked(submitted(unit), officer)
    client.force_login(officer)

    html = client.get(reverse("applications:detail", args=[application.pk])).content.decode()

    form = html.split(reverse("applications:move", args=[application.pk, "recommend"]))[1]
    assert "初核和推荐意见（必填）" in form.split("</form>")[0]


@pytest.mark.parametrize("door", DOORS)
def test_recommending_through_any_page_keeps_the_opinion_for_the_letter(
    door, client, officer, office, edition, unit, submitted
):
    application = prechecked(submitted(unit), officer)
    client.force_login(officer)

    DOORS[door](client, application, OPINION)
    letter = _letter_text(client, application)
    review_page = client.get(reverse("applications:unit_review", args=[application.pk]))
    unit_sheet = client.get(reverse("applications:unit_export"))
    set_stage(edition, Stage.ACCEPTANCE)
    client.force_login(office)
    office_page = client.get(reverse("applications:office_acceptance", args=[application.pk]))
    office_sheet = client.get(reverse("applications:office_export"))

    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED
    assert PrecheckReview.objects.get(application=application).opinion == OPINION
    assert application.events.get().reason == OPINION
    assert OPINION in letter and "（尚未出具意见）" not in letter
    assert f"初核和推荐意见</strong>：{OPINION}" in review_page.content.decode()
    assert f"初核和推荐意见</strong>：{OPINION}" in office_page.content.decode()
    for sheet in (unit_sheet, office_sheet):
        rows = list(load_workbook(io.BytesIO(sheet.content)).active.values)
        assert [row for row in rows if application.reference in row][0][-1] == OPINION


def test_move_button_without_the_opinion_is_refused(client, officer, unit, submitted):
    application = prechecked(submitted(unit), officer)
    client.force_login(officer)

    page = _by_move_button(client, application, "   ").content.decode()

    application.refresh_from_db()
    assert "请填写初核和推荐意见。" in page
    assert application.status == Status.SUBMITTED
    assert PrecheckReview.objects.get(application=application).opinion == ""
    assert not application.events.exists()


def test_opinion_of_a_refused_recommendation_is_not_kept(client, officer, unit, submitted):
    # The checks are passed but no paper copy is recorded: the move's guard refuses it.
    application = submitted(unit)
    checks_passed(application, officer)
    client.force_login(officer)

    page = _by_move_button(client, application, OPINION).content.decode()

    application.refresh_from_db()
    assert "尚未登记收到纸质申报材料，不能推荐。" in page
    assert application.status == Status.SUBMITTED
    assert PrecheckReview.objects.get(application=application).opinion == ""
