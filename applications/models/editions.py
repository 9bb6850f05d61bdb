"""An edition of the award and what it is made of: the recommending units, the categories and
the stages it passes through."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award_portal.accounts.models import ApplicantKind
from award_portal.model_fields import move_time, reference, status_field, user_reference


class RecommendingUnit(models.Model):
    """A county/district quality office or a city-level department that pre-checks applications."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县(区)质量强县(区)办")
        DEPARTMENT = "department", _("市级行业主管部门")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    full_name = models.CharField(
        _("全称"),
        max_length=100,
        blank=True,
        help_text=_("与印章一致的全称，署在初核和推荐意见上；不填时用名称。"),
    )
    division_code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("推荐单位")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def seal_name(self) -> str:
        """The name on the unit's seal, which signs its letters."""
        return self.full_name or self.name


class Category(models.Model):
    """One of the five application categories (DESIGN §2)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("申报主体"), max_length=20, choices=ApplicantKind)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("申报类别")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_organization(self) -> bool:
        return self.kind == ApplicantKind.ORGANIZATION


class Stage(models.TextChoices):
    """The stages an edition passes through, in order (DESIGN §3)."""

    APPLICATION = "application", _("自愿申报")
    PRECHECK = "precheck", _("初核推荐")
    ACCEPTANCE = "acceptance", _("审查受理")
    MATERIAL_REVIEW = "material_review", _("材料评审")
    ONSITE_REVIEW = "onsite_review", _("现场评审")
    DEFENSE = "defense", _("陈述答辩")
    DELIBERATION = "deliberation", _("审议公示")
    COMMENDATION = "commendation", _("表扬授奖")
    CLOSED = "closed", _("已结束")


# Django's generated get_stage_display() rebuilds and hashes every choice on each call (see
# applications.models.applications.STATUS_LABELS).
STAGE_LABELS = dict(Stage.choices)


class Edition(models.Model):
    """One edition of the award (e.g. the 3rd, 2022—2023年度). Editions are data."""

    number = models.PositiveSmallIntegerField(_("届次"), unique=True)
    name = models.CharField(_("名称"), max_length=100)
    period_label = models.CharField(_("年度"), max_length=30)
    organization_quota = models.PositiveSmallIntegerField(_("组织奖名额"), default=3)
    individual_quota = models.PositiveSmallIntegerField(_("个人奖名额"), default=5)
    notice_title = models.CharField(_("通知标题"), max_length=200)
    notice_text = models.TextField(_("通知正文"))
    notice_date = models.DateField(_("通知日期"), null=True, blank=True)
    applications_open = models.DateField(_("开始受理申报"))
    recommendation_deadline = models.DateField(_("推荐截止日期"))
    stage = status_field(_("当前阶段"), Stage, default=Stage.APPLICATION)
    self_assessment_limit = models.PositiveIntegerField(_("自评报告字数上限"), default=50000)
    stage_plan = models.JSONField(
        _("各阶段计划完成日期"),
        default=dict,
        blank=True,
        help_text=_('每个阶段计划完成的日期：{阶段代码: "YYYY-MM-DD"}。'),
    )
    is_current = models.BooleanField(_("当前届次"), default=False)
    is_demo = models.BooleanField(
        _("演示届次"),
        default=False,
        editable=False,
        help_text=_("演示数据生成的、停在某一阶段供试用的届次：不参与届次编号，不列入往届评选。"),
    )
    quota_may_stay_vacant = models.BooleanField(
        _("达不到条件的名额可以空缺（宁缺毋滥）"), default=True
    )
    team_includes_qc = models.BooleanField(_("一线班组含QC小组"), default=True)
    categories = models.ManyToManyField(
        Category,
        verbose_name=_("本届申报类别"),
        blank=True,
        related_name="editions",
        help_text=_("不选表示全部类别。"),
    )
    units = models.ManyToManyField(
        RecommendingUnit,
        verbose_name=_("本届推荐单位"),
        blank=True,
        related_name="editions",
        help_text=_("不选表示全部启用的推荐单位。"),
    )
    # The rubric versions the review rounds of this edition start with (the newest published
    # version when none is chosen); a round still being prepared may switch to another.
    organization_rubric = reference("review.Rubric", _("组织评分标准"), null=True)
    team_rubric = reference("review.Rubric", _("一线班组评分标准"), null=True)
    individual_rubric = reference("review.Rubric", _("个人评分标准"), null=True)
    notice_file = models.FileField(
        _("通知文件"), upload_to="editions/notices/", max_length=200, blank=True
    )
    notice_file_name = models.CharField(_("通知文件原文件名"), max_length=200, blank=True)
    notice_file_type = models.CharField(_("通知文件类型"), max_length=100, blank=True)
    is_draft = models.BooleanField(
        _("草稿"), default=False, help_text=_("草稿不对外公开，发布征集通知后成为当前届次。")
    )
    published_at = move_time(_("发布时间"))
    published_by = user_reference(_("发布人"), null=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("届次")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="one_current_edition",
                violation_error_message=_("只能有一个当前届次。"),
            ),
            models.CheckConstraint(
                condition=models.Q(recommendation_deadline__gte=models.F("applications_open")),
                name="deadline_after_opening",
                violation_error_message=_("推荐截止日期不能早于开始受理日期。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(is_draft=True, is_current=True),
                name="draft_edition_not_current",
                violation_error_message=_("尚未发布的届次不能成为当前届次。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> Edition | None:
        return cls.objects.filter(is_current=True).first()

    def planned_end(self, stage: str) -> date | None:
        """The day the office planned to close `stage` by, if it set one."""
        value = (self.stage_plan or {}).get(stage)
        return date.fromisoformat(value) if value else None

    @property
    def submission_deadline(self) -> date:
        """The last day an application may be started: the planned end of 自愿申报, or else
        the recommendation deadline."""
        return self.planned_end(Stage.APPLICATION) or self.recommendation_deadline

    def quota_for(self, kind: str) -> int:
        if kind == ApplicantKind.ORGANIZATION:
            return self.organization_quota
        return self.individual_quota
