"""The read model of the lists of stages 2 and 3: one narrow row per application holding what
the unit's queue and the office's list show, filter and sort on, so that a page of 50 reads
one table instead of five joined records per row.

A row is a copy, never a source: `applications.readmodel` writes it from the live records in
the transaction of every move and write that changes what it copies (see that module), and
`check_application_rows` compares it with them. Nothing else writes it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models.applications import STATUS_LABELS, Application
from applications.models.editions import Category, Edition, RecommendingUnit
from award_portal.model_fields import copy_of, reference

# The columns copied from the live records (all but the key).
COPIED = (
    "edition_id",
    "category_id",
    "unit_id",
    "reference",
    "applicant_name",
    "application_status",
    "category_name",
    "category_order",
    "unit_name",
    "unit_order",
    "recommendation_deadline",
    "precheck_passed",
    "consultation_count",
    "paper_copy_received_on",
    "acceptance_passed",
    "submitted_at",
    "updated_at",
)


class ApplicationRow(models.Model):
    """One application as the lists show it."""

    application = copy_of(Application, _("申报"), related_name="row")
    edition = reference(Edition, _("届次"), on_delete=models.CASCADE, db_index=False)
    category = reference(Category, _("申报类别"), on_delete=models.CASCADE)
    unit = reference(
        RecommendingUnit, _("推荐渠道"), null=True, on_delete=models.CASCADE, db_index=False
    )
    reference = models.CharField(_("申报编号"), max_length=20)
    applicant_name = models.CharField(_("申报组织/个人名称"), max_length=200, blank=True)
    # The application's status, copied: the read model is no record with a status of its own.
    application_status = models.CharField(_("状态"), max_length=20)
    category_name = models.CharField(_("类别名称"), max_length=100)
    category_order = models.IntegerField(_("类别顺序"))
    unit_name = models.CharField(_("推荐单位名称"), max_length=100, blank=True)
    unit_order = models.IntegerField(_("推荐单位顺序"), null=True)
    # The recommendation deadline that applies to the application: its unit's extension, or
    # the edition's deadline.
    recommendation_deadline = models.DateField(_("推荐截止日期"))
    # The pre-check (初核): None before it is recorded, then whether all four checks passed.
    precheck_passed = models.BooleanField(_("初核通过"), null=True)
    consultation_count = models.PositiveIntegerField(_("征求意见数"), default=0)
    paper_copy_received_on = models.DateField(_("纸质材料接收日期"), null=True)
    # The office's re-check (复核): None before it is recorded.
    acceptance_passed = models.BooleanField(_("复核通过"), null=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True)
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = verbose_name_plural = _("申报列表行")
        # One index per filter and sort of the two lists: the office's (the edition first)
        # and the unit's (the edition and the unit first). The default order is the newest
        # submission first; ties are broken by the key, so every order is total.
        indexes = [
            models.Index(fields=["edition", "-submitted_at", "-application"], name="row_ed_sub"),
            models.Index(
                fields=["edition", "application_status", "-submitted_at", "-application"],
                name="row_ed_status_sub",
            ),
            models.Index(
                fields=["edition", "category", "-submitted_at", "-application"],
                name="row_ed_cat_sub",
            ),
            models.Index(
                fields=["edition", "unit", "-submitted_at", "-application"], name="row_ed_unit_sub"
            ),
            models.Index(
                fields=["edition", "unit", "application_status", "-submitted_at", "-application"],
                name="row_ed_unit_status_sub",
            ),
            models.Index(
                fields=["edition", "unit", "category", "-submitted_at", "-application"],
                name="row_ed_unit_cat_sub",
            ),
            models.Index(fields=["edition", "applicant_name", "application"], name="row_ed_name"),
            models.Index(
                fields=["edition", "unit", "applicant_name", "application"], name="row_ed_unit_name"
            ),
            models.Index(fields=["edition", "reference"], name="row_ed_ref"),
            models.Index(fields=["edition", "unit", "reference"], name="row_ed_unit_ref"),
            models.Index(fields=["edition", "category_order", "reference"], name="row_ed_catord"),
            models.Index(
                fields=["edition", "unit", "category_order", "reference"],
                name="row_ed_unit_catord",
            ),
            models.Index(
                fields=["edition", "application_status", "reference"], name="row_ed_status_ref"
            ),
            models.Index(fields=["edition", "unit_order", "reference"], name="row_ed_unitord"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.applicant_name}".strip()

    def get_status_display(self) -> str:
        return STATUS_LABELS.get(self.application_status, self.application_status)
