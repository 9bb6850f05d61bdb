"""What the four organization categories ask alike: the organization, its contacts, its
certifications and honours, and its three-year record that criteria 3, 6 and 7 of notice §二
rest on."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.intake.forms import validators
from applications.intake.forms.base import (
    ApplicationForm,
    Section,
    choice_field,
    email_field,
    long_text_field,
    record_field,
    text_field,
)
from applications.intake.forms.choices import (
    CERTIFICATION_CHOICES,
    DISTRICT_CHOICES,
    OWNERSHIP_CHOICES,
    YES_NO_CHOICES,
)
from applications.intake.forms.fields import (
    ChineseDateField,
    CodeField,
    PhoneField,
    UnitIntegerField,
)


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

    is_branch_body = choice_field(
        L("申报组织是否为有关单位的分支、内设或派出机构"),
        YES_NO_CHOICES,
        radio=True,
        help_text=L("是分支、内设或派出机构的，由有关单位在单位内部进行公示（通知第五条）。"),
    )
    publicity_held_by = text_field(
        L("组织内部公示的单位"),
        required=False,
        help_text=L("申报组织为分支、内设或派出机构的必填：填写进行内部公示的有关单位全称。"),
    )
    org_name = text_field(L("组织名称"), help_text=L("与营业执照或登记证书上的名称一致。"))
    credit_code = CodeField(
        label=L("统一社会信用代码"),
        validator=validators.validate_credit_code,
        help_text=L("18位，见营业执照或登记证书。"),
    )
    legal_representative = text_field(L("法定代表人"), max_length=50)
    top_manager = text_field(L("最高管理者"), max_length=50, help_text=L("如总经理、院长、校长。"))
    established = ChineseDateField(label=L("成立日期"))
    district = choice_field(L("所在县(区)"), DISTRICT_CHOICES)
    address = text_field(L("通讯地址"))
    postal_code = forms.CharField(
        label=L("邮政编码"), max_length=6, validators=[validators.validate_postal_code]
    )
    ownership = choice_field(L("单位性质"), OWNERSHIP_CHOICES)
    employees = UnitIntegerField(label=L("职工人数"), unit=L("人"))
    contact_name = text_field(L("联系人"), max_length=50)
    contact_title = text_field(L("联系人职务"), max_length=50, required=False)
    contact_mobile = PhoneField(label=L("联系人手机"), validator=validators.validate_mobile)
    contact_phone = PhoneField(
        label=L("办公电话"), validator=validators.validate_landline, required=False
    )
    contact_email = email_field(L("电子邮箱"))
    certifications = forms.MultipleChoiceField(
        label=L("已通过的管理体系认证"),
        choices=CERTIFICATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    certifications_note = text_field(L("其他认证及证书编号"), required=False, max_length=500)
    honours = long_text_field(
        L("近三年获得的主要荣誉"),
        help_text=L("每行一项：年份、荣誉名称、授予机关。"),
        rows=4,
        required=False,
    )
    profile = long_text_field(L("组织简介"), max_length=3000, help_text=L("不超过3000字。"))
    quality_practice = long_text_field(
        L("质量管理创新与特色做法"),
        max_length=3000,
        help_text=L("质量管理制度、模式、方法的创新，成熟度与推广价值。"),
    )
    has_accidents = record_field(L("近三年质量安全、生产安全、环境污染、公共卫生等事故"))
    accident_details = long_text_field(L("事故情况说明"), rows=2, required=False)
    has_major_complaints = record_field(L("近三年重大质量投诉"))
    complaint_details = long_text_field(L("重大质量投诉情况说明"), rows=2, required=False)
    has_violations = record_field(L("近三年违反法律法规规章的行为"))
    violation_details = long_text_field(L("违法违规情况说明"), rows=2, required=False)
    has_bad_credit = record_field(L("不良信用记录"))
    bad_credit_details = long_text_field(L("不良信用记录说明"), rows=2, required=False)

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


CERTIFICATIONS_AND_HONOURS = L("管理体系与荣誉")


def organization_sections(
    *,
    basic: tuple[str, ...],
    quality: tuple[str, ...],
    indicators_title,
    indicators: tuple[str, ...],
    yearly: tuple[tuple, ...],
    profile,
    quality_title=CERTIFICATIONS_AND_HONOURS,
) -> tuple[Section, ...]:
    """The sections of an organization's form, in their order: the category adds its own fields
    to the basic information and to the certifications and honours, and has its indicators:
    `indicators`, then the three years of each of its `yearly` figures."""
    return (
        Section("basic", L("基本信息"), (*OrganizationForm.basic_fields, *basic)),
        Section("contact", L("联系方式"), OrganizationForm.contact_fields),
        Section(
            "quality", quality_title, ("certifications", "certifications_note", *quality, "honours")
        ),
        Section(
            "indicators",
            indicators_title,
            (*indicators, *(f"yearly:{name}" for name, *_ in yearly)),
        ),
        Section("profile", profile, ("profile", "quality_practice")),
        Section("record", L("近三年守法诚信情况"), OrganizationForm.record_fields),
    )
