"""Category 5: 个人; criterion 5 asks about the organization of a top manager."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.intake.forms import validators
from applications.intake.forms.base import (
    ApplicationForm,
    Section,
    choice_field,
    email_field,
    long_text_field,
    text_field,
)
from applications.intake.forms.choices import (
    AFFIRM_CHOICES,
    DISTRICT_CHOICES,
    EDUCATION_CHOICES,
    GENDER_CHOICES,
    INDIVIDUAL_CRITERIA,
    NOT_APPLICABLE,
    POLITICAL_STATUS_CHOICES,
    RECORD_CHOICES,
    YES,
    YES_NO_CHOICES,
)
from applications.intake.forms.fields import CodeField, PhoneField, UnitIntegerField


class IndividualForm(ApplicationForm):
    category_code = "individual"
    name_field = "name"
    identifier_field = "id_number"
    criteria = INDIVIDUAL_CRITERIA
    record_details = {"org_has_accidents": "org_record_details"}

    name = text_field(L("姓名"), max_length=50)
    id_number = CodeField(
        label=L("身份证号"),
        validator=validators.validate_id_number,
        help_text=L("18位居民身份证号码。"),
    )
    gender = choice_field(L("性别"), GENDER_CHOICES, radio=True)
    # The printed 申报表 asks these beside the photo; 出生年月 is read off the ID number.
    ethnicity = text_field(L("民族"), max_length=10, required=False, help_text=L("如：汉族。"))
    political_status = choice_field(L("政治面貌"), POLITICAL_STATUS_CHOICES, required=False)
    education = choice_field(L("学历"), EDUCATION_CHOICES)
    employer = text_field(L("工作单位"))
    employer_credit_code = CodeField(
        label=L("工作单位统一社会信用代码"), validator=validators.validate_credit_code
    )
    district = choice_field(L("工作单位所在县(区)"), DISTRICT_CHOICES)
    post = text_field(L("职务"), max_length=100)
    title = text_field(L("职称或技能等级"), max_length=100, required=False)
    quality_years = UnitIntegerField(label=L("从事质量工作年限"), unit=L("年"), maximum=60)
    mobile = PhoneField(label=L("手机号码"), validator=validators.validate_mobile)
    phone = PhoneField(label=L("办公电话"), validator=validators.validate_landline, required=False)
    email = email_field(L("电子邮箱"))
    address = text_field(L("通讯地址"))
    postal_code = forms.CharField(
        label=L("邮政编码"), max_length=6, validators=[validators.validate_postal_code]
    )
    achievements = long_text_field(
        L("主要事迹"),
        max_length=5000,
        help_text=L("质量创新和改进的工作方法、经验或成果，及其对行业和全市质量发展的贡献。"),
        rows=8,
    )
    honours = long_text_field(L("近三年获得的主要荣誉"), rows=3, required=False)
    is_top_manager = choice_field(
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
    org_record_details = long_text_field(L("所在组织情况说明"), rows=2, required=False)

    sections = (
        Section(
            "basic",
            L("基本信息"),
            (
                "name",
                "id_number",
                "gender",
                "ethnicity",
                "political_status",
                "education",
                "quality_years",
            ),
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
