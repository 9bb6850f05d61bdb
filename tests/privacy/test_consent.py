"""The privacy notice at registration, and consent recorded with its version and time; an
applicant who has not agreed to the current notice is asked at the next sign-in."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from award_portal.accounts.models import Role, User
from award_portal.privacy.models import PrivacyConsent
from tests.applications.helpers import register
from tests.factories import PASSWORD, UnitOfficerFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.now("2026-12-03 09:30")]


def test_registration_shows_what_is_collected_and_why(client):
    page = client.get(reverse("accounts:register")).content.decode()

    assert "个人信息处理告知" in page
    assert f"版本 {settings.PRIVACY_NOTICE_VERSION}" in page
    assert "身份证号" in page and "用途" in page


def test_registration_records_the_consent_with_its_version_and_time(client):
    register(client)

    user = User.objects.get(username="new@example.cn")
    consent = PrivacyConsent.objects.get(user=user)
    assert consent.version == settings.PRIVACY_NOTICE_VERSION == "2026-12"
    assert consent.occasion == PrivacyConsent.Occasion.REGISTRATION
    assert timezone.localtime(consent.at).strftime("%Y-%m-%d %H:%M") == "2026-12-03 09:30"
    assert consent.ip_address == "127.0.0.1"


def test_registration_without_consent_records_nothing(client):
    response = register(client, consent="")

    assert "须同意个人信息的使用才能注册。" in response.content.decode()
    assert not PrivacyConsent.objects.exists()


def _sign_in(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def test_an_applicant_without_consent_is_asked_at_sign_in(client):
    user = UserFactory(username="old@example.cn", _consent=False)
    _sign_in(client, user)
    dashboard = reverse("applications:dashboard")

    held = client.get(dashboard)
    refused = client.post(reverse("privacy:consent"), {"next": dashboard})
    agreed = client.post(reverse("privacy:consent"), {"next": dashboard, "agree": "on"})

    assert held.status_code == 302
    assert held["Location"] == f"{reverse('privacy:consent')}?next=%2Fapplications%2F"
    assert "须同意个人信息处理告知才能继续使用本平台。" in refused.content.decode()
    assert agreed.status_code == 302 and agreed["Location"] == dashboard
    consent = PrivacyConsent.objects.get(user=user)
    assert (consent.version, consent.occasion) == ("2026-12", "sign_in")
    assert client.get(dashboard).status_code == 200


def test_an_older_version_is_asked_again(client):
    user = UserFactory(username="older@example.cn", _consent=False)
    PrivacyConsent.objects.create(
        user=user, username=user.username, version="earlier", occasion="registration"
    )
    _sign_in(client, user)

    assert client.get(reverse("applications:dashboard")).status_code == 302
    profile = client.get(reverse("privacy:consent")).content.decode()
    assert "同意并继续" in profile


def test_a_consenting_applicant_and_staff_are_not_held(client):
    applicant = UserFactory(username="agreed@example.cn")
    officer = UnitOfficerFactory(username="dongqu-officer")
    assert officer.role == Role.UNIT_OFFICER
    for user, page in ((applicant, "applications:dashboard"), (officer, "accounts:profile")):
        client.logout()
        _sign_in(client, user)
        assert client.get(reverse(page)).status_code == 200, user


def test_the_account_page_shows_the_consent(client):
    user = UserFactory(username="shown@example.cn")
    client.force_login(user)

    page = client.get(reverse("accounts:profile")).content.decode()

    assert "同意了个人信息处理告知（版本 2026-12）" in page
    assert reverse("privacy:my_data") in page


def test_the_notice_is_public(client):
    page = client.get(reverse("privacy:notice"))

    assert page.status_code == 200
    assert "个人信息处理告知" in page.content.decode()
