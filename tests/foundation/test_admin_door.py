"""The Django admin as a door to the data: statuses only through the lifecycle, submitted
content read-only, a correction as an audited move with a reason, every label in Chinese."""

import gettext
import html
import re
from pathlib import Path

import pytest
from axes.models import AccessLog
from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.admin import SimpleHistoryAdmin

from applications.models import Application, ApplicationEvent, Edition, Material, Stage, Status
from award_portal.accounts.admin import HistoryAdmin
from award_portal.accounts.models import Role
from tests.applications.helpers import valid_data
from tests.factories import (
    AdministratorFactory,
    ApplicationFactory,
    EditionFactory,
    UnitFactory,
    UserFactory,
)
from tests.foundation.test_catalogue import _po_entries
from tests.lifecycle.conftest import made, put

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "applications", "review", "publicity"}
STATUS_FIELD_NAMES = {"status", "stage"}
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
TECHNICAL_TERMS = {"IP", "HTTP", "Accept", "GET", "POST", "SHA", "Unix", "Word"}
THIRD_PARTY_CATALOGUE = (
    Path(settings.BASE_DIR) / "award_portal" / "third_party_locale" / "zh_Hans" / "LC_MESSAGES"
)


@pytest.fixture
def admin_user(db):
    return AdministratorFactory(
        username="系统管理员", full_name="系统管理员", email="admin@example.cn"
    )


@pytest.fixture
def admin_site(client, admin_user):
    """A client signed in to the admin as the system administrator."""
    client.force_login(admin_user)
    # The rows the sign-in wrote hold Chinese data, so any English left on a page is a label.
    TOTPDevice.objects.filter(user=admin_user).update(name="手机")
    AccessLog.objects.update(user_agent="浏览器", http_accept="网页", path_info="/登录/")
    return client


@pytest.fixture
def filled_application(db):
    unit = UnitFactory(name="东区")
    return ApplicationFactory(
        unit=unit,
        applicant_name="攀枝花钒钛精工有限公司",
        data=valid_data("general", unit.pk),
    )


def _shown_text(response) -> str:
    """The text a reader sees: no tags, scripts or styles."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


def _latin_lines(response) -> list[str]:
    """The lines with an English word, but for the technical names kept in Chinese text."""
    return [
        line.strip()
        for line in _shown_text(response).splitlines()
        if set(LATIN_WORD.findall(line)) - TECHNICAL_TERMS
    ]


def _form_data(response) -> dict:
    """What the browser would send back from an admin change form, unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, forms.MultiWidget):  # the split date and time
            for i, part in enumerate(field.widget.decompress(value)):
                data[f"{name}_{i}"] = "" if part is None else str(part)
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
    return data


# --- labels ---------------------------------------------------------------------------------


def test_admin_index_names_every_app_and_model_in_chinese(admin_site):
    response = admin_site.get(reverse("admin:index"))

    assert response.status_code == 200
    assert _latin_lines(response) == []
    text = _shown_text(response)
    for name in ("登录防护", "登录失败尝试", "登录日志", "动态口令", "动态口令设备", "模型名称"):
        assert name in text


@pytest.mark.parametrize(
    "url",
    [
        "admin:axes_accessattempt_changelist",
        "admin:axes_accessfailurelog_changelist",
        "admin:axes_accesslog_changelist",
        "admin:otp_totp_totpdevice_changelist",
        "admin:otp_totp_totpdevice_add",
        "admin:auth_group_changelist",
    ],
)
def test_third_party_admin_pages_speak_chinese(admin_site, url):
    response = admin_site.get(reverse(url))

    assert response.status_code == 200
    assert _latin_lines(response) == []


def test_two_factor_device_form_speaks_chinese(admin_site, admin_user):
    device = TOTPDevice.objects.get(user=admin_user)

    response = admin_site.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))

    assert _latin_lines(response) == []
    assert "口令位数" in _shown_text(response)


def test_third_party_catalogue_is_translated_and_compiled():
    entries = _po_entries(THIRD_PARTY_CATALOGUE / "django.po")[1:]
    with (THIRD_PARTY_CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)

    assert [e["msgid"] for e in entries if "fuzzy" in e.get("flags", ())] == []
    assert [e["msgid"] for e in entries if not all(v for k, v in e.items() if "msgstr" in k)] == []
    singular = [e for e in entries if "msgid_plural" not in e]
    assert [e["msgid"] for e in singular if compiled.gettext(e["msgid"]) != e["msgstr"]] == []
    assert {"access attempts", "access logs", "Model name"} <= {e["msgid"] for e in entries}


# --- status fields ----------------------------------------------------------------------------


def _status_fields(model) -> list[str]:
    return [
        f.name
        for f in model._meta.concrete_fields
        if f.name in STATUS_FIELD_NAMES and isinstance(f, models.CharField) and f.choices
    ]


def _permits(check, request, obj) -> bool:
    try:
        return check(request, obj)
    except TypeError:  # has_add_permission(request) without obj
        return check(request)


def test_no_admin_form_edits_a_status_field(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    checked = []
    for model, model_admin in admin.site._registry.items():
        names = _status_fields(model)
        if model._meta.app_label not in OUR_APPS or not names:
            continue
        for obj in (None, model()):
            check = (
                model_admin.has_add_permission
                if obj is None
                else (model_admin.has_change_permission)
            )
            if not _permits(check, request, obj):
                continue
            form = model_admin.get_form(request, obj, change=obj is not None)
            checked.append(model.__name__)
            assert [n for n in names if n in form.base_fields] == [], model.__name__

    assert {"Application", "Edition", "Rubric", "ReviewRound"} <= set(checked)


def test_posting_a_status_through_the_application_form_changes_nothing(
    admin_site, filled_application
):
    url = reverse("admin:applications_application_change", args=[filled_application.pk])
    data = _form_data(admin_site.get(url))

    response = admin_site.post(
        url, {**data, "status": Status.AWARDED, "applicant_name": "攀枝花钒钛精工股份有限公司"}
    )

    assert response.status_code == 302
    application = Application.objects.get(pk=filled_application.pk)
    assert (application.status, application.applicant_name) == (
        Status.DRAFT,
        "攀枝花钒钛精工股份有限公司",
    )
    assert ApplicationEvent.objects.count() == 0


def test_posting_a_stage_through_the_edition_form_changes_nothing(admin_site):
    edition = EditionFactory()
    url = reverse("admin:applications_edition_change", args=[edition.pk])
    data = _form_data(admin_site.get(url))

    response = admin_site.post(url, {**data, "stage": Stage.CLOSED, "name": "第三届（更名）"})

    assert response.status_code == 302
    edition.refresh_from_db()
    assert (edition.stage, edition.name) == (Stage.APPLICATION, "第三届（更名）")


def test_reverting_to_a_past_version_is_refused(admin_site):
    edition = EditionFactory()
    version = edition.history.earliest()
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.PRECHECK)
    url = reverse("admin:applications_edition_simple_history", args=[edition.pk, version.pk])

    shown = admin_site.get(url)
    response = admin_site.post(url, _form_data(shown))

    assert shown.status_code == 200
    assert response.status_code == 403
    assert Edition.objects.get(pk=edition.pk).stage == Stage.PRECHECK


def test_every_history_admin_reads_its_history_only():
    history_admins = [
        (model, model_admin)
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, SimpleHistoryAdmin)
    ]

    assert [m.__name__ for m, a in history_admins if not isinstance(a, HistoryAdmin)] == []
    assert [
        m.__name__
        for m, _ in history_admins
        if not hasattr(m._meta, "simple_history_manager_attribute")
    ] == []


# --- the application's content ------------------------------------------------------------------


def test_submitted_application_is_shown_as_a_table_not_edited(admin_site, filled_application):
    put(filled_application, Status.SUBMITTED)

    response = admin_site.get(
        reverse("admin:applications_application_change", args=[filled_application.pk])
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert [
        name for name in ("data", "applicant_name", "unit", "status") if f'name="{name}"' in body
    ] == []
    assert "&quot;org_name&quot;" not in body  # no raw JSON
    rows = re.findall(r"<th scope=\"row\">(.*?)</th>\s*<td>(.*?)[\s<]", body)
    assert ("组织名称", "攀枝花钒钛精工有限公司") in rows


def test_draft_application_content_stays_editable(admin_site, filled_application):
    response = admin_site.get(
        reverse("admin:applications_application_change", args=[filled_application.pk])
    )

    assert 'name="data"' in response.content.decode()


def test_posting_content_of_a_submitted_application_changes_nothing(admin_site, filled_application):
    put(filled_application, Status.SUBMITTED)
    url = reverse("admin:applications_application_change", args=[filled_application.pk])
    data = _form_data(admin_site.get(url))

    response = admin_site.post(
        url,
        {
            **data,
            "applicant_name": "别的企业",
            "data": '{"org_name": "别的企业"}',
            "unit": UnitFactory(name="西区").pk,
        },
    )

    assert response.status_code == 302
    application = Application.objects.get(pk=filled_application.pk)
    assert (application.applicant_name, application.data, application.unit_id) == (
        filled_application.applicant_name,
        filled_application.data,
        filled_application.unit_id,
    )


def test_materials_are_not_deleted_through_the_admin(admin_site, filled_application):
    material = Material.objects.create(
        application=filled_application,
        kind="evidence",
        file="materials/evidence.pdf",
        original_name="证实性材料.pdf",
        content_type="application/pdf",
        size=1024,
        sha256="0" * 64,
    )

    response = admin_site.post(
        reverse("admin:applications_material_delete", args=[material.pk]), {"post": "yes"}
    )

    assert response.status_code == 403
    assert Material.objects.filter(pk=material.pk).exists()


# --- correcting a mistaken move -----------------------------------------------------------------


def _correct_url(application) -> str:
    return reverse("admin:applications_application_correct", args=[application.pk])


def test_change_page_links_to_the_correction(admin_site, filled_application):
    response = admin_site.get(
        reverse("admin:applications_application_change", args=[filled_application.pk])
    )

    assert f'href="{_correct_url(filled_application)}"' in response.content.decode()


def test_correction_page_offers_the_undo_of_the_latest_move(admin_site, filled_application):
    made(filled_application, "return", Status.SUBMITTED)

    response = admin_site.get(_correct_url(filled_application))

    form = response.context["form"]
    assert [label for _, label in form.fields["to"].choices] == [
        "更正：撤销“退回修改”（改回“已提交”）"
    ]


def test_correction_moves_back_and_writes_the_audit_record(
    admin_site, admin_user, filled_application
):
    made(filled_application, "return", Status.SUBMITTED)
    reason = "推荐单位经办人误点“退回修改”，经电话核实后更正。"

    response = admin_site.post(
        _correct_url(filled_application), {"to": Status.SUBMITTED, "reason": reason}
    )

    assert response.status_code == 302
    assert Application.objects.get(pk=filled_application.pk).status == Status.SUBMITTED
    event = ApplicationEvent.objects.latest("at", "id")
    assert (event.move, event.from_status, event.to_status) == (
        "undo_return",
        Status.RETURNED,
        Status.SUBMITTED,
    )
    assert (event.actor, event.actor_role, event.reason) == (admin_user, Role.ADMIN, reason)


def test_correction_without_a_reason_is_refused_in_chinese(admin_site, filled_application):
    made(filled_application, "return", Status.SUBMITTED)

    response = admin_site.post(
        _correct_url(filled_application), {"to": Status.SUBMITTED, "reason": "   "}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "请填写更正理由。更正与其他操作一样，须写明理由。"
    ]
    assert "请填写更正理由" in response.content.decode()
    assert Application.objects.get(pk=filled_application.pk).status == Status.RETURNED
    assert ApplicationEvent.objects.filter(move="undo_return").count() == 0


def test_correction_refused_by_the_engine_is_shown(admin_site, filled_application):
    made(filled_application, "submit", Status.DRAFT)
    made(filled_application, "return", Status.SUBMITTED)
    made(filled_application, "resubmit", Status.RETURNED)
    page = admin_site.get(_correct_url(filled_application))

    response = admin_site.post(
        _correct_url(filled_application), {"to": Status.DRAFT, "reason": "想撤销第一次提交"}
    )

    assert [c for c, _ in page.context["form"].fields["to"].choices] == [Status.RETURNED]
    assert response.context["form"].errors["to"] == ["所选更正当前不可执行，请刷新页面。"]
    assert Application.objects.get(pk=filled_application.pk).status == Status.SUBMITTED


def test_staff_of_another_role_cannot_correct(client, filled_application):
    office = UserFactory(role=Role.CITY_OFFICE, is_staff=True, is_superuser=True)
    client.force_login(office)
    made(filled_application, "return", Status.SUBMITTED)

    page = client.get(_correct_url(filled_application))
    client.post(_correct_url(filled_application), {"to": Status.SUBMITTED, "reason": "理由"})

    assert "只有角色为“系统管理员”的账户可以更正状态。" in page.content.decode()
    assert Application.objects.get(pk=filled_application.pk).status == Status.RETURNED
    assert ApplicationEvent.objects.filter(move="undo_return").count() == 0


def test_correction_page_is_for_admin_staff_only(client, filled_application):
    client.force_login(filled_application.owner)

    response = client.get(_correct_url(filled_application))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
