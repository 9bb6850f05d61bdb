"""The city office runs its next edition in a real Chromium, on a clock in 2027.

`chinesecalendar` knows no holidays after 2026, so the office first pastes the State Council's
2027 notice (a sample text in the notice's wording: the real one is not published in the
tests' data). Then it opens the 4th edition from the previous one through its own pages,
enlists experts (an existing account, and a new one from an Excel list who sets a password from
the e-mail), and takes the edition from the call to the certificates through visible labels.
Screenshots go to test-artifacts/journey/; with JOURNEY_GALLERY=1 the new pages go to
static/gallery/new-edition/ for the README.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core import mail
from openpyxl import Workbook
from playwright.sync_api import expect

from applications.models import Application, Edition, Status
from applications.reference_data import load_reference_data
from award_portal.accounts.models import User
from publicity.models import PublicityWindow, WindowKind
from publicity.tasks import close_ended_windows
from tests.applications import helpers
from tests.factories import PASSWORD
from tests.journey.journey import GALLERY, Person, travelling
from tests.journey.test_full_award import (
    _accept,
    _advance_stage,
    _award_and_commend,
    _fill_application,
    _leader_approves,
    _precheck,
    _publicize_list,
    _register,
    _review_rounds,
    _review_settings,
    _staff,
    _submit,
    day,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE_2027 = Path(__file__).resolve().parents[1] / "publicity" / "notices" / "example-2027.txt"

# The planned end of each stage, as the office enters them.
PLAN = {
    "自愿申报": "2027-03-12",
    "初核推荐": "2027-03-19",
    "审查受理": "2027-04-09",
    "材料评审": "2027-04-30",
    "现场评审": "2027-05-28",
    "陈述答辩": "2027-06-11",
    "审议公示": "2027-07-09",
    "表扬授奖": "2027-07-30",
}
CAST = ("steel", "hospital", "person")


@pytest.fixture
def clock():
    """The first working Monday of 2027."""
    with travelling(day("2027-01-04")) as coordinates:
        yield coordinates


@pytest.fixture
def gallery_dir():
    return GALLERY / "new-edition"


def _enter_holidays(journey) -> None:
    office = journey.login("office", "office")
    office.get_by_role("link", name="节假日安排").click()
    expect(office.locator("main")).to_contain_text("2027年的法定节假日安排尚未录入")
    office.get_by_label("通知全文").fill(NOTICE_2027.read_text(encoding="utf-8"))
    office.get_by_role("button", name="解析预览").click()
    expect(office.locator("main")).to_contain_text("2027")
    journey.shot(office, "holidays-preview", gallery=True)
    office.get_by_role("button", name="确认保存").click()
    expect(office.locator(".alert-success").first).to_contain_text("2027年的节假日安排已保存")


def _open_edition(journey) -> Edition:
    office = journey.login("office")
    office.get_by_role("link", name="届次管理").click()
    office.get_by_role("link", name="开启新一届").click()
    expect(office.locator("#id_name")).to_have_value("第四届攀枝花市政府质量奖")
    office.locator("#id_period_label").fill("2026—2027年度")
    office.locator("#id_notice_date").fill("2027-01-04")
    office.locator("#id_applications_open").fill("2027-02-15")
    office.locator("#id_recommendation_deadline").fill("2027-03-15")
    for stage, planned in PLAN.items():
        office.get_by_label(f"“{stage}”计划完成日期").fill(planned)
    confirmations = office.get_by_label("我已确认此项默认设置")
    for index in range(confirmations.count()):
        confirmations.nth(index).check()
    journey.shot(office, "edition-form", gallery=True)
    office.get_by_role("button", name="保存草稿").click()
    expect(office.locator(".alert-success").first).to_contain_text("草稿，尚未公开")
    office.get_by_role("link", name="预览首页").click()
    expect(office.get_by_role("heading", level=1)).to_contain_text("第四届")
    office.get_by_role("link", name="返回届次页面").click()
    office.get_by_role("button", name="发布征集通知").click()
    expect(office.locator(".alert-success").first).to_contain_text("本届成为当前届次")
    return Edition.objects.get(number=4)


def _enlist_experts(journey, edition: Edition, existing: list, listing: Path) -> str:
    """Every existing expert account joins the pool by search; one new expert comes from the
    Excel list and sets a password from the e-mail. Returns the new expert's login."""
    office = _review_settings(journey)
    office.get_by_role("link", name="评审轮次").first.click()
    office.get_by_role("link", name="专家库", exact=True).click()
    for expert in existing:
        office.get_by_role("link", name="添加已有账户").click()
        office.get_by_label("登录用户名或姓名").fill(expert.user.username)
        office.get_by_role("button", name="查找").click()
        office.get_by_role("link", name="选择").first.click()
        office.get_by_role("button", name="加入本届专家库").click()
        expect(office.locator(".alert-success").first).to_contain_text("已加入本届专家库")
    office.get_by_role("link", name="从Excel导入").click()
    office.get_by_label("专家名单（.xlsx）").set_input_files(str(listing))
    office.get_by_role("button", name="上传并预览").click()
    expect(office.get_by_role("table")).to_contain_text("新建账户并加入")
    journey.shot(office, "expert-import", gallery=True)
    office.get_by_role("button", name="确认导入").click()
    expect(office.locator(".alert-success").first).to_contain_text("新建账户 1 个")

    message = next(m for m in mail.outbox if m.to == ["lin.expert@example.cn"])
    link = re.search(r"https?://\S+/password/reset/\S+/", message.body).group(0)
    login = "13800000001"
    newcomer = journey.tab("expert-new", login)
    newcomer.goto(re.sub(r"^https?://[^/]+", "", link))
    newcomer.locator("#id_new_password1").fill(PASSWORD)
    newcomer.locator("#id_new_password2").fill(PASSWORD)
    newcomer.get_by_role("button", name="设置新密码").click()
    expect(newcomer.locator("main")).to_contain_text("密码")
    journey.people["expert-new"] = Person(username=login, page=newcomer)
    return login


def test_office_runs_a_new_edition_in_2027(journey, clock, tmp_path):
    load_reference_data()
    _office, experts = _staff(None)
    workbook = Workbook()
    workbook.active.append(["姓名", "工作单位", "职称", "专业领域", "手机", "邮箱"])
    workbook.active.append(
        ["林新人", "攀钢研究院", "高级工程师", "冶金", "13800000001", "lin.expert@example.cn"]
    )
    listing = tmp_path / "专家名单.xlsx"
    workbook.save(listing)

    # --- 2027-01-04: next year's holidays, the new edition, its experts -------------------
    _enter_holidays(journey)
    edition = _open_edition(journey)
    public = journey.tab("public")
    public.goto("/")
    expect(public.get_by_role("heading", level=1)).to_contain_text("第四届攀枝花市政府质量奖")
    journey.shot(public, "new-call", gallery=True)
    public.get_by_role("link", name="往届评选").first.click()
    expect(public.locator("main")).to_contain_text("第三届攀枝花市政府质量奖")
    new_login = _enlist_experts(journey, edition, experts[:5], listing)
    # The newcomer is an expert like the others: in every draw the panel may pick them.
    assert User.objects.get(username=new_login).has_usable_password()

    # --- 2027-02-15: applications open (after the Spring Festival) --------------------------
    clock.move_to(day("2027-02-15"))
    pdf = helpers.pdf_bytes()
    applications = {}
    for who in CAST:
        _register(journey, who)
        applications[who] = _fill_application(journey, who, pdf)
        applications[who].refresh_from_db()
        assert applications[who].edition_id == edition.pk
        _submit(journey, who)
    page = journey.tab("steel")
    page.goto("/applications/")
    expect(page.locator("main")).to_contain_text("推荐单位正在初核您的申报")
    journey.shot(page, "applicant-stages", gallery=True)

    clock.move_to(day("2027-02-22"))
    for who in ("steel", "person"):
        _precheck(journey, "dongqu", applications[who])
    _precheck(journey, "weijian", applications["hospital"])

    # --- 2027-03-16: acceptance, and its publicity until 03-22 -------------------------------
    clock.move_to(day("2027-03-16"))
    office = journey.login("office")
    _advance_stage(office, "初核推荐")
    _advance_stage(office, "审查受理")
    journey.shot(office, "edition-progress", gallery=True)
    for who in CAST:
        _accept(office, applications[who])
    office.goto("/applications/office/acceptance-list/")
    office.get_by_role("button", name="生成受理名单公示草稿").click()
    office.get_by_role("button", name="发布公示").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    window = PublicityWindow.objects.get(edition=edition, kind=WindowKind.ACCEPTANCE)
    assert window.end_date.isoformat() == "2027-03-22"
    clock.move_to(day("2027-03-23", 1))
    assert close_ended_windows.apply().get() == 1
    clock.move_to(day("2027-03-23"))
    _advance_stage(journey.login("office"), "材料评审")

    # --- April–June 2027: the three review rounds -------------------------------------------
    _review_rounds(
        journey,
        [
            ("材料评审", "2027-04-12", "2027-04-23", "2027-04-26", "new-材料评审", "现场评审"),
            ("现场评审", "2027-05-10", "2027-05-21", "2027-05-24", "new-现场评审", "陈述答辩"),
            ("陈述答辩", "2027-06-01", "2027-06-04", "2027-06-07", "new-陈述答辩", "审议公示"),
        ],
        edition_number=4,
    )
    assert set(Application.objects.filter(edition=edition).values_list("status", flat=True)) == {
        Status.DELIBERATION
    }

    # --- June 2027: deliberation, approval, the winners' publicity ---------------------------
    clock.move_to(day("2027-06-08"))
    office = journey.login("office")
    office.get_by_role("link", name="审议与授奖").click()
    office.get_by_label("综合评审意见").fill("经三轮评审，按综合得分排名提出拟获奖建议名单。")
    office.get_by_role("button", name="拟定名单，提请领导小组审议").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    clock.move_to(day("2027-06-10"))
    _leader_approves(journey, "拟获奖建议名单", "攀质强领〔2027〕3号")
    clock.move_to(day("2027-06-14"))
    _publicize_list(journey.login("office"), "拟获奖建议名单")
    winners = PublicityWindow.objects.get(edition=edition, kind=WindowKind.PROPOSED)
    # 2027-06-14 … 06-18: five working days (the Dragon Boat Festival was on 06-09).
    assert winners.end_date.isoformat() == "2027-06-18"
    clock.move_to(day("2027-06-21", 1))
    assert close_ended_windows.apply().get() == 1

    # --- 2027-06-21: commendation and certificates ------------------------------------------
    clock.move_to(day("2027-06-21"))
    office = journey.login("office")
    office.get_by_role("link", name="审议与授奖").click()
    # The plan said 07-09: closing earlier is recorded with a reason.
    office.get_by_label("说明").fill("公示期满无异议，提前进入表扬授奖。")
    office.get_by_role("button", name="结束审议公示，进入表扬授奖").click()
    expect(office.locator(".alert-success").first).to_contain_text("进入表扬授奖")
    _award_and_commend(office, "攀府函〔2027〕66号")

    page = journey.login("person")
    page.goto(f"/applications/{applications['person'].pk}/")
    expect(page.locator("main")).to_contain_text("已获奖")
    with page.expect_download() as download:
        page.get_by_role("link", name="下载获奖证书").click()
    journey.keep_pdf(download.value, "certificate-2027")
    assert set(Application.objects.filter(edition=edition).values_list("status", flat=True)) == {
        Status.AWARDED
    }
    journey.refresh_gallery()
