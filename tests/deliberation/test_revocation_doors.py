"""Revoking an award from either page: the application's move button (applications:move) and
the award page's revocation form (review:deliberation_revoke) make the same lifecycle move,
whose effect records the revocation, so the public certificate check says so either way."""

from datetime import date

import pytest
from django.urls import reverse

from applications.models import ApplicationEvent, Notification, Status
from review.models import Certificate, DeliberationEvent, Revocation
from tests.deliberation.test_pages import _awarded

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-11-16")]

REASON = "获奖后发生重大质量安全事故。"
NUMBER = "攀府函〔2024〕12号"
FILLED = {"reason": REASON, "document_number": NUMBER, "decided_on": "2026-11-16"}


def _by_move_button(client, application, data):
    detail = reverse("applications:detail", args=[application.pk])
    return client.post(
        reverse("applications:move", args=[application.pk, "revoke"]),
        {**data, "next": detail},
        follow=True,
    )


def _by_award_page(client, application, data):
    return client.post(
        reverse("review:deliberation_revoke", args=[application.pk]), data, follow=True
    )


DOORS = {"move_button": _by_move_button, "award_page": _by_award_page}
DONE = {
    "move_button": "已完成“撤销奖励”，申报状态为“已撤销奖励”。",
    "award_page": "已撤销该奖励，证书查询将显示为已撤销。",
}


def _verify(client, number: str) -> str:
    client.logout()
    return client.get(reverse("review:certificate_verify"), {"number": number}).content.decode()


def test_move_button_of_an_award_asks_for_what_a_revocation_needs(
    delib_edition, office, leader, client
):
    winner = _awarded(delib_edition, office, leader, ["李犇"])[0]
    client.force_login(office)

    html = client.get(reverse("applications:detail", args=[winner.pk])).content.decode()

    form = html.split(reverse("applications:move", args=[winner.pk, "revoke"]))[1].split("</form>")[
        0
    ]
    assert "撤销理由（必填）" in form
    assert 'name="document_number"' in form and "撤销文号（必填）" in form
    assert 'type="date"' in form and 'name="decided_on"' in form and 'value="2026-11-16"' in form


@pytest.mark.parametrize("door", DOORS)
def test_revoking_through_either_page_records_the_revocation(
    door, delib_edition, office, leader, client
):
    winner = _awarded(delib_edition, office, leader, ["李犇"])[0]
    number = Certificate.objects.get(application=winner).number
    valid = _verify(client, number)
    client.force_login(office)

    page = DOORS[door](client, winner, FILLED).content.decode()
    checked = _verify(client, number)

    winner.refresh_from_db()
    revocation = Revocation.objects.get(application=winner)
    event = ApplicationEvent.objects.filter(application=winner).latest("at", "id")
    assert "证书有效" in valid
    assert winner.status == Status.REVOKED
    assert (
        revocation.reason,
        revocation.document_number,
        revocation.decided_on,
        revocation.recorded_by,
    ) == (REASON, NUMBER, date(2026, 11, 16), office)
    assert (event.move, event.reason, event.actor) == ("revoke", REASON, office)
    assert list(
        DeliberationEvent.objects.filter(
            application=winner, kind=DeliberationEvent.Kind.REVOKED
        ).values_list("note", flat=True)
    ) == [f"{NUMBER} {REASON}"]
    assert Notification.objects.filter(event=event, recipient=winner.owner.email).count() == 1
    assert DONE[door] in page
    assert "该证书已撤销" in checked and "已于2026年11月16日撤销" in checked and NUMBER in checked
    assert "证书有效" not in checked
    assert Certificate.objects.filter(application=winner).count() == 1


@pytest.mark.parametrize("door", DOORS)
@pytest.mark.parametrize(
    ("missing", "blank", "message"),
    [
        ("reason", "  ", "请填写撤销理由。"),
        ("document_number", " ", "请填写撤销文号。"),
        ("decided_on", "", "请填写撤销日期。"),
    ],
)
def test_revocation_missing_what_it_needs_is_refused_in_chinese(
    door, missing, blank, message, delib_edition, office, leader, client
):
    winner = _awarded(delib_edition, office, leader, ["李犇"])[0]
    number = Certificate.objects.get(application=winner).number
    client.force_login(office)

    page = DOORS[door](client, winner, {**FILLED, missing: blank}).content.decode()
    checked = _verify(client, number)

    winner.refresh_from_db()
    assert message in page
    assert winner.status == Status.AWARDED
    assert Revocation.objects.count() == 0
    assert not DeliberationEvent.objects.filter(kind=DeliberationEvent.Kind.REVOKED).exists()
    assert "证书有效" in checked


@pytest.mark.parametrize("door", DOORS)
def test_revocation_dated_tomorrow_is_refused(door, delib_edition, office, leader, client):
    winner = _awarded(delib_edition, office, leader, ["李犇"])[0]
    client.force_login(office)

    page = DOORS[door](client, winner, {**FILLED, "decided_on": "2026-11-17"}).content.decode()

    winner.refresh_from_db()
    assert "撤销日期不能晚于今天。" in page
    assert winner.status == Status.AWARDED
    assert Revocation.objects.count() == 0


def test_refused_revocation_on_the_award_page_keeps_what_was_typed(
    delib_edition, office, leader, client
):
    winner = _awarded(delib_edition, office, leader, ["李犇"])[0]
    client.force_login(office)

    response = client.post(
        reverse("review:deliberation_revoke", args=[winner.pk]), {**FILLED, "document_number": ""}
    )

    html = response.content.decode()
    form = response.context["revoke_sent"]
    assert response.status_code == 400
    assert response.context["revoked"] == winner.pk
    assert form["reason"].value() == REASON
    assert "请填写撤销文号。" in html and REASON in html and "<details open>" in html
