"""Figures kept as sheets move, so that a round's results are read, not computed: an
application's totals in a round, and an expert's statistics per rubric for the z-scores."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from award_portal.model_fields import reference
from review.models.pool import ExpertProfile
from review.models.rounds import ReviewRound, Rubric, one_per_application


class SheetSums(models.Model):
    """The submitted sheets counted, and the sum and sum of squares of their totals."""

    sheet_count = models.PositiveIntegerField(_("已提交评分表数"), default=0)
    total_sum = models.DecimalField(_("总分之和"), max_digits=12, decimal_places=2, default=0)
    total_squares = models.DecimalField(_("总分平方和"), max_digits=20, decimal_places=4, default=0)

    class Meta:
        abstract = True


class OfExpertInRound(models.Model):
    """Figures of one expert in one round."""

    round = reference(ReviewRound, _("评审轮次"), on_delete=models.CASCADE)
    expert = reference(ExpertProfile, _("专家"), on_delete=models.CASCADE)

    class Meta:
        abstract = True


class RoundTotal(SheetSums):
    """An application's figures in a round, from its active sheets that are not void: kept by
        the moves of its sheets and its assignments (`review.rounds.totals`), in their
        transaction. Sum, lowest and highest are over the submitted sheets; full marks are those of
        its sheets' rubric (the highest, were there several). Assigned and excused count its active
    sheets that are not void, and those excused, for the round's progress."""

    round = reference(ReviewRound, _("评审轮次"), on_delete=models.CASCADE, related_name="totals")
    application = reference(
        Application, _("申报"), on_delete=models.CASCADE, related_name="round_totals"
    )
    assigned = models.PositiveIntegerField(_("评分表数"), default=0)
    excused = models.PositiveIntegerField(_("免评评分表数"), default=0)
    lowest = models.DecimalField(_("最低总分"), max_digits=7, decimal_places=2, null=True)
    highest = models.DecimalField(_("最高总分"), max_digits=7, decimal_places=2, null=True)
    mean = models.DecimalField(_("平均分"), max_digits=7, decimal_places=2, null=True)
    aggregate = models.DecimalField(_("汇总得分"), max_digits=7, decimal_places=2, null=True)
    max_points = models.DecimalField(_("满分"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("得分率%"), max_digits=5, decimal_places=2, null=True)

    class Meta:
        verbose_name = verbose_name_plural = _("轮次得分汇总")
        constraints = [one_per_application("one_total_per_round")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.application_id} {self.aggregate}"


class ExpertStatistic(SheetSums, OfExpertInRound):
    """An expert's submitted sheets on one rubric in a round: how many, the sum and the sum
    of squares of their totals, from which the mean and the population standard deviation of
    the z-scores follow exactly. Kept by the sheets' moves and stored again by the round's
    close. Per rubric, because the totals of a 100-point and a 1000-point rubric are not
    on one scale."""

    rubric = reference(Rubric, _("评分标准"), on_delete=models.CASCADE)

    class Meta:
        verbose_name = verbose_name_plural = _("专家评分统计")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "expert", "rubric"], name="one_statistic_per_expert_rubric"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.expert_id} / {self.rubric_id}"


class ExpertProgress(OfExpertInRound):
    """An expert's sheets in a round, for its progress: the active ones that are not void, and
    of them the submitted and the excused. Kept by the moves of the expert's sheets and
    assignments (`review.rounds.totals`), in their transaction; no row without such a sheet."""

    assigned = models.PositiveIntegerField(_("评分表数"), default=0)
    submitted = models.PositiveIntegerField(_("已提交评分表数"), default=0)
    excused = models.PositiveIntegerField(_("免评评分表数"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "expert"], name="one_progress_per_expert")
        ]
        verbose_name = verbose_name_plural = _("专家评审进度")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.expert_id} {self.submitted}/{self.assigned}"
