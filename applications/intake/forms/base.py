"""The five application forms (DESIGN §2), one per category.

A form is filled over days. Its answers are kept raw in `Application.data` as they were typed,
so a draft can be saved with mistakes in it. The same form class then checks the draft in two
ways: leniently (only what is typed wrongly, shown while editing) and strictly (everything the
submission needs, including the eligibility criteria of notice §二).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from crispy_forms.bootstrap import AppendedText, InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.intake.forms import validators
from applications.intake.forms.fields import (
    ChineseDateField,
    CodeField,
    PhoneField,
    UnitDecimalField,
    UnitIntegerField,
)
from applications.models import Edition, RecommendingUnit
from award_portal.single_line import SingleLineFormMixin

L = gettext_lazy

YES = "yes"
NO = "no"
NOT_APPLICABLE = "na"

AFFIRM_CHOICES = [(YES, L("符合")), (NO, L("不能确认"))]
RECORD_CHOICES = [(NO, L("无")), (YES, L("有"))]
YES_NO_CHOICES = [(YES, L("是")), (NO, L("否"))]

DISTRICT_CHOICES = [
    (name, name) for name in ("东区", "西区", "仁和区", "米易县", "盐边县", "钒钛高新区")
]
SECTOR_CHOICES = [
    ("manufacturing", L("制造业")),
    ("construction", L("工程建设业")),
    ("agriculture", L("农业")),
    ("services", L("服务业")),
]
# GB/T 4754-2017 门类
INDUSTRY_CHOICES = [
    ("A", L("A 农、林、牧、渔业")),
    ("B", L("B 采矿业")),
    ("C", L("C 制造业")),
    ("D", L("D 电力、热力、燃气及水生产和供应业")),
    ("E", L("E 建筑业")),
    ("F", L("F 批发和零售业")),
    ("G", L("G 交通运输、仓储和邮政业")),
    ("H", L("H 住宿和餐饮业")),
    ("I", L("I 信息传输、软件和信息技术服务业")),
    ("J", L("J 金融业")),
    ("K", L("K 房地产业")),
    ("L", L("L 租赁和商务服务业")),
    ("M", L("M 科学研究和技术服务业")),
    ("N", L("N 水利、环境和公共设施管理业")),
    ("O", L("O 居民服务、修理和其他服务业")),
    ("P", L("P 教育")),
    ("Q", L("Q 卫生和社会工作")),
    ("R", L("R 文化、体育和娱乐业")),
    ("S", L("S 公共管理、社会保障和社会组织")),
]
OWNERSHIP_CHOICES = [
    ("state", L("国有及国有控股")),
    ("collective", L("集体")),
    ("private", L("民营")),
    ("foreign", L("外商及港澳台投资")),
    ("mixed", L("混合所有制")),
    ("public_institution", L("事业单位")),
    ("other", L("其他")),
]
CERTIFICATION_CHOICES = [
    ("qms", L("质量管理体系（GB/T 19001 / ISO 9001）")),
    ("ems", L("环境管理体系（GB/T 24001 / ISO 14001）")),
    ("ohsms", L("职业健康安全管理体系（GB/T 45001 / ISO 45001）")),
    ("enms", L("能源管理体系（GB/T 23331 / ISO 50001）")),
    ("lab", L("实验室认可（CNAS）")),
]
HOSPITAL_LEVEL_CHOICES = [
    ("3a", L("三级甲等")),
    ("3b", L("三级乙等")),
    ("2a", L("二级甲等")),
    ("2b", L("二级乙等")),
    ("1", L("一级")),
    ("none", L("未定级")),
]
SCHOOL_TYPE_CHOICES = [
    ("higher", L("高等院校")),
    ("vocational", L("职业院校")),
    ("secondary", L("普通中学")),
    ("primary", L("小学")),
    ("preschool", L("幼儿园")),
    ("training", L("培训机构")),
]
TEAM_TYPE_CHOICES = [("team", L("一线班组")), ("qc", L("QC小组"))]
GENDER_CHOICES = [("male", L("男")), ("female", L("女"))]
EDUCATION_CHOICES = [
    ("doctor", L("博士研究生")),
    ("master", L("硕士研究生")),
    ("bachelor", L("大学本科")),
    ("college", L("大学专科")),
    ("secondary", L("中专及以下")),
]

ORGANIZATION_CRITERIA = (
    L("一是拥护党的路线、方针、政策。"),
    L("二是在攀枝花市行政区域内依法设立且符合国家、省、市有关产业导向的法人或者其他组织。"),
    L("三是3年内未发生质量安全、生产安全、环境污染、公共卫生等事故且无重大质量投诉。"),
    L(
        "四是在质量管理、质量发展、知识产权创新、品牌建设等方面成绩突出，取得较好经济或社会效益，"
        "在全市同行业中处于领先水平。"
    ),
    L("五是质量管理制度、模式、方法有所创新，且成熟度高，具有推广价值。"),
    L("六是积极履行社会责任，无不良信用记录。"),
    L("七是3年内无其他违反法律法规规章的行为。"),
)
INDIVIDUAL_CRITERIA = (
    L("一是拥护党的路线、方针、政策。"),
    L("二是在我市从事质量有关的理论研究或实践工作，积极推广应用先进质量管理理念或方法。"),
    L("三是恪守职业道德和社会规范，近3年内无违法、违规、违纪行为。"),
    L(
        "四是有较强的质量创新和改进意识，在质量管理或者实践中形成独特的工作方法、经验或成果，"
        "在提高行业质量水平和绩效、推动全市产业工艺和技能改进等方面作出重要贡献。"
    ),
    L(
        "五是申报个人为组织最高管理者的，其所在组织近3年无质量安全、生产安全、环境污染、"
        "公共卫生等事故且无重大质量投诉。"
    ),
)

# Fields that hold a channel or dates also kept in their own columns (see services.save_draft).
CHANNEL_FIELDS = ("unit", "publicity_start", "publicity_end")


@dataclass(frozen=True)
class Section:
    anchor: str
    title: str
    fields: tuple[str, ...]


def _text(label, *, required=True, max_length=200, help_text="", **kwargs):
    return forms.CharField(
        label=label, required=required, max_length=max_length, help_text=help_text, **kwargs
    )


def _long(label, *, required=True, max_length=5000, help_text="", rows=5):
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def _choice(label, choices, *, required=True, radio=False, help_text=""):
    return forms.ChoiceField(
        label=label,
        choices=choices if radio else [("", L("——请选择——")), *choices],
        required=required,
        help_text=help_text,
        widget=forms.RadioSelect if radio else forms.Select,
    )


def _record(label):
    return forms.ChoiceField(
        label=label, choices=RECORD_CHOICES, widget=forms.RadioSelect, required=True
    )


def _email(label, *, required=True):
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
        self.helper = self._helper()

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
            unit = form.units.get(name, "")
            shown.append(_ShownField(name, str(field.label), unit, labels, many))
        plan.append((section.anchor, str(section.title), shown))
    return plan


@functools.lru_cache(maxsize=64)
def _reading_plan(form_class: type[ApplicationForm], year: int, language: str) -> list:
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


# --- organizations --------------------------------------------------------------------------


class OrganizationForm(ApplicationForm):
    name_field = "org_name"
    identifier_field = "credit_code"
    record_details = {
        "has_accidents": "accident_details",
        "has_major_complaints": "complaint_details",
        "has_violations": "violation_details",
        "has_bad_credit": "bad_credit_details",
    }

    channel_fields = (
        "is_branch_body",
        "publicity_held_by",
        "publicity_start",
        "publicity_end",
        "unit",
    )

    is_branch_body = _choice(
        L("申报组织是否为有关单位的分支、内设或派出机构"),
        YES_NO_CHOICES,
        radio=True,
        help_text=L("是分支、内设或派出机构的，由有关单位在单位内部进行公示（通知第五条）。"),
    )
    publicity_held_by = _text(
        L("组织内部公示的单位"),
        required=False,
        help_text=L("申报组织为分支、内设或派出机构的必填：填写进行内部公示的有关单位全称。"),
    )
    org_name = _text(L("组织名称"), help_text=L("与营业执照或登记证书上的名称一致。"))
    credit_code = CodeField(
        label=L("统一社会信用代码"),
        validator=validators.validate_credit_code,
        help_text=L("18位，见营业执照或登记证书。"),
    )
    legal_representative = _text(L("法定代表人"), max_length=50)
    top_manager = _text(L("最高管理者"), max_length=50, help_text=L("如总经理、院长、校长。"))
    established = ChineseDateField(label=L("成立日期"))
    district = _choice(L("所在县(区)"), DISTRICT_CHOICES)
    address = _text(L("通讯地址"))
    postal_code = forms.CharField(
        label=L("邮政编码"), max_length=6, validators=[validators.validate_postal_code]
    )
    ownership = _choice(L("单位性质"), OWNERSHIP_CHOICES)
    employees = UnitIntegerField(label=L("职工人数"), unit="人")
    contact_name = _text(L("联系人"), max_length=50)
    contact_title = _text(L("联系人职务"), max_length=50, required=False)
    contact_mobile = PhoneField(label=L("联系人手机"), validator=validators.validate_mobile)
    contact_phone = PhoneField(
        label=L("办公电话"), validator=validators.validate_landline, required=False
    )
    contact_email = _email(L("电子邮箱"))
    certifications = forms.MultipleChoiceField(
        label=L("已通过的管理体系认证"),
        choices=CERTIFICATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    certifications_note = _text(L("其他认证及证书编号"), required=False, max_length=500)
    honours = _long(
        L("近三年获得的主要荣誉"),
        help_text=L("每行一项：年份、荣誉名称、授予机关。"),
        rows=4,
        required=False,
    )
    profile = _long(L("组织简介"), max_length=3000, help_text=L("不超过3000字。"))
    quality_practice = _long(
        L("质量管理创新与特色做法"),
        max_length=3000,
        help_text=L("质量管理制度、模式、方法的创新，成熟度与推广价值。"),
    )
    has_accidents = _record(L("近三年质量安全、生产安全、环境污染、公共卫生等事故"))
    accident_details = _long(L("事故情况说明"), rows=2, required=False)
    has_major_complaints = _record(L("近三年重大质量投诉"))
    complaint_details = _long(L("重大质量投诉情况说明"), rows=2, required=False)
    has_violations = _record(L("近三年违反法律法规规章的行为"))
    violation_details = _long(L("违法违规情况说明"), rows=2, required=False)
    has_bad_credit = _record(L("不良信用记录"))
    bad_credit_details = _long(L("不良信用记录说明"), rows=2, required=False)

    basic_fields = (
        "org_name",
        "credit_code",
        "legal_representative",
        "top_manager",
        "established",
        "district",
        "address",
        "postal_code",
        "ownership",
        "employees",
    )
    contact_fields = (
        "contact_name",
        "contact_title",
        "contact_mobile",
        "contact_phone",
        "contact_email",
    )
    record_fields = (
        "has_accidents",
        "accident_details",
        "has_major_complaints",
        "complaint_details",
        "has_violations",
        "violation_details",
        "has_bad_credit",
        "bad_credit_details",
    )

    def clean_established(self):
        value = self.cleaned_data.get("established")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("成立日期不能晚于今天。"))
        return value

    def contradictions(self):
        return [
            (3, "has_accidents", _("您填报了近三年发生事故，与本条件不符。")),
            (3, "has_major_complaints", _("您填报了近三年有重大质量投诉，与本条件不符。")),
            (6, "has_bad_credit", _("您填报了不良信用记录，与本条件不符。")),
            (7, "has_violations", _("您填报了近三年有违法违规行为，与本条件不符。")),
        ]


class GeneralForm(OrganizationForm):
    """制造业、工程建设业、农业、服务业."""

    category_code = "general"
    yearly = (
        ("revenue", L("营业收入"), "万元", False),
        ("profit", L("利润总额"), "万元", True),
        ("tax", L("纳税总额"), "万元", False),
        ("rd_investment", L("研发投入"), "万元", False),
    )
    sector = _choice(L("申报行业"), SECTOR_CHOICES, radio=True)
    industry = _choice(L("所属行业门类（GB/T 4754）"), INDUSTRY_CHOICES)
    main_products = _text(L("主要产品或服务"), max_length=500)
    patents = UnitIntegerField(label=L("有效发明专利"), unit="项", required=False)
    standards = UnitIntegerField(label=L("主持或参与制定的标准"), unit="项", required=False)

    sections = (
        Section(
            "basic",
            L("基本信息"),
            (*OrganizationForm.basic_fields, "sector", "industry", "main_products"),
        ),
        Section("contact", L("联系方式"), OrganizationForm.contact_fields),
        Section(
            "quality",
            L("管理体系、荣誉与创新"),
            ("certifications", "certifications_note", "patents", "standards", "honours"),
        ),
        Section(
            "indicators",
            L("近三年主要经营指标"),
            ("yearly:revenue", "yearly:profit", "yearly:tax", "yearly:rd_investment"),
        ),
        Section("profile", L("组织简介与质量管理特色"), ("profile", "quality_practice")),
        Section("record", L("近三年守法诚信情况"), OrganizationForm.record_fields),
    )


class MedicalForm(OrganizationForm):
    category_code = "medical"
    yearly = (
        ("revenue", L("业务收入"), "万元", False),
        ("outpatients", L("门急诊人次"), "万人次", False),
        ("discharges", L("出院人次"), "人次", False),
    )
    hospital_level = _choice(L("医院等级"), HOSPITAL_LEVEL_CHOICES)
    practice_licence = _text(L("医疗机构执业许可证登记号"), max_length=50)
    beds = UnitIntegerField(label=L("编制床位"), unit="张")
    bed_occupancy = UnitDecimalField(label=L("病床使用率"), unit="%", maximum=200)
    average_stay = UnitDecimalField(label=L("平均住院日"), unit="天", maximum=365)
    patient_satisfaction = UnitDecimalField(label=L("患者满意度"), unit="%", maximum=100)
    medical_disputes = UnitIntegerField(
        label=L("上年度医疗纠纷"), unit="起", help_text=L("无则填0。")
    )
    key_specialties = _text(L("省、市级重点专科"), max_length=500, required=False)

    sections = (
        Section(
            "basic",
            L("基本信息"),
            (*OrganizationForm.basic_fields, "hospital_level", "practice_licence"),
        ),
        Section("contact", L("联系方式"), OrganizationForm.contact_fields),
        Section(
            "quality",
            L("管理体系与荣誉"),
            ("certifications", "certifications_note", "key_specialties", "honours"),
        ),
        Section(
            "indicators",
            L("医疗服务与质量指标"),
            (
                "beds",
                "bed_occupancy",
                "average_stay",
                "patient_satisfaction",
                "medical_disputes",
                "yearly:revenue",
                "yearly:outpatients",
                "yearly:discharges",
            ),
        ),
        Section("profile", L("机构简介与质量管理特色"), ("profile", "quality_practice")),
        Section("record", L("近三年守法诚信情况"), OrganizationForm.record_fields),
    )


class EducationForm(OrganizationForm):
    category_code = "education"
    yearly = (
        ("funding", L("经费总收入"), "万元", False),
        ("enrolment", L("在校生人数"), "人", False),
    )
    school_type = _choice(L("办学类型"), SCHOOL_TYPE_CHOICES)
    school_licence = _text(L("办学许可证号"), max_length=50, required=False)
    teachers = UnitIntegerField(label=L("专任教师"), unit="人")
    senior_teacher_ratio = UnitDecimalField(label=L("高级职称教师占比"), unit="%", maximum=100)
    graduation_rate = UnitDecimalField(label=L("毕业率（升学率）"), unit="%", maximum=100)
    employment_rate = UnitDecimalField(
        label=L("毕业生就业率"),
        unit="%",
        maximum=100,
        required=False,
        help_text=L("职业院校、高等院校填写。"),
    )
    satisfaction = UnitDecimalField(label=L("学生及家长满意度"), unit="%", maximum=100)
    teaching_awards = _long(L("教学成果奖及质量荣誉"), rows=3, required=False)

    sections = (
        Section(
            "basic",
            L("基本信息"),
            (*OrganizationForm.basic_fields, "school_type", "school_licence"),
        ),
        Section("contact", L("联系方式"), OrganizationForm.contact_fields),
        Section(
            "quality",
            L("管理体系与荣誉"),
            ("certifications", "certifications_note", "teaching_awards", "honours"),
        ),
        Section(
            "indicators",
            L("办学质量指标"),
            (
                "teachers",
                "senior_teacher_ratio",
                "graduation_rate",
                "employment_rate",
                "satisfaction",
                "yearly:funding",
                "yearly:enrolment",
            ),
        ),
        Section("profile", L("学校简介与质量管理特色"), ("profile", "quality_practice")),
        Section("record", L("近三年守法诚信情况"), OrganizationForm.record_fields),
    )


class TeamForm(OrganizationForm):
    """一线班组 (incl. QC groups): the team, its parent organization and its members."""

    category_code = "team"
    name_field = "team_name"
    identifier_field = "credit_code"

    team_name = _text(L("班组名称"), help_text=L("如：××公司××车间××班组。"))
    team_type = _choice(L("班组类型"), TEAM_TYPE_CHOICES, radio=True)
    team_established = ChineseDateField(label=L("班组成立日期"))
    team_leader = _text(L("班组长"), max_length=50)
    member_count = UnitIntegerField(label=L("成员人数"), unit="人")
    members = _long(
        L("成员名单"),
        max_length=3000,
        rows=6,
        help_text=L("每行一人：姓名、岗位、职称或技能等级，用顿号或逗号分隔。"),
    )
    team_projects = UnitIntegerField(label=L("近三年完成的质量改进课题"), unit="项")
    economic_benefit = UnitDecimalField(label=L("近三年创造的经济效益"), unit="万元")
    team_achievements = _long(
        L("主要质量成果"),
        max_length=3000,
        help_text=L("质量改进、技术创新、QC成果及获奖情况。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not getattr(self.edition, "team_includes_qc", True) and "team_type" in self.fields:
            # The edition's call does not take QC groups under this category.
            self.fields["team_type"].choices = [
                (value, label) for value, label in TEAM_TYPE_CHOICES if value != "qc"
            ]
        self.fields["org_name"].label = _("所属组织名称")
        self.fields["credit_code"].label = _("所属组织统一社会信用代码")
        self.fields["profile"].label = _("班组简介")
        self.fields["quality_practice"].label = _("班组质量管理特色做法")

    sections = (
        Section(
            "team",
            L("班组基本情况"),
            (
                "team_name",
                "team_type",
                "team_established",
                "team_leader",
                "member_count",
                "members",
            ),
        ),
        Section(
            "basic",
            L("所属组织"),
            (
                "org_name",
                "credit_code",
                "legal_representative",
                "top_manager",
                "district",
                "address",
                "postal_code",
                "ownership",
            ),
        ),
        Section("contact", L("联系方式"), OrganizationForm.contact_fields),
        Section(
            "indicators",
            L("质量成果"),
            ("team_projects", "economic_benefit", "team_achievements", "honours"),
        ),
        Section("profile", L("班组简介与质量管理特色"), ("profile", "quality_practice")),
        Section("record", L("近三年守法诚信情况"), OrganizationForm.record_fields),
    )

    def clean_members(self):
        text = self.cleaned_data.get("members") or ""
        bad = [line for line in text.splitlines() if line.strip() and len(_split_member(line)) < 2]
        if bad:
            raise forms.ValidationError(
                _("每行请至少写明姓名和岗位，用顿号或逗号分隔：“%(line)s”") % {"line": bad[0]}
            )
        return text

    def clean(self):
        data = super().clean()
        members = [line for line in (data.get("members") or "").splitlines() if line.strip()]
        count = data.get("member_count")
        if members and count is not None and int(count) != len(members):
            self.add_error(
                "member_count",
                _("成员人数（%(count)d）与成员名单的行数（%(lines)d）不一致。")
                % {"count": int(count), "lines": len(members)},
            )
        return data

    def member_rows(self) -> list[list[str]]:
        return member_rows(self.data.get("members", "") if self.is_bound else "")


def member_rows(text: str) -> list[list[str]]:
    """A team's member list as typed, one person a line, split into its parts."""
    return [_split_member(line) for line in text.splitlines() if line.strip()]


def _split_member(line: str) -> list[str]:
    for sep in ("，", ",", "、", "\t", ";", "；"):
        line = line.replace(sep, "|")
    return [part.strip() for part in line.split("|") if part.strip()]


# --- individuals ------------------------------------------------------------------------------


class IndividualForm(ApplicationForm):
    category_code = "individual"
    name_field = "name"
    identifier_field = "id_number"
    criteria = INDIVIDUAL_CRITERIA
    record_details = {"org_has_accidents": "org_record_details"}

    name = _text(L("姓名"), max_length=50)
    id_number = CodeField(
        label=L("身份证号"),
        validator=validators.validate_id_number,
        help_text=L("18位居民身份证号码。"),
    )
    gender = _choice(L("性别"), GENDER_CHOICES, radio=True)
    education = _choice(L("学历"), EDUCATION_CHOICES)
    employer = _text(L("工作单位"))
    employer_credit_code = CodeField(
        label=L("工作单位统一社会信用代码"), validator=validators.validate_credit_code
    )
    district = _choice(L("工作单位所在县(区)"), DISTRICT_CHOICES)
    post = _text(L("职务"), max_length=100)
    title = _text(L("职称或技能等级"), max_length=100, required=False)
    quality_years = UnitIntegerField(label=L("从事质量工作年限"), unit="年", maximum=60)
    mobile = PhoneField(label=L("手机号码"), validator=validators.validate_mobile)
    phone = PhoneField(label=L("办公电话"), validator=validators.validate_landline, required=False)
    email = _email(L("电子邮箱"))
    address = _text(L("通讯地址"))
    postal_code = forms.CharField(
        label=L("邮政编码"), max_length=6, validators=[validators.validate_postal_code]
    )
    achievements = _long(
        L("主要事迹"),
        max_length=5000,
        help_text=L("质量创新和改进的工作方法、经验或成果，及其对行业和全市质量发展的贡献。"),
        rows=8,
    )
    honours = _long(L("近三年获得的主要荣誉"), rows=3, required=False)
    is_top_manager = _choice(
        L("是否为所在组织的最高管理者"),
        YES_NO_CHOICES,
        radio=True,
        help_text=L("是的，所在组织近3年的事故和投诉情况也须符合申报条件五。"),
    )
    org_has_accidents = forms.ChoiceField(
        label=L("所在组织近三年事故或重大质量投诉"),
        choices=RECORD_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=L("质量安全、生产安全、环境污染、公共卫生等事故或重大质量投诉。"),
    )
    org_record_details = _long(L("所在组织情况说明"), rows=2, required=False)

    sections = (
        Section(
            "basic",
            L("基本信息"),
            ("name", "id_number", "gender", "education", "quality_years"),
        ),
        Section(
            "employer",
            L("工作单位"),
            ("employer", "employer_credit_code", "district", "post", "title"),
        ),
        Section("contact", L("联系方式"), ("mobile", "phone", "email", "address", "postal_code")),
        Section("achievements", L("主要事迹与荣誉"), ("achievements", "honours")),
        Section(
            "top_manager",
            L("最高管理者情况"),
            ("is_top_manager", "org_has_accidents", "org_record_details"),
        ),
    )

    def criterion_choices(self, number: int):
        if number == 5:
            return [*AFFIRM_CHOICES, (NOT_APPLICABLE, _("不适用（非组织最高管理者）"))]
        return AFFIRM_CHOICES

    def clean(self):
        data = super().clean()
        number, gender = data.get("id_number"), data.get("gender")
        if number and gender and len(number) == 18:
            expected = "male" if int(number[16]) % 2 else "female"
            if gender != expected:
                self.add_error("gender", _("性别与身份证号不一致，请核对。"))
        if self.strict:
            self._check_top_manager(data)
        return data

    def _check_top_manager(self, data) -> None:
        top, answer = data.get("is_top_manager"), data.get("criterion_5")
        if top == YES:
            if not data.get("org_has_accidents"):
                self.add_error(
                    "org_has_accidents", _("您是所在组织的最高管理者，请填报所在组织近三年情况。")
                )
            elif data.get("org_has_accidents") == YES and answer == YES:
                self.add_error(
                    "criterion_5",
                    _(
                        "申报个人为组织最高管理者的，其所在组织近3年须无事故且无重大质量投诉"
                        "（申报条件五）。"
                    ),
                )
            if answer == NOT_APPLICABLE:
                self.add_error(
                    "criterion_5", _("您是所在组织的最高管理者，本条件适用，请逐项确认。")
                )


FORMS: dict[str, type[ApplicationForm]] = {
    form.category_code: form
    for form in (GeneralForm, MedicalForm, EducationForm, TeamForm, IndividualForm)
}


def form_class_for(category) -> type[ApplicationForm]:
    return FORMS[category.code]


def display_sections_for(application) -> list[dict]:
    """The filled form of an application, section by section, for reading (not editing).

    Building a category's form deep-copies its sixty-odd fields (about 7 ms); the labels and
    choices are the same for every application of a category and edition year, so they are
    worked out once per process and language, and only the answers are looked up here."""
    from applications.intake.forms.other import as_form_data

    plan = _reading_plan(
        form_class_for(application.category),
        application.edition.applications_open.year,
        translation.get_language(),
    )
    data = as_form_data(application.data)
    unit_name = _unit_name(application, data.get("unit") or "")
    return read_sections(plan, data, notes=application.return_notes or {}, unit_name=unit_name)


def team_members(application) -> list[list[str]]:
    """The members of a team's application; none for the other categories."""
    if form_class_for(application.category) is not TeamForm:
        return []
    return member_rows(str((application.data or {}).get("members") or ""))


def _unit_name(application, chosen: str) -> str:
    if application.unit_id is not None and str(application.unit_id) == chosen:
        return application.unit.name
    if chosen.isdigit():  # a draft's choice, not yet taken over by the application
        name = RecommendingUnit.objects.filter(pk=chosen).values_list("name", flat=True).first()
        if name:
            return name
    return chosen
