"""The composite ranking of deliberation, stored: one narrow row per application that reached
deliberation with its composite score and the stage scores of the tie-break, so that a page
of the ranking (and the draft list's best candidates) is a top-N query on one index.

A row is a copy, never a source: `review.deliberation.composites` writes it from the closed
rounds' results and the edition's weights, in the transaction of every move that changes them
(a round's close, a change of the weights, an application's move), and
`composite_differences` compares it with a recomputation. Nothing else writes it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Edition
from award_portal.model_fields import copy_of, reference

SCORE = {"max_digits": 5, "decimal_places": 2}
# The order of the ranking: composite score first (rows without one last: `scored` sets them
# apart, as an index may not say where NULL goes), then the tie-break's stage scores (see
# `selectors.TIE_BREAK_RULE`), then the reference.
RANKING_ORDER = (
    F("scored").desc(),
    F("composite").desc(),
    F("tie_defense").desc(),
    F("tie_onsite").desc(),
    F("tie_material").desc(),
    F("reference").asc(),
)


class CompositeScore(models.Model):
    """An application that reached deliberation, as the ranking orders and shows it."""

    application = copy_of(Application, _("申报"), related_name="composite")
    edition = reference(Edition, _("届次"), on_delete=models.CASCADE, db_index=False)
    kind = models.CharField(_("申报类型"), max_length=20)
    # The application's status, copied: the candidates for a place are those in deliberation.
    application_status = models.CharField(_("状态"), max_length=20)
    reference = models.CharField(_("申报编号"), max_length=20)
    composite = models.DecimalField(_("综合得分"), max_digits=7, decimal_places=2, null=True)
    scored = models.BooleanField(_("有综合得分"))
    # The weighted stages' scores (得分率) as shown; None without a closed round's result.
    material = models.DecimalField(_("材料评审得分率"), null=True, **SCORE)
    onsite = models.DecimalField(_("现场评审得分率"), null=True, **SCORE)
    defense = models.DecimalField(_("陈述答辩得分率"), null=True, **SCORE)
    # The tie-break's keys: a scored row's stage score, -1 without one (or when the row has no
    # composite score: those are ordered by their reference only).
    tie_material = models.DecimalField(_("材料评审同分比较值"), **SCORE)
    tie_onsite = models.DecimalField(_("现场评审同分比较值"), **SCORE)
    tie_defense = models.DecimalField(_("陈述答辩同分比较值"), **SCORE)

    class Meta:
        verbose_name = verbose_name_plural = _("综合得分")
        indexes = [
            models.Index(F("edition"), F("kind"), *RANKING_ORDER, name="composite_ranking"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.composite}"
