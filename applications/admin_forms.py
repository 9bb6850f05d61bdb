"""The form of the admin's "更正状态" page, and the check of an edition's own Word template."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django import forms
from django.utils.translation import gettext_lazy as _

from applications.models import EditionTemplate, Status
from award_portal.documents import docx_templates
from award_portal.single_line import SingleLineFormMixin
from award_portal.workflow.engine import Move


class CorrectionForm(SingleLineFormMixin, forms.Form):
    """Which correction (at most one is allowed at a time) and why."""

    to = forms.ChoiceField(
        label=_("更正为"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择要执行的更正。"),
            "invalid_choice": _("所选更正当前不可执行，请刷新页面。"),
        },
    )
    reason = forms.CharField(
        label=_("更正理由"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
        help_text=_(
            "写明误操作的经过和更正的依据（如谁提出、哪份材料）；理由记入状态变更记录，申报方可见。"
        ),
        error_messages={"required": _("请填写更正理由。更正与其他操作一样，须写明理由。")},
    )

    def __init__(self, *args, corrections: Sequence[Move], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            (
                c.target,
                _("%(label)s（改回“%(status)s”）")
                % {"label": c.label, "status": Status(c.target).label},
            )
            for c in corrections
        ]


TEMPLATE_LIMIT = 5 * 1024 * 1024


class EditionTemplateForm(SingleLineFormMixin, forms.ModelForm):
    """An uploaded template is filled in once with no answers before it is kept, so that a
    template Word cannot open or whose tags do not parse is refused with the reason."""

    class Meta:
        model = EditionTemplate
        fields = ("kind", "file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not getattr(upload, "content_type", None):  # the file kept from before
            return upload
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(_("请上传 Word（.docx）模板。"))
        if upload.size > TEMPLATE_LIMIT:
            raise forms.ValidationError(_("模板不能超过 5 MB。"))
        try:
            docx_templates.fill(io.BytesIO(upload.read()), {})
        except docx_templates.TemplateBroken as error:
            raise forms.ValidationError(
                _("这个模板无法使用：%(error)s") % {"error": error}
            ) from error
        finally:
            upload.seek(0)
        return upload
