"""Small forms around the application: a new draft, materials, invitations; raw draft data."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from applications.models import Category, MaterialKind
from award_portal.forms import MultipleFileField
from award_portal.single_line import SingleLineFormMixin


def raw_values(form_class, post, *, edition) -> dict:
    """What the user typed, field by field, exactly as sent: a draft keeps even mistakes."""
    # Only the fields and their widgets are read: the recommending units' choices are not.
    form = form_class(edition=edition, unit_choices=[])
    values = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = field.widget.value_from_datadict(post, MultiValueDict(), name)
        if value is None or value is False:
            continue
        if isinstance(value, str):
            value = value[:20000]
        values[name] = value
    return values


def as_form_data(data: dict) -> MultiValueDict:
    """Turn saved raw values back into what a browser would have sent."""
    bound = MultiValueDict()
    for name, value in (data or {}).items():
        if isinstance(value, list):
            bound.setlist(name, [str(v) for v in value])
        elif value is True:
            bound[name] = "on"
        elif value is not None and value is not False:
            bound[name] = str(value)
    return bound


class NewApplicationForm(SingleLineFormMixin, forms.Form):
    category = forms.ModelChoiceField(
        label=_("申报类别"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": _("请选择申报类别。")},
    )

    def __init__(self, *args, kind: str = "", edition=None, **kwargs):
        from applications.editions.selectors import offered_categories

        super().__init__(*args, **kwargs)
        categories = offered_categories(edition)
        if kind:
            categories = categories.filter(kind=kind)
        self.fields["category"].queryset = categories
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.add_input(Submit("create", _("开始填写")))


# The file types the browser offers for a material.
WORD_OR_PDF = ".pdf,.doc,.docx"


class MaterialUploadForm(SingleLineFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=MaterialKind.choices)
    files = MultipleFileField(
        label=_("选择文件"),
        accept=WORD_OR_PDF,
        help_text=_("仅限 Word（.doc、.docx）或 PDF 文件；证实性材料可一次选择多个文件。"),
        error_messages={"required": _("请选择要上传的文件。")},
    )

    def __init__(self, *args, kind: str = "", multiple: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if kind:
            self.fields["kind"].initial = kind
            self.fields["kind"].widget = forms.HiddenInput()
            self.auto_id = f"id_{kind}_%s"
            # Each picker of the page is named after its material, not five times "选择文件".
            self.fields["files"].label = _("选择文件：%(kind)s") % {
                "kind": MaterialKind(kind).label
            }
        if not multiple:
            self.fields["files"].widget = forms.ClearableFileInput(attrs={"accept": WORD_OR_PDF})
            self.fields["files"].help_text = _(
                "仅限 Word（.doc、.docx）或 PDF 文件；重新上传将替换原文件。"
            )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class InvitationForm(SingleLineFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("同事的电子邮箱"),
        error_messages={"invalid": _("请填写有效的电子邮箱，例如 name@example.cn。")},
        help_text=_("对方将收到一封邀请邮件，登录或注册后即可与您共同填写本申报。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
