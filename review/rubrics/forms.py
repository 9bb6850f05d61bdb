"""Forms of the rubric pages. They parse input; the services decide."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from review.forms import CrispyMixin
from review.models import Rubric


class RubricImportForm(CrispyMixin, forms.Form):
    submit_label = _("导入为新版本（草稿）")
    code = forms.SlugField(label=_("标准代码"), max_length=40)
    name = forms.CharField(label=_("名称"), max_length=100)
    applies_to = forms.ChoiceField(label=_("适用对象"), choices=Rubric.AppliesTo.choices)
    band_percent = forms.DecimalField(
        label=_("评分档距（占条目分值%）"),
        required=False,
        min_value=Decimal("0.01"),
        max_value=100,
        max_digits=5,
        decimal_places=2,
    )
    source_note = forms.CharField(label=_("依据"), max_length=200, required=False)
    file = forms.FileField(
        label=_("CSV 文件"),
        help_text=_(
            "列：code, category, item, points, kind（process/result/criterion/check）, guidance"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 512 * 1024:
            raise forms.ValidationError(_("文件过大（不超过 512 KB）。"))
        raw = upload.read()
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("无法识别文件编码，请另存为 UTF-8 的 CSV。"))
