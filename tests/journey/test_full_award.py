"""The whole 3rd edition in a real Chromium, from the public notice to the certificates.

Every role has a browser context of its own and clicks through the pages like a person. The
clock of the test and of the live server (a thread of this process) is moved through the
notice's real dates with time-machine; where no person acts — the beat job closing publicity
windows — the job's task runs as beat runs it. Screenshots of every key page are kept in
test-artifacts/journey/; with JOURNEY_GALLERY=1 a curated set also goes to static/gallery/.
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from playwright.sync_api import expect

from applications.models import Application, Edition, RecommendingUnit, Stage, Status
from applications.reference_data import load_reference_data
from award_portal.accounts.models import Role
from publicity.models import PublicityWindow, WindowKind
from publicity.tasks import close_ended_windows
from review.models import Assignment, PanelMember, ReviewRound
from tests.applications import helpers
from tests.applications.test_browser import _upload_all
from tests.factories import PASSWORD, UnitOfficerFactory, UserFactory
from tests.journey.journey import travelling
from tests.review.factories import ExpertProfileFactory, OfficeUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAGE_OF_LABEL = {str(label): value for value, label in Stage.choices}


def day(iso: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(iso).replace(hour=hour, tzinfo=SHANGHAI)


@pytest.fixture
def clock():
    """The day the notice is public, a few days before applications open on 2023-02-15."""
    with travelling(day("2023-02-10")) as coordinates:
        yield coordinates


# The applicants, as they register; `category` is the label of the form they choose.
APPLICANTS = {
    "steel": {
        "login": "quality@pzh-steel.example.cn",
        "kind": "组织",
        "full_name": "张犇",
        "organization": "攀枝花钒钛精工有限公司",
        "category": "制造业、工程建设业、农业、服务业",
        "code": "general",
        "unit": "东区",
        "answers": {"credit_code": "91510400MA62A3B4C6"},
    },
    "hospital": {
        "login": "yiwu@pzh-hospital.example.cn",
        "kind": "组织",
        "full_name": "陈堃",
        "organization": "攀枝花市中心医院",
        "category": "医疗机构",
        "code": "medical",
        "unit": "市卫生健康委员会",
        "answers": {"credit_code": "52510400MJ1234567A"},
    },
    "team": {
        "login": "qc@pzh-rolling.example.cn",
        "kind": "组织",
        "full_name": "赵镕",
        "organization": "攀枝花钒钛精工有限公司轧钢车间",
        "category": "一线班组",
        "code": "team",
        "unit": "东区",
        "answers": {
            "credit_code": "91510400MA6200000B",
            "org_name": "攀枝花钒钛精工有限公司轧钢车间",
        },
    },
    "person": {
        "login": "wangzhe@pzh-mail.example.cn",
        "phone": "13881234567",
        "kind": "个人",
        "full_name": "王喆",
        "organization": "",
        "category": "个人",
        "code": "individual",
        "unit": "东区",
        "answers": {},
    },
}


def _staff(edition):
    office = OfficeUserFactory(username="office", full_name="刘洋")
    units = {name: RecommendingUnit.objects.get(name=name) for name in ("东区", "市卫生健康委员会")}
    UnitOfficerFactory(username="dongqu", full_name="李明", unit=units["东区"])
    UnitOfficerFactory(username="weijian", full_name="周敏", unit=units["市卫生健康委员会"])
    UserFactory(username="leader", full_name="领导小组组长", role=Role.LEADER)
    experts = [
        ExpertProfileFactory(
            user__username=f"expert{n}",
            user__full_name=name,
            name=name,
            employer=employer,
        )
        for n, (name, employer) in enumerate(
            [
                ("孙立", "攀枝花学院"),
                ("吴芳", "西南交通大学"),
                ("郑伟", "四川省质量协会"),
                ("冯静", "攀枝花市计量测试研究院"),
                ("何涛", "攀枝花市中心医院"),
                ("许婷", "成都质量管理咨询有限公司"),
            ],
            start=1,
        )
    ]
    return office, experts


def _register(journey, who: str) -> None:
    spec = APPLICANTS[who]
    page = journey.tab(who, spec["login"])
    page.goto("/")
    page.get_by_role("link", name="注册申报账户").click()
    page.get_by_label("电子邮箱").fill(spec["login"])
    if spec.get("phone"):
        page.get_by_label("手机号码（选填）").fill(spec["phone"])
    page.get_by_label(spec["kind"], exact=True).check()
    page.get_by_label("姓名").fill(spec["full_name"])
    if spec["organization"]:
        page.get_by_label("所在单位").fill(spec["organization"])
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_label("我同意本平台").check()
    page.get_by_role("button", name="注册").click()
    expect(page.locator(".alert-success").first).to_contain_text("注册成功")
    # The applicant opens the verification email the registration sent through the outbox.
    message = next(m for m in reversed(mail.outbox) if m.to == [spec["login"]])
    link = re.search(r"https?://\S+?(/accounts/email/verify/\S+/)", message.body).group(1)
    page.goto(link)
    page.get_by_role("button", name="确认验证").click()
    expect(page.locator(".alert-success").first).to_contain_text("已验证")
    page.goto("/applications/")


def _fill_application(journey, who: str, pdf: bytes) -> Application:
    spec = APPLICANTS[who]
    page = journey.tab(who)
    page.get_by_label(spec["category"], exact=True).check()
    page.get_by_role("button", name="开始填写").click()
    unit = RecommendingUnit.objects.get(name=spec["unit"])
    answers = {**helpers.valid_data(spec["code"], unit.pk), **spec["answers"]}
    _type_answers(page, answers)
    page.get_by_role("button", name="保存草稿").click()
    expect(page.locator(".alert-success").first).to_contain_text("草稿已保存")
    _upload_all(page, pdf)
    return Application.objects.get(owner__username=spec["login"])


def _type_answers(page, answers: dict) -> None:
    """Type every answer into its box, tick its radio button or choose it in its list."""
    kinds = page.locator("#application-form").evaluate(
        "f => Object.fromEntries(Array.from(f.elements, e => [e.name, e.type]))"
    )
    for name, value in answers.items():
        values = value if isinstance(value, list) else [value]
        kind = kinds[name]
        if kind in ("radio", "checkbox"):
            for item in values:
                page.locator(f'[name="{name}"][value="{item}"]').check()
        elif kind.startswith("select"):
            page.locator(f'[name="{name}"]').select_option(values[0])
        else:
            page.locator(f'[name="{name}"]').fill(str(values[0]))


def _submit(journey, who: str) -> None:
    page = journey.login(who)
    page.goto("/applications/")
    page.get_by_role("link", name="继续填写").click()
    expect(page.locator("#completeness")).to_contain_text("可以提交")
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".alert-success").first).to_contain_text("申报已提交")


def _precheck(journey, unit: str, application: Application, *, recommend: bool = True) -> None:
    """The unit's officer checks the four points, records a consultation and the paper
    copy, and recommends the application to the city office."""
    page = journey.login(unit)
    page.goto("/applications/unit/")
    page.get_by_role("link", name=application.reference).click()
    for point in ("完整性：", "真实性：", "准确性：", "合法性："):
        page.get_by_label(point).check()
    page.get_by_role("button", name="保存初核记录").click()
    expect(page.locator(".alert-success").first).to_contain_text("初核记录已保存")
    if not page.locator("#consultations table").count():
        page.get_by_label("征求意见部门").fill("市市场监督管理局")
        page.get_by_label("部门意见").fill("近三年无质量违法记录，无异议。")
        page.get_by_role("button", name="登记征求意见").click()
        expect(page.locator(".alert-success").first).to_contain_text("征求意见记录已保存")
    if page.locator("#paper-copy").get_by_text("尚未登记收到纸质材料").count():
        page.get_by_role("button", name="登记接收").click()
        expect(page.locator(".alert-success").first).to_contain_text("纸质申报材料")
    if recommend:
        page.get_by_label("初核和推荐意见").fill(
            "经初核，申报材料完整、真实、准确、合法，同意推荐。"
        )
        page.get_by_role("button", name="推荐至市质量强市办").click()
        expect(page.locator(".alert-success").first).to_contain_text("推荐")


def _choose(select, text: str) -> None:
    """Pick the option of a <select> that shows `text` (options carry numbers or details)."""
    option = select.locator("option", has_text=text).first
    select.select_option(option.get_attribute("value"))


def _advance_stage(page, to: str) -> None:
    page.get_by_role("link", name="评选进度").click()
    early = page.get_by_label("提前结束的理由")
    if early.count():
        early.fill("各项工作已完成，按工作安排进入下一阶段。")
    page.get_by_role("button", name=f"结束本阶段，进入“{to}”").click()
    expect(page.locator(".alert-success").first).to_contain_text(f"进入“{to}”阶段")


def _accept(page, application: Application) -> None:
    page.goto(f"/applications/office/{application.pk}/")
    page.get_by_label("申报主体资格符合申报条件").check()
    page.get_by_label("申报资料齐全、符合要求").check()
    page.get_by_role("button", name="保存复核记录").click()
    expect(page.locator(".alert-success").first).to_be_visible()
    page.get_by_label("征求意见部门").fill("市市场监督管理局")
    page.get_by_label("部门意见").fill("经查询，近三年无质量违法记录，无异议。")
    page.get_by_role("button", name="登记征求意见").click()
    expect(page.locator(".alert-success").first).to_contain_text("征求意见记录已保存")
    page.get_by_role("button", name="予以受理").click()
    expect(page.locator(".alert-success").first).to_contain_text("受理")


# How well each applicant does, as a share of every item's points (the experts' judgement).
MERIT = {"steel": 0.85, "hospital": 0.75, "person": 0.8}


def _score_sheet(page, fraction: float) -> None:
    """Give every item about `fraction` of its points and comment every category."""
    items = page.locator('[name^="item_"]')
    for index in range(items.count()):
        item = items.nth(index)
        options = item.evaluate(
            "e => e.tagName === 'SELECT' ? Array.from(e.options, o => o.value).filter(v => v)"
            " : [e.max]"
        )
        if len(options) > 1:
            item.select_option(options[round(fraction * (len(options) - 1))])
        else:
            item.fill(f"{float(options[0]) * fraction:.1f}")
    strengths = page.locator('[name^="strengths_"]')
    for index in range(strengths.count()):
        strengths.nth(index).fill("方法系统，展开充分。")
    page.get_by_role("button", name="提交评分表").click()
    expect(page.locator(".alert-success").first).to_contain_text("评分表已提交")


def _expert_scores(journey, username: str, *, shoot: str = "") -> None:
    page = journey.login(username, username)
    page.goto("/review/")
    while page.get_by_role("link", name="评分", exact=True).count():
        page.get_by_role("link", name="评分", exact=True).first.click()
        if "/declare/" in page.url:
            page.get_by_label("不存在，开始评审").check()
            page.get_by_role("button", name="确认").click()
        name = page.get_by_role("heading", level=1).inner_text()
        who = next(k for k, v in APPLICANTS.items() if v["organization"] in name and k in MERIT)
        if shoot:
            journey.shot(page, shoot, gallery=shoot.startswith("material"))
            shoot = ""
        _score_sheet(page, MERIT[who])
        page.goto("/review/")


def _review_settings(journey):
    """The office asks for review panels of 3 experts or more, 2 or more on each application;
    returns the office's tab."""
    office = journey.login("office")
    office.get_by_role("link", name="评审轮次").click()
    office.get_by_role("link", name="评审设置").click()
    office.get_by_label("评审组最少人数").fill("3")
    office.get_by_label("每份申报最少评审专家数").fill("2")
    office.get_by_role("button", name="保存设置").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    return office


def _review_round(
    journey, *, stage: str, opens: str, due: str, closes: str, shots: str, edition_number: int = 3
):
    """One review round: the office draws the panel and opens it, the experts score, the
    office decides who goes on, closes the round with its report and applies the list."""
    clock = journey.clock
    clock.move_to(day(opens))
    office = journey.login("office")
    office.goto("/review/rounds/")
    office.get_by_label("评审阶段").select_option(label=stage)
    office.get_by_label("评分截止日期").fill(due)
    office.get_by_role("button", name="创建评审轮次").click()
    office.get_by_role("button", name="随机抽取评审组并分配").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    review_round = ReviewRound.objects.get(
        edition__number=edition_number, stage=STAGE_OF_LABEL[stage]
    )
    members = list(
        PanelMember.objects.filter(round=review_round)
        .order_by("pk")
        .values_list("expert__name", "expert__user__username")
    )
    leader_form = office.locator("form", has=office.get_by_role("button", name="指定组长"))
    leader_form.get_by_label("专家").fill(members[0][0])  # named as the office types it
    office.get_by_role("button", name="指定组长").click()
    expect(office.get_by_text("组长已指定。")).to_be_visible()
    office.get_by_role("button", name="开始评审").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    journey.shot(office, f"{shots}-panel")

    for index, (_name, username) in enumerate(members):
        _expert_scores(journey, username, shoot=f"{shots}-score-sheet" if index == 0 else "")

    clock.move_to(day(closes))
    office = journey.login("office")
    office.goto(f"/review/rounds/{review_round.pk}/results/")
    office.get_by_label("分数线（得分率%）").fill("60")
    office.get_by_role("button", name="按规则决定晋级名单").click()
    expect(office.locator(".alert-success").first).to_contain_text("晋级名单已按规则决定")
    journey.shot(office, f"{shots}-results", gallery=shots == "material")
    office.goto(f"/review/rounds/{review_round.pk}/")
    office.get_by_label("评审报告综述").fill(f"{stage}评审组意见：各申报方质量管理体系运行有效。")
    office.get_by_role("button", name="结束本轮评审并形成报告").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    office.goto(f"/review/rounds/{review_round.pk}/results/")
    office.get_by_role("button", name="执行晋级名单（通过流程变更申报状态）").click()
    expect(office.locator(".alert-success").first).to_contain_text("已执行")
    return review_round


def _review_rounds(journey, rounds, *, edition_number: int = 3) -> None:
    """Each of `rounds` (stage, opens, due, closes, screenshots' name, the stage after it),
    and after each the office moves the edition on."""
    for stage, opens, due, closes, shots, following in rounds:
        _review_round(
            journey,
            stage=stage,
            opens=opens,
            due=due,
            closes=closes,
            shots=shots,
            edition_number=edition_number,
        )
        _advance_stage(journey.login("office"), following)


def _leader_approves(journey, list_label: str, number: str) -> None:
    leader = journey.login("leader", "leader")
    leader.get_by_role("link", name="审议与授奖").click()
    leader.get_by_role("link", name=re.compile(list_label)).first.click()
    leader.get_by_label("审议通过").check()
    leader.get_by_label("文号/会议纪要编号").fill(number)
    leader.get_by_role("button", name="记录领导小组审议结果").click()
    expect(leader.locator(".alert-success").first).to_contain_text("领导小组审议结果已记录")


def _publicize_list(office, list_label: str) -> None:
    office.get_by_role("link", name="审议与授奖").click()
    office.get_by_role("link", name=re.compile(list_label)).first.click()
    office.get_by_role("button", name="发布公示").click()
    expect(office.locator(".alert-success").first).to_be_visible()


def _award_and_commend(office, document_number: str) -> None:
    """The city government's approval recorded under its document number, which awards the
    winners, and the commendation published."""
    office.goto("/review/deliberation/award/")
    office.get_by_label("市政府文号").fill(document_number)
    office.get_by_role("button", name="记录市政府审定并授奖").click()
    expect(office.locator(".alert-success").first).to_contain_text("获奖者已授奖")
    office.get_by_role("button", name="发布表扬决定").click()
    expect(office.locator(".alert-success").first).to_contain_text("表扬决定已在网站发布")


def _object(public, window_title: str, entry: str) -> None:
    public.goto("/publicity/")
    public.get_by_role("link", name=re.compile(window_title)).first.click()
    public.get_by_role("link", name="提出异议").click()
    _choose(public.get_by_label("异议对象"), entry)
    public.get_by_label("真实姓名").fill("王五")
    public.get_by_label("身份证号或工作单位").fill("510402198001011234")
    public.get_by_label("联系电话").fill("13900000000")
    public.get_by_label("异议事实和理由").fill(
        "该公司2022年因产品质量问题受到行政处罚，申报时未如实说明。"
    )
    public.get_by_label("本人承诺以上信息真实").check()
    public.get_by_role("button", name="提交异议").click()
    expect(public.locator("main")).to_contain_text("异议编号")


def _uphold(office, entry: str, finding: str) -> None:
    office.goto("/publicity/manage/objections/")
    office.locator("tr", has_text=entry).get_by_role("link").first.click()
    office.get_by_label("调查记录").fill("经向市市场监督管理局核实，情况属实。")
    office.get_by_role("button", name="保存调查记录").click()
    office.get_by_label("异议成立").check()
    office.get_by_label("核查结论").fill(finding)
    office.get_by_role("button", name="办结异议").click()
    expect(office.locator(".alert-success").first).to_be_visible()


def test_full_award_journey(journey, clock):
    pdf_content = helpers.pdf_bytes()
    # --- 2023-02-10: the notice is public; applicants register and fill their forms -------
    load_reference_data()
    edition = Edition.objects.get(number=3)
    Edition.objects.filter(pk=edition.pk).update(organization_quota=1)  # a small edition
    office_user, experts = _staff(edition)

    public = journey.tab("public")
    public.goto("/")
    expect(public.get_by_role("heading", level=1)).to_contain_text("第三届攀枝花市政府质量奖")
    expect(public.locator("main")).to_contain_text("2023年2月15日")
    journey.shot(public, "notice", gallery=True)

    applications = {}
    for who in APPLICANTS:
        _register(journey, who)
        applications[who] = _fill_application(journey, who, pdf_content)
    journey.shot(journey.tab("steel"), "applicant-form", gallery=True)

    # Too early: submission opens on 2023-02-15.
    page = journey.tab("steel")
    page.goto("/applications/")
    page.get_by_role("link", name="继续填写").click()
    page.get_by_role("button", name="提交申报").click()
    expect(page.locator(".alert-danger").first).to_contain_text("2023-02-15")

    # --- 2023-02-15: applications open -----------------------------------------------------
    clock.move_to(day("2023-02-15"))
    for who in APPLICANTS:
        _submit(journey, who)
    assert set(Application.objects.filter(edition=edition).values_list("status", flat=True)) == {
        Status.SUBMITTED
    }

    # --- 2023-02-20: pre-check; the team's form goes back for a correction ----------------
    clock.move_to(day("2023-02-20"))
    dongqu = journey.login("dongqu")
    dongqu.get_by_role("link", name="初核推荐").click()
    expect(dongqu.locator("main")).to_contain_text(applications["team"].reference)
    journey.shot(dongqu, "unit-queue", gallery=True)
    dongqu.get_by_role("link", name=applications["team"].reference).click()
    dongqu.get_by_label("退回理由").fill("班组成员名单缺少各成员的岗位和职称，请补充后重新提交。")
    dongqu.get_by_label("修改项目1").select_option("members")
    dongqu.get_by_label("修改意见1").fill("请按“姓名，岗位，职称”逐行填写。")
    dongqu.get_by_role("button", name="退回申报者修改").click()
    expect(dongqu.locator(".alert-success").first).to_contain_text("已退回申报者修改")
    for who in ("steel", "person"):
        _precheck(journey, "dongqu", applications[who])
    _precheck(journey, "weijian", applications["hospital"])

    clock.move_to(day("2023-02-22"))
    team = journey.login("team")
    team.goto("/applications/")
    team.get_by_role("link", name="继续填写").click()
    expect(team.locator("main")).to_contain_text("班组成员名单缺少")
    team.locator('[name="members"]').fill(
        "赵镕，班长，高级技师\n钱一，轧钢工，技师\n孙二，质检员，助理工程师"
    )
    team.get_by_role("button", name="修改后重新提交").click()
    expect(team.locator(".alert-success").first).to_contain_text("已提交")
    journey.shot(team, "applicant-resubmitted")

    clock.move_to(day("2023-02-24"))
    _precheck(journey, "dongqu", applications["team"])
    assert set(Application.objects.filter(edition=edition).values_list("status", flat=True)) == {
        Status.RECOMMENDED
    }

    # --- 2023-03-16: the city office re-checks, accepts and publicizes the list -----------
    clock.move_to(day("2023-03-16"))
    office = journey.login("office", "office")
    _advance_stage(office, "初核推荐")
    _advance_stage(office, "审查受理")
    for who in APPLICANTS:
        _accept(office, applications[who])
    office.goto("/applications/office/acceptance-list/")
    journey.shot(office, "acceptance-list")
    office.get_by_role("button", name="生成受理名单公示草稿").click()
    expect(office.locator(".alert-success").first).to_contain_text("公示草稿")
    office.get_by_role("button", name="发布公示").click()
    expect(office.locator(".alert-success").first).to_be_visible()

    # 2023-03-17: a member of the public objects to the team's acceptance.
    clock.move_to(day("2023-03-17", 10))
    public = journey.tab("public")
    public.goto("/publicity/")
    public.get_by_role("link", name="受理名单").first.click()
    expect(public.locator("main")).to_contain_text(applications["team"].applicant_name)
    journey.shot(public, "acceptance-publicity", gallery=True)
    public.get_by_role("link", name="提出异议").click()
    _choose(public.get_by_label("异议对象"), applications["team"].applicant_name)
    public.get_by_label("真实姓名").fill("李四")
    public.get_by_label("身份证号或工作单位").fill("攀枝花钒钛精工有限公司职工")
    public.get_by_label("联系电话").fill("13800000000")
    public.get_by_label("异议事实和理由").fill("该班组2022年发生一起质量事故，申报材料未如实说明。")
    public.get_by_label("本人承诺以上信息真实").check()
    public.get_by_role("button", name="提交异议").click()
    expect(public.locator("main")).to_contain_text("异议编号")

    clock.move_to(day("2023-03-20"))
    office = journey.login("office")
    office.goto("/publicity/manage/objections/")
    office.locator("tr", has_text=applications["team"].applicant_name).get_by_role("link").click()
    office.get_by_label("调查记录").fill("经向市应急管理局核实，该班组2022年发生一般质量事故。")
    office.get_by_role("button", name="保存调查记录").click()
    office.get_by_label("异议成立").check()
    office.get_by_label("核查结论").fill("异议成立：该班组近三年内发生质量事故，不符合申报条件。")
    office.get_by_role("button", name="办结异议").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    journey.shot(office, "objection-upheld")
    applications["team"].refresh_from_db()
    assert applications["team"].status == Status.NOT_ACCEPTED

    # 2023-03-23: the window (2023-03-16 … 03-22) has ended; beat closes it.
    clock.move_to(day("2023-03-23", 1))
    assert close_ended_windows.apply().get() == 1
    clock.move_to(day("2023-03-23"))
    office = journey.login("office")
    _advance_stage(office, "材料评审")
    assert sorted(
        Application.objects.filter(edition=edition).values_list("status", flat=True)
    ) == sorted([Status.MATERIAL_REVIEW] * 3 + [Status.NOT_ACCEPTED])

    # --- April–June 2023: three review rounds ----------------------------------------------
    clock.move_to(day("2023-04-10", 8))
    office = _review_settings(journey)
    office.goto(f"/review/editions/{edition.pk}/experts/")
    for expert in experts:
        _choose(office.get_by_label("库内专家"), expert.name)
        office.get_by_role("button", name="加入本届专家库").click()
        expect(office.locator(".alert-success").first).to_contain_text("专家已加入本届专家库")
    office.goto(f"/review/editions/{edition.pk}/conflicts/")
    office.get_by_role("button", name=re.compile("比对")).click()
    expect(office.locator(".alert-success").first).to_contain_text("比对完成")
    expect(office.locator("main")).to_contain_text("何涛")
    journey.shot(office, "conflicts")

    _review_rounds(
        journey,
        [
            ("材料评审", "2023-04-10", "2023-04-21", "2023-04-24", "material", "现场评审"),
            ("现场评审", "2023-05-08", "2023-05-19", "2023-05-22", "onsite", "陈述答辩"),
            ("陈述答辩", "2023-06-05", "2023-06-09", "2023-06-12", "defense", "审议公示"),
        ],
    )
    # 何涛 works at the hospital: no round ever gave him its application.
    assert not Assignment.objects.filter(
        expert__name="何涛", application=applications["hospital"]
    ).exists()
    assert sorted(
        Application.objects.filter(edition=edition).values_list("status", flat=True)
    ) == sorted([Status.DELIBERATION] * 3 + [Status.NOT_ACCEPTED])

    # --- 2023-06-13: deliberation, leadership approval, proposed-winner publicity ----------
    clock.move_to(day("2023-06-13"))
    office = journey.login("office")
    office.get_by_role("link", name="审议与授奖").click()
    office.get_by_label("综合评审意见").fill(
        "经材料评审、现场评审和陈述答辩，综合得分排名如下，提出拟获奖建议名单。"
    )
    office.get_by_role("button", name="拟定名单，提请领导小组审议").click()
    expect(office.locator(".alert-success").first).to_be_visible()
    journey.shot(office, "deliberation")

    clock.move_to(day("2023-06-15"))
    _leader_approves(journey, "拟获奖建议名单", "攀质强领〔2023〕5号")
    journey.shot(journey.tab("leader"), "leadership-approval")

    # Publicized from Monday 2023-06-19 for 5 working days: the Dragon Boat Festival holiday
    # (06-22…06-24) does not count, the make-up Sunday 06-25 does; it ends on 06-26.
    clock.move_to(day("2023-06-19"))
    office = journey.login("office")
    _publicize_list(office, "拟获奖建议名单")
    winners = PublicityWindow.objects.get(kind=WindowKind.PROPOSED)
    assert winners.end_date.isoformat() == "2023-06-26"

    clock.move_to(day("2023-06-20", 10))
    public = journey.tab("public")
    _object(public, winners.title, applications["steel"].applicant_name)
    public.goto(f"/publicity/{winners.pk}/")
    journey.shot(public, "winner-publicity", gallery=True)

    clock.move_to(day("2023-06-21"))
    office = journey.login("office")
    _uphold(
        office,
        applications["steel"].applicant_name,
        "异议成立：该公司近三年内受到质量行政处罚，取消拟表扬资格，由综合得分次高者递补。",
    )
    for who, status in (("steel", Status.DISQUALIFIED), ("hospital", Status.PROPOSED)):
        applications[who].refresh_from_db()
        assert applications[who].status == status

    clock.move_to(day("2023-06-26"))
    _leader_approves(journey, "递补", "攀质强领〔2023〕6号")
    clock.move_to(day("2023-06-27"))
    office = journey.login("office")
    _publicize_list(office, "递补")
    substitute = PublicityWindow.objects.exclude(pk=winners.pk).get(
        kind__in=[WindowKind.PROPOSED, WindowKind.SUBSTITUTE]
    )
    public.goto(f"/publicity/{substitute.pk}/")
    expect(public.locator("main")).to_contain_text(applications["hospital"].applicant_name)
    journey.shot(public, "substitute-publicity", gallery=True)

    # Both windows have ended by 2023-07-04; beat closes them overnight.
    clock.move_to(day("2023-07-04", 1))
    assert close_ended_windows.apply().get() == 2

    # --- 2023-07-04: commendation, certificates --------------------------------------------
    clock.move_to(day("2023-07-04"))
    office = journey.login("office")
    office.get_by_role("link", name="审议与授奖").click()
    office.get_by_role("button", name="结束审议公示，进入表扬授奖").click()
    expect(office.locator(".alert-success").first).to_contain_text("进入表扬授奖")
    clock.move_to(day("2023-07-10"))
    office = journey.login("office")
    _award_and_commend(office, "攀府函〔2023〕88号")
    journey.shot(office, "award", gallery=True)

    for who in ("hospital", "person"):
        page = journey.login(who)
        page.goto(f"/applications/{applications[who].pk}/")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载获奖证书").click()
        journey.keep_pdf(download.value, f"certificate-{who}", gallery=who == "person")
    assert sorted(
        Application.objects.filter(edition=edition).values_list("status", flat=True)
    ) == sorted([Status.AWARDED, Status.AWARDED, Status.DISQUALIFIED, Status.NOT_ACCEPTED])
    journey.refresh_gallery()
