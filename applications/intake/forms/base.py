"""What the five application forms (DESIGN §2) share: the channel, the internal publicity, the
eligibility criteria, the layout, the checks and the reading back of the answers.

A form is filled over days. Its answers are kept raw in `Application.data` as they were typed,
so a draft can be saved with mistakes in it. The same form class then checks the draft in two
ways: leniently (only what is typed wrongly, shown while editing) and strictly (everything the
submission needs, including the eligibility criteria of notice §二).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout
from django import forms
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.intake.forms.choices import (
    AFFIRM_CHOICES,
    NO,
    ORGANIZATION_CRITERIA,
    RECORD_CHOICES,
    YES,
)
from applications.intake.forms.fields import ChineseDateField, UnitDecimalField
from applications.models import Edition
from award_portal.crispy_fields import AppendedText, Field, InlineRadios
from award_portal.single_line import SingleLineFormMixin


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    fields: tuple[str, ...]


def text_field(label, *, required=True, max_length=200, help_text="", **kwargs):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text, **kwargs
    )


def long_text_field(label, *, required=True, max_length=5000, help_text="", rows=5):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def choice_field(label, choices, *, required=True, radio=False, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices if radio else [("", L("——请选择——")), *choices],
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect if radio else forms.Select,
    )


def record_field(label):
    return forms.ChoiceField(
        label=label, choices=RECORD_CHOICES, widget=forms.RadioSelect, required=True
    )


def email_field(label, *, required=True):
    return forms.EmailField(
        label=label,
        required=required,
        error_messages={"invalid": L("请填写有效的电子邮箱，例如 name@example.cn。")},
    )


class ApplicationForm(SingleLineFormMixin, forms.Form):
    """What every category shares: channel, internal publicity and the eligibility criteria."""

    category_code = ""
    name_field = ""
    identifier_field = ""
    criteria: tuple = ORGANIZATION_CRITERIA
    # (prefix, label, unit, may be negative) of the indicators asked for each of three years
    yearly: tuple[tuple[str, str, str, bool], ...] = ()
    sections: tuple[Section, ...] = ()
    # Details that must be given when the record above them says "有"
    record_details: dict[str, str] = {}
    # The internal publicity and the channel, asked of every category
    channel_fields: tuple[str, ...] = ("publicity_start", "publicity_end", "unit")

    unit = forms.ChoiceField(
        label=L("推荐渠道"),
        help_text=L(
            "向所在县(区)质量强县(区)工作领导小组办公室，或市级行业主管部门（含钒钛高新区管委会）"
            "提出申请；由其进行初核并推荐。"
        ),
        error_messages={"invalid_choice": L("请选择列表中的推荐单位。")},
    )
    publicity_start = ChineseDateField(label=L("内部公示开始日期"))
    publicity_end = ChineseDateField(
        label=L("内部公示结束日期"),
        help_text=L("公示时间不少于5个工作日（含开始当日），且须在提交前结束。"),
    )

    def __init__(
        self,
        *args,
        edition: Edition,
        strict: bool = False,
        return_notes: dict | None = None,
        locked_fields: tuple[str, ...] = (),
        unit_choices: list | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.edition = edition
        self.strict = strict
        self.units: dict[str, str] = {}
        self.fields["unit"].choices = [
            ("", _("——请选择——")),
            *(unit_choices if unit_choices is not None else unit_choice_groups(edition)),
        ]
        self._add_criteria()
        self._add_yearly()
        # A category asks only what its sections show (the team form, for instance, does not
        # ask for the parent organization's founding date).
        shown = {name for section in self.all_sections() for name in section.fields}
        for name in [name for name in self.fields if name not in shown]:
            del self.fields[name]
        for name in self.record_details.values():
            self.fields[name].required = False  # required only when the record says "有"
        if not strict:
            for field in self.fields.values():
                field.required = False
        for name, field in self.fields.items():
            if isinstance(field, UnitDecimalField):
                self.units[name] = field.unit
        for name in locked_fields:
            if name in self.fields:
                self.fields[name].disabled = True
        self.return_notes = {k: v for k, v in (return_notes or {}).items() if k in self.fields}
        for name, note in self.return_notes.items():
            field = self.fields[name]
            field.help_text = format_html(
                '{}<span class="return-note d-block">{}{}</span>',
                field.help_text,
                _("退回意见："),
                note,
            )

    @functools.cached_property
    def helper(self) -> FormHelper:
        """The layout, built only for a form that is rendered (autosave and the checks only
        validate)."""
        return self._helper()

    # --- construction ---------------------------------------------------------------------

    @property
    def years(self) -> tuple[int, int, int]:
        last = self.edition.applications_open.year - 1
        return (last - 2, last - 1, last)

    def _add_criteria(self) -> None:
        for number, text in enumerate(self.criteria, start=1):
            self.fields[f"criterion_{number}"] = forms.ChoiceField(
                label=text,
                choices=self.criterion_choices(number),
                widget=forms.RadioSelect,
            )
            self.fields[f"criterion_{number}_note"] = forms.CharField(
                label=_("不能确认的原因说明"),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def criterion_choices(self, number: int):
        return AFFIRM_CHOICES

    def _add_yearly(self) -> None:
        for prefix, label, unit, negative in self.yearly:
            for index, year in enumerate(self.years, start=1):
                self.fields[f"{prefix}_{index}"] = UnitDecimalField(
                    label=_("%(label)s（%(year)d年）") % {"label": label, "year": year},
                    unit=unit,
                    allow_negative=negative,
                )

    def criteria_fields(self) -> tuple[str, ...]:
        names = []
        for number in range(1, len(self.criteria) + 1):
            names += [f"criterion_{number}", f"criterion_{number}_note"]
        return tuple(names)

    def all_sections(self) -> list[Section]:
        sections = []
        for section in self.sections:
            names = []
            for name in section.fields:
                if name.startswith("yearly:"):
                    prefix = name.split(":", 1)[1]
                    names += [f"{prefix}_{i}" for i in (1, 2, 3)]
                else:
                    names.append(name)
            sections.append(Section(section.anchor, section.title, tuple(names)))
        sections.append(Section("channel", _("内部公示与推荐渠道"), self.channel_fields))
        sections.append(Section("criteria", _("申报条件（通知第二条）"), self.criteria_fields()))
        return sections

    def section_of(self, name: str) -> Section | None:
        for section in self.all_sections():
            if name in section.fields:
                return section
        return None

    def _layout_field(self, name: str):
        field = self.fields[name]
        if isinstance(field, UnitDecimalField):
            return AppendedText(name, field.unit)
        if isinstance(field.widget, forms.RadioSelect):
            return InlineRadios(name)
        if name.endswith("_note") and name.startswith("criterion_"):
            return Field(name, wrapper_class="criterion-note")
        return Field(name)

    def _helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        parts = []
        for section in self.all_sections():
            items = []
            if section.anchor == "criteria":
                items.append(
                    HTML(
                        format_html(
                            '<p class="text-muted small">{}</p>',
                            _(
                                "请逐条确认。不能确认的，请说明原因；"
                                "有任何一条不能确认的，不能提交申报。"
                            ),
                        )
                    )
                )
            items += [self._layout_field(name) for name in section.fields if name in self.fields]
            parts.append(
                Div(
                    Fieldset(section.title, *items),
                    css_id=f"section-{section.anchor}",
                    css_class="form-section card card-body mb-4",
                )
            )
        helper.layout = Layout(*parts)
        return helper

    # --- checks -----------------------------------------------------------------------------

    def clean(self):
        data = super().clean()
        start, end = data.get("publicity_start"), data.get("publicity_end")
        if start and end and end < start:
            self.add_error("publicity_end", _("公示结束日期不能早于开始日期。"))
        period = {}
        if not (start and end and end < start):
            from applications.stage_dates import publicity_period_problems

            period = publicity_period_problems(edition=self.edition, start=start, end=end)
            for name, problem in period.items():
                self.add_error(name, problem)
        if self.strict:
            self._check_record_details(data)
            self._check_criteria(data)
            self._check_publicity_holder(data)
            if start and end and end >= start and not period:
                from applications.stage_dates import internal_publicity_problem

                problem = internal_publicity_problem(start=start, end=end)
                if problem:
                    self.add_error("publicity_end", problem)
        return data

    def _check_publicity_holder(self, data) -> None:
        """Notice §五(一): a branch, internal or dispatched body is publicized by the unit it
        belongs to, which then has to be named."""
        if "is_branch_body" not in self.fields:
            return
        if data.get("is_branch_body") == YES and not (data.get("publicity_held_by") or "").strip():
            self.add_error(
                "publicity_held_by",
                _("申报组织为分支、内设或派出机构的，由有关单位在单位内部公示，请填写该单位名称。"),
            )

    def _check_record_details(self, data) -> None:
        for record, detail in self.record_details.items():
            if data.get(record) == YES and not (data.get(detail) or "").strip():
                self.add_error(detail, _("请说明具体情况。"))

    def _check_criteria(self, data) -> None:
        for number in range(1, len(self.criteria) + 1):
            answer = data.get(f"criterion_{number}")
            if answer == NO:
                if not (data.get(f"criterion_{number}_note") or "").strip():
                    self.add_error(
                        f"criterion_{number}_note", _("请说明不能确认符合本条件的原因。")
                    )
                self.add_error(
                    f"criterion_{number}",
                    _("本条申报条件未能确认，不能提交申报。"),
                )
        for number, record, message in self.contradictions():
            if data.get(f"criterion_{number}") == YES and data.get(record) == YES:
                self.add_error(f"criterion_{number}", message)

    def contradictions(self) -> list[tuple[int, str, str]]:
        """(criterion, record field, message) pairs where a "有" contradicts "符合"."""
        return []

    # --- reading back -----------------------------------------------------------------------

    def display_sections(self) -> list[dict]:
        """The answers section by section, as people read them on paper."""
        return read_sections(_plan_of(self), self.data, notes=self.return_notes)


@dataclass(frozen=True)
class _ShownField:
    """What reading an answer back needs of a field: its label, its choices and its unit."""

    name: str
    label: str
    unit: str
    labels: dict[str, str]  # choice value -> label; empty for typed answers
    many: bool = False

    def read(self, data) -> str:
        if self.many:
            return "、".join(self.labels.get(v, v) for v in data.getlist(self.name))
        raw = data.get(self.name) or ""
        return self.labels.get(str(raw), raw) if self.labels else str(raw)


def _plan_of(form: ApplicationForm) -> list[tuple[str, str, list[_ShownField]]]:
    plan = []
    for section in form.all_sections():
        shown = []
        for name in section.fields:
            field = form.fields[name]
            labels = _flat_choices(field.choices) if isinstance(field, forms.ChoiceField) else {}
            many = isinstance(field, forms.MultipleChoiceField)
            unit = str(form.units.get(name, ""))
            shown.append(_ShownField(name, str(field.label), unit, labels, many))
        plan.append((section.anchor, str(section.title), shown))
    return plan


@functools.lru_cache(maxsize=64)
def reading_plan(form_class: type[ApplicationForm], year: int, language: str) -> list:
    # A form's fields depend only on its category, the edition's year (the three yearly
    # columns) and the language; the recommending units are read from the application itself.
    with translation.override(language):
        return _plan_of(form_class(edition=_EditionYear(date(year, 1, 1)), unit_choices=[]))


@dataclass(frozen=True)
class _EditionYear:
    applications_open: date


# Answers read back only when given (a note, or a detail asked only after a "是").
OPTIONAL_ROWS = frozenset({"publicity_held_by"})


def read_sections(plan, data, *, notes: dict, unit_name: str | None = None) -> list[dict]:
    sections = []
    for anchor, title, shown in plan:
        rows = []
        for field in shown:
            if field.name == "unit" and unit_name is not None:
                value = unit_name
            else:
                value = field.read(data)
            if (field.name.endswith("_note") or field.name in OPTIONAL_ROWS) and not value:
                continue
            rows.append(
                {
                    "name": field.name,
                    "label": field.label,
                    "value": value,
                    "unit": field.unit,
                    "note": notes.get(field.name, ""),
                }
            )
        sections.append({"anchor": anchor, "title": title, "rows": rows})
    return sections


def unit_choice_groups(edition: Edition | None = None) -> list:
    """The recommending units taking part in `edition` (all active units when it recorded
    none), grouped by kind as people look for them."""
    from applications.editions.selectors import offered_units

    groups: dict[str, list] = {}
    for unit in offered_units(edition):
        groups.setdefault(unit.get_kind_display(), []).append((str(unit.pk), unit.name))
    return list(groups.items())


def _flat_choices(choices) -> dict[str, str]:
    flat = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.update({str(v): str(lab) for v, lab in label})
        else:
            flat[str(value)] = str(label)
    return flat
