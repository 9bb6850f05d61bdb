"""Forms of stages 2 and 3. They only parse input; the services in applications.precheck
decide."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import Consultation, MaterialKind, RecommendingUnit, Status
from applications.precheck import selectors
from applications.precheck.services import MATERIAL_PREFIX
from award_portal.single_line import SingleLineFormMixin

RETURN_ROWS = 5


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _note(label, rows: int = 2) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class ListFilterForm(SingleLineFormMixin, forms.Form):
    """The filter bar of a list page. Parsing and ignoring bad values happens in
    selectors.parse_filters; this form only draws the fields."""

    q = forms.CharField(label=_("名称或编号"), required=False)
    category = forms.ChoiceField(label=_("申报类别"), required=False)
    status = forms.ChoiceField(label=_("状态"), required=False)
    date_from = forms.DateField(label=_("提交日期自"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("至"), required=False, widget=DateInput())

    def __init__(self, *args, statuses: tuple[str, ...], with_unit: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("全部"))] + [
            (str(c.pk), c.name) for c in selectors.categories()
        ]
        self.fields["status"].choices = [("", _("全部"))] + [
            (value, label) for value, label in Status.choices if value in statuses
        ]
        if with_unit:
            self.fields["unit"] = forms.ChoiceField(
                label=_("推荐单位"),
                required=False,
                choices=[("", _("全部"))] + [(str(u.pk), u.name) for u in selectors.units()],
            )


class ChecklistForm(SingleLineFormMixin, forms.Form):
    completeness_ok = forms.BooleanField(
        label=_("完整性：申报表、自评报告、证实性材料齐全"), required=False
    )
    completeness_note = _note(_("完整性核查说明"))
    authenticity_ok = forms.BooleanField(
        label=_("真实性：材料内容真实，经核实无虚假"), required=False
    )
    authenticity_note = _note(_("真实性核查说明"))
    accuracy_ok = forms.BooleanField(label=_("准确性：数据、证照信息准确一致"), required=False)
    accuracy_note = _note(_("准确性核查说明"))
    legality_ok = forms.BooleanField(
        label=_("合法性：近3年无违法违规、无重大事故和投诉"), required=False
    )
    legality_note = _note(_("合法性核查说明"))


class ConsultationForm(SingleLineFormMixin, forms.Form):
    department = forms.CharField(label=_("征求意见部门"), max_length=100)
    consulted_on = forms.DateField(
        label=_("征求意见日期"), widget=DateInput(), initial=timezone.localdate
    )
    answer = forms.CharField(
        label=_("部门意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    has_objection = forms.BooleanField(label=_("该部门提出异议"), required=False)


class ResolutionForm(SingleLineFormMixin, forms.Form):
    """The office's record of how a city department's objection was settled."""

    consultation = forms.ModelChoiceField(
        label=_("异议"),
        queryset=Consultation.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("请选择要登记处理情况的异议。"),
            "invalid_choice": _("该异议不存在或已登记处理情况，请刷新页面。"),
        },
    )
    resolution = forms.CharField(
        label=_("异议处理情况"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("写明如何核实、与该部门沟通的结果，登记后该异议不再阻止受理。"),
    )

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultation"].queryset = application.consultations.filter(
            phase=Consultation.Phase.ACCEPTANCE, has_objection=True, resolved_at__isnull=True
        )


class PaperCopyForm(SingleLineFormMixin, forms.Form):
    received_on = forms.DateField(
        label=_("纸质材料接收日期"), widget=DateInput(), initial=timezone.localdate
    )
    copies = forms.IntegerField(label=_("份数"), min_value=1, max_value=20, initial=1)
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class RecommendForm(SingleLineFormMixin, forms.Form):
    opinion = forms.CharField(
        label=_("初核和推荐意见"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("将写入推荐意见函，并随申报报送市质量强市办。"),
    )


class ReasonForm(SingleLineFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("理由"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NoteForm(SingleLineFormMixin, forms.Form):
    note = _note(_("说明（选填）"))


class ReturnForm(SingleLineFormMixin, forms.Form):
    """Return for correction: a general reason and notes per form field or per material."""

    reason = _note(_("退回理由"), rows=3)

    def __init__(self, *args, field_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("——选择需修改的项目——"))]
        if field_choices:
            choices.append((_("申报表填报项"), field_choices))
        choices.append(
            (
                _("申报材料"),
                [(f"{MATERIAL_PREFIX}{value}", label) for value, label in MaterialKind.choices],
            )
        )
        for i in range(1, RETURN_ROWS + 1):
            self.fields[f"item_{i}"] = forms.ChoiceField(
                label=_("修改项目%(n)d") % {"n": i}, required=False, choices=choices
            )
            self.fields[f"note_{i}"] = forms.CharField(
                label=_("修改意见%(n)d") % {"n": i}, required=False, max_length=1000
            )

    def clean(self):
        data = super().clean()
        notes: dict[str, str] = {}
        for i in range(1, RETURN_ROWS + 1):
            item, note = data.get(f"item_{i}"), (data.get(f"note_{i}") or "").strip()
            if item and not note:
                self.add_error(f"note_{i}", _("请填写对该项目的修改意见。"))
            elif note and not item:
                self.add_error(f"item_{i}", _("请选择该意见针对的项目。"))
            elif item:
                notes[item] = note
        if not notes and not (data.get("reason") or "").strip():
            raise forms.ValidationError(_("请填写退回理由或至少一项修改意见。"))
        data["notes"] = notes
        return data


class BulkRecommendForm(SingleLineFormMixin, forms.Form):
    ids = forms.TypedMultipleChoiceField(label=_("申报"), coerce=int, choices=())
    opinion = RecommendForm.base_fields["opinion"]

    def __init__(self, *args, ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ids"].choices = [(pk, pk) for pk in ids]
        self.fields["ids"].error_messages["required"] = _("请至少勾选一份申报。")
        self.fields["ids"].error_messages["invalid_choice"] = _(
            "所选申报不在本单位的列表中，请刷新页面后重试。"
        )


class ExtensionForm(SingleLineFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("推荐单位"), queryset=RecommendingUnit.objects.filter(is_active=True)
    )
    until = forms.DateField(label=_("延长至"), widget=DateInput())
    reason = forms.CharField(
        label=_("延期理由"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class AcceptanceCheckForm(SingleLineFormMixin, forms.Form):
    qualification_ok = forms.BooleanField(label=_("申报主体资格符合申报条件"), required=False)
    qualification_note = _note(_("资格复核说明"))
    materials_ok = forms.BooleanField(label=_("申报资料齐全、符合要求"), required=False)
    materials_note = _note(_("资料复核说明"))


class AcceptanceListForm(SingleLineFormMixin, forms.Form):
    start_date = forms.DateField(
        label=_("公示开始日期"), widget=DateInput(), initial=timezone.localdate
    )
    workdays = forms.IntegerField(label=_("公示工作日数"), min_value=5, max_value=30)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workdays"].initial = settings.PUBLICITY_MIN_WORKDAYS
