"""What the pages of stages 2 and 3 share: who may open them, the edition they work on, the
download types and the messages.

Every application is fetched through the access policy (award_portal.access): a unit officer
reaches only the applications filed with their unit, and gets a 404 for any other.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from applications.editions.working import working_edition
from applications.models import Edition
from award_portal import access

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def require_unit_officer(request) -> None:
    access.require(request.user, access.ACT_ON, access.RECOMMENDATION)
    if request.user.unit_id is None:
        raise PermissionDenied


def require_office_reader(request) -> None:
    access.require(request.user, access.VIEW, access.ACCEPTANCE)


def require_office_writer(request) -> None:
    access.require(request.user, access.MANAGE, access.ACCEPTANCE)


def edition_or_404(request) -> Edition:
    """The edition the user works on: the current one, or for the office and the other readers
    the one they chose to view (查看届次); units cannot choose, so theirs is the current one."""
    edition = working_edition(request)
    if edition is None:
        raise Http404(_("尚未设置当前届次。"))
    return edition


def report_problems(request, *, problems: list[str]) -> None:
    for problem in problems:
        messages.warning(request, problem)


def form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
