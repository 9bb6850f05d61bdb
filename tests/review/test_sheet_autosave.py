"""The score sheet's autosave answers as the applicant's form does (award_portal.autosave):
saved with the time, or refused with a message and the fields to correct, never a login page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from review.models import ItemScore
from tests.review.helpers import score_sheet

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16 10:00")]


def _autosave(client, assignment, data):
    return client.post(reverse("review:assignment_autosave", args=[assignment.pk]), data)


def test_sheet_autosave_answers_saved_with_the_time(client, assignment):
    item = assignment.sheet.rubric.items.get(code="4.1.2")
    client.force_login(assignment.expert.user)

    response = _autosave(client, assignment, {f"item_{item.pk}": "45.00"})

    body = response.json()
    assert (response.status_code, body["saved"], body["message"]) == (200, True, "已自动保存")
    assert body["saved_at"][:5] == "10:00"
    assert body["errors"] == {}
    assert ItemScore.objects.get().score == Decimal("45")


def test_sheet_autosave_of_an_invalid_score_is_refused_with_the_field(client, assignment):
    item = assignment.sheet.rubric.items.get(code="4.1.2")
    client.force_login(assignment.expert.user)

    response = _autosave(client, assignment, {f"item_{item.pk}": "abc"})

    body = response.json()
    assert (response.status_code, body["saved"]) == (400, False)
    assert body["message"] == "有分数无效，未自动保存。"
    assert list(body["errors"]) == [f"item_{item.pk}"]
    assert not ItemScore.objects.exists()


def test_sheet_autosave_of_a_submitted_sheet_is_a_conflict(client, assignment):
    sheet = score_sheet(assignment.sheet, assignment.expert.user, 0.6)
    item = sheet.rubric.items.get(code="4.1.2")
    before = sheet.scores.get(item=item).score
    client.force_login(assignment.expert.user)

    response = _autosave(client, assignment, {f"item_{item.pk}": "10.00"})

    body = response.json()
    assert (response.status_code, body["saved"], body["errors"]) == (409, False, {})
    assert "评分表已提交" in body["message"]
    assert sheet.scores.get(item=item).score == before


def test_sheet_autosave_signed_out_answers_401_not_a_login_page(client, assignment):
    response = _autosave(client, assignment, {"overall_comment": "x"})

    body = response.json()
    assert (response.status_code, body["saved"]) == (401, False)
    assert "登录已过期" in body["message"]


def test_sheet_saved_from_the_page_tells_the_script_to_drop_its_copy(client, assignment):
    item = assignment.sheet.rubric.items.get(code="4.1.2")
    client.force_login(assignment.expert.user)
    url = reverse("review:assignment_detail", args=[assignment.pk])

    saved = client.post(url, {f"item_{item.pk}": "45.00", "save_draft": "1"})
    after = client.get(saved.url).content.decode()
    plain = client.get(url).content.decode()

    assert saved.url == f"{url}?saved=1"
    assert 'data-saved="1"' in after
    assert 'data-saved="1"' not in plain
    assert 'data-autosave-status="autosave-status"' in plain
    assert 'id="autosave-status"' in plain
