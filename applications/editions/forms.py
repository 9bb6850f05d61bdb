"""The form of a new edition (开启新一届). It parses and cross-checks what the office typed;
the service writes it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.editions.selectors import (
    DEFAULT_GROUPS,
    PLANNED_STAGES,
    date_warnings,
)
from applications.intake.forms.categories import FORMS
from applications.intake.forms.fields import ChineseDateField
from applications.models import Category, Edition, RecommendingUnit, Stage
from award_portal.accounts.models import ApplicantKind
from award_portal.single_line import SingleLineFormMixin

CONFIRM_LABEL = L("我已确认此项默认设置")

PERCENT = {"min_value": Decimal(0), "max_value": Decimal(100), "max_digits": 5, "decimal_places": 2}


def _percent(label) -> forms.DecimalField:
    return forms.DecimalField(label=label, **PERCENT)


def _confirm() -> forms.BooleanField:
    return forms.BooleanField(label=CONFIRM_LABEL, required=False)


# The cards of the edition form in order: legend, introduction, rows. A row is a tuple of
# (field name, column class) pairs side by side, or a lone field name across the full width.
FIELDSETS = (
    (
        L("届次与征集通知"),
        "",
        (
            (("number", "col-md-3"), ("name", "col-md-5"), ("period_label", "col-md-4")),
            (("notice_title", "col-md-9"), ("notice_date", "col-md-3")),
            "notice_text",
            "notice_upload",
        ),
    ),
    (
        L("申报与推荐"),
        "",
        ((("applications_open", "col-md-6"), ("recommendation_deadline", "col-md-6")),),
    ),
    (
        L("各阶段计划完成日期"),
        L(
            "八个环节依次开展，日期不得早于推荐截止日期，也不得早于前一环节。“自愿申报”的计划完成日期即申报截止日期，此后不再受理新的申报。"
        ),
        (tuple((f"plan_{stage}", "col-md-3") for stage in PLANNED_STAGES),),
    ),
    (
        L("奖励名额"),
        "",
        (
            (
                ("organization_quota", "col-md-3"),
                ("individual_quota", "col-md-3"),
                ("quota_may_stay_vacant", "col-md-6 pt-md-4"),
            ),
        ),
    ),
    (
        L("申报类别与推荐单位"),
        "",
        ((("categories", "col-md-6"), ("units", "col-md-6")),),
    ),
    (
        L("评分标准版本"),
        "",
        (
            (
                ("organization_rubric", "col-md-4"),
                ("team_rubric", "col-md-4"),
                ("individual_rubric", "col-md-4"),
            ),
        ),
    ),
)


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    """Each category with the kind of applicant and the form it is filled in."""

    def label_from_instance(self, obj: Category) -> str:
        form_class = FORMS.get(obj.code)
        kind = ApplicantKind(obj.kind).label if obj.kind in ApplicantKind.values else obj.kind
        if form_class is None:
            return format_html("{}（{}）", obj.name, kind)
        sections = "、".join(str(section.title) for section in form_class.sections)
        return format_html(
            '{}（{}）<span class="d-block small text-muted">{}{}</span>',
            obj.name,
            kind,
            _("申报表：%(name)s申报表，") % {"name": obj.name},
            _("含%(sections)s") % {"sections": sections},
        )


class RubricChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return _("%(name)s（第%(version)d版）") % {"name": obj.name, "version": obj.version}


class EditionForm(SingleLineFormMixin, forms.Form):
    """Everything a call for a new edition states, and the settings it leaves to the office.

    Settings the notice does not state are prefilled with the values in force; the form
    refuses to save until each is confirmed ("我已确认此项默认设置") or changed.
    """

    number = forms.IntegerField(label=L("届次（第几届）"), min_value=1, max_value=999)
    name = forms.CharField(label=L("名称"), max_length=100)
    period_label = forms.CharField(
        label=L("年度"), max_length=30, help_text=L("例如：2026—2027年度。")
    )
    notice_title = forms.CharField(label=L("征集通知标题"), max_length=200)
    notice_date = ChineseDateField(label=L("通知日期"))
    notice_text = forms.CharField(
        label=L("征集通知正文"),
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=L("首页公开显示的通知全文。请核对正文中的日期、名额与联系人。"),
    )
    notice_upload = forms.FileField(
        label=L("通知文件（Word 或 PDF，选填）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx"}),
        help_text=L("上传后公众可在首页下载；重新上传将替换原文件。"),
    )
    applications_open = ChineseDateField(label=L("开始受理申报日期"))
    recommendation_deadline = ChineseDateField(label=L("推荐截止日期"))
    organization_quota = forms.IntegerField(label=L("组织奖名额"), min_value=0, max_value=99)
    individual_quota = forms.IntegerField(label=L("个人奖名额"), min_value=0, max_value=99)
    quota_may_stay_vacant = forms.BooleanField(
        label=L("申报组织和个人达不到条件的，名额可以空缺（宁缺毋滥）"), required=False
    )
    categories = CategoryChoiceField(
        label=L("本届申报类别"),
        queryset=Category.objects.order_by("order", "id"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": L("请至少选择一个申报类别。")},
    )
    units = forms.ModelMultipleChoiceField(
        label=L("参加本届推荐的单位"),
        queryset=RecommendingUnit.objects.filter(is_active=True).order_by("order", "id"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": L("请至少选择一个推荐单位。")},
    )
    organization_rubric = RubricChoiceField(label=L("组织评分标准"), queryset=None, required=False)
    team_rubric = RubricChoiceField(label=L("一线班组评分标准"), queryset=None, required=False)
    individual_rubric = RubricChoiceField(label=L("个人评分标准"), queryset=None, required=False)
    material_weight_organization = _percent(L("组织：材料评审权重%"))
    onsite_weight_organization = _percent(L("组织：现场评审权重%"))
    defense_weight_organization = _percent(L("组织：陈述答辩权重%"))
    confirm_weights_organization = _confirm()
    material_weight_individual = _percent(L("个人：材料评审权重%"))
    onsite_weight_individual = _percent(L("个人：现场评审权重%"))
    confirm_weights_individual = _confirm()
    minimum_composite = forms.DecimalField(
        label=L("获奖最低综合得分"),
        required=False,
        help_text=L("综合得分低于此分数的不列入拟获奖名单；留空表示不设最低分。"),
        **PERCENT,
    )
    confirm_minimum_composite = _confirm()
    self_assessment_limit = forms.IntegerField(
        label=L("自我评价报告字数上限"), min_value=1000, max_value=1_000_000
    )
    confirm_self_assessment_limit = _confirm()
    team_includes_qc = forms.BooleanField(label=L("一线班组类别含QC小组"), required=False)
    confirm_team_includes_qc = _confirm()

    def __init__(self, *args, edition: Edition | None = None, **kwargs):
        from review.models import Rubric

        super().__init__(*args, **kwargs)
        self.edition = edition  # the draft being changed, or None for a new edition
        self.warnings: list[str] = []
        for stage in PLANNED_STAGES:
            self.fields[f"plan_{stage}"] = ChineseDateField(
                label=_("“%(stage)s”计划完成日期") % {"stage": Stage(stage).label}
            )
        published = Rubric.objects.filter(status=Rubric.Status.PUBLISHED).order_by(
            "code", "-version"
        )
        empty = _("创建评审轮次时使用最新发布的版本")
        for name, applies_to in (
            ("organization_rubric", Rubric.AppliesTo.ORGANIZATION),
            ("team_rubric", Rubric.AppliesTo.TEAM),
            ("individual_rubric", Rubric.AppliesTo.INDIVIDUAL),
        ):
            self.fields[name].queryset = published.filter(applies_to=applies_to)
            self.fields[name].empty_label = empty

    # --- layout (read by the template) -----------------------------------------------------

    def fieldsets(self) -> list[dict]:
        """The cards of FIELDSETS with their bound fields; default_groups fills the last card."""
        return [
            {"legend": legend, "intro": intro, "rows": [self._layout_row(row) for row in rows]}
            for legend, intro, rows in FIELDSETS
        ]

    def _layout_row(self, row) -> dict:
        if isinstance(row, str):
            return {"field": self[row], "note": self._notes().get(row, "")}
        return {"columns": [(self[name], column) for name, column in row]}

    def _notes(self) -> dict[str, str]:
        """Lines shown above a full-width field: the notice file already uploaded."""
        if self.edition is None or not self.edition.notice_file:
            return {}
        return {"notice_upload": _("已上传：") + self.edition.notice_file_name}

    def default_groups(self) -> list[dict]:
        """The settings the notice leaves open, each with its confirmation box."""
        titles = {
            "weights_organization": _("组织各阶段权重（默认 40/40/20）"),
            "weights_individual": _("个人各阶段权重（默认 50/50）"),
            "minimum_composite": _("获奖最低综合得分（默认 60 分）"),
            "self_assessment_limit": _("自我评价报告字数上限（默认 50000 字）"),
            "team_includes_qc": _("一线班组是否含QC小组（默认含）"),
        }
        return [
            {
                "title": titles[group],
                "fields": [self[name] for name in names],
                "confirm": self[f"confirm_{group}"],
            }
            for group, names in DEFAULT_GROUPS.items()
        ]

    # --- checks ------------------------------------------------------------------------------

    def clean_number(self):
        number = self.cleaned_data["number"]
        others = Edition.objects.filter(number=number)
        if self.edition is not None:
            others = others.exclude(pk=self.edition.pk)
        if others.exists():
            raise forms.ValidationError(_("第%(n)d届已经存在，请核对届次。") % {"n": number})
        return number

    def clean(self):
        data = super().clean()
        self._check_defaults(data)
        self._check_weights(data)
        self._check_dates(data)
        if not self.errors:
            self.warnings = date_warnings(self.checked_dates(data))
        return data

    def _check_defaults(self, data: dict) -> None:
        for group, names in DEFAULT_GROUPS.items():
            if data.get(f"confirm_{group}"):
                continue
            if any(name not in data for name in names):
                continue  # the value itself is wrong: that error is enough
            unchanged = all(
                _same(data.get(name), self.get_initial_for_field(self.fields[name], name))
                for name in names
            )
            if unchanged:
                self.add_error(
                    f"confirm_{group}",
                    _(
                        "此项为征集通知未规定的默认设置，请勾选“我已确认此项默认设置”，或修改为本届的设置。"
                    ),
                )

    def _check_weights(self, data: dict) -> None:
        org = [data.get(n) for n in DEFAULT_GROUPS["weights_organization"]]
        if None not in org and sum(org) != 100:
            self.add_error("defense_weight_organization", _("组织各阶段权重之和必须为 100%。"))
        ind = [data.get(n) for n in DEFAULT_GROUPS["weights_individual"]]
        if None not in ind and sum(ind) != 100:
            self.add_error("onsite_weight_individual", _("个人各阶段权重之和必须为 100%。"))

    def _check_dates(self, data: dict) -> None:
        notice, opens, deadline = (
            data.get("notice_date"),
            data.get("applications_open"),
            data.get("recommendation_deadline"),
        )
        if notice and opens and notice > opens:
            self.add_error("notice_date", _("通知日期不能晚于开始受理申报日期。"))
        if opens and deadline and deadline < opens:
            self.add_error("recommendation_deadline", _("推荐截止日期不能早于开始受理申报日期。"))
        previous = None
        for stage in PLANNED_STAGES:
            name = f"plan_{stage}"
            day = data.get(name)
            if day is None:
                continue
            label = Stage(stage).label
            if stage == Stage.APPLICATION:
                # Applicants submit to their unit, which pre-checks and recommends by the
                # deadline: submission closes on or before it.
                if opens and day < opens:
                    self.add_error(name, _("“自愿申报”计划完成日期不能早于开始受理申报日期。"))
                elif deadline and day > deadline:
                    self.add_error(
                        name,
                        _("“自愿申报”（申报截止）不能晚于推荐截止日期（%(date)s）。")
                        % {"date": deadline.strftime("%Y-%m-%d")},
                    )
            elif deadline and day < deadline:
                self.add_error(
                    name,
                    _("“%(stage)s”计划完成日期不能早于推荐截止日期（%(date)s）。")
                    % {"stage": label, "date": deadline.strftime("%Y-%m-%d")},
                )
            elif opens and day < opens:
                self.add_error(
                    name,
                    _("“%(stage)s”计划完成日期不能早于开始受理申报日期。") % {"stage": label},
                )
            if previous is not None and day < previous[1]:
                self.add_error(
                    name,
                    _(
                        "“%(stage)s”计划完成日期不能早于前一阶段“%(previous)s”（%(date)s），各阶段须依次开展。"
                    )
                    % {
                        "stage": label,
                        "previous": Stage(previous[0]).label,
                        "date": previous[1].strftime("%Y-%m-%d"),
                    },
                )
            previous = (stage, day)

    def checked_dates(self, data: dict) -> list:
        deadline = self.fields["recommendation_deadline"]
        rows = [(str(deadline.label), data.get("recommendation_deadline"))]
        for stage in PLANNED_STAGES:
            rows.append((str(self.fields[f"plan_{stage}"].label), data.get(f"plan_{stage}")))
        return rows

    def initial_warnings(self) -> list[str]:
        """Warnings for the prefilled dates, shown before the office changes anything."""
        values = {
            name: self.get_initial_for_field(field, name) for name, field in self.fields.items()
        }
        return date_warnings(self.checked_dates(values))


def _same(value, initial) -> bool:
    if isinstance(value, Decimal) or isinstance(initial, Decimal):
        try:
            return value is not None and initial is not None and Decimal(value) == Decimal(initial)
        except (ArithmeticError, TypeError, ValueError):
            return False
    if isinstance(value, bool) or isinstance(initial, bool):
        return bool(value) == bool(initial)
    return value == initial
