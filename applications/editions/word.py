"""An edition's Word documents: from the template the city office uploaded for the edition, or
else the shipped one (award_portal.documents.docx_templates)."""

from __future__ import annotations

from applications.models import Edition, EditionTemplate
from award_portal.documents import docx_templates


def render(kind: str, context: dict, *, edition: Edition | None) -> bytes:
    found = EditionTemplate.objects.filter(edition=edition, kind=kind).first() if edition else None
    return docx_templates.render(kind, context, override=found.file if found else None)
