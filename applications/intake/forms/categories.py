"""The five category forms by their category's code, and an application's form read back for
reading (not editing)."""

from __future__ import annotations

from django.utils import translation

from applications.intake.forms.base import ApplicationForm, read_sections, reading_plan
from applications.intake.forms.education import EducationForm
from applications.intake.forms.general import GeneralForm
from applications.intake.forms.individual import IndividualForm
from applications.intake.forms.medical import MedicalForm
from applications.intake.forms.other import as_form_data
from applications.intake.forms.team import TeamForm, member_rows
from applications.models import RecommendingUnit
from award_portal.privacy.masking import masked_answers

FORMS: dict[str, type[ApplicationForm]] = {
    form.category_code: form
    for form in (GeneralForm, MedicalForm, EducationForm, TeamForm, IndividualForm)
}


def form_class_for(category) -> type[ApplicationForm]:
    return FORMS[category.code]


def display_sections_for(application, *, reveal: bool = True) -> list[dict]:
    """The filled form of an application, section by section, for reading (not editing).

    Building a category's form deep-copies its sixty-odd fields (about 7 ms); the labels and
    choices are the same for every application of a category and edition year, so they are
    worked out once per process and language, and only the answers are looked up here.
    Without `reveal`, identity and mobile numbers are masked (award_portal.privacy.masking)."""
    plan = reading_plan(
        form_class_for(application.category),
        application.edition.applications_open.year,
        translation.get_language(),
    )
    answers = application.data if reveal else masked_answers(application.data)
    data = as_form_data(answers)
    unit_name = _unit_name(application, data.get("unit") or "")
    return read_sections(plan, data, notes=application.return_notes or {}, unit_name=unit_name)


def team_members(application) -> list[list[str]]:
    """The members of a team's application; none for the other categories."""
    if form_class_for(application.category) is not TeamForm:
        return []
    return member_rows(str((application.data or {}).get("members") or ""))


def _unit_name(application, chosen: str) -> str:
    if application.unit_id is not None and str(application.unit_id) == chosen:
        return application.unit.name
    if chosen.isdigit():  # a draft's choice, not yet taken over by the application
        name = RecommendingUnit.objects.filter(pk=chosen).values_list("name", flat=True).first()
        if name:
            return name
    return chosen
