"""Forms of the publicity pages. They parse and check input; services do the writing."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from applications.models import Edition
from award_portal.forms import CrispyMixin, MultipleFileField
from award_portal.single_line import SingleLineFormMixin
from publicity import selectors
from publicity.errors import PublicityError
from publicity.holiday_notice import NoticeError, parse_notice
from publicity.holidays.services import check_schedule
from publicity.models import Objection, PublicityWindow, WindowKind
from publicity.objections.services import inspect_evidence
from publicity.windows.services import compute_end_date

PHONE = re.compile(r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ApplicationChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        # Django guards an out-of-range id in an exact lookup, not in "in": refuse it here
        # before the database (SQLite raises OverflowError, PostgreSQL "bigint out of range").
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and not -(2**63) <= int(text) < 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

    def label_from_instance(self, obj):
        status = obj.get_status_display()
        return f"{obj.reference} {obj.applicant_name}（{obj.category.name}，{status}）"


class WindowForm(CrispyMixin, forms.Form):
    submit_label = _("保存草稿")

    edition = forms.ModelChoiceField(
        label=_("届次"), queryset=Edition.objects.filter(is_draft=False)
    )
    kind = forms.ChoiceField(label=_("公示类型"), choices=WindowKind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    body = forms.CharField(label=_("公示正文"), widget=forms.Textarea(attrs={"rows": 8}))
    start_date = forms.DateField(label=_("公示开始日期"), widget=DateInput())
    workdays = forms.IntegerField(
        label=_("公示工作日数"),
        initial=settings.PUBLICITY_MIN_WORKDAYS,
        help_text=_("不少于5个工作日；节假日不计，调休上班日计入。"),
    )
    applications = ApplicationChoiceField(
        label=_("公示名单"),
        queryset=selectors.eligible_applications(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("受理名单公示列出“已受理”的申报；拟表扬及递补名单公示列出拟获奖的申报。"),
    )

    def __init__(self, *args, window: PublicityWindow | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.window = window
        if window is not None:
            # A draft keeps its edition and kind; the list and the texts may change.
            del self.fields["edition"]
            del self.fields["kind"]

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise forms.ValidationError(_("公示开始日期不能早于今天。"))
        return start

    def clean(self):
        data = super().clean()
        start, workdays = data.get("start_date"), data.get("workdays")
        if start is not None and workdays is not None:
            try:
                self.end_date = compute_end_date(start_date=start, workdays=workdays)
            except PublicityError as exc:
                if workdays < settings.PUBLICITY_MIN_WORKDAYS:
                    self.add_error("workdays", exc.message)
                else:
                    # A draft may wait for next year's schedule, but the office must know.
                    self.calendar_warning = exc.message
        return data


class WithdrawForm(CrispyMixin, forms.Form):
    submit_label = _("撤回公示")
    reason = forms.CharField(
        label=_("撤回理由"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("撤回理由将在公示页面向社会公开。"),
    )


class ObjectionForm(CrispyMixin, forms.Form):
    submit_label = _("提交异议")

    entry = forms.ModelChoiceField(label=_("异议对象"), queryset=None, empty_label=_("请选择"))
    filer_name = forms.CharField(label=_("真实姓名"), max_length=50)
    filer_identity = forms.CharField(
        label=_("身份证号或工作单位"),
        max_length=200,
        help_text=_("个人请填写身份证号，以单位名义提出的请填写单位全称。"),
    )
    phone = forms.CharField(label=_("联系电话"), max_length=20)
    email = forms.EmailField(label=_("电子邮箱"), required=False)
    reasons = forms.CharField(
        label=_("异议事实和理由"),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=5000,
    )
    evidence = MultipleFileField(
        label=_("证明材料"),
        accept=".pdf,.jpg,.jpeg,.png",
        required=False,
        # Formatted when shown, in the reader's language (a lazy string's % is not lazy).
        help_text=lazy(
            lambda: (
                _("可选，PDF、JPG或PNG格式，每个文件不超过%(mb)sMB，最多%(n)s个。")
                % {"mb": settings.EVIDENCE_MAX_FILE_MB, "n": settings.PUBLICITY_EVIDENCE_MAX_FILES}
            ),
            str,
        )(),
    )
    pledge = forms.BooleanField(
        label=_("本人承诺以上信息真实、准确，如有捏造事实、恶意诬告，愿承担相应责任。"),
        error_messages={"required": _("请阅读并勾选承诺。")},
    )

    def __init__(self, *args, window: PublicityWindow, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = selectors.window_entries(window)
        self.fields["entry"].label_from_instance = lambda entry: (
            f"{entry.position}. {entry.display_name}"
        )

    def clean_phone(self):
        phone = self.cleaned_data["phone"].replace(" ", "")
        if not PHONE.match(phone):
            raise forms.ValidationError(_("请填写正确的手机号码或固定电话（如 0812-1234567）。"))
        return phone

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        if len(files) > settings.PUBLICITY_EVIDENCE_MAX_FILES:
            raise forms.ValidationError(
                _("证明材料最多上传%(n)s个文件。") % {"n": settings.PUBLICITY_EVIDENCE_MAX_FILES}
            )
        errors = []
        for upload in files:
            try:
                inspect_evidence(upload)
            except PublicityError as exc:
                errors.append(exc.message)
        if errors:
            raise forms.ValidationError(errors)
        return files


class LookupForm(CrispyMixin, forms.Form):
    submit_label = _("查询")
    reference = forms.CharField(label=_("异议编号"), max_length=24)
    contact = forms.CharField(
        label=_("联系电话或电子邮箱"),
        max_length=254,
        help_text=_("填写提出异议时留下的联系电话或电子邮箱。"),
    )


class InvestigationForm(CrispyMixin, forms.Form):
    submit_label = _("保存调查记录")
    note = forms.CharField(label=_("调查记录"), widget=forms.Textarea(attrs={"rows": 5}))


class DecisionForm(CrispyMixin, forms.Form):
    submit_label = _("办结异议")
    decision = forms.ChoiceField(
        label=_("处理结论"),
        choices=[
            (Objection.Status.UPHELD, Objection.Status.UPHELD.label),
            (Objection.Status.DISMISSED, Objection.Status.DISMISSED.label),
        ],
        widget=forms.RadioSelect,
    )
    finding = forms.CharField(
        label=_("核查结论"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("核查结论将告知异议人。"),
    )


class HolidayNoticeForm(SingleLineFormMixin, forms.Form):
    """The text of a State Council holiday notice, read into a schedule on validation."""

    text = forms.CharField(
        label=_("通知全文"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 14, "class": "form-control"}),
        help_text=_(
            "从中国政府网复制“国务院办公厅关于YYYY年部分节假日安排的通知”全文粘贴于此，"
            "标题、正文和落款一并粘贴即可。"
        ),
    )

    def clean(self):
        data = super().clean()
        text = data.get("text")
        if text:
            try:
                self.schedule = parse_notice(text)
                check_schedule(schedule=self.schedule)
            except (NoticeError, PublicityError) as exc:
                self.add_error("text", exc.message)
        return data
