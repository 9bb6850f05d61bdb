"""Forms of the deliberation pages. They parse input; the services decide."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin, DateInput, radio_field, text_field


class DraftListForm(CrispyMixin, forms.Form):
    submit_label = _("拟定名单，提请领导小组审议")
    summary = text_field(_("综合评审意见"), rows=4)
    applications = forms.MultipleChoiceField(
        label=_("提名"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("默认按综合得分从高到低在名额内提名；不足最低综合得分的不提名，名额空缺。"),
    )
    more = forms.CharField(
        label=_("其他提名（申报编号）"),
        required=False,
        max_length=2000,
        help_text=_(
            "上面只列出排名靠前的候选申报；提名其他候选申报时填写其申报编号，多个用逗号或空格分隔。"
        ),
    )
    reason = text_field(
        _("未按排名顺序提名的理由"),
        rows=2,
        required=False,
        help_text=_("所选提名与综合得分排名不一致时必填。"),
    )

    def __init__(self, *args, choices=(), initial_ids=(), references=None, **kwargs):
        """`choices` are the checkboxes shown (the best candidates); `references` maps the
        reference of every candidate to its key, for the ones named in `more` (and checked
        ones beyond `choices` when posted)."""
        super().__init__(*args, **kwargs)
        self.references = references or {}
        shown = list(choices)
        keys = {key for key, _label in shown}
        self.fields["applications"].choices = shown + [
            (str(pk), reference) for reference, pk in self.references.items() if str(pk) not in keys
        ]
        if not self.is_bound:
            self.initial["applications"] = [str(pk) for pk in initial_ids]

    def clean_applications(self) -> list[int]:
        return [int(pk) for pk in self.cleaned_data["applications"]]

    def clean_more(self) -> list[int]:
        named = [part for part in re.split(r"[\s,，、;；]+", self.cleaned_data["more"]) if part]
        unknown = [ref for ref in named if ref.upper() not in self.references]
        if unknown:
            raise forms.ValidationError(
                _("以下申报编号不是可提名的候选申报：%(refs)s。") % {"refs": "、".join(unknown)}
            )
        return [self.references[ref.upper()] for ref in named]

    def clean(self):
        cleaned = super().clean()
        if "applications" in cleaned and "more" in cleaned:
            chosen = cleaned["applications"]
            cleaned["applications"] = chosen + [pk for pk in cleaned["more"] if pk not in chosen]
        cleaned.pop("more", None)
        return cleaned


class LeadershipDecisionForm(CrispyMixin, forms.Form):
    submit_label = _("记录领导小组审议结果")
    outcome = radio_field(_("审议结果"), [("approved", _("审议通过")), ("returned", _("退回重议"))])
    meeting_date = forms.DateField(label=_("会议日期"), widget=DateInput)
    document_number = forms.CharField(label=_("文号/会议纪要编号"), max_length=60)
    opinion = text_field(_("审议意见"), rows=3, required=False, help_text=_("退回时必填。"))
    attachment = forms.FileField(
        label=_("会议纪要或批复文件"),
        required=False,
        # Formatted when shown, in the reader's language (a lazy string's % is not lazy).
        help_text=lazy(
            lambda: (
                _("PDF、JPG 或 PNG，不超过 %(mb)s MB。") % {"mb": settings.EVIDENCE_MAX_FILE_MB}
            ),
            str,
        )(),
    )


class PublicizeForm(CrispyMixin, forms.Form):
    submit_label = _("发布公示")
    title = forms.CharField(label=_("公示标题"), max_length=200)
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    body = text_field(_("公示正文"), rows=5)
    start_date = forms.DateField(label=_("公示开始日期"), widget=DateInput)
    workdays = forms.IntegerField(
        label=_("公示工作日数"), min_value=settings.PUBLICITY_MIN_WORKDAYS, max_value=30, initial=5
    )


class ReasonOnlyForm(CrispyMixin, forms.Form):
    reason = text_field(_("说明"), rows=2, required=False)

    def __init__(self, *args, label=None, **kwargs):
        if label:
            self.submit_label = label
        super().__init__(*args, **kwargs)
