"""In a real Chromium: the city office adds an existing expert account and imports an Excel list
from the expert pool page, clicking the labels a clerk sees."""

import pytest
from openpyxl import Workbook
from playwright.sync_api import expect

from review.models import EditionExpert
from tests.review.factories import ExpertUserFactory
from tests.review.helpers import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.now("2026-11-16"),
]


def test_office_adds_an_existing_account_and_imports_a_list(
    page, live_server, edition, office, artifacts_dir, tmp_path
):
    ExpertUserFactory(username="chen.expert", full_name="陈评审")
    workbook = Workbook()
    workbook.active.append(["姓名", "工作单位", "职称", "专业领域", "手机", "邮箱"])
    workbook.active.append(["林新人", "攀钢研究院", "高工", "冶金", "13800000001", "lin@x.cn"])
    listing = tmp_path / "专家名单.xlsx"
    workbook.save(listing)
    sign_in(page, live_server, office)

    page.goto(f"/review/editions/{edition.pk}/experts/")
    page.get_by_role("link", name="添加已有账户").click()
    page.get_by_label("登录用户名或姓名").fill("陈")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("link", name="选择").click()
    page.get_by_label("工作单位").fill("攀枝花学院")
    page.get_by_role("button", name="加入本届专家库").click()
    expect(page.locator(".alert-success").first).to_contain_text("“陈评审”已加入本届专家库。")

    page.get_by_role("link", name="从Excel导入").click()
    page.get_by_label("专家名单（.xlsx）").set_input_files(str(listing))
    page.get_by_role("button", name="上传并预览").click()
    expect(page.get_by_role("table")).to_contain_text("新建账户并加入")
    page.screenshot(path=str(artifacts_dir / "expert-import-preview.png"), full_page=True)
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-success").first).to_contain_text("新建账户 1 个")
    expect(page.get_by_role("table")).to_contain_text("林新人")
    for label in ("新建专家账户", "沿用往届专家库", "下载导入模板"):
        expect(page.get_by_role("link", name=label)).to_be_visible()
    page.screenshot(path=str(artifacts_dir / "expert-pool.png"), full_page=True)

    assert EditionExpert.objects.filter(edition=edition).count() == 2
