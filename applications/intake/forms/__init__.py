"""Forms of stage 1: the five category forms (`base` and what every category shares, the
organization categories on `organization`, one module per category, `categories` to find
them), materials and invitations."""

from applications.intake.forms.base import ApplicationForm
from applications.intake.forms.categories import (
    FORMS,
    display_sections_for,
    form_class_for,
    team_members,
)
from applications.intake.forms.other import (
    InvitationForm,
    MaterialUploadForm,
    NewApplicationForm,
    as_form_data,
    raw_values,
)

__all__ = [
    "FORMS",
    "ApplicationForm",
    "InvitationForm",
    "MaterialUploadForm",
    "NewApplicationForm",
    "as_form_data",
    "display_sections_for",
    "form_class_for",
    "raw_values",
    "team_members",
]
