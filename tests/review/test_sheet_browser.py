"""In a real Chromium: the expert's score sheet saves itself as the applicant's form does, keeps
what was chosen in the browser while the connection is away, asks before the final submission,
and sends a signed-out expert to sign in."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from review.models import ItemScore, ScoreSheet
from tests.review.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.now("2026-11-16"),
]


def _open_sheet(page, live_server, assignment):
    sign_in(page, live_server, assignment.expert.user)
    page.goto(f"/review/assignments/{assignment.pk}/")
    return page.locator("#autosave-status")


def _score_field(page, assignment, code: str):
    item = assignment.sheet.rubric.items.get(code=code)
    return item, page.locator(f'[name="item_{item.pk}"]')


def test_sheet_saves_itself_and_restores_what_was_chosen_offline(page, live_server, assignment):
    status = _open_sheet(page, live_server, assignment)
    item, field = _score_field(page, assignment, "4.1.2")
    expect(status).to_have_attribute("aria-live", "polite")

    field.select_option("45.00")
    expect(status).to_contain_text("已自动保存")
    assert ItemScore.objects.get(item=item).score == Decimal("45")

    page.context.set_offline(True)
    field.select_option("47.50")
    expect(status).to_contain_text("自动保存失败")
    page.context.set_offline(False)
    page.reload()

    expect(field).to_have_value("47.50")
    expect(status).to_contain_text("已自动保存")
    assert page.evaluate("Object.keys(localStorage)") == []
    assert ItemScore.objects.get(item=item).score == Decimal("47.5")


def test_sheet_submission_asks_first_and_a_saved_page_drops_the_copy(page, live_server, assignment):
    _open_sheet(page, live_server, assignment)
    item, field = _score_field(page, assignment, "4.1.2")

    asked = []

    def dismiss(dialog):
        asked.append(dialog.message)
        dialog.dismiss()

    field.select_option("40.00")
    page.once("dialog", dismiss)
    page.get_by_role("button", name="提交评分表").click()
    expect(field).to_have_value("40.00")
    page.get_by_role("button", name="保存草稿").click()

    expect(page.locator(".alert-success").first).to_contain_text("草稿已保存")
    assert asked == ["提交后不能再修改，确认提交？"]
    assert page.url.endswith("?saved=1")
    page.wait_for_load_state()
    assert page.evaluate("Object.keys(localStorage)") == []
    assert ItemScore.objects.get(item=item).score == Decimal("40")
    assert ScoreSheet.objects.get(pk=assignment.sheet.pk).status == ScoreSheet.Status.DRAFT


def test_sheet_signed_out_expert_is_sent_tosign_in(page, live_server, assignment):
    status = _open_sheet(page, live_server, assignment)
    _item, field = _score_field(page, assignment, "4.1.2")

    page.context.clear_cookies()
    field.select_option("45.00")

    expect(status).to_contain_text("登录已过期")
    expect(status.get_by_role("link")).to_have_attribute(
        "href", f"/accounts/login/?next=/review/assignments/{assignment.pk}/"
    )
    assert not ItemScore.objects.exists()
