"""Every page type of the portal, found in the demo's world: who looks at it, which edition
they work on, and its address."""

from dataclasses import dataclass

from django.urls import reverse

from applications.models import Application, Edition, Status
from publicity.models import PublicityWindow
from review.conflicts.services import attest_assignment
from review.models import Assignment, ProposedList, ReviewRound


@dataclass
class PageType:
    name: str
    user: str | None
    url: str
    edition: Edition | None = None


def demo_edition(label: str) -> Edition:
    return Edition.objects.get(is_demo=True, name=f"演示届次（{label}）")


def open_assignments(username: str = "expert1") -> tuple[Assignment, Assignment]:
    """Two of the expert's assignments in an open round: one still to declare, and one
    declared free of conflict (declared here through the service when none is yet)."""
    waiting = Assignment.objects.filter(
        expert__user__username=username, round__status=ReviewRound.Status.OPEN
    ).order_by("pk")
    to_declare = waiting.filter(attested_at__isnull=True).first()
    declared = waiting.filter(attested_at__isnull=False).first()
    if declared is None:
        declared = waiting.filter(attested_at__isnull=True).last()
        attest_assignment(assignment=declared, actor=declared.expert.user, has_conflict=False)
    return to_declare or declared, declared


def page_types() -> list[PageType]:
    current = Edition.current()
    draft = Application.objects.filter(edition=current, status=Status.DRAFT).order_by("pk")[0]
    submitted = Application.objects.filter(
        edition=current, status=Status.SUBMITTED, unit__name="东区"
    ).order_by("pk")[0]
    material = demo_edition("材料评审")
    material_round = ReviewRound.objects.get(edition=material, stage="material_review")
    awarded = Edition.objects.get(number=3)
    closed_round = ReviewRound.objects.filter(edition=awarded).order_by("pk")[0]
    proposed_window = PublicityWindow.objects.get(
        edition=demo_edition("拟表扬公示"), kind="proposed"
    )
    proposed = ProposedList.objects.get(edition=demo_edition("审议待审定"))
    deciding = demo_edition("审议待审定")
    accepting = demo_edition("审查受理")
    to_accept = Application.objects.filter(edition=accepting, status=Status.RECOMMENDED).first()
    to_accept = to_accept or Application.objects.filter(edition=accepting).order_by("pk")[0]
    to_declare, sheet = open_assignments()
    pages = [
        PageType("公众 · 首页", None, reverse("home")),
        PageType("公众 · 登录", None, reverse("accounts:login")),
        PageType("公众 · 公示公告列表", None, reverse("publicity:public_list")),
        PageType(
            "公众 · 公示页", None, reverse("publicity:public_detail", args=[proposed_window.pk])
        ),
        PageType(
            "公众 · 异议表",
            None,
            reverse("publicity:objection_create", args=[proposed_window.pk]),
        ),
        PageType("公众 · 证书查询", None, reverse("review:certificate_verify")),
        PageType("申报者 · 我的申报", draft.owner.username, reverse("applications:dashboard")),
        PageType(
            "申报者 · 申报表", draft.owner.username, reverse("applications:edit", args=[draft.pk])
        ),
        PageType(
            "申报者 · 申报详情",
            submitted.owner.username,
            reverse("applications:detail", args=[submitted.pk]),
        ),
        PageType("推荐单位 · 初核推荐", "dongqu", reverse("applications:unit_queue")),
        PageType(
            "推荐单位 · 审核页", "dongqu", reverse("applications:unit_review", args=[submitted.pk])
        ),
        PageType("专家 · 我的评审", "expert1", reverse("review:expert_dashboard")),
        PageType(
            "专家 · 回避声明",
            "expert1",
            reverse("review:assignment_declare", args=[to_declare.pk]),
        ),
        PageType("专家 · 评分表", "expert1", reverse("review:assignment_detail", args=[sheet.pk])),
        PageType("监督组 · 评选进度", "supervisor", reverse("applications:edition_progress")),
        PageType(
            "监督组 · 评审结果",
            "supervisor",
            reverse("review:round_results", args=[closed_round.pk]),
            awarded,
        ),
        PageType(
            "领导小组 · 审议名单",
            "leader",
            reverse("review:deliberation_list", args=[proposed.pk]),
            deciding,
        ),
    ]
    office = [  # (page, address name, its arguments, the working edition)
        ("评选进度", "applications:edition_progress", [], None),
        ("申报列表", "applications:office_list", [], None),
        ("统计总览（图表）", "applications:office_overview", [], None),
        ("受理审查页", "applications:office_acceptance", [to_accept.pk], accepting),
        ("评审轮次", "review:round_list", [], material),
        ("轮次详情", "review:round_detail", [material_round.pk], material),
        ("评审进度（图表）", "review:round_progress", [material_round.pk], material),
        ("评审结果", "review:round_results", [closed_round.pk], awarded),
        ("审议与授奖", "review:deliberation", [], deciding),
        ("届次统计（图表）", "review:edition_statistics", [awarded.pk], awarded),
    ]
    pages += [
        PageType(f"市质量强市办 · {title}", "office", reverse(name, args=args), edition)
        for title, name, args, edition in office
    ]
    return pages
