"""Deliberation and award (stages 7–8): proposed lists, decisions, certificates, revocations."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import AppendOnlyModel, Application, AuditRecord, Edition
from award_portal.accounts.models import ApplicantKind
from award_portal.model_fields import move_time, one_to_one, reference, status_field, user_reference

# --- deliberation and award (stages 7–8) -------------------------------------------------------


class ProposedList(models.Model):
    """A list of proposed winners (拟获奖建议名单) the city office puts to the leadership group:
    the edition's first list, or a substitute list (递补名单) after an upheld objection."""

    class Kind(models.TextChoices):
        ORIGINAL = "original", _("拟获奖建议名单")
        SUBSTITUTE = "substitute", _("递补名单")

    class Status(models.TextChoices):
        DRAFT = "draft", _("待领导小组审议")
        APPROVED = "approved", _("领导小组审议通过")
        RETURNED = "returned", _("领导小组退回")

    edition = reference(Edition, _("届次"), related_name="proposed_lists")
    kind = models.CharField(_("名单类型"), max_length=20, choices=Kind)
    status = status_field(_("状态"), Status, default=Status.DRAFT)
    summary = models.TextField(_("综合评审意见"))
    reason = models.TextField(
        _("未按排名顺序提名的理由"),
        blank=True,
        help_text=_("提名与综合得分排名不一致时必须说明理由。"),
    )
    organization_vacancies = models.PositiveSmallIntegerField(_("组织奖空缺名额"), default=0)
    individual_vacancies = models.PositiveSmallIntegerField(_("个人奖空缺名额"), default=0)
    window = one_to_one(
        "publicity.PublicityWindow",
        _("公示"),
        null=True,
        related_name="proposed_list",
        editable=False,
    )
    publicity_passed_at = move_time(_("公示期满时间"))
    created_by = user_reference(
        _("拟定人"), null=True, help_text=_("为空表示异议成立后由系统按得分自动递补。")
    )
    created_at = models.DateTimeField(_("拟定时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("拟获奖建议名单")
        ordering = ["edition", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition"],
                condition=models.Q(status="draft"),
                name="one_draft_proposed_list_per_edition",
                violation_error_message=_("本届已有一份待审议的名单。"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.edition} · {self.get_kind_display()} #{self.pk}"


class Proposal(models.Model):
    """One application on a proposed list, with its rank and composite score when proposed."""

    proposed_list = reference(ProposedList, _("名单"), related_name="proposals")
    application = reference(Application, _("申报"), related_name="proposals")
    kind = models.CharField(_("申报主体"), max_length=20, choices=ApplicantKind)
    rank = models.PositiveSmallIntegerField(_("同类排名"))
    composite = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2)
    replaces = reference(
        "self",
        _("递补的名额"),
        null=True,
        related_name="substitutes",
        help_text=_("因异议成立而空出、由本项递补的原提名。"),
    )

    class Meta:
        verbose_name = verbose_name_plural = _("拟获奖提名")
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


def decision_attachment(verbose_name) -> models.FileField:
    """The scanned document of a decision (minutes, an approval), optional."""
    return models.FileField(verbose_name, upload_to=decision_upload_to, max_length=200, blank=True)


def has_document_number(name: str) -> models.CheckConstraint:
    """A recorded decision cites the document it was taken in (its 文号): never left empty."""
    return models.CheckConstraint(condition=~models.Q(document_number=""), name=name)


class RecordedDecision(models.Model):
    """A decision taken outside the portal (a meeting, an approval, a revocation) that the city
    office records in it: who recorded it, and when."""

    recorded_by = user_reference(_("记录人"))
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        abstract = True


class LeadershipDecision(RecordedDecision):
    """The leadership group's (市质量强市工作领导小组) decision on one proposed list."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("审议通过")
        RETURNED = "returned", _("退回重议")

    proposed_list = one_to_one(ProposedList, _("名单"), related_name="decision")
    outcome = models.CharField(_("审议结果"), max_length=20, choices=Outcome)
    meeting_date = models.DateField(_("会议日期"))
    document_number = models.CharField(_("文号/会议纪要编号"), max_length=60)
    opinion = models.TextField(_("审议意见"), blank=True)
    attachment = decision_attachment(_("会议纪要或批复文件"))
    attachment_name = models.CharField(_("附件原文件名"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("领导小组审议决定")
        ordering = ["-meeting_date", "-id"]
        constraints = [
            has_document_number("leadership_decision_has_number"),
            models.CheckConstraint(
                condition=models.Q(outcome="approved") | ~models.Q(opinion=""),
                name="leadership_return_has_opinion",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.get_outcome_display()}"


class GovernmentApproval(RecordedDecision):
    """The city government's approval (市政府审定) of the winners of an edition."""

    edition = one_to_one(Edition, _("届次"), related_name="government_approval")
    document_number = models.CharField(_("市政府文号"), max_length=60)
    approved_on = models.DateField(_("审定日期"))
    note = models.TextField(_("说明"), blank=True)
    attachment = decision_attachment(_("批复文件"))
    attachment_name = models.CharField(_("附件原文件名"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("市政府审定")
        constraints = [has_document_number("government_approval_has_number")]

    def __str__(self) -> str:
        return f"{self.edition}: {self.document_number}"


class CommendationNotice(models.Model):
    """The commendation decision (表扬决定) issued in the city government's name and published
    on the public site."""

    edition = one_to_one(Edition, _("届次"), related_name="commendation")
    title = models.CharField(_("标题"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60)
    body = models.TextField(_("正文"))
    issued_on = models.DateField(_("发文日期"))
    published_by = user_reference(_("发布人"))
    published_at = models.DateTimeField(_("发布时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("表扬决定")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return self.title


class Certificate(AppendOnlyModel):
    """The certificate (荣誉证书) of one winner. Its texts are a snapshot taken when it was
    issued; a revocation is recorded beside it, never by changing or deleting it."""

    application = one_to_one(Application, _("申报"), related_name="certificate")
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
        verbose_name = verbose_name_plural = _("荣誉证书")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number} {self.holder_name}"


class Revocation(RecordedDecision):
    """The city office's revocation (撤销奖励) of an award: 动态管理, 能上能下."""

    application = one_to_one(Application, _("申报"), related_name="revocation")
    reason = models.TextField(_("撤销理由"))
    document_number = models.CharField(_("撤销文号"), max_length=60)
    decided_on = models.DateField(_("撤销日期"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("撤销奖励")
        ordering = ["-decided_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(reason=""), name="revocation_has_reason"),
            has_document_number("revocation_has_number"),
        ]

    def __str__(self) -> str:
        return f"{self.application}: {self.document_number}"


class DeliberationEvent(AuditRecord):
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

    edition = reference(Edition, _("届次"))
    kind = models.CharField(_("事项"), max_length=30, choices=Kind)
    application = reference(Application, _("申报"), null=True)
    proposed_list = reference(ProposedList, _("名单"), null=True, related_name="events")
    actor = user_reference(_("操作人"), null=True, on_delete=models.SET_NULL)
    note = models.TextField(_("说明"), blank=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("审议授奖记录")

    def __str__(self) -> str:
        return f"{self.edition_id} {self.get_kind_display()}"


class EditionArchive(models.Model):
    """A closed edition: when, by whom, and its statistics as they stood at closing."""

    edition = one_to_one(Edition, _("届次"), related_name="archive")
    statistics = models.JSONField(_("统计数据"))
    closed_by = user_reference(_("归档人"))
    closed_at = models.DateTimeField(_("归档时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("届次归档")

    def __str__(self) -> str:
        return str(self.edition)
