"""The applicant's pages take hostile input: a clear error or a correct save, never a 500."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from applications.intake.forms import form_class_for
from applications.models import Application, Status
from tests.badinput.helpers import NUL_REFUSED, answered, hostile
from tests.badinput.strategies import SCRIPT, hostile_form, hostile_text

CATEGORY_CODES = ("general", "medical", "education", "team", "individual")


def _field_names(application) -> list[str]:
    return list(form_class_for(application.category)(edition=application.edition).fields)


@pytest.mark.django_db
@pytest.mark.parametrize("code", CATEGORY_CODES)
def test_category_form_autosave_with_hostile_values_saves_or_explains(make_draft, client, code):
    application = make_draft(code, materials=False)
    client.force_login(application.owner)
    url = reverse("applications:autosave", args=[application.pk])

    @hostile
    @given(data=hostile_form(_field_names(application)))
    def autosave(data):
        response = client.post(url, data)

        assert answered(response) in (200, 400, NUL_REFUSED)
        body = response.json()
        if response.status_code == 200:
            assert body["saved"] is True
        else:
            assert body["saved"] is False and body["message"]

    autosave()


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["general", "individual"])
def test_category_form_save_and_submit_with_hostile_values_never_fails(make_draft, client, code):
    application = make_draft(code, materials=False)
    client.force_login(application.owner)
    url = reverse("applications:edit", args=[application.pk])

    @hostile
    @given(data=hostile_form(_field_names(application)), submit=st.booleans())
    def save(data, submit):
        if submit:
            data = {**data, "action": "submit"}
        response = client.post(url, data)

        assert answered(response) in (200, 302, NUL_REFUSED)
        application.refresh_from_db()
        assert application.status in (Status.DRAFT, Status.SUBMITTED)
        if application.status == Status.SUBMITTED:  # a valid form went through: start over
            Application.objects.filter(pk=application.pk).update(status=Status.DRAFT)

    save()


@pytest.mark.django_db
def test_new_application_with_hostile_category_is_refused_with_message(
    open_edition, org_user, client
):
    client.force_login(org_user)

    @hostile
    @given(category=hostile_text())
    def create(category):
        response = client.post(reverse("applications:new"), {"category": category})

        if answered(response) != NUL_REFUSED:
            assert response.status_code == 200
            assert response.context["form"].errors["category"]

    create()


@pytest.mark.django_db
def test_invitation_with_hostile_email_is_refused_with_message(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    @hostile
    @given(email=hostile_text())
    def invite(email):
        response = client.post(
            reverse("applications:invite", args=[application.pk]), {"email": email}
        )

        assert answered(response) in (302, NUL_REFUSED)

    invite()
    assert application.invitations.count() == 0


@pytest.mark.django_db
def test_withdraw_move_with_hostile_reason_is_saved_or_explained(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    url = reverse("applications:move", args=[application.pk, "withdraw"])

    @hostile
    @given(reason=hostile_text(), note=hostile_text(), next_url=hostile_text())
    def withdraw(reason, note, next_url):
        before = application.events.count()

        response = client.post(url, {"reason": reason, "internal_note": note, "next": next_url})

        assert answered(response) in (302, 400, NUL_REFUSED)
        application.refresh_from_db()
        if response.status_code == 302:
            assert response.url.startswith("/")
            assert application.status == Status.WITHDRAWN
            assert application.events.count() == before + 1
            assert application.events.latest("id").reason == reason.strip()
            Application.objects.filter(pk=application.pk).update(status=Status.DRAFT)
        else:  # a NUL character: refused with a message, nothing written
            assert "\x00" in reason + note + next_url
            assert "空字符" in response.content.decode()
            assert application.events.count() == before

    withdraw()


@pytest.mark.django_db
def test_draft_with_script_name_is_escaped_on_the_page(make_draft, client):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)
    client.post(
        reverse("applications:autosave", args=[application.pk]),
        {"org_name": SCRIPT, "profile": SCRIPT},
    )

    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    edit = client.get(reverse("applications:edit", args=[application.pk])).content.decode()

    for page in (detail, edit):
        assert SCRIPT not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
