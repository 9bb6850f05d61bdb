"""The recommending unit's 初核和推荐意见 as a Word document, to print, seal and send with the
paper copies to the city office (notice §五(二))."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.editions import word
from applications.editions.selectors import chinese_number
from applications.models import Application, Consultation, PrecheckReview, RecommendingUnit
from award_portal.documents import docx_templates


def _review(application: Application) -> PrecheckReview | None:
    try:
        return application.precheck
    except PrecheckReview.DoesNotExist:
        return None


def letter_context(*, unit: RecommendingUnit, applications: Sequence[Application]) -> dict:
    """What the letter template is given (docx_templates, README "Word templates")."""
    edition = applications[0].edition if applications else None
    rows, items = [], []
    for number, application in enumerate(applications, start=1):
        review = _review(application)
        consulted = "、".join(
            c.department
            for c in application.consultations.filter(phase=Consultation.Phase.PRECHECK)
        )
        name = application.applicant_name or application.reference
        rows.append(
            {
                "name": name,
                "category": application.category.name,
                "reference": application.reference,
                "result": _("四项核查均通过") if review and review.all_passed else _("未完成初核"),
                "consulted": consulted or _("—"),
            }
        )
        items.append(
            {
                "number": chinese_number(number),
                "name": name,
                "opinion": (review.opinion if review else "") or _("（尚未出具意见）"),
            }
        )
    return {
        "edition": edition.name if edition else "",
        "authority": settings.AWARD_AUTHORITY,
        "rows": rows,
        "items": items,
        "clerk": "　" * 6,
        "phone": "　" * 8,
        "unit_full_name": unit.seal_name,
        "day": docx_templates.day(timezone.localdate()),
    }


def recommendation_letter(*, unit: RecommendingUnit, applications: Sequence[Application]) -> bytes:
    """One letter of `unit` covering `applications`: a table of the checks and, per
    application, the opinion, numbered 一、二、; signed with the unit's full name, the one its
    seal carries, and the date."""
    edition = applications[0].edition if applications else None
    return word.render(
        "letter",
        letter_context(unit=unit, applications=applications),
        edition=edition,
    )
