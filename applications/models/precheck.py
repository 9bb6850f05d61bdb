"""Stages 2 and 3: the recommending unit's pre-check (初核推荐) and the city office's
acceptance (审查受理)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models.applications import Application
from applications.models.editions import Edition, RecommendingUnit
from award_portal.model_fields import one_to_one, reference, user_reference


class CheckRecord(models.Model):
    """A check of one application made of named checks, each a `<name>_ok` box with a
    `<name>_note` remark: it has passed when every box is ticked."""

    CHECKS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.application)

    @property
    def all_passed(self) -> bool:
        return all(getattr(self, f"{name}_ok") for name in self.CHECKS)


class PrecheckReview(CheckRecord):
    """The recommending unit's pre-check (初核) of one application: the four checks of notice
    §五(二), each with a remark, and the unit's opinion (初核和推荐意见)."""

    CHECKS = ("completeness", "authenticity", "accuracy", "legality")

    application = one_to_one(Application, _("申报"), related_name="precheck")
    completeness_ok = models.BooleanField(_("完整性"), default=False)
    completeness_note = models.TextField(_("完整性核查说明"), blank=True)
    authenticity_ok = models.BooleanField(_("真实性"), default=False)
    authenticity_note = models.TextField(_("真实性核查说明"), blank=True)
    accuracy_ok = models.BooleanField(_("准确性"), default=False)
    accuracy_note = models.TextField(_("准确性核查说明"), blank=True)
    legality_ok = models.BooleanField(_("合法性"), default=False)
    legality_note = models.TextField(_("合法性核查说明"), blank=True)
    opinion = models.TextField(_("初核和推荐意见"), blank=True)
    checked_by = user_reference(_("核查人"))
    checked_at = models.DateTimeField(_("核查时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("初核记录")


class Consultation(models.Model):
    """A department consulted about an application (征求意见) and its answer."""

    class Phase(models.TextChoices):
        PRECHECK = "precheck", _("初核推荐")
        ACCEPTANCE = "acceptance", _("审查受理")

    application = reference(Application, _("申报"), related_name="consultations")
    phase = models.CharField(_("环节"), max_length=20, choices=Phase)
    department = models.CharField(_("征求意见部门"), max_length=100)
    consulted_on = models.DateField(_("征求意见日期"))
    answer = models.TextField(_("部门意见"))
    has_objection = models.BooleanField(_("有异议"), default=False)
    recorded_by = user_reference(_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    # How the office settled a department's objection (异议处理情况): until it is recorded,
    # the objection holds the application back.
    resolution = models.TextField(_("异议处理情况"), blank=True)
    resolved_by = user_reference(_("处理人"), null=True)
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("征求意见记录")
        ordering = ["consulted_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resolved_at__isnull=True)
                | (
                    models.Q(has_objection=True, resolved_by__isnull=False)
                    & ~models.Q(resolution="")
                ),
                name="consultation_resolution_complete",
                violation_error_message=_("异议处理须有处理情况、处理人和处理时间。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.department}：{self.answer[:20]}"

    @property
    def objection_open(self) -> bool:
        """A department's objection that the office has not yet settled."""
        return self.has_objection and self.resolved_at is None


class PaperCopyReceipt(models.Model):
    """The recommending unit's record that the bound paper copy (纸质材料) was received."""

    application = one_to_one(Application, _("申报"), related_name="paper_copy")
    received_on = models.DateField(_("接收日期"))
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    received_by = user_reference(_("接收人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("纸质材料接收记录")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(copies__gte=1), name="paper_copy_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.received_on:%Y-%m-%d}"


class DeadlineExtension(models.Model):
    """The city office's extension of the recommendation deadline for one unit."""

    edition = reference(Edition, _("届次"))
    unit = reference(RecommendingUnit, _("推荐单位"), related_name="deadline_extensions")
    extended_until = models.DateField(_("延长至"))
    reason = models.TextField(_("延期理由"))
    granted_by = user_reference(_("批准人"))
    granted_at = models.DateTimeField(_("批准时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("推荐截止日期延期")
        ordering = ["edition", "unit__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "unit"],
                name="one_extension_per_unit_and_edition",
                violation_error_message=_("该推荐单位在本届已有延期记录。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.extended_until:%Y-%m-%d}"


class AcceptanceReview(CheckRecord):
    """The city office's re-check (复核) of an application's eligibility and materials."""

    CHECKS = ("qualification", "materials")

    application = one_to_one(Application, _("申报"), related_name="acceptance_review")
    qualification_ok = models.BooleanField(_("申报主体资格符合"), default=False)
    qualification_note = models.TextField(_("资格复核说明"), blank=True)
    materials_ok = models.BooleanField(_("申报资料符合"), default=False)
    materials_note = models.TextField(_("资料复核说明"), blank=True)
    checked_by = user_reference(_("复核人"))
    checked_at = models.DateTimeField(_("复核时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("受理复核记录")
