"""One-line fields refuse line breaks and invisible characters, with a message naming them.

A name typed with "\\r\\n" was accepted, and went on into email subjects and verbatim into the
notice PDF. Every one-line field of every form of the portal now refuses control characters,
bidi overrides and zero-width characters; ordinary spaces around a value are trimmed.
"""

from __future__ import annotations

import importlib
import inspect

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.urls import reverse

from applications.intake.forms import FORMS
from award_portal import single_line
from award_portal.accounts.models import User
from review.models import ExpertProfile
from tests.applications import helpers
from tests.badinput.helpers import valid_objection

pytestmark = pytest.mark.django_db

LINE_BREAK = "“组织名称”中含有换行符，请删除换行，写成一行后重新填写。"


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- the rule -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("攀枝花\r\n钒钛", "“名称”中含有换行符，请删除换行，写成一行后重新填写。"),
        ("攀枝花\n钒钛", "“名称”中含有换行符，请删除换行，写成一行后重新填写。"),
        ("攀枝花\u2028钒钛", "“名称”中含有换行符，请删除换行，写成一行后重新填写。"),
        ("攀枝花\t钒钛", "“名称”中含有制表符（Tab），请删除后重新填写。"),
        ("攀枝花\x1b[2J", "“名称”中含有不可见的控制字符（U+001B），请删除后重新填写。"),
        ("攀枝花\x85", "“名称”中含有换行符，请删除换行，写成一行后重新填写。"),
        ("攀枝花\x9b", "“名称”中含有不可见的控制字符（U+009B），请删除后重新填写。"),
        ("攀枝花\u202e司公", "“名称”中含有改变文字方向的不可见字符（U+202E），请删除后重新填写。"),
        ("攀枝花\u2067钒钛", "“名称”中含有改变文字方向的不可见字符（U+2067），请删除后重新填写。"),
        ("攀枝\u200b花", "“名称”中含有零宽度的不可见字符（U+200B），请删除后重新填写。"),
        ("\ufeff攀枝花", "“名称”中含有零宽度的不可见字符（U+FEFF），请删除后重新填写。"),
        ("攀枝\u2060花", "“名称”中含有零宽度的不可见字符（U+2060），请删除后重新填写。"),
    ],
)
def test_problem_names_what_was_found(value, message):
    assert single_line.problem(value, "名称") == message


@pytest.mark.parametrize(
    "value", ["攀枝花钒钛有限公司", "攀钢 集团　西昌", "王犇（堃喆镕）", "A&B·C"]
)
def test_problem_lets_visible_text_and_spaces_through(value):
    assert single_line.problem(value, "名称") is None


def test_a_form_field_trims_spaces_and_refuses_a_line_break_inside():
    class NameForm(single_line.SingleLineFormMixin, forms.Form):
        name = forms.CharField(label="组织名称")
        story = forms.CharField(widget=forms.Textarea)
        secret = forms.CharField(widget=forms.PasswordInput, strip=False)

    trimmed = NameForm({"name": "  攀钢集团\r\n", "story": "第一行\r\n第二行", "secret": "a\tb"})
    broken = NameForm({"name": "攀钢\r\n集团", "story": "x", "secret": "x"})

    assert trimmed.is_valid(), trimmed.errors
    assert trimmed.cleaned_data["name"] == "攀钢集团"
    assert trimmed.cleaned_data["story"] == "第一行\r\n第二行"
    assert broken.errors == {"name": ["“组织名称”中含有换行符，请删除换行，写成一行后重新填写。"]}


def test_flatten_makes_one_line_of_any_text():
    assert (
        single_line.flatten("邀请您共同填写攀钢\r\n集团\u202e的申报\t")
        == "邀请您共同填写攀钢 集团 的申报"
    )


# --- every form -----------------------------------------------------------------------------

FORM_MODULES = (
    "applications.admin_forms",
    "applications.intake.forms.base",
    "applications.intake.forms.organization",
    "applications.intake.forms.general",
    "applications.intake.forms.medical",
    "applications.intake.forms.education",
    "applications.intake.forms.team",
    "applications.intake.forms.individual",
    "applications.intake.forms.other",
    "applications.editions.forms",
    "applications.precheck.forms",
    "review.forms",
    "review.conflicts.forms",
    "review.rounds.forms",
    "review.rubrics.forms",
    "review.sheets.forms",
    "review.visits.forms",
    "review.deliberation.forms",
    "review.awards.forms",
    "review.pool.forms",
    "publicity.forms",
    "award_portal.accounts.forms",
    "award_portal.privacy.forms",
)


def test_every_form_of_the_portal_checks_its_one_line_fields():
    classes = [
        cls
        for module in map(importlib.import_module, FORM_MODULES)
        for _name, cls in inspect.getmembers(module, inspect.isclass)
        if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__
    ]

    assert len(classes) > 60
    assert [
        c.__qualname__ for c in classes if not issubclass(c, single_line.SingleLineFormMixin)
    ] == []


def test_no_other_module_defines_a_form():
    from pathlib import Path

    from django.conf import settings

    defining = sorted(
        ".".join(path.relative_to(settings.BASE_DIR).with_suffix("").parts)
        for package in ("applications", "review", "publicity", "award_portal")
        for path in Path(settings.BASE_DIR, package).rglob("*.py")
        if "forms.Form)" in path.read_text(encoding="utf-8")
        or "forms.ModelForm)" in path.read_text(encoding="utf-8")
    )

    assert [name for name in defining if name not in FORM_MODULES] == []


@pytest.mark.parametrize("code", sorted(FORMS))
def test_application_form_checks_each_one_line_question_and_no_text_area(open_edition, code):
    form = FORMS[code](data={}, edition=open_edition, unit_choices=[])
    form.full_clean()

    checked = {
        name
        for name, field in form.fields.items()
        if any(isinstance(v, single_line.SingleLineValidator) for v in field.validators)
    }
    one_line = {
        name
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)
    }
    assert checked == one_line
    assert form.name_field in checked


# --- through the pages ----------------------------------------------------------------------


def test_registration_refuses_a_name_with_a_line_break_and_says_why(client):
    response = helpers.register(client, organization_name="攀枝花新材料\r\n有限公司")

    assert response.status_code == 200
    assert "“所在单位”中含有换行符，请删除换行，写成一行后重新填写。" in response.content.decode()
    assert User.objects.count() == 0


def test_registration_refuses_a_bidi_override_in_the_person_name(client):
    response = helpers.register(client, full_name="刘\u202e镕")

    assert "“姓名”中含有改变文字方向的不可见字符（U+202E）" in response.content.decode()
    assert User.objects.count() == 0


def test_registration_trims_the_spaces_around_a_name(client):
    helpers.register(client, organization_name="  攀枝花新材料有限公司　")

    assert User.objects.get().organization_name == "攀枝花新材料有限公司"


def test_application_autosave_explains_and_keeps_the_name_out_of_the_lists(client, make_draft):
    application = make_draft("general", materials=False)
    client.force_login(application.owner)

    response = client.post(
        reverse("applications:autosave", args=[application.pk]),
        {"org_name": "攀枝花钒钛\r\n精工有限公司", "legal_representative": "张\u200b三"},
    )

    body = response.json()
    assert body["saved"] is True
    assert body["errors"]["org_name"] == [LINE_BREAK]
    assert body["errors"]["legal_representative"] == [
        "“法定代表人”中含有零宽度的不可见字符（U+200B），请删除后重新填写。"
    ]
    application.refresh_from_db()
    assert application.applicant_name == ""  # what is typed wrongly stays in the draft only


def test_application_with_a_line_break_in_its_name_cannot_be_submitted(client, make_draft):
    application = make_draft("general")
    client.force_login(application.owner)
    data = {**application.data, "org_name": "攀枝花钒钛\r\n精工有限公司", "action": "submit"}

    response = client.post(reverse("applications:edit", args=[application.pk]), data)

    assert response.status_code == 200
    assert LINE_BREAK in response.content.decode()
    application.refresh_from_db()
    assert application.status == "draft"


def test_new_expert_account_refuses_a_zero_width_character_in_the_name(client, edition, office):
    client.force_login(office)

    response = client.post(
        reverse("review:expert_pool_new", args=[edition.pk]),
        {
            "username": "wu-expert",
            "name": "吴\u200d评审",
            "employer": "攀枝花学院",
            "email": "wu.expert@example.cn",
        },
    )

    assert response.status_code == 200
    assert "“姓名”中含有零宽度的不可见字符（U+200D）" in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_expert_import_refuses_a_cell_with_a_line_break(client, edition, office):
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["姓名", "工作单位", "邮箱"])
    workbook.active.append(["林\n新人", "攀钢研究院", "lin@example.cn"])
    out = BytesIO()
    workbook.save(out)
    client.force_login(office)

    response = client.post(
        reverse("review:expert_pool_import", args=[edition.pk]),
        {"file": SimpleUploadedFile("专家名单.xlsx", out.getvalue())},
    )

    assert "“姓名”中含有换行符，请删除换行，写成一行后重新填写。" in response.content.decode()
    assert response.context["confirm_form"] is None


@pytest.mark.now("2026-11-16")
def test_objection_refuses_a_filer_name_with_a_line_break(client):
    from publicity.models import Objection
    from tests.publicity.factories import EntryFactory

    entry = EntryFactory()
    response = client.post(
        reverse("publicity:objection_create", kwargs={"pk": entry.window_id}),
        {**valid_objection(entry), "filer_name": "李\r\n四"},
    )

    assert "“真实姓名”中含有换行符" in response.content.decode()
    assert Objection.objects.count() == 0
