"""Category 4: 一线班组 (front-line teams; QC groups too unless the edition leaves them out)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as L

from applications.intake.forms.base import Section, choice_field, long_text_field, text_field
from applications.intake.forms.choices import TEAM_TYPE_CHOICES
from applications.intake.forms.fields import ChineseDateField, UnitDecimalField, UnitIntegerField
from applications.intake.forms.organization import OrganizationForm


class TeamForm(OrganizationForm):
    """一线班组 (incl. QC groups): the team, its parent organization and its members."""

    category_code = "team"
    name_field = "team_name"
    identifier_field = "credit_code"

    team_name = text_field(L("班组名称"), help_text=L("如：××公司××车间××班组。"))
    team_type = choice_field(L("班组类型"), TEAM_TYPE_CHOICES, radio=True)
    team_established = ChineseDateField(label=L("班组成立日期"))
    team_leader = text_field(L("班组长"), max_length=50)
    member_count = UnitIntegerField(label=L("成员人数"), unit=L("人"))
    members = long_text_field(
        L("成员名单"),
        max_length=3000,
        rows=6,
        help_text=L("每行一人：姓名、岗位、职称或技能等级，用顿号或逗号分隔。"),
    )
    team_projects = UnitIntegerField(label=L("近三年完成的质量改进课题"), unit=L("项"))
    economic_benefit = UnitDecimalField(label=L("近三年创造的经济效益"), unit=L("万元"))
    team_achievements = long_text_field(
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
