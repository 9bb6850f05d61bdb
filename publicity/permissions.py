"""The one funnel through which views reach windows, objections and evidence.

The public reads published windows. The city office (and the admin) manages windows and decides
objections; the supervision group reads everything, including the filers' personal data, and
changes nothing. Anyone else is answered 404 for what they may not know exists.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from award_portal.accounts.models import Role
from publicity.models import Objection, ObjectionEvidence, PublicityWindow

READ = "read"
MANAGE = "manage"


def can_read_staff_pages(user) -> bool:
    """City office, supervision group and admin: every window and objection, filers included."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role in {Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN})
    )


def can_manage(user) -> bool:
    """City office and admin: create, publish, withdraw windows; investigate objections."""
    return bool(
        user is not None
        and user.is_authenticated
        and (user.is_superuser or user.role in {Role.CITY_OFFICE, Role.ADMIN})
    )


def can_enter_calendar(user) -> bool:
    """Only the city office enters the State Council's holiday notices; the supervision group
    and the admin read the "节假日安排" page (the admin corrects single days in the admin)."""
    return bool(user is not None and user.is_authenticated and user.role == Role.CITY_OFFICE)


def check_calendar_entry(user) -> None:
    if not can_enter_calendar(user):
        raise PermissionDenied


def check_staff(user, action: str = READ) -> None:
    allowed = can_manage(user) if action == MANAGE else can_read_staff_pages(user)
    if not allowed:
        raise PermissionDenied


def get_public_window(pk: int) -> PublicityWindow:
    # The public pages read nothing of the edition; a withdrawn window's replacement is read
    # when it is shown.
    try:
        window = PublicityWindow.objects.get(pk=pk)
    except PublicityWindow.DoesNotExist:
        raise Http404 from None
    if window.status == PublicityWindow.Status.DRAFT:  # a draft is not public
        raise Http404
    return window


def get_window_for(user, pk: int, *, action: str = READ) -> PublicityWindow:
    check_staff(user, action)
    window = (
        PublicityWindow.objects.select_related(
            "edition", "created_by", "published_by", "withdrawn_by", "replaces"
        )
        .filter(pk=pk)
        .first()
    )
    if window is None:
        raise Http404
    return window


def get_objection_for(user, pk: int, *, action: str = READ) -> Objection:
    check_staff(user, action)
    objection = (
        Objection.objects.select_related("window", "entry", "investigator", "decided_by")
        .filter(pk=pk)
        .first()
    )
    if objection is None:
        raise Http404
    return objection


def get_evidence_for(user, pk: int) -> ObjectionEvidence:
    if not can_read_staff_pages(user):
        raise Http404  # evidence is never acknowledged to anyone else
    evidence = ObjectionEvidence.objects.filter(pk=pk).first()
    if evidence is None:
        raise Http404
    return evidence
