"""The one way a view gets an application: through what the user may see of it.

A user who may not know that an application exists gets a 404, not a 403.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from applications.models import Application, Edition
from award_portal.accounts.models import Role, User

READ_ALL_ROLES = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.LEADER})


def visible_applications(user: User) -> QuerySet[Application]:
    """Applications the user may read. Experts reach theirs through review assignments."""
    qs = Application.objects.all()
    if not user.is_authenticated:
        return qs.none()
    # A draft is the applicant's own until it is sent: no unit, office or reader opens it.
    sent = qs.exclude(submitted_at__isnull=True)
    if user.role in READ_ALL_ROLES:
        return sent
    if user.role == Role.UNIT_OFFICER:
        return sent.filter(unit_id=user.unit_id)
    if user.role == Role.APPLICANT:
        return qs.filter(Q(owner=user) | Q(collaborators=user)).distinct()
    return qs.none()


def get_application_for(user: User, pk: int, *, action: str = "view") -> Application:
    """Fetch an application the user may `view` or `edit`, or raise Http404."""
    qs = visible_applications(user).select_related("edition", "category", "unit")
    if action == "edit" and user.role != Role.APPLICANT:
        raise Http404
    try:
        return qs.get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def sees_internal_notes(user: User) -> bool:
    return user.is_authenticated and user.role in READ_ALL_ROLES | {Role.UNIT_OFFICER}


# --- editions ---------------------------------------------------------------------------------


def manages_editions(user: User) -> bool:
    return user.is_authenticated and user.role == Role.CITY_OFFICE


def get_edition_for(user: User, pk: int, *, action: str = "view") -> Edition:
    """`view`: a published edition (anyone) or a draft (the city office only); `manage`: the
    city office. A draft is unknown to everyone else: 404."""
    try:
        edition = Edition.objects.get(pk=pk)
    except (Edition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action == "manage" and not manages_editions(user):
        raise Http404
    if edition.is_draft and not manages_editions(user):
        raise Http404
    return edition
