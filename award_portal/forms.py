"""What the portal's plain forms share: the crispy layout with one submit button, over the
one-line checks of `SingleLineFormMixin`, and the field of an upload of several files."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from award_portal.single_line import SingleLineFormMixin


class CrispyMixin(SingleLineFormMixin):
    submit_label = _("提交")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once, each cleaned as a FileField cleans one; `accept` names the
    file types the browser offers. The cleaned value is the list of files (empty for none)."""

    def __init__(self, *args, accept: str, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]
