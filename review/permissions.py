"""The one way a view reaches review objects.

A conflicted expert (pending or confirmed conflict) never reaches the application: not the
assignment, not its sheet, not the round's results. What a user may not know exists is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from applications.models import Application
from award_portal.accounts.models import Role, User
from review.models import Assignment, Conflict, ExpertProfile, PanelMember, ReviewRound, Rubric

OFFICE_ROLES = frozenset({Role.CITY_OFFICE})
READER_ROLES = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN})


def is_office(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in OFFICE_ROLES


def is_reader(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in READER_ROLES


def expert_for(user: User) -> ExpertProfile | None:
    if not user.is_authenticated or user.role != Role.EXPERT or not user.is_active:
        return None
    return ExpertProfile.objects.filter(user=user, is_active=True).first()


def blocking_conflict(expert_ref="expert", application_ref="application") -> Exists:
    """A subquery: a pending or confirmed conflict between the row's expert and application."""
    return Exists(
        Conflict.objects.filter(
            expert=OuterRef(expert_ref),
            application=OuterRef(application_ref),
            decision__in=Conflict.BLOCKING,
        )
    )


def is_conflicted(expert: ExpertProfile, application: Application) -> bool:
    return Conflict.objects.filter(
        expert=expert, application=application, decision__in=Conflict.BLOCKING
    ).exists()


def current_assignments(user: User) -> QuerySet[Assignment]:
    """The assignments an expert works on now: active, in an open round, not conflicted."""
    if not user.is_authenticated or user.role != Role.EXPERT or not user.is_active:
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            expert__user=user,
            expert__is_active=True,
            is_active=True,
            round__state=ReviewRound.State.OPEN,
        )
        .exclude(blocking_conflict())
        .exclude(sheet__state__in=["void"])
    )


def get_assignment_for(user: User, pk: int) -> Assignment:
    """The expert's own current assignment, or Http404 (also when conflicted)."""
    qs = current_assignments(user).select_related(
        "round__edition", "application__category", "expert", "sheet__rubric"
    )
    try:
        return qs.get(pk=pk)
    except Assignment.DoesNotExist:
        raise Http404 from None


def leads_round(user: User, review_round: ReviewRound) -> bool:
    return (
        user.is_authenticated
        and user.role == Role.EXPERT
        and PanelMember.objects.filter(
            round=review_round, expert__user=user, expert__is_active=True, is_leader=True
        ).exists()
    )


def get_round_for(user: User, pk: int, *, action: str = "view") -> ReviewRound:
    """`manage`: the city office. `read`: office and supervision group (reports, exports).
    `view`: also the round's group leader (progress and results, without their conflicts)."""
    try:
        review_round = ReviewRound.objects.select_related("edition").get(pk=pk)
    except (ReviewRound.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if action == "manage":
        if is_office(user):
            return review_round
        if is_reader(user):
            raise PermissionDenied
        raise Http404
    if is_reader(user):
        return review_round
    if action == "view" and leads_round(user, review_round):
        return review_round
    raise Http404


def hidden_application_ids(user: User, review_round: ReviewRound) -> set[int]:
    """Applications of the round the user must not see: a leader's own conflicts."""
    if is_reader(user):
        return set()
    return set(
        Conflict.objects.filter(
            expert__user=user,
            decision__in=Conflict.BLOCKING,
            application__edition_id=review_round.edition_id,
        ).values_list("application_id", flat=True)
    )


def get_rubric_for(user: User, pk: int) -> Rubric:
    if not is_reader(user):
        raise Http404
    try:
        return Rubric.objects.get(pk=pk)
    except (Rubric.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
