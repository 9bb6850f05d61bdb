"""Draft → preview → publish: the draft becomes the current edition in one step, recorded;
the call notice file is public once published; other roles are refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications.editions import services
from applications.models import Edition, EditionEvent, Stage
from award_portal.accounts.models import Role
from tests.applications import helpers
from tests.editions.conftest import edition_post
from tests.factories import UnitOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(office_client, edition):
    office_client.post(reverse("editions:new"), edition_post())
    return Edition.objects.get(number=4)


def _url(name: str, edition: Edition) -> str:
    return reverse(name, kwargs={"pk": edition.pk})


# --- publishing -------------------------------------------------------------------------------


def test_publish_makes_the_draft_the_current_edition(office_client, office, draft, edition):
    response = office_client.post(_url("editions:publish", draft))

    draft.refresh_from_db()
    edition.refresh_from_db()
    assert response.status_code == 302
    assert (draft.is_current, draft.is_draft, draft.stage) == (True, False, Stage.APPLICATION)
    assert edition.is_current is False
    assert Edition.current() == draft
    assert draft.published_by == office
    assert draft.published_at is not None


def test_publish_is_recorded_in_the_editions_trail(office_client, office, draft, edition):
    office_client.post(_url("editions:publish", draft))

    event = EditionEvent.objects.get(edition=draft)
    latest = draft.history.order_by("-history_date", "-pk").first()
    previous = edition.history.order_by("-history_date", "-pk").first()
    assert (event.from_stage, event.to_stage, event.actor) == ("", Stage.APPLICATION, office)
    assert event.reason == "发布征集通知"
    assert (latest.history_user, latest.history_change_reason) == (office, "发布征集通知")
    assert (previous.history_user, previous.is_current) == (office, False)
    assert previous.history_change_reason == (
        "第四届攀枝花市政府质量奖发布征集通知，本届不再是当前届次"
    )
    page = office_client.get(_url("editions:detail", draft)).content.decode()
    assert "发布征集通知" in page
    assert "开启新一届（草稿）" in page


def test_publish_twice_changes_nothing_the_second_time(office_client, draft):
    office_client.post(_url("editions:publish", draft))

    response = office_client.post(_url("editions:publish", draft), follow=True)

    assert "的征集通知已经发布。" in response.content.decode()
    assert EditionEvent.objects.filter(edition=draft).count() == 1


def test_publish_service_refuses_another_role(draft, edition):
    supervisor = UserFactory(role=Role.SUPERVISOR)

    with pytest.raises(services.EditionError):
        services.publish_edition(edition=draft, actor=supervisor)

    draft.refresh_from_db()
    assert (draft.is_draft, Edition.current()) == (True, edition)


def test_home_shows_the_published_edition_and_its_call(office_client, draft):
    office_client.post(_url("editions:publish", draft))

    html = Client().get(reverse("home")).content.decode()

    assert "关于开展第四届攀枝花市政府质量奖评选工作的通知" in html
    assert "第四届攀枝花市政府质量奖（2026—2027年度）" in html


# --- preview ----------------------------------------------------------------------------------


def test_preview_shows_the_home_page_as_it_will_look(office_client, draft, edition):
    response = office_client.get(_url("editions:preview", draft))

    html = response.content.decode()
    assert response.status_code == 200
    assert "预览：这是第四届攀枝花市政府质量奖发布后首页的样子，尚未公开。" in html
    assert "关于开展第四届攀枝花市政府质量奖评选工作的通知" in html
    assert response.context["edition"] == draft
    assert Client().get(reverse("home")).context["edition"] == edition


def test_draft_page_offers_preview_and_publish(office_client, draft):
    html = office_client.get(_url("editions:detail", draft)).content.decode()

    assert "预览首页" in html
    assert "发布征集通知" in html
    assert _url("editions:publish", draft) in html


# --- the notice file --------------------------------------------------------------------------


def test_notice_file_is_downloadable_by_the_public_once_published(office_client, edition):
    pdf = helpers.pdf_bytes("征集通知")
    data = edition_post(notice_upload=SimpleUploadedFile("征集通知.pdf", pdf, "application/pdf"))
    office_client.post(reverse("editions:new"), data)
    draft = Edition.objects.get(number=4)
    public = Client()

    before = public.get(_url("editions:notice_file", draft))
    office_client.post(_url("editions:publish", draft))
    after = public.get(_url("editions:notice_file", draft))

    assert (draft.notice_file_name, draft.notice_file_type) == ("征集通知.pdf", "application/pdf")
    assert before.status_code == 404
    assert after.status_code == 200
    assert b"".join(after.streaming_content) == pdf
    assert _url("editions:notice_file", draft) in public.get(reverse("home")).content.decode()


def test_notice_file_that_is_not_word_or_pdf_is_refused(office_client, edition):
    fake = SimpleUploadedFile("征集通知.pdf", b"<html>not a pdf</html>", "application/pdf")

    response = office_client.post(reverse("editions:new"), edition_post(notice_upload=fake))

    assert response.status_code == 200
    assert "不是 Word 或 PDF 文件" in response.content.decode()
    assert not Edition.objects.filter(number=4).exists()


def test_notice_file_docx_is_accepted(office_client, edition):
    docx = SimpleUploadedFile("通知.docx", helpers.docx_bytes("通知"), "application/octet-stream")

    office_client.post(reverse("editions:new"), edition_post(notice_upload=docx))

    assert Edition.objects.get(number=4).notice_file_type == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )


# --- other roles ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.CITY_OFFICE])
def test_edition_pages_refuse_other_roles(draft, edition, role):
    client = Client()
    user = UnitOfficerFactory() if role == Role.UNIT_OFFICER else UserFactory(role=role)
    client.force_login(user)

    answers = [
        client.get(reverse("editions:manage")).status_code,
        client.get(reverse("editions:new")).status_code,
        client.post(reverse("editions:new"), edition_post(number="5")).status_code,
        client.get(_url("editions:detail", draft)).status_code,
        client.get(_url("editions:edit", draft)).status_code,
        client.get(_url("editions:preview", draft)).status_code,
        client.post(_url("editions:publish", draft)).status_code,
        client.get(_url("editions:notice_file", draft)).status_code,
    ]

    draft.refresh_from_db()
    assert answers == [403, 403, 403, 404, 404, 404, 404, 404]
    assert (draft.is_draft, Edition.current()) == (True, edition)
    assert not Edition.objects.filter(number=5).exists()


def test_edition_pages_send_anonymous_visitors_to_login(draft):
    response = Client().get(reverse("editions:new"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_edition_pages_answer_the_city_office(office_client, draft):
    assert office_client.get(reverse("editions:manage")).status_code == 200
    assert office_client.get(reverse("editions:new")).status_code == 200
    assert office_client.get(_url("editions:edit", draft)).status_code == 200
