"""Notice §五(一): the internal publicity (单位内部公示) is held for this edition's call, and a
branch, internal or dispatched body is publicized by the unit it belongs to."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from applications.intake import services
from applications.intake.forms import as_form_data
from applications.intake.forms.general import GeneralForm
from applications.lifecycle import TransitionError
from applications.models import Edition, Status
from tests.applications.helpers import valid_data

# The internal publicity needs working days of a year the calendar knows.
pytestmark = pytest.mark.now("2026-03-02")


def _form(edition, unit, *, strict=True, **answers):
    data = {**valid_data("general", unit.pk), **answers}
    return GeneralForm(data=as_form_data(data), edition=edition, strict=strict)


def _days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


# --- the call period ----------------------------------------------------------------------------


def test_publicity_inside_the_call_period_is_valid(open_edition, unit):
    form = _form(open_edition, unit)

    assert form.is_valid(), form.errors


@pytest.mark.parametrize("strict", [True, False])
def test_publicity_starting_before_the_notice_is_a_form_error(open_edition, unit, strict):
    before = open_edition.notice_date - timedelta(days=1)

    form = _form(
        open_edition,
        unit,
        strict=strict,
        publicity_start=before.isoformat(),
        publicity_end=_days(-7),
    )

    assert form.errors["publicity_start"] == [
        "内部公示须在本届评选通知发布后进行：开始日期不能早于通知日期"
        f"{open_edition.notice_date:%Y-%m-%d}，请填写为本届申报进行的公示。"
    ]


def test_publicity_without_a_notice_date_is_measured_from_the_opening(open_edition, unit):
    Edition.objects.filter(pk=open_edition.pk).update(notice_date=None)
    open_edition.refresh_from_db()
    before = open_edition.applications_open - timedelta(days=1)

    form = _form(open_edition, unit, publicity_start=before.isoformat(), publicity_end=_days(-7))

    assert form.errors["publicity_start"] == [
        "内部公示须为本届申报进行：开始日期不能早于本届开始受理申报的日期"
        f"{open_edition.applications_open:%Y-%m-%d}。"
    ]


def test_publicity_ending_after_the_deadline_is_a_form_error(open_edition, unit):
    after = open_edition.recommendation_deadline + timedelta(days=1)

    form = _form(open_edition, unit, publicity_start=_days(-10), publicity_end=after.isoformat())

    assert form.errors["publicity_end"] == [
        f"内部公示结束日期不能晚于本届推荐截止日期{open_edition.recommendation_deadline:%Y-%m-%d}。"
    ]


def test_submission_with_an_old_publicity_is_refused(make_draft, open_edition):
    application = make_draft()
    old = open_edition.notice_date - timedelta(days=30)
    services.save_draft(
        application=application,
        actor=application.owner,
        values={
            **application.data,
            "publicity_start": old.isoformat(),
            "publicity_end": (old + timedelta(days=14)).isoformat(),
        },
    )

    with pytest.raises(TransitionError) as refused:
        services.submit_application(application=application, actor=application.owner)

    application.refresh_from_db()
    assert "开始日期不能早于通知日期" in refused.value.message
    assert application.status == Status.DRAFT


def test_submission_with_a_publicity_in_the_call_is_accepted(make_draft):
    application = make_draft()

    services.submit_application(application=application, actor=application.owner)

    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_edit_page_shows_the_period_error_at_the_field(client, make_draft, open_edition):
    application = make_draft()
    old = open_edition.notice_date - timedelta(days=30)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:edit", kwargs={"pk": application.pk}),
        {
            **application.data,
            "publicity_start": old.isoformat(),
            "publicity_end": (old + timedelta(days=14)).isoformat(),
            "action": "submit",
        },
    )

    application.refresh_from_db()
    assert response.status_code == 200
    assert "开始日期不能早于通知日期" in response.content.decode()
    assert application.status == Status.DRAFT


# --- a branch, internal or dispatched body --------------------------------------------------------


def test_branch_body_without_the_publicizing_unit_is_refused(open_edition, unit):
    form = _form(open_edition, unit, is_branch_body="yes", publicity_held_by="")

    assert form.errors["publicity_held_by"] == [
        "申报组织为分支、内设或派出机构的，由有关单位在单位内部公示，请填写该单位名称。"
    ]


def test_branch_body_with_the_publicizing_unit_is_valid(open_edition, unit):
    form = _form(open_edition, unit, is_branch_body="yes", publicity_held_by="攀钢集团有限公司")

    assert form.is_valid(), form.errors


def test_the_form_asks_whether_the_applicant_is_a_branch_body(open_edition, unit):
    form = _form(open_edition, unit, is_branch_body="")

    assert form.errors["is_branch_body"] == ["这个字段是必填项。"]


def _branch(make_draft):
    application = make_draft(materials=False)
    services.save_draft(
        application=application,
        actor=application.owner,
        values={
            **application.data,
            "is_branch_body": "yes",
            "publicity_held_by": "攀钢集团有限公司",
        },
    )
    return application


def test_detail_page_shows_the_unit_that_held_the_publicity(client, make_draft):
    application = _branch(make_draft)
    client.force_login(application.owner)

    response = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))

    text = response.content.decode()
    assert "组织内部公示的单位" in text
    assert "攀钢集团有限公司" in text


def test_detail_page_of_an_independent_organization_has_no_publicizing_unit_row(client, make_draft):
    application = make_draft(materials=False)
    client.force_login(application.owner)

    response = client.get(reverse("applications:detail", kwargs={"pk": application.pk}))

    assert 'id="row-publicity_held_by"' not in response.content.decode()


def test_word_form_names_the_unit_that_held_the_publicity(client, make_draft):
    application = _branch(make_draft)
    client.force_login(application.owner)

    response = client.get(reverse("applications:export_docx", kwargs={"pk": application.pk}))

    document = Document(io.BytesIO(response.content))
    text = "\n".join(cell.text for table in document.tables for r in table.rows for cell in r.cells)
    assert "组织内部公示的单位" in text
    assert "已由攀钢集团有限公司于" in text


def test_pdf_form_names_the_unit_that_held_the_publicity(client, make_draft):
    application = _branch(make_draft)
    client.force_login(application.owner)

    response = client.get(reverse("applications:export_pdf", kwargs={"pk": application.pk}))

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "攀钢集团有限公司" in text.replace("\n", "")
