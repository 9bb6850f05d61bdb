"""The city office opens the 4th edition in a real Chromium: fill, confirm the defaults, save,
preview the home page, publish."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import expect

from applications.models import Edition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = {
    "自愿申报": "2027-03-12",
    "初核推荐": "2027-03-31",
    "审查受理": "2027-04-30",
    "材料评审": "2027-06-15",
    "现场评审": "2027-07-15",
    "陈述答辩": "2027-08-13",
    "审议公示": "2027-09-15",
    "表扬授奖": "2027-10-29",
}


@pytest.mark.now("2026-11-16")
def test_office_opens_previews_and_publishes_a_new_edition(
    page, live_server, reference_data, artifacts_dir
):
    from tests.review.factories import OfficeUserFactory

    client = Client()
    client.force_login(OfficeUserFactory())
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto("/")
    page.locator("#nav-main").get_by_role("link", name="届次管理").click()
    page.get_by_role("link", name="开启新一届").click()
    expect(page.locator("#id_name")).to_have_value("第四届攀枝花市政府质量奖")
    for stage, day in PLAN.items():
        page.get_by_label(f"“{stage}”计划完成日期").fill(day)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("我已确认此项默认设置")
    confirmations = page.get_by_label("我已确认此项默认设置")
    for index in range(confirmations.count()):
        confirmations.nth(index).check()
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success")).to_contain_text("草稿，尚未公开")
    page.screenshot(path=str(artifacts_dir / "edition-draft.png"), full_page=True)

    page.get_by_role("link", name="预览首页").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("第四届")
    page.get_by_role("link", name="返回届次页面").click()
    page.get_by_role("button", name="发布征集通知").click()
    expect(page.locator(".alert-success")).to_contain_text("本届成为当前届次")

    assert Edition.current().number == 4
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("第四届")
