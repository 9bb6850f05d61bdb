"""Working-day calendar overrides, publicity windows, their lists and the objections filed
against them (DESIGN §4)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application, AuditRecord, Edition
from award_portal.model_fields import move_time, one_to_one, reference, status_field, user_reference


class HolidaySchedule(models.Model):
    """The State Council's holiday notice of one year as the city office pasted it on the
    "节假日安排" page. Its days are stored as `CalendarOverride` rows that point back here;
    entering the year again replaces them, and the history keeps every earlier text."""

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    text = models.TextField(_("通知全文"))
    source = models.CharField(_("依据文件"), max_length=200)
    entered_by = user_reference(_("录入人"))
    entered_at = models.DateTimeField(_("录入时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("节假日安排")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(year__gte=2000) & models.Q(year__lte=2100),
                name="holiday_schedule_year_in_range",
                violation_error_message=_("年份应在2000年至2100年之间。"),
            )
        ]

    def __str__(self) -> str:
        return self.source


class CalendarOverride(models.Model):
    """One day of the State Council's yearly holiday schedule.

    Overrides win over the `chinesecalendar` library. A year the library does not know yet
    counts as published as soon as it has at least one override. A row written from a pasted
    notice points to its `HolidaySchedule`; a row without one was entered day by day in the
    admin."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("法定节假日（休息）")
        WORKDAY = "workday", _("调休上班日")

    day = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=Kind)
    name = models.CharField(_("节日名称"), max_length=50, help_text=_("例如：春节、国庆节。"))
    source = models.CharField(
        _("依据文件"),
        max_length=200,
        help_text=_("国务院办公厅关于某年部分节假日安排的通知及文号。"),
    )
    schedule = reference(HolidaySchedule, _("所属节假日安排"), null=True, related_name="overrides")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("节假日调整")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()} {self.name}"

    @property
    def is_workday(self) -> bool:
        return self.kind == self.Kind.WORKDAY


class WindowKind(models.TextChoices):
    """The lists the notice requires to be publicized."""

    ACCEPTANCE = "acceptance", _("受理名单公示")
    PROPOSED = "proposed", _("拟表扬名单公示")
    SUBSTITUTE = "substitute", _("递补名单公示")


class PublicityWindow(models.Model):
    """A public notice of one list of one edition, open for objections for ≥5 working days."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("已结束")
        WITHDRAWN = "withdrawn", _("已撤回")

    edition = reference(Edition, _("届次"), related_name="publicity_windows")
    kind = models.CharField(_("公示类型"), max_length=20, choices=WindowKind)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("公示正文"))
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    start_date = models.DateField(_("公示开始日期"))
    workdays = models.PositiveSmallIntegerField(_("公示工作日数"), default=5)
    end_date = models.DateField(_("公示结束日期"), null=True, blank=True, editable=False)
    status = status_field(_("状态"), Status, default=Status.DRAFT)
    replaces = one_to_one("self", _("替代的公示"), null=True, related_name="replaced_by")
    notice_pdf = models.FileField(_("公示文件"), upload_to="publicity/notices/", blank=True)
    created_by = user_reference(_("创建人"))
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_by = user_reference(_("发布人"), null=True)
    published_at = move_time(_("发布时间"))
    closed_at = move_time(_("结束处理时间"))
    outcome_fired_at = move_time(_("后续步骤触发时间"))
    withdrawn_by = user_reference(_("撤回人"), null=True)
    withdrawn_at = move_time(_("撤回时间"))
    withdrawal_reason = models.TextField(_("撤回理由"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("公示")
        ordering = ["-start_date", "-id"]
        indexes = [models.Index(fields=["status", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(workdays__gte=5),
                name="publicity_at_least_five_workdays",
                violation_error_message=_("公示期不得少于5个工作日。"),
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="publicity_end_not_before_start",
                violation_error_message=_("公示结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(end_date__isnull=False),
                name="publicity_published_has_end",
                violation_error_message=_("已发布的公示必须有结束日期。"),
            ),
            # One acceptance list and one proposed list in publicity at a time per edition;
            # substitutes are publicized one by one and may overlap.
            models.UniqueConstraint(
                fields=["edition", "kind"],
                condition=models.Q(status="published") & ~models.Q(kind="substitute"),
                name="publicity_one_published_list_per_kind",
                violation_error_message=_("本届已有一份同类名单正在公示。"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_public(self) -> bool:
        return self.status != self.Status.DRAFT

    def is_open_on(self, day: date) -> bool:
        """Objections are accepted from the first to the last day of the window, whatever
        the beat job has done yet."""
        return (
            self.status == self.Status.PUBLISHED
            and self.end_date is not None
            and self.start_date <= day <= self.end_date
        )

    def has_ended_on(self, day: date) -> bool:
        return self.end_date is not None and day > self.end_date

    def phase_on(self, day: date) -> str:
        """What the public sees: 未开始 / 公示中 / 已结束 / 已撤回."""
        if self.status == self.Status.WITHDRAWN:
            return "withdrawn"
        if self.status == self.Status.DRAFT:
            return "draft"
        if self.has_ended_on(day) or self.status == self.Status.CLOSED:
            return "ended"
        if day < self.start_date:
            return "upcoming"
        return "open"


class PublicityEntry(models.Model):
    """One line of a publicized list. The displayed texts are a snapshot taken when the entry
    was added, so a published list reads the same forever."""

    window = reference(PublicityWindow, _("公示"), on_delete=models.CASCADE, related_name="entries")
    application = reference(Application, _("申报"), related_name="publicity_entries")
    position = models.PositiveSmallIntegerField(_("序号"))
    display_name = models.CharField(_("名称"), max_length=200)
    category_name = models.CharField(_("申报类别"), max_length=50)
    unit_name = models.CharField(_("推荐单位"), max_length=100, blank=True)
    objection_upheld = models.BooleanField(_("异议成立"), default=False, editable=False)

    class Meta:
        verbose_name = verbose_name_plural = _("公示名单条目")
        ordering = ["window", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["window", "application"],
                name="publicity_entry_once_per_window",
                violation_error_message=_("同一申报不能在一份公示名单中出现两次。"),
            ),
            models.UniqueConstraint(
                fields=["window", "position"], name="publicity_entry_position_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.display_name}"


class WindowEvent(AuditRecord):
    """What happened to a window, once: published, withdrawn, closed, outcome fired."""

    class Kind(models.TextChoices):
        PUBLISHED = "published", _("发布")
        WITHDRAWN = "withdrawn", _("撤回")
        CLOSED = "closed", _("公示期满")
        OUTCOME_FIRED = "outcome_fired", _("触发后续步骤")
        OBJECTION_UPHELD = "objection_upheld", _("异议成立")

    window = reference(PublicityWindow, _("公示"), related_name="events")
    kind = models.CharField(_("事件"), max_length=20, choices=Kind)
    actor = user_reference(_("操作人"), null=True, on_delete=models.SET_NULL)
    note = models.TextField(_("说明"), blank=True)

    class Meta(AuditRecord.Meta):
        verbose_name = verbose_name_plural = _("公示记录")
        constraints = [
            models.UniqueConstraint(
                fields=["window", "kind"],
                condition=~models.Q(kind="objection_upheld"),
                name="publicity_window_event_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.window_id} {self.get_kind_display()}"


class Objection(models.Model):
    """An objection (异议) filed by a member of the public against one entry of an open window.
    The filer's personal data is read only by the city office and the supervision group."""

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理")
        INVESTIGATING = "investigating", _("调查核实中")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    reference = models.CharField(_("异议编号"), max_length=24, unique=True, editable=False)
    # The keys are spelled out: in this class body `reference` is the objection's number.
    window = models.ForeignKey(
        PublicityWindow, verbose_name=_("公示"), on_delete=models.PROTECT, related_name="objections"
    )
    entry = models.ForeignKey(
        PublicityEntry,
        verbose_name=_("异议对象"),
        on_delete=models.PROTECT,
        related_name="objections",
    )
    filer_name = models.CharField(_("真实姓名"), max_length=50)
    filer_identity = models.CharField(
        _("身份证号或工作单位"),
        max_length=200,
        help_text=_("个人请填写身份证号，单位请填写单位全称。"),
    )
    phone = models.CharField(_("联系电话"), max_length=20)
    email = models.EmailField(_("电子邮箱"), blank=True)
    reasons = models.TextField(_("异议事实和理由"))
    status = status_field(_("处理状态"), Status, default=Status.RECEIVED)
    filed_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True, editable=False)
    investigation_note = models.TextField(_("调查记录"), blank=True)
    investigator = user_reference(_("调查人"), null=True)
    finding = models.TextField(_("核查结论"), blank=True)
    decided_by = user_reference(_("处理人"), null=True)
    decided_at = move_time(_("处理时间"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("异议")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["window", "status"]),
            # The objection list and a window's page, newest first, a page at a time.
            models.Index(fields=["-filed_at", "-id"], name="objection_newest_first"),
            models.Index(fields=["window", "-filed_at", "-id"], name="objection_window_newest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["received", "investigating"])
                | (~models.Q(finding="") & models.Q(decided_at__isnull=False)),
                name="objection_decided_has_finding",
                violation_error_message=_("办结异议必须填写核查结论。"),
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.RECEIVED, self.Status.INVESTIGATING}


def _evidence_path(instance: ObjectionEvidence, filename: str) -> str:
    # The service passes a server-generated name; the filer's name is kept in original_name.
    return f"publicity/evidence/{filename}"


class ObjectionEvidence(models.Model):
    """A file attached to an objection, stored under a server-generated name."""

    objection = reference(Objection, _("异议"), related_name="evidence")
    file = models.FileField(_("文件"), upload_to=_evidence_path, max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200)
    content_type = models.CharField(_("文件类型"), max_length=50)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("异议证明材料")
        ordering = ["objection", "id"]

    def __str__(self) -> str:
        return self.original_name


class DeadlineReminder(models.Model):
    """One reminder sent for one deadline; the unique key makes the beat job send it once."""

    key = models.CharField(_("提醒标识"), max_length=100, unique=True)
    deadline = models.DateField(_("截止日期"))
    subject = models.CharField(_("标题"), max_length=200)
    recipients = models.PositiveSmallIntegerField(_("收件人数"), default=0)
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("截止提醒")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject
