"""What the portal's plain forms share: the crispy layout with one submit button, over the
one-line checks of `SingleLineFormMixin`."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django.utils.translation import gettext_lazy as _

from award_portal.single_line import SingleLineFormMixin


class CrispyMixin(SingleLineFormMixin):
    submit_label = _("提交")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", self.submit_label))
