"""Forms of the on-site visit and defense pages. They parse input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin, DateInput, reference_field, text_field
from review.models import ChecklistResult, ExpertProfile


class DefenseSlotForm(CrispyMixin, forms.Form):
    submit_label = _("保存答辩安排")
    # A round may review thousands of applications: the office types the reference.
    application = reference_field()
    order = forms.IntegerField(label=_("答辩顺序"), min_value=1, max_value=999)
    starts_at = forms.DateTimeField(
        label=_("答辩时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("地点"), max_length=200)
    presenter = forms.CharField(label=_("陈述人（最高管理者）"), max_length=50, required=False)

    def __init__(self, *args, applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.applications = applications

    def clean_application(self):
        """The application of the round with the reference typed (its number also accepted)."""
        text = self.cleaned_data["application"].strip()
        found = None
        if self.applications is not None:
            found = self.applications.filter(reference__iexact=text).first()
            if found is None and text.isdigit() and len(text) < 12:
                found = self.applications.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("未找到该申报编号的申报，请核对后重新输入。"))
        return found


class OnsiteVisitForm(CrispyMixin, forms.Form):
    submit_label = _("保存现场评审记录")
    visit_date = forms.DateField(label=_("现场评审日期"), widget=DateInput)
    place = forms.CharField(label=_("地点"), max_length=200)
    team = forms.ModelMultipleChoiceField(
        label=_("现场评审组"),
        queryset=ExpertProfile.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    findings = text_field(_("现场发现"), rows=4, required=False)

    def __init__(self, *args, team_queryset=None, checklist_items=(), **kwargs):
        super().__init__(*args, **kwargs)
        if team_queryset is not None:
            self.fields["team"].queryset = team_queryset
        self.checklist_items = list(checklist_items)
        for item in self.checklist_items:
            self.fields[f"check_{item.pk}"] = forms.ChoiceField(
                label=item.name, choices=ChecklistResult.Verdict.choices
            )
            self.fields[f"checknote_{item.pk}"] = forms.CharField(
                label=_("说明"), max_length=500, required=False
            )

    def checks(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (
                self.cleaned_data[f"check_{item.pk}"],
                self.cleaned_data.get(f"checknote_{item.pk}", ""),
            )
            for item in self.checklist_items
        }
