"""Expert review (stages 4–6): the expert pool, conflicts, panels, rubrics, score sheets.

Decisions people may later question (conflict decisions, rounds, sheets, rubrics, advancement)
keep their history; draws and sheet events are append-only.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.db.models.lookups import Exact
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import AppendOnlyModel, Application, Edition, Stage
from award_portal.accounts.models import ApplicantKind

REVIEW_STAGES = (Stage.MATERIAL_REVIEW, Stage.ONSITE_REVIEW, Stage.DEFENSE)
REVIEW_STAGE_CHOICES = [(s.value, s.label) for s in REVIEW_STAGES]
STAGE_LABELS = dict(REVIEW_STAGE_CHOICES)


def choice_label(labels: dict, value):
    """What Django's generated get_FOO_display() answers, from a dict built once: the generated
    method rebuilds the dict of all choices (hashing every lazy label) on each call, and rows
    of a page call it for each row."""
    return force_str(labels.get(value, value), strings_only=True)


class Aggregation(models.TextChoices):
    MEAN = "mean", _("算术平均")
    TRIMMED_MEAN = "trimmed_mean", _("去掉一个最高分和一个最低分后平均")


def _percent(default: str, name: str):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        default=Decimal(default),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )


def _threshold(name: str):
    return models.DecimalField(
        name,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("得分率（占满分的百分比），达到即可晋级；留空表示不按分数线。"),
    )


class ReviewSettings(models.Model):
    """The review rules of one edition. The notice does not fix them: the city office does."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="review_settings"
    )
    panel_size = models.PositiveSmallIntegerField(
        _("评审组最少人数"), default=5, validators=[MinValueValidator(1)]
    )
    experts_per_application = models.PositiveSmallIntegerField(
        _("每份申报最少评审专家数"), default=5, validators=[MinValueValidator(1)]
    )
    aggregation = models.CharField(
        _("汇总方法"), max_length=20, choices=Aggregation, default=Aggregation.TRIMMED_MEAN
    )
    show_normalised = models.BooleanField(
        _("显示标准化得分"),
        default=True,
        help_text=_("在原始得分旁显示按专家标准化（z 分数）后的得分，仅供参考。"),
    )
    deviation_percent = _percent("15", _("偏离提示阈值（占满分%）"))
    material_weight_organization = _percent("40", _("组织：材料评审权重%"))
    onsite_weight_organization = _percent("40", _("组织：现场评审权重%"))
    defense_weight_organization = _percent("20", _("组织：陈述答辩权重%"))
    material_weight_individual = _percent("50", _("个人：材料评审权重%"))
    onsite_weight_individual = _percent("50", _("个人：现场评审权重%"))
    material_threshold = _threshold(_("材料评审晋级分数线%"))
    onsite_threshold = _threshold(_("现场评审晋级分数线%"))
    defense_threshold = _threshold(_("陈述答辩晋级分数线%"))
    minimum_composite = models.DecimalField(
        _("获奖最低综合得分"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        default=Decimal("60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_(
            "综合得分（各阶段得分率按权重加权，百分制）低于此分数的不列入拟获奖名单，"
            "名额宁缺毋滥；留空表示不设最低分。"
        ),
    )
    feedback_released_at = models.DateTimeField(
        _("反馈报告发布时间"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审设置")
        verbose_name_plural = _("评审设置")
        constraints = [
            models.CheckConstraint(
                condition=Exact(
                    F("material_weight_organization")
                    + F("onsite_weight_organization")
                    + F("defense_weight_organization"),
                    100,
                ),
                name="organization_weights_sum_100",
                violation_error_message=_("组织各阶段权重之和必须为 100%。"),
            ),
            models.CheckConstraint(
                condition=Exact(
                    F("material_weight_individual") + F("onsite_weight_individual"), 100
                ),
                name="individual_weights_sum_100",
                violation_error_message=_("个人各阶段权重之和必须为 100%。"),
            ),
        ]

    def __str__(self) -> str:
        return str(self.edition)

    def threshold_for(self, stage: str) -> Decimal | None:
        return {
            Stage.MATERIAL_REVIEW: self.material_threshold,
            Stage.ONSITE_REVIEW: self.onsite_threshold,
            Stage.DEFENSE: self.defense_threshold,
        }.get(stage)

    def weights(self, kind: str) -> dict[str, Decimal]:
        """Stage weights (percent) for organizations or individuals, for the composite score."""
        if kind == "individual":
            return {
                Stage.MATERIAL_REVIEW: self.material_weight_individual,
                Stage.ONSITE_REVIEW: self.onsite_weight_individual,
            }
        return {
            Stage.MATERIAL_REVIEW: self.material_weight_organization,
            Stage.ONSITE_REVIEW: self.onsite_weight_organization,
            Stage.DEFENSE: self.defense_weight_organization,
        }


# --- the expert pool ----------------------------------------------------------------------------


class ExpertProfile(models.Model):
    """A person who may be drawn for a panel. Experts sign in with their own account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账户"),
        on_delete=models.PROTECT,
        related_name="expert_profile",
    )
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位"), max_length=200)
    employer_credit_code = models.CharField(
        _("工作单位统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    specialty = models.CharField(_("专业领域"), max_length=100, blank=True)
    industry = models.CharField(_("熟悉行业"), max_length=100, blank=True)
    title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    is_active = models.BooleanField(_("在库"), default=True)
    note = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(_("入库时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.employer}）"


class EditionExpert(models.Model):
    """Membership of the expert pool of one edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="experts"
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="editions"
    )
    is_active = models.BooleanField(_("可抽取"), default=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("添加人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("本届专家库成员")
        verbose_name_plural = _("本届专家库成员")
        ordering = ["expert__name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "expert"], name="one_pool_membership")
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.expert}"


# --- conflicts of interest (回避) -----------------------------------------------------------------


class ConflictKind(models.TextChoices):
    EMPLOYER = "employer", _("现工作单位或近三年曾任职单位")
    CONSULTING = "consulting", _("近三年咨询、辅导服务对象")
    KINSHIP = "kinship", _("亲属关系")
    OTHER = "other", _("其他可能影响公正的关系")


class ConflictDeclaration(models.Model):
    """A relationship an expert declares in general, matched against every application."""

    expert = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="declarations",
    )
    kind = models.CharField(_("回避类型"), max_length=20, choices=ConflictKind)
    organization_name = models.CharField(_("单位或人员名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码/身份证号"), max_length=18, blank=True, db_index=True
    )
    note = models.TextField(_("说明"))
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("专家回避申报")
        verbose_name_plural = _("专家回避申报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.expert.name}: {self.organization_name}"


class AvoidanceRequest(models.Model):
    """An applicant asks that a named expert stay away from its application, with reasons."""

    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="avoidance_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    expert_name = models.CharField(_("申请回避的专家姓名"), max_length=50)
    expert_employer = models.CharField(_("该专家工作单位"), max_length=200, blank=True)
    reason = models.TextField(_("回避理由"))
    expert = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("对应库内专家"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="avoidance_requests",
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("申请回避")
        verbose_name_plural = _("申请回避")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.application}: {self.expert_name}"


class Conflict(models.Model):
    """A conflict between one expert and one application, from one source.

    Pending and confirmed conflicts keep the expert away from the application; only an
    explicit, reasoned override by the city office lets them near it again.
    """

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("系统比对（同一单位）")
        DECLARED = "declared", _("专家事先申报")
        ON_OPEN = "on_open", _("专家评审时申报")
        APPLICANT = "applicant", _("申报方申请回避")
        OFFICE = "office", _("市质量强市办认定")

    class Decision(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("确认回避")
        OVERRIDDEN = "overridden", _("不予回避")

    BLOCKING = (Decision.PENDING, Decision.CONFIRMED)

    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="conflicts"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="conflicts"
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source)
    kind = models.CharField(_("回避类型"), max_length=20, choices=ConflictKind)
    note = models.TextField(_("说明"), blank=True)
    declaration = models.ForeignKey(
        ConflictDeclaration,
        verbose_name=_("对应回避申报"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conflicts",
    )
    avoidance_request = models.ForeignKey(
        AvoidanceRequest,
        verbose_name=_("对应回避申请"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="conflicts",
    )
    decision = models.CharField(
        _("认定结果"), max_length=20, choices=Decision, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("认定理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("认定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("回避关系")
        verbose_name_plural = _("回避关系")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["expert", "application", "source"], name="one_conflict_per_source"
            ),
            models.CheckConstraint(
                condition=models.Q(decision="pending") | ~models.Q(decision_reason=""),
                name="conflict_decision_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.expert.name} ↔ {self.application}"

    @property
    def is_blocking(self) -> bool:
        return self.decision in self.BLOCKING


# --- rubrics ---------------------------------------------------------------------------------


class Rubric(models.Model):
    """One version of a scoring standard. Published versions are frozen: a change is a new
    version, so a submitted score sheet always points at the items it was scored on."""

    class AppliesTo(models.TextChoices):
        ORGANIZATION = "organization", _("组织（GB/T 19580）")
        TEAM = "team", _("一线班组")
        INDIVIDUAL = "individual", _("个人")
        ONSITE_CHECKLIST = "onsite_checklist", _("现场核查清单")

    class State(models.TextChoices):
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
    state = models.CharField(_("状态"), max_length=20, choices=State, default=State.DRAFT)
    source_note = models.CharField(_("依据"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")
        ordering = ["applies_to", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="one_rubric_version")
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT


class RubricItem(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "process", _("过程（A-D-L-I）")
        RESULT = "result", _("结果（Le-T-C-I）")
        CRITERION = "criterion", _("评分要素")
        CHECK = "check", _("核查事项")

    rubric = models.ForeignKey(
        Rubric, verbose_name=_("评分标准"), on_delete=models.PROTECT, related_name="items"
    )
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
        verbose_name = _("评分条目")
        verbose_name_plural = _("评分条目")
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

    class State(models.TextChoices):
        PREPARING = "preparing", _("组建评审组")
        OPEN = "open", _("评审中")
        CLOSED = "closed", _("已结束")

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    stage = models.CharField(_("评审阶段"), max_length=20, choices=REVIEW_STAGE_CHOICES)
    state = models.CharField(
        _("状态"), max_length=20, choices=State, default=State.PREPARING, editable=False
    )
    due_date = models.DateField(_("评分截止日期"))
    organization_rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("组织评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team_rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("一线班组评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    individual_rubric = models.ForeignKey(
        Rubric,
        verbose_name=_("个人评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    checklist = models.ForeignKey(
        Rubric,
        verbose_name=_("现场核查清单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    aggregation = models.CharField(
        _("汇总方法"), max_length=20, choices=Aggregation, default=Aggregation.TRIMMED_MEAN
    )
    report_summary = models.TextField(_("评审报告综述"), blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("结束操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审轮次")
        verbose_name_plural = _("评审轮次")
        ordering = ["edition", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "stage"], name="one_round_per_stage"),
            models.CheckConstraint(
                condition=~models.Q(state="closed") | ~models.Q(report_summary=""),
                name="closed_round_has_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_stage_display()}"

    def get_stage_display(self) -> str:
        return choice_label(STAGE_LABELS, self.stage)

    def get_state_display(self) -> str:
        return choice_label(_ROUND_STATE_LABELS, self.state)

    def get_aggregation_display(self) -> str:
        return choice_label(_AGGREGATION_LABELS, self.aggregation)

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    @property
    def is_closed(self) -> bool:
        return self.state == self.State.CLOSED

    def rubric_for(self, application: Application) -> Rubric | None:
        if application.category.kind == "individual":
            return self.individual_rubric
        if application.category.code == "team" and self.team_rubric_id:
            return self.team_rubric
        return self.organization_rubric


_ROUND_STATE_LABELS = dict(ReviewRound.State.choices)
_AGGREGATION_LABELS = dict(Aggregation.choices)


class PanelDraw(AppendOnlyModel):
    """The record of one random draw (双随机): everything needed to repeat it exactly."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="draws"
    )
    seed = models.CharField(_("随机种子"), max_length=40)
    algorithm = models.CharField(_("算法版本"), max_length=20)
    inputs = models.JSONField(_("抽取输入"))
    result = models.JSONField(_("抽取结果"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("抽取时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("随机抽取记录")
        verbose_name_plural = _("随机抽取记录")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.round} · {self.seed}"


class PanelMember(models.Model):
    class Source(models.TextChoices):
        DRAW = "draw", _("随机抽取")
        MANUAL = "manual", _("人工调整")

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="members"
    )
    expert = models.ForeignKey(
        ExpertProfile, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="panels"
    )
    is_leader = models.BooleanField(_("组长"), default=False)
    source = models.CharField(_("产生方式"), max_length=10, choices=Source)
    reason = models.TextField(_("调整理由"), blank=True)
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审组成员")
        verbose_name_plural = _("评审组成员")
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

    round = models.ForeignKey(
        ReviewRound,
        verbose_name=_("评审轮次"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    expert = models.ForeignKey(
        ExpertProfile,
        verbose_name=_("专家"),
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="review_assignments",
    )
    source = models.CharField(_("产生方式"), max_length=10, choices=PanelMember.Source)
    reason = models.TextField(_("调整理由"), blank=True)
    is_active = models.BooleanField(_("有效"), default=True)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    attested_at = models.DateTimeField(
        _("确认无利益冲突时间"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("分配时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")
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
    class State(models.TextChoices):
        DRAFT = "draft", _("评分中")
        SUBMITTED = "submitted", _("已提交")
        EXCUSED = "excused", _("已免评")
        VOID = "void", _("已作废")

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("评审分配"), on_delete=models.PROTECT, related_name="sheet"
    )
    rubric = models.ForeignKey(
        Rubric, verbose_name=_("评分标准"), on_delete=models.PROTECT, related_name="sheets"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State, default=State.DRAFT, editable=False
    )
    total = models.DecimalField(
        _("总分"), max_digits=7, decimal_places=2, null=True, blank=True, editable=False
    )
    overall_comment = models.TextField(_("总体评价"), blank=True)
    state_reason = models.TextField(_("免评/作废理由"), blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("最后保存"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["assignment"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="submitted") | models.Q(total__isnull=False),
                name="submitted_sheet_has_total",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["excused", "void"]) | ~models.Q(state_reason=""),
                name="excused_sheet_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.assignment)

    def get_state_display(self) -> str:
        return choice_label(SHEET_STATE_LABELS, self.state)

    @property
    def is_locked(self) -> bool:
        return self.state != self.State.DRAFT


SHEET_STATE_LABELS = dict(ScoreSheet.State.choices)


class ItemScore(models.Model):
    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="scores"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name=_("评分条目"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        verbose_name = _("条目得分")
        verbose_name_plural = _("条目得分")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "item"], name="one_score_per_item"),
            models.CheckConstraint(condition=models.Q(score__gte=0), name="score_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.item.code}: {self.score}"


class SheetComment(models.Model):
    """Strengths (优势) and opportunities for improvement (改进机会) of one rubric category."""

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("评分表"), on_delete=models.CASCADE, related_name="comments"
    )
    category = models.CharField(_("类目"), max_length=50)
    strengths = models.TextField(_("优势"), blank=True)
    opportunities = models.TextField(_("改进机会"), blank=True)

    class Meta:
        verbose_name = _("类目评语")
        verbose_name_plural = _("类目评语")
        constraints = [
            models.UniqueConstraint(fields=["sheet", "category"], name="one_comment_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.category}"


class SheetEvent(AppendOnlyModel):
    """What happened to a sheet: submitted, reopened, excused, voided; by whom and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("提交")
        REOPEN = "reopen", _("退回重评")
        EXCUSE = "excuse", _("免评")
        VOID = "void", _("作废")

    sheet = models.ForeignKey(
        ScoreSheet, verbose_name=_("评分表"), on_delete=models.PROTECT, related_name="events"
    )
    action = models.CharField(_("操作"), max_length=10, choices=Action)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("为空表示系统自动处理（如比对发现回避关系）。"),
    )
    reason = models.TextField(_("理由"), blank=True)
    total = models.DecimalField(_("当时总分"), max_digits=7, decimal_places=2, null=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("评分表操作记录")
        verbose_name_plural = _("评分表操作记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.sheet}: {self.get_action_display()}"


# --- on-site review and defense ---------------------------------------------------------------


class OnsiteVisit(models.Model):
    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="visits"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="onsite_visits"
    )
    visit_date = models.DateField(_("现场评审日期"))
    place = models.CharField(_("地点"), max_length=200)
    team = models.ManyToManyField(
        ExpertProfile, verbose_name=_("现场评审组"), related_name="onsite_visits", blank=True
    )
    findings = models.TextField(_("现场发现"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[team])

    class Meta:
        verbose_name = _("现场评审安排")
        verbose_name_plural = _("现场评审安排")
        ordering = ["visit_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="one_visit_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.application} · {self.visit_date}"


class ChecklistResult(models.Model):
    """The verdict on one item of the on-site checklist (material authenticity)."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("属实")
        PARTLY = "partly", _("部分属实")
        NOT_CONFIRMED = "not_confirmed", _("不属实")
        NOT_CHECKED = "not_checked", _("未核查")

    visit = models.ForeignKey(
        OnsiteVisit, verbose_name=_("现场评审"), on_delete=models.CASCADE, related_name="checks"
    )
    item = models.ForeignKey(
        RubricItem, verbose_name=_("核查事项"), on_delete=models.PROTECT, related_name="+"
    )
    verdict = models.CharField(
        _("核查结论"), max_length=20, choices=Verdict, default=Verdict.NOT_CHECKED
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("现场核查结果")
        verbose_name_plural = _("现场核查结果")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_check_per_item")]

    def __str__(self) -> str:
        return f"{self.visit}: {self.item.code}"


class DefenseSlot(models.Model):
    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="slots"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="defense_slots"
    )
    order = models.PositiveSmallIntegerField(_("答辩顺序"), validators=[MinValueValidator(1)])
    starts_at = models.DateTimeField(_("答辩时间"))
    place = models.CharField(_("地点"), max_length=200)
    presenter = models.CharField(_("陈述人（最高管理者）"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("陈述答辩安排")
        verbose_name_plural = _("陈述答辩安排")
        ordering = ["round", "order"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="one_slot_per_round"),
            models.UniqueConstraint(fields=["round", "order"], name="one_slot_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.application}"


# --- results and advancement -----------------------------------------------------------------


class RoundResult(models.Model):
    """An application's result in a round, frozen when the round closes."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="results"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="round_results"
    )
    sheet_count = models.PositiveSmallIntegerField(_("有效评分表数"))
    mean = models.DecimalField(_("平均分"), max_digits=7, decimal_places=2)
    aggregate = models.DecimalField(_("汇总得分"), max_digits=7, decimal_places=2)
    max_points = models.DecimalField(_("满分"), max_digits=7, decimal_places=2)
    percent = models.DecimalField(_("得分率%"), max_digits=5, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("同类排名"))

    class Meta:
        verbose_name = _("轮次评审结果")
        verbose_name_plural = _("轮次评审结果")
        ordering = ["round", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="one_result_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.application} {self.aggregate}"


class AdvancementDecision(models.Model):
    class Method(models.TextChoices):
        THRESHOLD = "threshold", _("按分数线")
        TOP_N = "top_n", _("按名次")
        MANUAL = "manual", _("逐项决定")

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("评审轮次"), on_delete=models.PROTECT, related_name="decisions"
    )
    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="advancement_decisions",
    )
    advances = models.BooleanField(_("晋级"))
    method = models.CharField(_("决定方式"), max_length=20, choices=Method)
    reason = models.TextField(_("理由"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("决定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"), auto_now=True)
    applied_at = models.DateTimeField(_("执行时间"), null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("晋级决定")
        verbose_name_plural = _("晋级决定")
        ordering = ["round", "-advances", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "application"], name="one_decision_per_round"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.application} {'✓' if self.advances else '✗'}"


# --- deliberation and award (stages 7–8) -------------------------------------------------------


class ProposedList(models.Model):
    """A list of proposed winners (拟获奖建议名单) the city office puts to the leadership group:
    the edition's first list, or a substitute list (递补名单) after an upheld objection."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("拟获奖建议名单")
        SUBSTITUTE = "substitute", _("递补名单")

    class State(models.TextChoices):
        DRAFT = "draft", _("待领导小组审议")
        APPROVED = "approved", _("领导小组审议通过")
        RETURNED = "returned", _("领导小组退回")

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="proposed_lists"
    )
    kind = models.CharField(_("名单类型"), max_length=20, choices=Kind)
    state = models.CharField(
        _("状态"), max_length=20, choices=State, default=State.DRAFT, editable=False
    )
    summary = models.TextField(_("综合评审意见"))
    reason = models.TextField(
        _("未按排名顺序提名的理由"),
        blank=True,
        help_text=_("提名与综合得分排名不一致时必须说明理由。"),
    )
    organization_vacancies = models.PositiveSmallIntegerField(_("组织奖空缺名额"), default=0)
    individual_vacancies = models.PositiveSmallIntegerField(_("个人奖空缺名额"), default=0)
    window = models.OneToOneField(
        "publicity.PublicityWindow",
        verbose_name=_("公示"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposed_list",
        editable=False,
    )
    publicity_passed_at = models.DateTimeField(
        _("公示期满时间"), null=True, blank=True, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("拟定人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("为空表示异议成立后由系统按得分自动递补。"),
    )
    created_at = models.DateTimeField(_("拟定时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("拟获奖建议名单")
        verbose_name_plural = _("拟获奖建议名单")
        ordering = ["edition", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition"],
                condition=models.Q(state="draft"),
                name="one_draft_proposed_list_per_edition",
                violation_error_message=_("本届已有一份待审议的名单。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_kind_display()} #{self.pk}"


class Proposal(models.Model):
    """One application on a proposed list, with its rank and composite score when proposed."""

    proposed_list = models.ForeignKey(
        ProposedList, verbose_name=_("名单"), on_delete=models.PROTECT, related_name="proposals"
    )
    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="proposals"
    )
    kind = models.CharField(_("申报主体"), max_length=20, choices=ApplicantKind)
    rank = models.PositiveSmallIntegerField(_("同类排名"))
    composite = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2)
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("递补的名额"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="substitutes",
        help_text=_("因异议成立而空出、由本项递补的原提名。"),
    )

    class Meta:
        verbose_name = _("拟获奖提名")
        verbose_name_plural = _("拟获奖提名")
        ordering = ["proposed_list", "kind", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposed_list", "application"], name="one_proposal_per_list"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposed_list_id}: {self.application}"


def decision_upload_to(instance, filename: str) -> str:
    # `filename` is always server-generated; the original name is kept in `attachment_name`.
    return f"review/decisions/{filename}"


class LeadershipDecision(models.Model):
    """The leadership group's (市质量强市工作领导小组) decision on one proposed list."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审议通过")
        RETURNED = "returned", _("退回重议")

    proposed_list = models.OneToOneField(
        ProposedList, verbose_name=_("名单"), on_delete=models.PROTECT, related_name="decision"
    )
    outcome = models.CharField(_("审议结果"), max_length=20, choices=Outcome)
    meeting_date = models.DateField(_("会议日期"))
    document_number = models.CharField(_("文号/会议纪要编号"), max_length=60)
    opinion = models.TextField(_("审议意见"), blank=True)
    attachment = models.FileField(
        _("会议纪要或批复文件"), upload_to=decision_upload_to, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("附件原文件名"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("领导小组审议决定")
        verbose_name_plural = _("领导小组审议决定")
        ordering = ["-meeting_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(document_number=""), name="leadership_decision_has_number"
            ),
            models.CheckConstraint(
                condition=models.Q(outcome="approved") | ~models.Q(opinion=""),
                name="leadership_return_has_opinion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.get_outcome_display()}"


class GovernmentApproval(models.Model):
    """The city government's approval (市政府审定) of the winners of an edition."""

    edition = models.OneToOneField(
        Edition,
        verbose_name=_("届次"),
        on_delete=models.PROTECT,
        related_name="government_approval",
    )
    document_number = models.CharField(_("市政府文号"), max_length=60)
    approved_on = models.DateField(_("审定日期"))
    note = models.TextField(_("说明"), blank=True)
    attachment = models.FileField(
        _("批复文件"), upload_to=decision_upload_to, max_length=200, blank=True
    )
    attachment_name = models.CharField(_("附件原文件名"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("市政府审定")
        verbose_name_plural = _("市政府审定")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(document_number=""), name="government_approval_has_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition}: {self.document_number}"


class CommendationNotice(models.Model):
    """The commendation decision (表扬决定) issued in the city government's name and published
    on the public site."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="commendation"
    )
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60)
    body = models.TextField(_("正文"))
    issued_on = models.DateField(_("发文日期"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("表扬决定")
        verbose_name_plural = _("表扬决定")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Certificate(AppendOnlyModel):
    """The certificate (荣誉证书) of one winner. Its texts are a snapshot taken when it was
    issued; a revocation is recorded beside it, never by changing or deleting it."""

    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="certificate"
    )
    number = models.CharField(_("证书编号"), max_length=40, unique=True)
    holder_name = models.CharField(_("获奖组织/个人"), max_length=200)
    award_name = models.CharField(_("奖项名称"), max_length=100)
    category_name = models.CharField(_("申报类别"), max_length=50)
    kind = models.CharField(_("申报主体"), max_length=20, choices=ApplicantKind)
    issued_on = models.DateField(_("颁发日期"))
    issuer = models.CharField(_("颁发机关"), max_length=100)
    document_number = models.CharField(_("表扬文号"), max_length=60)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("荣誉证书")
        verbose_name_plural = _("荣誉证书")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"


class Revocation(models.Model):
    """The city office's revocation (撤销奖励) of an award: 动态管理, 能上能下."""

    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="revocation"
    )
    reason = models.TextField(_("撤销理由"))
    document_number = models.CharField(_("撤销文号"), max_length=60)
    decided_on = models.DateField(_("撤销日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("撤销奖励")
        verbose_name_plural = _("撤销奖励")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="revocation_has_reason"),
            models.CheckConstraint(
                condition=~models.Q(document_number=""), name="revocation_has_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.document_number}"


class DeliberationEvent(AppendOnlyModel):
    """The audit trail of deliberation and award steps that are not a status move (those are
    in ApplicationEvent): lists drafted, decisions, publicity, vacancies, certificates …"""

    class Kind(models.TextChoices):
        LIST_DRAFTED = "list_drafted", _("拟定名单")
        LIST_APPROVED = "list_approved", _("领导小组审议通过")
        LIST_RETURNED = "list_returned", _("领导小组退回")
        PUBLICIZED = "publicized", _("发布公示")
        PUBLICITY_PASSED = "publicity_passed", _("公示期满无异议")
        OBJECTION_UPHELD = "objection_upheld", _("异议成立")
        SUBSTITUTED = "substituted", _("按得分递补")
        PLACE_VACANT = "place_vacant", _("名额空缺")
        DELIBERATION_CONCLUDED = "deliberation_concluded", _("审议公示结束")
        GOVERNMENT_APPROVED = "government_approved", _("市政府审定")
        CERTIFICATE_ISSUED = "certificate_issued", _("颁发证书")
        NOTICE_PUBLISHED = "notice_published", _("发布表扬决定")
        REVOKED = "revoked", _("撤销奖励")
        EDITION_CLOSED = "edition_closed", _("本届评选结束归档")

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("事项"), max_length=30, choices=Kind)
    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_list = models.ForeignKey(
        ProposedList,
        verbose_name=_("名单"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("审议授奖记录")
        verbose_name_plural = _("审议授奖记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.edition_id} {self.get_kind_display()}"


class EditionArchive(models.Model):
    """A closed edition: when, by whom, and its statistics as they stood at closing."""

    edition = models.OneToOneField(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="archive"
    )
    statistics = models.JSONField(_("统计数据"))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("归档人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("届次归档")
        verbose_name_plural = _("届次归档")

    def __str__(self) -> str:
        return str(self.edition)
