"""Keyboard only, in Chromium: an applicant signs in, uploads the materials and fills and submits
the form; the recommending unit records its pre-check, consultation and paper copy and
recommends; an expert declares no conflict and fills and submits the score sheet. Nothing is
clicked: Tab, Shift+Tab, typing, Space, Enter and the arrow keys. No field reached by Tab lies
under the sticky action bar."""

import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from applications.models import Application, Status
from review.models import ScoreSheet
from tests.a11y.keyboard import Keyboard
from tests.applications import helpers
from tests.applications.conftest import pdf_content  # noqa: F401
from tests.applications.test_browser import world  # noqa: F401 - the applicant's world
from tests.factories import PASSWORD, UnitOfficerFactory, UserFactory
from tests.review.conftest import assignment, office, review_edition, rubrics  # noqa: F401
from tests.review.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # Working days are counted from today here: a day of a year the calendar knows.
    pytest.mark.now("2026-11-16"),
]

MATERIALS = {
    "evidence": "证实性材料.pdf",
    "self_assessment": "自我评价报告.docx",
    "publicity_proof": "内部公示证明.pdf",
    "recommendation": "推荐意见.docx",
}


def _upload_by_keyboard(page, keys, kind, name, content):
    keys.tab_to(f'input[type="file"]#id_{kind}_files')
    for key in ("Space", "Enter", "Space"):  # the picker opens on either key
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                keys.press(key)
            break
        except PlaywrightTimeout:
            continue
    chooser.value.set_files(
        files=[{"name": name, "mimeType": "application/octet-stream", "buffer": content}]
    )
    keys.tab_to("button[type=submit]")
    keys.press("Enter")
    expect(page.locator(".alert-success").first).to_contain_text(f"已上传“{name}”")
    # The message shows while the page's script may still be loading: wait for all of it.
    page.wait_for_load_state("load")


def test_applicant_and_unit_work_by_keyboard_alone(
    page,
    live_server,
    world,  # noqa: F811
    pdf_content,  # noqa: F811
    artifacts_dir,
):
    UserFactory(
        username="org@example.cn",
        applicant_kind="organization",
        organization_name="攀枝花钒钛精工有限公司",
    )
    keys = Keyboard(page)

    # Sign in: the login form is the first thing after the skip link and the navigation.
    page.goto("/accounts/login/")
    keys.tab_to("a.skip-link")
    keys.press("Enter")
    keys.tab_to('[name="username"]')
    page.keyboard.type("org@example.cn")
    keys.tab_to('[name="password"]')
    page.keyboard.type(PASSWORD)
    keys.press("Enter")
    expect(page).to_have_url(re.compile(r"/applications/(#main)?$"))

    # Start an application in the first category.
    keys.tab_to('input[type="radio"]')
    keys.press("Space")
    keys.tab_to("[type=submit]", text="开始填写")
    keys.press("Enter")
    expect(page.get_by_label("组织名称")).to_have_value("攀枝花钒钛精工有限公司")
    application = Application.objects.get()

    pdf = {"evidence": pdf_content, "publicity_proof": pdf_content + b"%"}
    for kind, name in MATERIALS.items():
        content = pdf.get(kind) or helpers.docx_bytes()
        _upload_by_keyboard(page, keys, kind, name, content)

    # From the top of the page: the skip link, then every field of the form in order.
    page.keyboard.press("Control+Home")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    keys.tab_to("a.skip-link")
    keys.press("Enter")
    assert keys.focused("el.id") == "main"
    data = helpers.valid_data("general", world["unit"].pk)
    keys.fill_form(data, until='button[value="submit"]')
    page.once("dialog", lambda dialog: dialog.accept())
    keys.press("Enter")
    page.wait_for_load_state()
    page.screenshot(path=str(artifacts_dir / "keyboard-applicant-submitted.png"), full_page=True)
    problems = page.locator(".invalid-feedback, .alert-danger").all_inner_texts()
    expect(page.locator(".alert-success").first).to_contain_text("申报已提交"), problems
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.data["credit_code"] == data["credit_code"]
    assert keys.covered == [], f"tab stops under the sticky bar: {keys.covered}"

    # The unit: pre-check record, consultation, paper copy, recommendation.
    officer = UnitOfficerFactory(unit=world["unit"])
    unit_page = page.context.browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport={"width": 1280, "height": 900}
    ).new_page()
    sign_in(unit_page, live_server, officer)
    unit_keys = Keyboard(unit_page)
    unit_page.goto(f"/applications/unit/{application.pk}/")
    unit_keys.to_main()
    checks = {
        f"{name}_ok": True for name in ("completeness", "authenticity", "accuracy", "legality")
    }
    unit_keys.fill_form(checks, until="button[type=submit]")
    assert "保存初核记录" in unit_keys.focused("el.innerText")
    unit_keys.press("Enter")
    expect(unit_page.locator(".alert-success").first).to_be_visible()
    if unit_page.locator('[name="department"]').count():
        consultation = {
            "department": "东区市场监督管理局",
            "consulted_on": "2026-11-13",
            "answer": "无不良记录，同意推荐。",
        }
        unit_keys.to_main()
        for name, value in consultation.items():
            unit_keys.tab_to(f'[name="{name}"]')
            unit_keys.answer(value)
        unit_keys.tab_to("button[type=submit]", text="登记征求意见")
        unit_keys.press("Enter")
        expect(unit_page.locator(".alert-success").first).to_be_visible()
    unit_keys.to_main()
    unit_keys.tab_to("button[type=submit]", text="登记接收")
    unit_keys.press("Enter")
    expect(unit_page.locator(".alert-success").first).to_be_visible()
    unit_keys.to_main()
    unit_keys.tab_to('[name="opinion"]')
    unit_keys.answer("经初核，申报材料真实完整，同意推荐。")
    unit_keys.tab_to("button[type=submit]", text="推荐至市质量强市办")
    unit_keys.press("Enter")
    expect(unit_page.locator(".alert-success").first).to_contain_text("已推荐至市质量强市办")
    application.refresh_from_db()
    assert application.status == Status.RECOMMENDED
    unit_page.context.close()


def test_expert_declares_and_scores_by_keyboard_alone(page, live_server, assignment):  # noqa: F811
    sign_in(page, live_server, assignment.expert.user)
    keys = Keyboard(page)
    page.goto(f"/review/assignments/{assignment.pk}/")
    keys.tab_to("a.skip-link")
    keys.press("Enter")

    # Before the sheet: the declaration of no conflict.
    keys.fill_form({"has_conflict": "no"}, until="[type=submit]")
    keys.press("Enter")
    expect(page.locator("#autosave-status")).to_be_visible()
    keys.tab_to("a.skip-link")
    keys.press("Enter")

    items = {f"item_{item.pk}": item for item in assignment.sheet.rubric.items.all()}
    for _ in range(800):
        keys.press("Tab")
        keys._check_covered()
        name = keys.focused("el.name || ''")
        if name == "submit_sheet":
            break
        if name in items:
            keys.press("Home")
            keys.press("ArrowDown")  # the first score below the full marks
            keys.press("ArrowDown")
        elif keys.focused("el.tagName") == "TEXTAREA":  # strengths, improvements, overall
            page.keyboard.insert_text("管理体系完整，结果指标有对比。")
    else:
        raise AssertionError("the submit button is not reached by Tab")
    page.once("dialog", lambda dialog: dialog.accept())
    keys.press("Enter")
    expect(page.locator(".alert-success").first).to_contain_text("评分表已提交")
    sheet = ScoreSheet.objects.get(pk=assignment.sheet.pk)
    assert sheet.status == ScoreSheet.Status.SUBMITTED
    assert keys.covered == [], f"tab stops under the sticky bar: {keys.covered}"
