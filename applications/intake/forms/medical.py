"""Category 2: 医疗机构."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as L

from applications.intake.forms.base import choice_field, text_field
from applications.intake.forms.choices import HOSPITAL_LEVEL_CHOICES
from applications.intake.forms.fields import UnitDecimalField, UnitIntegerField
from applications.intake.forms.organization import OrganizationForm, organization_sections


class MedicalForm(OrganizationForm):
    category_code = "medical"
    yearly = (
        ("revenue", L("业务收入"), L("万元"), False),
        ("outpatients", L("门急诊人次"), L("万人次"), False),
        ("discharges", L("出院人次"), L("人次"), False),
    )
    hospital_level = choice_field(L("医院等级"), HOSPITAL_LEVEL_CHOICES)
    practice_licence = text_field(L("医疗机构执业许可证登记号"), max_length=50)
    beds = UnitIntegerField(label=L("编制床位"), unit=L("张"))
    bed_occupancy = UnitDecimalField(label=L("病床使用率"), unit="%", maximum=200)
    average_stay = UnitDecimalField(label=L("平均住院日"), unit=L("天"), maximum=365)
    patient_satisfaction = UnitDecimalField(label=L("患者满意度"), unit="%", maximum=100)
    medical_disputes = UnitIntegerField(
        label=L("上年度医疗纠纷"), unit=L("起"), help_text=L("无则填0。")
    )
    key_specialties = text_field(L("省、市级重点专科"), max_length=500, required=False)

    sections = organization_sections(
        basic=("hospital_level", "practice_licence"),
        quality=("key_specialties",),
        indicators_title=L("医疗服务与质量指标"),
        indicators=(
            "beds",
            "bed_occupancy",
            "average_stay",
            "patient_satisfaction",
            "medical_disputes",
        ),
        yearly=yearly,
        profile=L("机构简介与质量管理特色"),
    )
