"""Category 3: 教育机构."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as L

from applications.intake.forms.base import choice_field, long_text_field, text_field
from applications.intake.forms.choices import SCHOOL_TYPE_CHOICES
from applications.intake.forms.fields import UnitDecimalField, UnitIntegerField
from applications.intake.forms.organization import OrganizationForm, organization_sections


class EducationForm(OrganizationForm):
    category_code = "education"
    yearly = (
        ("funding", L("经费总收入"), L("万元"), False),
        ("enrolment", L("在校生人数"), L("人"), False),
    )
    school_type = choice_field(L("办学类型"), SCHOOL_TYPE_CHOICES)
    school_licence = text_field(L("办学许可证号"), max_length=50, required=False)
    teachers = UnitIntegerField(label=L("专任教师"), unit=L("人"))
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
    teaching_awards = long_text_field(L("教学成果奖及质量荣誉"), rows=3, required=False)

    sections = organization_sections(
        basic=("school_type", "school_licence"),
        quality=("teaching_awards",),
        indicators_title=L("办学质量指标"),
        indicators=(
            "teachers",
            "senior_teacher_ratio",
            "graduation_rate",
            "employment_rate",
            "satisfaction",
        ),
        yearly=yearly,
        profile=L("学校简介与质量管理特色"),
    )
