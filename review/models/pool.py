"""The review's settings, the expert pool and conflicts of interest (回避)."""

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

from applications.models import Application, Edition, Stage
from award_portal.model_fields import move_time, one_to_one, reference, user_reference

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

    edition = one_to_one(Edition, _("届次"), related_name="review_settings")
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
    feedback_released_at = move_time(_("反馈报告发布时间"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评审设置")
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
        return stage_weights(self, kind)


def stage_weights(settings_obj, kind: str) -> dict[str, Decimal]:
    """The stage weights (percent) of `settings_obj` (review settings, also a data migration's
    historical ones) for organizations or individuals."""
    if kind == "individual":
        return {
            Stage.MATERIAL_REVIEW: settings_obj.material_weight_individual,
            Stage.ONSITE_REVIEW: settings_obj.onsite_weight_individual,
        }
    return {
        Stage.MATERIAL_REVIEW: settings_obj.material_weight_organization,
        Stage.ONSITE_REVIEW: settings_obj.onsite_weight_organization,
        Stage.DEFENSE: settings_obj.defense_weight_organization,
    }


# --- the expert pool ----------------------------------------------------------------------------


class ExpertProfile(models.Model):
    """A person who may be drawn for a panel. Experts sign in with their own account."""

    user = one_to_one(settings.AUTH_USER_MODEL, _("登录账户"), related_name="expert_profile")
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
        verbose_name = verbose_name_plural = _("评审专家")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name}（{self.employer}）"


class EditionExpert(models.Model):
    """Membership of the expert pool of one edition."""

    edition = reference(Edition, _("届次"), related_name="experts")
    expert = reference(ExpertProfile, _("专家"), related_name="editions")
    is_active = models.BooleanField(_("可抽取"), default=True)
    added_by = user_reference(_("添加人"), null=True, on_delete=models.SET_NULL)
    added_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("本届专家库成员")
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

    expert = reference(ExpertProfile, _("专家"), related_name="declarations")
    kind = models.CharField(_("回避类型"), max_length=20, choices=ConflictKind)
    organization_name = models.CharField(_("单位或人员名称"), max_length=200)
    credit_code = models.CharField(
        _("统一社会信用代码/身份证号"), max_length=18, blank=True, db_index=True
    )
    note = models.TextField(_("说明"))
    created_at = models.DateTimeField(_("申报时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("专家回避申报")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.expert.name}: {self.organization_name}"


class AvoidanceRequest(models.Model):
    """An applicant asks that a named expert stay away from its application, with reasons."""

    application = reference(Application, _("申报"), related_name="avoidance_requests")
    requested_by = user_reference(_("申请人"))
    expert_name = models.CharField(_("申请回避的专家姓名"), max_length=50)
    expert_employer = models.CharField(_("该专家工作单位"), max_length=200, blank=True)
    reason = models.TextField(_("回避理由"))
    expert = reference(
        ExpertProfile, _("对应库内专家"), null=True, related_name="avoidance_requests"
    )
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("申请回避")
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

    expert = reference(ExpertProfile, _("专家"), related_name="conflicts")
    application = reference(Application, _("申报"), related_name="conflicts")
    source = models.CharField(_("来源"), max_length=20, choices=Source)
    kind = models.CharField(_("回避类型"), max_length=20, choices=ConflictKind)
    note = models.TextField(_("说明"), blank=True)
    declaration = reference(
        ConflictDeclaration, _("对应回避申报"), null=True, related_name="conflicts"
    )
    avoidance_request = reference(
        AvoidanceRequest, _("对应回避申请"), null=True, related_name="conflicts"
    )
    decision = models.CharField(
        _("认定结果"), max_length=20, choices=Decision, default=Decision.PENDING
    )
    decision_reason = models.TextField(_("认定理由"), blank=True)
    decided_by = user_reference(_("认定人"), null=True)
    decided_at = models.DateTimeField(_("认定时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("发现时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("回避关系")
        ordering = ["-created_at", "-id"]
        # The office's list, in its order: a page read without sorting every conflict.
        indexes = [
            models.Index(fields=["decision", "-created_at", "-id"], name="conflict_list_order")
        ]
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
