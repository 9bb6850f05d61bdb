"""Demo data for trying the portal out: one user per role (and a few more applicants and
experts), the 3rd edition played to its end in 2023, and a 4th edition in progress today.

Running it twice creates nothing twice: the users are matched by username, the 3rd edition is
played only while it still waits at its first stage, and the 4th is created only once.
"""

from __future__ import annotations

import base64
import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import Edition, RecommendingUnit
from award_portal.accounts.models import ApplicantKind, Role, User
from award_portal.accounts.security import second_factor_mandatory
from award_portal.privacy import consent
from award_portal.privacy.models import PrivacyConsent

if TYPE_CHECKING:
    from review.models import ExpertProfile

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "Demo-Award-2023"
# The demo's staff accounts share one authenticator key, printed with the logins, so a tester can
# add it to any TOTP app (or run `manage.py demo_codes`). Real accounts enrol their own device.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: str = ""
    organization: str = ""
    kind: str = ""


DEMO_USERS = (
    DemoUser("admin", "系统管理员", Role.ADMIN),
    DemoUser("office", "李建", Role.CITY_OFFICE, organization="市质量强市办"),
    DemoUser("dongqu", "王芳", Role.UNIT_OFFICER, unit="东区"),
    DemoUser("weijian", "赵磊", Role.UNIT_OFFICER, unit="市卫生健康委员会"),
    DemoUser("expert1", "陈志堃", Role.EXPERT, organization="四川省质量协会"),
    DemoUser("expert2", "刘喆", Role.EXPERT, organization="攀枝花学院"),
    DemoUser("expert3", "专家3", Role.EXPERT, organization="西南交通大学"),
    DemoUser("expert4", "专家4", Role.EXPERT, organization="攀枝花市计量测试研究院"),
    DemoUser("expert5", "专家5", Role.EXPERT, organization="成都质量管理咨询有限公司"),
    DemoUser("supervisor", "周敏", Role.SUPERVISOR, organization="市纪委监委驻市场监管局纪检组"),
    DemoUser("leader", "孙镕", Role.LEADER, organization="市质量强市工作领导小组"),
    DemoUser(
        "company",
        "张犇",
        Role.APPLICANT,
        organization="攀枝花钒钛新材料有限公司",
        kind=ApplicantKind.ORGANIZATION,
    ),
    DemoUser(
        "hospital",
        "黄霞",
        Role.APPLICANT,
        organization="攀枝花市中心医院",
        kind=ApplicantKind.ORGANIZATION,
    ),
    DemoUser(
        "person", "吴国强", Role.APPLICANT, organization="攀钢集团", kind=ApplicantKind.INDIVIDUAL
    ),
    DemoUser(
        "school",
        "何静",
        Role.APPLICANT,
        organization="攀枝花市第三高级中学校",
        kind=ApplicantKind.ORGANIZATION,
    ),
    DemoUser(
        "clinic",
        "陈琳",
        Role.APPLICANT,
        organization="攀枝花市妇幼保健院",
        kind=ApplicantKind.ORGANIZATION,
    ),
)
DEMO_EXPERTS = ("expert1", "expert2", "expert3", "expert4", "expert5")


@dataclass
class DemoResult:
    users: list[tuple[DemoUser, bool]] = field(default_factory=list)
    past_played: bool = False  # the 3rd edition was played in this run
    live_created: bool = False  # the 4th edition was created in this run
    live_submitted: bool = True  # its applicants could submit (the calendar knew the dates)
    stages_played: list[str] = field(default_factory=list)  # the demo editions made in this run
    notes: list[str] = field(default_factory=list)


def _refusals() -> tuple[type[Exception], ...]:
    """The errors with which the services refuse a step (each carries a Chinese message)."""
    from applications.intake.materials import MaterialRejected
    from applications.intake.services import ApplicationError
    from applications.lifecycle import TransitionError
    from applications.precheck.services import PrecheckError
    from publicity.calendar import CalendarDataMissing
    from publicity.errors import PublicityError
    from review.errors import ReviewError

    return (
        TransitionError,
        ApplicationError,
        MaterialRejected,
        PrecheckError,
        PublicityError,
        ReviewError,
        CalendarDataMissing,
    )


@transaction.atomic
def seed_demo() -> DemoResult:
    """Create the demo users and the two editions; see the module docstring."""
    from applications.demo_editions import live, past, stages

    refused = _refusals()
    result = DemoResult(users=_seed_users())
    experts = _enlist_demo_experts()

    third = Edition.objects.filter(number=past.EDITION_NUMBER).first()
    if past.needs_story(third):
        try:
            with transaction.atomic():
                past.play(edition=third, experts=experts)
                past.render_certificates(third)
        except refused as exc:  # a refused step: leave the edition as it was, say why
            logger.warning("the demo could not play the 3rd edition: %s", exc)
            result.notes.append(f"第三届演示流程未能完成，已撤销：{exc}")
        else:
            result.past_played = True

    missing = stages.missing_year(timezone.localdate())
    if live.needs_story() and stages.needs_story() and missing:
        result.notes.append(
            f"{missing}年的法定节假日安排尚未录入，无法计算公示期的工作日，没有生成停在后续阶段的"
            f"演示届次。请市质量强市办在“节假日安排”页面粘贴国务院办公厅通知录入{missing}年的"
            "安排后，删除演示数据库重新运行。"
        )
    elif live.needs_story() and stages.needs_story():
        # Published first, so that the 4th edition, published after them, is the current one.
        for stage in stages.STAGES:
            try:
                with transaction.atomic():
                    stages.play(stage, experts=experts)
            except refused as exc:
                logger.warning("the demo could not play %s: %s", stage.name, exc)
                result.notes.append(f"{stage.name}未能生成，已撤销：{exc}")
            else:
                result.stages_played.append(stage.name)

    if live.needs_story():
        try:
            with transaction.atomic():
                story = live.play(experts=experts)
        except refused as exc:
            logger.warning("the demo could not create the 4th edition: %s", exc)
            result.notes.append(f"第四届演示数据未能生成，已撤销：{exc}")
        else:
            result.live_created = True
            result.live_submitted = story.submitted
            result.notes.extend(story.notes)
    else:
        result.live_submitted = live.has_submissions()
    return result


def _seed_users() -> list[tuple[DemoUser, bool]]:
    results = []
    password = None  # hashed once: the hasher is slow on purpose, and every account shares it
    for spec in DEMO_USERS:
        unit = RecommendingUnit.objects.get(name=spec.unit) if spec.unit else None
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "role": spec.role,
                "unit": unit,
                "organization_name": spec.organization,
                "applicant_kind": spec.kind,
                "email": f"{spec.username}@demo.pzh.gov.cn",
                "verified_email": f"{spec.username}@demo.pzh.gov.cn",
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        if created:
            password = password or make_password(DEMO_PASSWORD)
            user.password = password
            user.save(update_fields=["password"])
        if created and consent.asks_consent(user):  # they registered, agreeing to the notice
            consent.record_consent(user=user, occasion=PrivacyConsent.Occasion.REGISTRATION)
        if second_factor_mandatory(user):
            TOTPDevice.objects.get_or_create(
                user=user, name="demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
        results.append((spec, created))
    return results


def _enlist_demo_experts() -> list[ExpertProfile]:
    """The demo experts' profiles in the expert pool (库内专家), one per expert account."""
    from review.models import ExpertProfile

    specs = {spec.username: spec for spec in DEMO_USERS}
    experts = []
    for username in DEMO_EXPERTS:
        spec = specs[username]
        profile, _created = ExpertProfile.objects.get_or_create(
            user=User.objects.get(username=username),
            defaults={
                "name": spec.full_name,
                "employer": spec.organization,
                "specialty": "卓越绩效评价",
                "industry": "制造业、服务业",
                "title": "高级工程师",
                "email": f"{username}@demo.pzh.gov.cn",
            },
        )
        experts.append(profile)
    return experts


# --- what to try first -------------------------------------------------------------------------


def try_first(result: DemoResult) -> list[tuple[str, str, str]]:
    """(login, who, what to try first) for each demo account, after seeding."""
    from applications.models import Application

    third = Edition.objects.filter(number=3).first()
    archive = f"/review/editions/{third.pk}/statistics/" if third else "/review/deliberation/"
    certificate = (
        Application.objects.filter(edition=third, owner__username="company")
        .values_list("pk", flat=True)
        .first()
    )
    download = f"/applications/{certificate}/" if certificate else "/applications/"
    live = result.live_submitted
    staged = set(Edition.objects.filter(is_demo=True).values_list("name", flat=True))

    def stage(label: str, what: str, otherwise: str) -> str:
        name = f"演示届次（{label}）"
        return f"{what}（评选进度 → 查看届次：{name}）" if name in staged else otherwise

    experts = (
        "我的评审: 演示届次（材料评审）和（现场评审）各有待填的评分表（先申报回避事项）"
        if {"演示届次（材料评审）", "演示届次（现场评审）"} & staged
        else "我的评审: 申报回避事项，登记与您有利益关系的单位（已列入第四届专家库）"
    )
    return [
        (
            "admin",
            "系统管理员",
            "后台管理: 用户、推荐单位、评分标准，以及节假日的逐日调整",
        ),
        ("office", "市质量强市办", "评选进度: 第四届“初核推荐”还差什么才能进入审查受理"),
        (
            "office",
            "市质量强市办",
            stage(
                "审查受理",
                "公示管理: 受理名单正在公示，调查处理刚收到的异议",
                "公示管理: 第三届的受理名单公示和异议处理记录",
            ),
        ),
        (
            "office",
            "市质量强市办",
            "审计记录: 查登录、操作和下载记录；设定未获奖申报材料的保存期限",
        ),
        (
            "office",
            "市质量强市办",
            "届次管理 → 第四届: 下载、更换本届的 Word 文书模板（申报表、推荐意见函、评审报告）",
        ),
        (
            "dongqu",
            "东区经办人",
            "初核推荐: 审核待初核的申报（吴国强的待初核；第三高级中学校已核查，可推荐）"
            if live
            else "初核推荐: 查看本单位申报（尚无已提交的申报）",
        ),
        (
            "weijian",
            "市卫生健康委员会经办人",
            "初核推荐: 初核市妇幼保健院的申报（市中心医院的已退回修改）"
            if live
            else "初核推荐: 查看本单位申报（尚无已提交的申报）",
        ),
        ("expert1", "评审专家", experts),
        ("expert2", "评审专家", experts),
        ("supervisor", "评审监督组", f"评选进度（只读）；第三届档案与统计 {archive}"),
        (
            "leader",
            "领导小组",
            stage(
                "审议待审定",
                "审议与授奖: 审定拟表扬名单",
                f"审议与授奖: 第三届审议记录、表扬决定和统计 {archive}",
            ),
        ),
        (
            "company",
            "申报组织",
            f"我的申报: 下载第三届获奖证书 {download}；看第四届草稿还缺什么",
        ),
        (
            "hospital",
            "申报组织",
            "我的申报: 按推荐单位的退回意见修改第四届申报，重新提交"
            if live
            else "我的申报: 下载第三届获奖证书；看第四届草稿还缺什么",
        ),
        (
            "person",
            "申报个人",
            "我的申报: 第四届申报在东区初核，看办理进度；下载第三届获奖证书"
            if live
            else "我的申报: 下载第三届获奖证书；看第四届草稿还缺什么",
        ),
        (
            "school",
            "申报组织",
            "我的申报: 第三届止步材料评审，阅读评审反馈报告；点右上角姓名 → 下载我的个人信息",
        ),
        ("clinic", "申报组织", "我的申报: 第四届申报已提交，等待市卫生健康委员会初核"),
        (
            "（不登录）",
            "社会公众",
            "公示公告: 演示届次（拟表扬公示）的名单正在公示，可提出异议"
            if "演示届次（拟表扬公示）" in staged
            else "公示公告: 第三届的受理名单和拟表扬名单公示",
        ),
    ]


def demo_totp_secret() -> str:
    """The demo key in the base32 form authenticator apps ask for."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def current_demo_code() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
