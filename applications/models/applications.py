"""An application and the statuses of its whole life."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.editions import STAGE_LABELS, Category, Edition, RecommendingUnit, Stage
from award_portal.accounts.models import ApplicantKind
from award_portal.model_fields import move_time, reference, status_field, user_reference


class Status(models.TextChoices):
    """The whole life of an application (see applications.lifecycle for the allowed moves)."""

    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("退回修改")
    RECOMMENDED = "recommended", _("已推荐")
    NOT_RECOMMENDED = "not_recommended", _("未获推荐")
    ACCEPTED = "accepted", _("已受理")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    MATERIAL_REVIEW = "material_review", _("材料评审中")
    ONSITE_REVIEW = "onsite_review", _("现场评审中")
    DEFENSE = "defense", _("陈述答辩中")
    DELIBERATION = "deliberation", _("审议中")
    ELIMINATED = "eliminated", _("未通过评审")
    PROPOSED = "proposed", _("拟获奖建议")
    DISQUALIFIED = "disqualified", _("异议成立取消资格")
    APPROVED = "approved", _("领导小组审议通过")
    AWARDED = "awarded", _("已获奖")
    WITHDRAWN = "withdrawn", _("已撤回")
    REVOKED = "revoked", _("已撤销奖励")


# Django's generated get_status_display() rebuilds a dict of every choice and hashes each lazy
# label (one translation lookup per choice) on every call; a list page calls it for every row.
STATUS_LABELS = dict(Status.choices)


class Application(models.Model):
    """One application of an organization or an individual to one edition."""

    edition = reference(Edition, _("届次"), related_name="applications")
    category = reference(Category, _("申报类别"))
    owner = user_reference(_("申报账户"), related_name="applications")
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("协作者"),
        blank=True,
        related_name="shared_applications",
    )
    unit = reference(RecommendingUnit, _("推荐渠道"), null=True, related_name="applications")
    reference = models.CharField(_("申报编号"), max_length=20, unique=True)
    applicant_name = models.CharField(_("申报组织/个人名称"), max_length=200, blank=True)
    identifier = models.CharField(
        _("统一社会信用代码/身份证号"), max_length=18, blank=True, db_index=True
    )
    status = status_field(_("状态"), Status, default=Status.DRAFT)
    eliminated_stage = models.CharField(
        _("止步阶段"), max_length=20, choices=Stage, blank=True, editable=False
    )
    data = models.JSONField(_("申报表内容"), default=dict, blank=True)
    publicity_start = models.DateField(_("内部公示开始日期"), null=True, blank=True)
    publicity_end = models.DateField(_("内部公示结束日期"), null=True, blank=True)
    return_notes = models.JSONField(
        _("逐项退回意见"),
        default=dict,
        blank=True,
        help_text=_("推荐单位退回时针对具体填报项的意见：{字段名: 意见}。"),
    )
    submitted_at = move_time(_("提交时间"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = _("申报")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["edition", "status"]),
            models.Index(fields=["unit", "status"]),
            # The lists' default order (newest submission first): a page of 50 is read off the
            # index instead of joining and sorting every application of the edition.
            models.Index(fields=["edition", "-submitted_at", "-id"]),
            models.Index(fields=["unit", "edition", "-submitted_at", "-id"]),
            # The acceptance list in the order of categories and units: its groups are counted
            # off this index, and a page reads only the groups it falls in.
            models.Index(
                fields=["edition", "status", "category", "unit", "reference"],
                name="application_by_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.applicant_name}".strip()

    def get_status_display(self) -> str:
        return STATUS_LABELS.get(self.status, self.status)

    def get_eliminated_stage_display(self) -> str:
        return STAGE_LABELS.get(self.eliminated_stage, self.eliminated_stage)

    @property
    def is_organization(self) -> bool:
        return self.category.kind == ApplicantKind.ORGANIZATION
