"""An account without a verified email address fills drafts but does not submit, and an
invitation is accepted only by the account whose verified address was invited."""

import pytest
from django.urls import reverse

from applications import lifecycle
from applications.guards import email_verified
from applications.intake import services
from applications.lifecycle.table import MOVES_BY_NAME
from applications.models import Invitation, Status
from award_portal.accounts.models import User
from tests.factories import UnitOfficerFactory, UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = pytest.mark.now("2026-11-16")

VERIFICATION_PAGE = reverse("accounts:email_verification")


def _edit_url(application):
    return reverse("applications:edit", kwargs={"pk": application.pk})


def _unverify(user: User) -> User:
    User.objects.filter(pk=user.pk).update(verified_email="")
    user.refresh_from_db()
    return user


# --- submitting ---------------------------------------------------------------------------------


def test_stage1_submit_moves_guard_the_verified_email():
    for name in ("submit", "resubmit"):
        assert email_verified in MOVES_BY_NAME[name].guards


def test_unverified_applicant_saves_drafts_but_cannot_submit(client, make_draft):
    application = make_draft("general")
    owner = _unverify(application.owner)
    client.force_login(owner)

    saved = client.post(_edit_url(application), {**application.data, "org_name": "新名称"})
    refused = client.post(_edit_url(application), {**application.data, "action": "submit"})

    assert saved.status_code == 302
    page = refused.content.decode()
    assert refused.status_code == 200
    assert "尚不能提交：您的邮箱尚未验证，不能提交申报" in page
    assert f'href="{VERIFICATION_PAGE}"' in page
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"


def test_applicant_registered_with_only_a_mobile_number_cannot_submit(client, make_draft):
    mobile_only = UserFactory(
        username="13900000001",
        email="",
        phone="13900000001",
        applicant_kind="organization",
        organization_name="攀枝花钒钛精工有限公司",
    )
    application = make_draft("general", owner=mobile_only)
    client.force_login(mobile_only)

    response = client.post(_edit_url(application), {**application.data, "action": "submit"})

    assert response.status_code == 200
    assert "您的邮箱尚未验证，不能提交申报" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_applicant_submits_once_the_address_is_verified(client, make_draft):
    application = make_draft("general")
    owner = _unverify(application.owner)
    client.force_login(owner)
    client.post(_edit_url(application), {**application.data, "action": "submit"})

    User.objects.filter(pk=owner.pk).update(verified_email=owner.email)
    response = client.post(_edit_url(application), {**application.data, "action": "submit"})

    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_unverified_applicant_cannot_resubmit_a_returned_application(make_draft, unit):
    application = make_draft("general")
    services.submit_application(application=application, actor=application.owner)
    lifecycle.transition(
        application=application,
        to=Status.RETURNED,
        actor=UnitOfficerFactory(unit=unit),
        reason="请补充研发投入。",
    )
    owner = _unverify(application.owner)

    with pytest.raises(lifecycle.TransitionError) as refusal:
        services.submit_application(application=application, actor=owner)

    assert "您的邮箱尚未验证" in refusal.value.message
    application.refresh_from_db()
    assert application.status == Status.RETURNED


def test_dashboard_tells_an_unverified_applicant_where_to_verify(client, org_user):
    client.force_login(_unverify(org_user))

    page = client.get(reverse("applications:dashboard")).content.decode()

    assert "尚未验证" in page
    assert f'href="{VERIFICATION_PAGE}"' in page


# --- invitations --------------------------------------------------------------------------------


@pytest.fixture
def invitation(make_draft):
    application = make_draft("general", materials=False)
    return services.invite_collaborator(
        application=application, inviter=application.owner, email="Colleague@Example.cn"
    )


def _accept(client, invitation):
    return client.post(
        reverse("applications:accept_invitation", kwargs={"token": invitation.token}),
        follow=True,
    )


def test_invitation_is_refused_to_another_account_that_holds_the_link(client, invitation):
    stranger = UserFactory(username="stranger", applicant_kind="organization")
    client.force_login(stranger)

    page = client.get(reverse("applications:accept_invitation", kwargs={"token": invitation.token}))
    response = _accept(client, invitation)

    assert list(invitation.application.collaborators.all()) == []
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is None
    assert "这份邀请发给了 colleague@example.cn" in page.content.decode()
    assert "只有以该邮箱注册并验证的账户可以接受" in response.content.decode()


def test_invitation_is_refused_to_the_invited_address_until_it_is_verified(client, invitation):
    colleague = UserFactory(username="colleague", email="colleague@example.cn", verified_email="")
    client.force_login(colleague)

    refused = _accept(client, invitation)
    User.objects.filter(pk=colleague.pk).update(verified_email="colleague@example.cn")
    accepted = _accept(client, invitation)

    assert "请先验证您的邮箱再接受邀请" in refused.content.decode()
    assert f'href="{VERIFICATION_PAGE}"' in refused.content.decode()
    assert accepted.redirect_chain[-1][0] == _edit_url(invitation.application)
    assert list(invitation.application.collaborators.all()) == [colleague]


def test_invitation_address_is_compared_without_case(client, invitation):
    colleague = UserFactory(username="colleague", email="COLLEAGUE@example.CN")
    client.force_login(colleague)

    _accept(client, invitation)

    assert list(invitation.application.collaborators.all()) == [colleague]


def test_invitation_page_for_visitors_names_the_invited_address(client, invitation):
    page = client.get(
        reverse("applications:accept_invitation", kwargs={"token": invitation.token})
    ).content.decode()

    assert "邀请发给 colleague@example.cn" in page
    assert "email=colleague%40example.cn" in page
