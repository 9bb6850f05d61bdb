"""Rubrics, review rounds, panels, assignments and score sheets."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import AppendOnlyModel, Application, AuditRecord, Edition
from award_portal.model_fields import move_time, one_to_one, reference, status_field, user_reference
from review.models.pool import (
    REVIEW_STAGE_CHOICES,
    STAGE_LABELS,
    Aggregation,
    ExpertProfile,
    choice_label,
)

# --- rubrics ---------------------------------------------------------------------------------


class Rubric(models.Model):
    """One version of a scoring standard. Published versions are frozen: a change is a new
    version, so a submitted score sheet always points at the items it was scored on."""

    class AppliesTo(models.TextChoices):
        ORGANIZATION = "organization", _("组织（GB/T 19580）")
        TEAM = "team", _("一线班组")
        INDIVIDUAL = "individual", _("个人")
        ONSITE_CHECKLIST = "onsite_checklist", _("现场核查清单")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        RETIRED = "retired", _("已停用")

    code = models.SlugField(_("标准代码"), max_length=40)
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    name = models.CharField(_("名称"), max_length=100)
    applies_to = models.CharField(_("适用对象"), max_length=20, choices=AppliesTo)
    band_percent = models.DecimalField(
        _("评分档距（占条目分值%）"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("例如 5 表示按条目分值的 5% 为一档给分；留空表示可给任意分（0.5 分为单位）。"),
    )
    status = models.CharField(_("状态"), max_length=20, choices=Status, default=Status.DRAFT)
    source_note = models.CharField(_("依据"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = user_reference(_("创建人"), null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评分标准")
        ordering = ["applies_to", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_rubric_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class RubricItem(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "process", _("过程（A-D-L-I）")
        RESULT = "result", _("结果（Le-T-C-I）")
        CRITERION = "criterion", _("评分要素")
        CHECK = "check", _("核查事项")

    rubric = reference(Rubric, _("评分标准"), related_name="items")
    code = models.CharField(_("条款号"), max_length=20)
    category = models.CharField(_("类目"), max_length=50)
    name = models.CharField(_("评分条目"), max_length=200)
    points = models.DecimalField(
        _("分值"), max_digits=6, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    kind = models.CharField(_("评价方式"), max_length=20, choices=Kind)
    guidance = models.TextField(_("评分要点"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("评分条目")
        ordering = ["rubric", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rubric", "code"], name="one_item_code_per_rubric"),
            models.CheckConstraint(condition=models.Q(points__gte=0), name="item_points_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}（{self.points}）"


# --- rounds, panels, assignments -------------------------------------------------------------


class ReviewRound(models.Model):
    """The expert review of one stage of one edition: its panel, sheets, results and report."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("组建评审组")
        OPEN = "open", _("评审中")
        CLOSED = "closed", _("已结束")

    edition = reference(Edition, _("届次"), related_name="review_rounds")
    stage = models.CharField(_("评审阶段"), max_length=20, choices=REVIEW_STAGE_CHOICES)
    status = status_field(_("状态"), Status, default=Status.PREPARING)
    due_date = models.DateField(_("评分截止日期"))
    organization_rubric = reference(Rubric, _("组织评分标准"), null=True)
    team_rubric = reference(Rubric, _("一线班组评分标准"), null=True)
    individual_rubric = reference(Rubric, _("个人评分标准"), null=True)
    checklist = reference(Rubric, _("现场核查清单"), null=True)
    aggregation = models.CharField(
        _("汇总方法"), max_length=20, choices=Aggregation, default=Aggregation.TRIMMED_MEAN
    )
    report_summary = models.TextField(_("评审报告综述"), blank=True)
    opened_at = move_time(_("开始时间"))
    closed_at = move_time(_("结束时间"))
    closed_by = user_reference(_("结束操作人"), null=True, editable=False)
    created_by = user_reference(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评审轮次")
        ordering = ["edition", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "stage"], name="one_round_per_stage"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | ~models.Q(report_summary=""),
                name="closed_round_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_stage_display()}"

    def get_stage_display(self) -> str:
        return choice_label(STAGE_LABELS, self.stage)

    def get_status_display(self) -> str:
        return choice_label(_ROUND_STATUS_LABELS, self.status)

    def get_aggregation_display(self) -> str:
        return choice_label(_AGGREGATION_LABELS, self.aggregation)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    def rubric_for(self, application: Application) -> Rubric | None:
        if application.category.kind == "individual":
            return self.individual_rubric
        if application.category.code == "team" and self.team_rubric_id:
            return self.team_rubric
        return self.organization_rubric


_ROUND_STATUS_LABELS = dict(ReviewRound.Status.choices)
_AGGREGATION_LABELS = dict(Aggregation.choices)


def one_per_application(name: str) -> models.UniqueConstraint:
    """A round's record of an application (its visit, slot, result, decision, totals): one per
    application in the round."""
    return models.UniqueConstraint(fields=["round", "application"], name=name)


class PanelDraw(AppendOnlyModel):
    """The record of one random draw (双随机): everything needed to repeat it exactly."""

    round = reference(ReviewRound, _("评审轮次"), related_name="draws")
    seed = models.CharField(_("随机种子"), max_length=40)
    algorithm = models.CharField(_("算法版本"), max_length=20)
    inputs = models.JSONField(_("抽取输入"))
    result = models.JSONField(_("抽取结果"))
    actor = user_reference(_("操作人"))
    at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("随机抽取记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.round} · {self.seed}"


class PanelMember(models.Model):
    class Source(models.TextChoices):
        DRAW = "draw", _("随机抽取")
        MANUAL = "manual", _("人工调整")

    round = reference(ReviewRound, _("评审轮次"), related_name="members")
    expert = reference(ExpertProfile, _("专家"), related_name="panels")
    is_leader = models.BooleanField(_("组长"), default=False)
    source = models.CharField(_("产生方式"), max_length=10, choices=Source)
    reason = models.TextField(_("调整理由"), blank=True)
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评审组成员")
        ordering = ["round", "-is_leader", "expert__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "expert"], name="one_membership_per_round"),
            models.UniqueConstraint(
                fields=["round"], condition=models.Q(is_leader=True), name="one_leader_per_round"
            ),
            models.CheckConstraint(
                condition=models.Q(source="draw") | ~models.Q(reason=""),
                name="manual_member_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.expert.name}"


class Assignment(models.Model):
    """One expert reviews one application in one round."""

    round = reference(ReviewRound, _("评审轮次"), related_name="assignments")
    expert = reference(ExpertProfile, _("专家"), related_name="assignments")
    application = reference(Application, _("申报"), related_name="review_assignments")
    source = models.CharField(_("产生方式"), max_length=10, choices=PanelMember.Source)
    reason = models.TextField(_("调整理由"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    attested_at = move_time(_("确认无利益冲突时间"))
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评审分配")
        ordering = ["round", "application_id", "expert__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert", "application"], name="one_assignment_per_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(source="draw") | ~models.Q(reason=""),
                name="manual_assignment_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["expert", "is_active"])]

    def __str__(self) -> str:
        return f"{self.expert.name} → {self.application}"


class ScoreSheet(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("评分中")
        SUBMITTED = "submitted", _("已提交")
        EXCUSED = "excused", _("已免评")
        VOID = "void", _("已作废")

    assignment = one_to_one(Assignment, _("评审分配"), related_name="sheet")
    rubric = reference(Rubric, _("评分标准"), related_name="sheets")
    status = status_field(_("状态"), Status, default=Status.DRAFT)
    total = models.DecimalField(
        _("总分"), max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    overall_comment = models.TextField(_("总体评价"), blank=True)
    status_reason = models.TextField(_("免评/作废理由"), blank=True)
    submitted_at = move_time(_("提交时间"))
    updated_at = models.DateTimeField(_("最后保存"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评分表")
        ordering = ["assignment"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="submitted") | models.Q(total__isnull=False),
                name="submitted_sheet_has_total",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["excused", "void"]) | ~models.Q(status_reason=""),
                name="excused_sheet_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)

    def get_status_display(self) -> str:
        return choice_label(SHEET_STATUS_LABELS, self.status)

    @property
    def is_locked(self) -> bool:
        return self.status != self.Status.DRAFT


SHEET_STATUS_LABELS = dict(ScoreSheet.Status.choices)


class ItemScore(models.Model):
    sheet = reference(ScoreSheet, _("评分表"), on_delete=models.CASCADE, related_name="scores")
    item = reference(RubricItem, _("评分条目"))
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = verbose_name_plural = _("条目得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


class SheetComment(models.Model):
    """Strengths (优势) and opportunities for improvement (改进机会) of one rubric category."""

    sheet = reference(ScoreSheet, _("评分表"), on_delete=models.CASCADE, related_name="comments")
    category = models.CharField(_("类目"), max_length=50)
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("类目评语")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "category"], name="one_comment_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.category}"


class SheetEvent(AuditRecord):
    """What happened to a sheet: submitted, reopened, excused, voided; by whom and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        REOPEN = "reopen", _("退回重评")
        EXCUSE = "excuse", _("免评")
        VOID = "void", _("作废")

    sheet = reference(ScoreSheet, _("评分表"), related_name="events")
    action = models.CharField(_("操作"), max_length=10, choices=Action)
    actor = user_reference(
        _("操作人"), null=True, help_text=_("为空表示系统自动处理（如比对发现回避关系）。")
    )
    reason = models.TextField(_("理由"), blank=True)
    total = models.DecimalField(_("当时总分"), max_digits=7, decimal_places=2, null=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("评分表操作记录")

    def __str__(self) -> str:
        return f"{self.sheet}: {self.get_action_display()}"
