import pytest
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from applications.models import Application
from award_portal.accounts.models import AuthEvent, Role, User

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_one_user_per_role_and_prints_logins(capsys):
    call_command("seed_demo")

    out = capsys.readouterr().out
    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    assert "Demo-Award-2023" in out
    assert "office" in out and "dongqu" in out
    numbers = set(Application.objects.values_list("edition__number", flat=True))
    # The 3rd and 4th editions always; the demo editions where the calendar knows the dates.
    assert {3, 4} <= numbers <= {3, 4, *range(91, 96)}


def test_seed_demo_twice_creates_nothing_twice():
    call_command("seed_demo")
    users, applications = User.objects.count(), Application.objects.count()

    call_command("seed_demo")

    assert (User.objects.count(), Application.objects.count()) == (users, applications)


def test_demo_user_can_log_in(client):
    call_command("seed_demo")

    response = client.post(
        reverse("accounts:login"),
        {"username": "dongqu", "password": "Demo-Award-2023"},
        follow=True,
    )

    assert response.context["user"].username == "dongqu"


def test_every_model_is_in_the_admin():
    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"accounts", "applications", "review", "publicity"}
        and not m.__name__.startswith("Historical")
        and not m._meta.auto_created
    ]

    missing = [m.__name__ for m in ours if not admin.site.is_registered(m)]
    assert missing == []


@pytest.fixture
def admin_client_(client):
    call_command("seed_demo")
    client.force_login(User.objects.get(username="admin"))
    return client


def test_admin_changelists_open_for_every_model(admin_client_):
    for model in admin.site._registry:
        if model._meta.app_label not in {"accounts", "applications", "review", "publicity"}:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert admin_client_.get(url).status_code == 200, url


def test_audit_log_cannot_be_changed_or_deleted_in_admin(admin_client_):
    admin_client_.get("/")  # any request
    AuthEvent.objects.create(kind=AuthEvent.Kind.LOGIN, username="x")
    event = AuthEvent.objects.first()

    change = admin_client_.post(
        reverse("admin:accounts_authevent_change", args=[event.pk]), {"username": "forged"}
    )
    delete = admin_client_.post(
        reverse("admin:accounts_authevent_delete", args=[event.pk]), {"post": "yes"}
    )

    assert change.status_code == 403
    assert delete.status_code == 403
    assert AuthEvent.objects.get(pk=event.pk).username == "x"


def test_application_admin_shows_moves_from_the_table_and_no_status_field(admin_client_):
    application = Application.objects.first()

    response = admin_client_.get(
        reverse("admin:applications_application_change", args=[application.pk])
    )

    body = response.content.decode()
    assert "提交申报 → 已提交" in body
    assert 'name="status"' not in body


@pytest.mark.real_otp
def test_demo_staff_sign_in_with_the_printed_second_factor(client):
    from applications.demo import current_demo_code

    call_command("seed_demo")
    client.post(reverse("accounts:login"), {"username": "office", "password": "Demo-Award-2023"})

    response = client.post(
        reverse("accounts:otp_verify"), {"code": current_demo_code()}, follow=True
    )

    assert response.context["user"].username == "office"
    assert response.redirect_chain[-1][0] == reverse("applications:edition_progress")
