"""Category 1: 制造业、工程建设业、农业、服务业."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as L

from applications.intake.forms.base import choice_field, text_field
from applications.intake.forms.choices import INDUSTRY_CHOICES, SECTOR_CHOICES
from applications.intake.forms.fields import UnitIntegerField
from applications.intake.forms.organization import OrganizationForm, organization_sections


class GeneralForm(OrganizationForm):
    """制造业、工程建设业、农业、服务业."""

    category_code = "general"
    yearly = (
        ("revenue", L("营业收入"), L("万元"), False),
        ("profit", L("利润总额"), L("万元"), True),
        ("tax", L("纳税总额"), L("万元"), False),
        ("rd_investment", L("研发投入"), L("万元"), False),
    )
    sector = choice_field(L("申报行业"), SECTOR_CHOICES, radio=True)
    industry = choice_field(L("所属行业门类（GB/T 4754）"), INDUSTRY_CHOICES)
    main_products = text_field(L("主要产品或服务"), max_length=500)
    patents = UnitIntegerField(label=L("有效发明专利"), unit=L("项"), required=False)
    standards = UnitIntegerField(label=L("主持或参与制定的标准"), unit=L("项"), required=False)

    sections = organization_sections(
        basic=("sector", "industry", "main_products"),
        quality_title=L("管理体系、荣誉与创新"),
        quality=("patents", "standards"),
        indicators_title=L("近三年主要经营指标"),
        indicators=(),
        yearly=yearly,
        profile=L("组织简介与质量管理特色"),
    )
