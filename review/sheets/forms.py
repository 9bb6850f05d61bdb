"""The score sheet form: one field per rubric item, strengths and opportunities per category."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from award_portal.crispy_fields import Field
from award_portal.single_line import SingleLineFormMixin
from review import scoring
from review.forms import text_field
from review.widgets import PlainChoices, Select


class ScoreSheetForm(SingleLineFormMixin, forms.Form):
    """One field per rubric item, strengths and opportunities per category."""

    overall_comment = text_field(_("总体评价"), rows=3, required=False)

    def __init__(self, *args, sheet, items, locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.categories: list[str] = []
        band = sheet.rubric.band_percent
        for item in self.items:
            if item.category not in self.categories:
                self.categories.append(item.category)
            choices = scoring.score_choices(item.points, band)
            help_text = format_html(
                "{}：{} 分{}",
                item.get_kind_display(),
                scoring.plain(item.points),
                format_html("，{}", item.guidance) if item.guidance else "",
            )
            label = f"{item.code} {item.name}"
            if choices:
                field = forms.TypedChoiceField(
                    label=label,
                    # A sheet has dozens of items of up to a hundred bands each: the options
                    # built as plain pairs, without a template per option.
                    choices=PlainChoices(
                        [("", "—")] + [(str(c), scoring.plain(c)) for c in choices]
                    ),
                    widget=Select,
                    coerce=Decimal,
                    empty_value=None,
                    required=False,
                    help_text=help_text,
                )
            else:
                field = forms.DecimalField(
                    label=label,
                    min_value=0,
                    max_value=item.points,
                    max_digits=6,
                    decimal_places=2,
                    required=False,
                    help_text=help_text,
                )
            self.fields[f"item_{item.pk}"] = field
        for index, _category in enumerate(self.categories):
            self.fields[f"strengths_{index}"] = text_field(_("优势"), rows=2, required=False)
            self.fields[f"opportunities_{index}"] = text_field(
                _("改进机会"), rows=2, required=False
            )
        if locked:
            for field in self.fields.values():
                field.disabled = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        fieldsets = []
        for index, category in enumerate(self.categories):
            names = [f"item_{i.pk}" for i in self.items if i.category == category]
            fieldsets.append(
                Fieldset(
                    category,
                    *map(Field, [*names, f"strengths_{index}", f"opportunities_{index}"]),
                    css_class="border rounded p-3 mb-3",
                )
            )
        self.helper.layout = Layout(*fieldsets, Field("overall_comment"))

    def scores(self) -> dict[int, Decimal | None]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}") for item in self.items}

    def comments(self) -> dict[str, tuple[str, str]]:
        return {
            category: (
                self.cleaned_data.get(f"strengths_{index}", ""),
                self.cleaned_data.get(f"opportunities_{index}", ""),
            )
            for index, category in enumerate(self.categories)
        }

    @staticmethod
    def initial_for(sheet, items) -> dict:
        initial = {"overall_comment": sheet.overall_comment}
        for score in sheet.scores.all():
            initial[f"item_{score.item_id}"] = score.score
        categories: list[str] = []
        for item in items:
            if item.category not in categories:
                categories.append(item.category)
        comments = {c.category: c for c in sheet.comments.all()}
        for index, category in enumerate(categories):
            comment = comments.get(category)
            if comment:
                initial[f"strengths_{index}"] = comment.strengths
                initial[f"opportunities_{index}"] = comment.opportunities
        return initial
