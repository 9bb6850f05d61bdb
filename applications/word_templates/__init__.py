"""The Word templates the portal ships (award_portal/documents/word_templates/), built from code so
that they can be built again the same, byte for byte: `manage.py build_word_templates`."""

from __future__ import annotations

from applications.word_templates import forms, official
from award_portal.documents import docx_templates, word

BUILDERS = {
    "form_general": lambda: forms.build("general"),
    "form_medical": lambda: forms.build("medical"),
    "form_education": lambda: forms.build("education"),
    "form_team": lambda: forms.build("team"),
    "form_individual": lambda: forms.build("individual"),
    "letter": official.letter,
    "round_report": official.round_report,
    "deliberation_report": official.deliberation_report,
}


def build(kind: str) -> bytes:
    return word.to_bytes(BUILDERS[kind]())


def stale() -> list[str]:
    """The kinds whose shipped file differs from what the code builds."""
    return [
        kind
        for kind in docx_templates.KINDS
        if not docx_templates.shipped(kind).exists()
        or docx_templates.shipped(kind).read_bytes() != build(kind)
    ]


def write_all() -> list[str]:
    docx_templates.SHIPPED.mkdir(exist_ok=True)
    for kind in docx_templates.KINDS:
        docx_templates.shipped(kind).write_bytes(build(kind))
    return list(docx_templates.KINDS)
