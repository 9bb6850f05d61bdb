from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from award_portal.accounts.models import ApplicantKind


class RecommendingUnit(models.Model):
    """A county/district quality office or a city-level department that pre-checks applications."""

    class Kind(models.TextChoices):
        COUNTY = "county", _("县(区)质量强县(区)办")
        DEPARTMENT = "department", _("市级行业主管部门")

    kind = models.CharField(_("类型"), max_length=20, choices=Kind)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    division_code = models.CharField(_("行政区划代码"), max_length=6, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("推荐单位")
        verbose_name_plural = _("推荐单位")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    """One of the five application categories (DESIGN §2)."""

    code = models.SlugField(_("代码"), max_length=20, unique=True)
    name = models.CharField(_("名称"), max_length=50)
    kind = models.CharField(_("申报主体"), max_length=20, choices=ApplicantKind)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("申报类别")
        verbose_name_plural = _("申报类别")
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
    stage = models.CharField(
        _("当前阶段"), max_length=20, choices=Stage, default=Stage.APPLICATION, editable=False
    )
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
    organization_rubric = models.ForeignKey(
        "review.Rubric",
        verbose_name=_("组织评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    team_rubric = models.ForeignKey(
        "review.Rubric",
        verbose_name=_("一线班组评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    individual_rubric = models.ForeignKey(
        "review.Rubric",
        verbose_name=_("个人评分标准"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    notice_file = models.FileField(
        _("通知文件"), upload_to="editions/notices/", max_length=200, blank=True
    )
    notice_file_name = models.CharField(_("通知文件原文件名"), max_length=200, blank=True)
    notice_file_type = models.CharField(_("通知文件类型"), max_length=100, blank=True)
    is_draft = models.BooleanField(
        _("草稿"), default=False, help_text=_("草稿不对外公开，发布征集通知后成为当前届次。")
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发布人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
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
STAGE_LABELS = dict(Stage.choices)


class Application(models.Model):
    """One application of an organization or an individual to one edition."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="applications"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("申报类别"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申报账户"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("协作者"),
        blank=True,
        related_name="shared_applications",
    )
    unit = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("推荐渠道"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
    )
    reference = models.CharField(_("申报编号"), max_length=20, unique=True)
    applicant_name = models.CharField(_("申报组织/个人名称"), max_length=200, blank=True)
    identifier = models.CharField(
        _("统一社会信用代码/身份证号"), max_length=18, blank=True, db_index=True
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status, default=Status.DRAFT, editable=False
    )
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
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("申报")
        verbose_name_plural = _("申报")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["edition", "status"]),
            models.Index(fields=["unit", "status"]),
            # The lists' default order (newest submission first): a page of 50 is read off the
            # index instead of joining and sorting every application of the edition.
            models.Index(fields=["edition", "-submitted_at", "-id"]),
            models.Index(fields=["unit", "edition", "-submitted_at", "-id"]),
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


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("audit records are append-only")

    def delete(self):
        raise PermissionError("audit records are append-only")


class AppendOnlyModel(models.Model):
    """A record that is written once and never changed or deleted."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("audit records are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("audit records are append-only")


class ApplicationEvent(AppendOnlyModel):
    """One move of an application's status: who, in which role and unit, from, to, when, why."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="events"
    )
    move = models.CharField(_("操作"), max_length=40)
    from_status = models.CharField(_("原状态"), max_length=20, choices=Status)
    to_status = models.CharField(_("新状态"), max_length=20, choices=Status)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    actor_role = models.CharField(_("操作人角色"), max_length=20)
    actor_unit = models.CharField(_("操作人单位"), max_length=100, blank=True)
    reason = models.TextField(_("理由/意见"), blank=True)
    internal_note = models.TextField(_("内部备注"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("状态变更记录")
        verbose_name_plural = _("状态变更记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.from_status} → {self.to_status}"

    def get_from_status_display(self) -> str:  # see STATUS_LABELS
        return STATUS_LABELS.get(self.from_status, self.from_status)

    def get_to_status_display(self) -> str:
        return STATUS_LABELS.get(self.to_status, self.to_status)


class EditionEvent(AppendOnlyModel):
    """One move of an edition from one stage to the next."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="events"
    )
    from_stage = models.CharField(_("原阶段"), max_length=20, choices=Stage)
    to_stage = models.CharField(_("新阶段"), max_length=20, choices=Stage)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150)
    reason = models.TextField(_("说明"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("届次阶段变更记录")
        verbose_name_plural = _("届次阶段变更记录")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.edition}: {self.from_stage} → {self.to_stage}"


class EmailTemplate(models.Model):
    """The editable Chinese text of one notification, keyed by the move that sends it."""

    key = models.CharField(_("触发操作"), max_length=40, unique=True)
    subject = models.CharField(_("邮件标题"), max_length=200)
    body = models.TextField(
        _("邮件正文"),
        help_text=_(
            "可使用 {{ application }}、{{ reference }}、{{ status }}、{{ reason }}、"
            "{{ edition }}、{{ url }}。"
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("通知模板")
        verbose_name_plural = _("通知模板")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class Notification(models.Model):
    """An email in the outbox. Written in the same transaction as the move that caused it,
    so a move is never lost when the broker is down, and sent at most once."""

    class State(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENDING = "sending", _("发送中")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    event = models.ForeignKey(
        ApplicationEvent,
        verbose_name=_("状态变更"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    recipient = models.EmailField(_("收件人"))
    subject = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    state = models.CharField(
        _("状态"), max_length=10, choices=State, default=State.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    claimed_at = models.DateTimeField(_("开始发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("通知邮件")
        verbose_name_plural = _("通知邮件")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"


# --- stage 1: materials and collaborators --------------------------------------------------------


class MaterialKind(models.TextChoices):
    """The electronic materials of notice §五(一)."""

    SELF_ASSESSMENT = "self_assessment", _("自我评价报告")
    EVIDENCE = "evidence", _("证实性材料")
    PUBLICITY_PROOF = "publicity_proof", _("内部公示证明")
    RECOMMENDATION = "recommendation", _("单位申报推荐意见")
    SIGNED_FORM = "signed_form", _("盖章申报表扫描件")


def material_upload_to(instance: Material, filename: str) -> str:
    # The name on disk is always ours; `filename` is already a server-generated name.
    return f"materials/{instance.application_id}/{filename}"


class Material(models.Model):
    """One uploaded file of an application, stored privately under a server-generated name."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="materials"
    )
    kind = models.CharField(_("材料类型"), max_length=20, choices=MaterialKind)
    file = models.FileField(_("文件"), upload_to=material_upload_to, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    text_length = models.PositiveIntegerField(_("字数"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["kind", "uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(size__gt=0), name="material_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.original_name}"


class Invitation(models.Model):
    """An organization's invitation to a colleague to edit the same application."""

    application = models.ForeignKey(
        Application, verbose_name=_("申报"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("受邀人邮箱"))
    token = models.CharField(_("邀请码"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("邀请人"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("失效时间"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接受人"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("协作邀请")
        verbose_name_plural = _("协作邀请")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.application_id} → {self.email}"


# --- stages 2 and 3: pre-check by the recommending unit, acceptance by the city office --------


class PrecheckReview(models.Model):
    """The recommending unit's pre-check (初核) of one application: the four checks of notice
    §五(二), each with a remark, and the unit's opinion (初核和推荐意见)."""

    CHECKS = ("completeness", "authenticity", "accuracy", "legality")

    application = models.OneToOneField(
        Application, verbose_name=_("申报"), on_delete=models.PROTECT, related_name="precheck"
    )
    completeness_ok = models.BooleanField(_("完整性"), default=False)
    completeness_note = models.TextField(_("完整性核查说明"), blank=True)
    authenticity_ok = models.BooleanField(_("真实性"), default=False)
    authenticity_note = models.TextField(_("真实性核查说明"), blank=True)
    accuracy_ok = models.BooleanField(_("准确性"), default=False)
    accuracy_note = models.TextField(_("准确性核查说明"), blank=True)
    legality_ok = models.BooleanField(_("合法性"), default=False)
    legality_note = models.TextField(_("合法性核查说明"), blank=True)
    opinion = models.TextField(_("初核和推荐意见"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("核查时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("初核记录")
        verbose_name_plural = _("初核记录")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def all_passed(self) -> bool:
        return all(getattr(self, f"{name}_ok") for name in self.CHECKS)


class Consultation(models.Model):
    """A department consulted about an application (征求意见) and its answer."""

    class Phase(models.TextChoices):
        PRECHECK = "precheck", _("初核推荐")
        ACCEPTANCE = "acceptance", _("审查受理")

    application = models.ForeignKey(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    phase = models.CharField(_("环节"), max_length=20, choices=Phase)
    department = models.CharField(_("征求意见部门"), max_length=100)
    consulted_on = models.DateField(_("征求意见日期"))
    answer = models.TextField(_("部门意见"))
    has_objection = models.BooleanField(_("有异议"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now_add=True)
    # How the office settled a department's objection (异议处理情况): until it is recorded,
    # the objection holds the application back.
    resolution = models.TextField(_("异议处理情况"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("征求意见记录")
        verbose_name_plural = _("征求意见记录")
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

    application = models.OneToOneField(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="paper_copy",
    )
    received_on = models.DateField(_("接收日期"))
    copies = models.PositiveSmallIntegerField(_("份数"), default=1)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("记录时间"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("纸质材料接收记录")
        verbose_name_plural = _("纸质材料接收记录")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(copies__gte=1), name="paper_copy_at_least_one"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.received_on:%Y-%m-%d}"


class DeadlineExtension(models.Model):
    """The city office's extension of the recommendation deadline for one unit."""

    edition = models.ForeignKey(
        Edition, verbose_name=_("届次"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        RecommendingUnit,
        verbose_name=_("推荐单位"),
        on_delete=models.PROTECT,
        related_name="deadline_extensions",
    )
    extended_until = models.DateField(_("延长至"))
    reason = models.TextField(_("延期理由"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    granted_at = models.DateTimeField(_("批准时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("推荐截止日期延期")
        verbose_name_plural = _("推荐截止日期延期")
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


class AcceptanceReview(models.Model):
    """The city office's re-check (复核) of an application's eligibility and materials."""

    application = models.OneToOneField(
        Application,
        verbose_name=_("申报"),
        on_delete=models.PROTECT,
        related_name="acceptance_review",
    )
    qualification_ok = models.BooleanField(_("申报主体资格符合"), default=False)
    qualification_note = models.TextField(_("资格复核说明"), blank=True)
    materials_ok = models.BooleanField(_("申报资料符合"), default=False)
    materials_note = models.TextField(_("资料复核说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("复核人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("复核时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("受理复核记录")
        verbose_name_plural = _("受理复核记录")

    def __str__(self) -> str:
        return str(self.application)

    @property
    def passed(self) -> bool:
        return self.qualification_ok and self.materials_ok
