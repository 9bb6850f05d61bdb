"""The suite-wide `force_login` passes the second factor with a real device."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from award_portal.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_force_login_of_staff_passes_the_second_factor_with_a_real_device(client):
    user = UserFactory(role=Role.CITY_OFFICE)

    client.force_login(user)
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=True).count() == 1


def test_force_login_of_an_applicant_creates_no_device(client):
    user = UserFactory()

    client.force_login(user)

    assert client.get(reverse("accounts:profile")).status_code == 200
    assert TOTPDevice.objects.filter(user=user).count() == 0


@pytest.mark.real_otp
def test_real_otp_marker_leaves_force_login_unverified(client):
    user = UserFactory(role=Role.CITY_OFFICE)

    client.force_login(user)
    response = client.get(reverse("accounts:profile"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:otp_setup"))
