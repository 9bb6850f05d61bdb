"""On-site visits, defense slots, stored round results and advancement decisions."""

from __future__ import annotations

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application
from award_portal.model_fields import move_time, reference, user_reference
from review.models.pool import ExpertProfile
from review.models.rounds import ReviewRound, RubricItem, one_per_application

# --- on-site review and defense ---------------------------------------------------------------


class OnsiteVisit(models.Model):
    round = reference(ReviewRound, _("评审轮次"), related_name="visits")
    application = reference(Application, _("申报"), related_name="onsite_visits")
    visit_date = models.DateField(_("现场评审日期"))
    place = models.CharField(_("地点"), max_length=200)
    team = models.ManyToManyField(
        ExpertProfile, verbose_name=_("现场评审组"), related_name="onsite_visits", blank=True
    )
    findings = models.TextField(_("现场发现"), blank=True)
    recorded_by = user_reference(_("记录人"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[team])

    class Meta:
        verbose_name = verbose_name_plural = _("现场评审安排")
        ordering = ["visit_date", "id"]
        constraints = [one_per_application("one_visit_per_round")]

    def __str__(self) -> str:
        return f"{self.application} · {self.visit_date}"


class ChecklistResult(models.Model):
    """The verdict on one item of the on-site checklist (material authenticity)."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("属实")
        PARTLY = "partly", _("部分属实")
        NOT_CONFIRMED = "not_confirmed", _("不属实")
        NOT_CHECKED = "not_checked", _("未核查")

    visit = reference(OnsiteVisit, _("现场评审"), on_delete=models.CASCADE, related_name="checks")
    item = reference(RubricItem, _("核查事项"))
    verdict = models.CharField(
        _("核查结论"), max_length=20, choices=Verdict, default=Verdict.NOT_CHECKED
    )
    note = models.CharField(_("说明"), max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("现场核查结果")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_check_per_item")]

    def __str__(self) -> str:
        return f"{self.visit}: {self.item.code}"


class DefenseSlot(models.Model):
    round = reference(ReviewRound, _("评审轮次"), related_name="slots")
    application = reference(Application, _("申报"), related_name="defense_slots")
    order = models.PositiveSmallIntegerField(_("答辩顺序"), validators=[MinValueValidator(1)])
    starts_at = models.DateTimeField(_("答辩时间"))
    place = models.CharField(_("地点"), max_length=200)
    presenter = models.CharField(_("陈述人（最高管理者）"), max_length=50, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("陈述答辩安排")
        ordering = ["round", "order"]
        constraints = [
            one_per_application("one_slot_per_round"),
            models.UniqueConstraint(fields=["round", "order"], name="one_slot_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.application}"


# --- results and advancement -----------------------------------------------------------------


class RoundResult(models.Model):
    """An application's result in a round, frozen when the round closes."""

    round = reference(ReviewRound, _("评审轮次"), related_name="results")
    application = reference(Application, _("申报"), related_name="round_results")
    sheet_count = models.PositiveSmallIntegerField(_("有效评分表数"))
    mean = models.DecimalField(_("平均分"), max_digits=7, decimal_places=2)
    aggregate = models.DecimalField(_("汇总得分"), max_digits=7, decimal_places=2)
    max_points = models.DecimalField(_("满分"), max_digits=7, decimal_places=2)
    percent = models.DecimalField(_("得分率%"), max_digits=5, decimal_places=2)
    rank = models.PositiveSmallIntegerField(_("同类排名"))

    class Meta:
        verbose_name = verbose_name_plural = _("轮次评审结果")
        ordering = ["round", "rank"]
        constraints = [one_per_application("one_result_per_round")]

    def __str__(self) -> str:
        return f"{self.round}: {self.application} {self.aggregate}"


class AdvancementDecision(models.Model):
    class Method(models.TextChoices):
        THRESHOLD = "threshold", _("按分数线")
        TOP_N = "top_n", _("按名次")
        MANUAL = "manual", _("逐项决定")

    round = reference(ReviewRound, _("评审轮次"), related_name="decisions")
    application = reference(Application, _("申报"), related_name="advancement_decisions")
    advances = models.BooleanField(_("晋级"))
    method = models.CharField(_("决定方式"), max_length=20, choices=Method)
    reason = models.TextField(_("理由"))
    decided_by = user_reference(_("决定人"))
    decided_at = models.DateTimeField(_("决定时间"), auto_now=True)
    applied_at = move_time(_("执行时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("晋级决定")
        ordering = ["round", "-advances", "application_id"]
        constraints = [
            one_per_application("one_decision_per_round"),
            models.CheckConstraint(condition=~models.Q(reason=""), name="decision_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.round}: {self.application} {'✓' if self.advances else '✗'}"
