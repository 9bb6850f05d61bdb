"""Journeys of applicants in a real Chromium: fill, make a mistake, fix it, upload, save, come
back, submit."""

import re

import pytest
from playwright.sync_api import expect

from applications.models import Application, Status
from tests.applications import helpers
from tests.factories import PASSWORD, CategoryFactory, EditionFactory, UnitFactory, UserFactory

# Working days are counted from today here: a day of a year the calendar knows.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.now("2026-11-16"),
]


@pytest.fixture
def world(transactional_db):
    categories = {
        "general": CategoryFactory(code="general", name="制造业、工程建设业、农业、服务业"),
        "individual": CategoryFactory(code="individual", name="个人", kind="individual", order=5),
    }
    return {
        "edition": EditionFactory(),
        "categories": categories,
        "unit": UnitFactory(name="东区"),
        "department": UnitFactory(name="钒钛高新区管委会", kind="department"),
    }


def _login(page, username):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def _fill(page, data: dict, skip=()):
    """Type every answer into its box the way a person would."""
    for name, value in data.items():
        if name in skip:
            continue
        values = value if isinstance(value, list) else [value]
        first = page.locator(f'[name="{name}"]').first
        kind = first.get_attribute("type") or first.evaluate("e => e.tagName.toLowerCase()")
        if kind in ("radio", "checkbox"):
            for item in values:
                page.locator(f'[name="{name}"][value="{item}"]').check()
        elif kind == "select":
            first.select_option(values[0])
        else:
            first.fill(str(values[0]))


def _upload(page, kind, name, content):
    group = page.locator(f"#material-{kind.replace('_', '-')}")
    group.locator('input[type="file"]').set_input_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}]
    )
    group.get_by_role("button").filter(has_text=re.compile("上传|替换")).click()
    expect(page.locator(".alert-success").first).to_contain_text(f"已上传“{name}”")


def _upload_all(page, pdf):
    _upload(page, "evidence", "证实性材料.pdf", pdf)
    _upload(page, "self_assessment", "自我评价报告.docx", helpers.docx_bytes())
    _upload(page, "publicity_proof", "内部公示证明.pdf", pdf + b"%")
    _upload(page, "recommendation", "推荐意见.docx", helpers.docx_bytes("同意推荐"))


def _come_back_and_submit(page, application, artifacts_dir, screenshot):
    page.goto("/applications/")
    page.get_by_role("link", name="继续填写").click()
    expect(page.locator("#completeness")).to_contain_text("可以提交")
    page.screenshot(path=str(artifacts_dir / screenshot), full_page=True)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".alert-success").first).to_contain_text("申报已提交")
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_browser_organization_fills_general_form_and_submits(
    page, world, artifacts_dir, pdf_content
):
    user = UserFactory(
        username="org@example.cn",
        applicant_kind="organization",
        organization_name="攀枝花钒钛精工有限公司",
    )
    _login(page, user.username)
    page.goto("/applications/")
    page.get_by_label("制造业、工程建设业、农业、服务业").check()
    page.get_by_role("button", name="开始填写").click()
    expect(page.get_by_label("组织名称")).to_have_value("攀枝花钒钛精工有限公司")
    application = Application.objects.get()

    data = helpers.valid_data("general", world["unit"].pk)
    _fill(page, data, skip=("credit_code",))
    page.get_by_label("统一社会信用代码").fill("91510400MA62A3B4C7")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#div_id_credit_code")).to_contain_text("校验位不正确")
    expect(page.get_by_label("营业收入", exact=False).first).to_have_value("1,200.50")

    page.get_by_label("统一社会信用代码").fill("91510400MA62A3B4C6")
    expect(page.locator("#autosave-status")).to_contain_text("已自动保存", timeout=15_000)
    application.refresh_from_db()
    assert application.data["credit_code"] == "91510400MA62A3B4C6"
    _upload_all(page, pdf_content)

    _come_back_and_submit(page, application, artifacts_dir, "organization-general-form.png")
    expect(page.locator("body")).to_contain_text("已提交")


def test_browser_individual_fills_form_and_submits(page, world, artifacts_dir, pdf_content):
    user = UserFactory(username="13881234567", applicant_kind="individual", full_name="王喆")
    _login(page, user.username)
    page.goto("/applications/new/")
    page.get_by_label("个人").check()
    page.get_by_role("button", name="开始填写").click()
    application = Application.objects.get()

    data = helpers.valid_data("individual", world["department"].pk)
    _fill(page, data, skip=("employer_credit_code", "id_number"))
    page.get_by_label("身份证号").fill("110105194912310021")
    page.get_by_label("工作单位统一社会信用代码").fill("91510400MA62A3B4CX")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator("#div_id_id_number")).to_contain_text("校验位不正确")
    expect(page.locator("#div_id_employer_credit_code")).to_contain_text("校验位不正确")

    page.get_by_label("身份证号").fill("11010519491231002X")
    page.get_by_label("工作单位统一社会信用代码").fill("91510400MA62A3B4C6")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success").first).to_contain_text("草稿已保存")
    expect(page.locator("#div_id_id_number")).not_to_contain_text("校验位不正确")
    _upload_all(page, pdf_content)

    _come_back_and_submit(page, application, artifacts_dir, "individual-form.png")
    assert application.unit == world["department"]


def test_browser_signed_out_applicant_signs_in_and_finds_what_was_typed(page, world):
    user = UserFactory(username="org@example.cn", applicant_kind="organization")
    _login(page, user.username)
    page.goto("/applications/new/")
    page.get_by_label("制造业、工程建设业、农业、服务业").check()
    page.get_by_role("button", name="开始填写").click()
    application = Application.objects.get()
    status = page.locator("#autosave-status")

    page.context.clear_cookies()
    page.get_by_label("组织名称").fill("攀枝花钒钛精工有限公司")
    expect(status).to_contain_text("登录已过期")
    status.get_by_role("link").click()
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_label("组织名称")).to_have_value("攀枝花钒钛精工有限公司")
    expect(status).to_contain_text("已自动保存")
    application.refresh_from_db()
    assert application.data["org_name"] == "攀枝花钒钛精工有限公司"
