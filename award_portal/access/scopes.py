"""The scoped querysets: what of a kind a user reaches, in one query.

A draft application is its applicant's own until it is sent; a unit officer reads the sent
applications of their unit; an expert works on their current assignments, never on an
application they are conflicted with (pending or confirmed). A round's group leader reads the
round's progress and results without their own conflicts, and no score of an application on
which their own sheet is not submitted yet (`sealed_application_ids`).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import Exists, OuterRef, Q, QuerySet

from applications.models import Application, ApplicationRow
from award_portal.accounts.models import Role, User
from review.models import Assignment, Conflict, ExpertProfile, PanelMember, ReviewRound, ScoreSheet

# Who reads every sent application (and the lists of stages 2 and 3).
APPLICATION_READERS = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN, Role.LEADER})
# Who reads everything of the review and of the publicity (and changes nothing but the office).
READERS = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN})


def active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def has_role(user, roles) -> bool:
    return active(user) and user.role in roles


def is_reader(user) -> bool:
    """The office, the supervision group and the admin: they read every review object."""
    return has_role(user, READERS)


# --- applications -----------------------------------------------------------------------------


def _visible(qs: QuerySet, user: User, own: Callable[[QuerySet], QuerySet]) -> QuerySet:
    """What of `qs` (applications, or their rows) the user reads: the readers the sent ones, a
    unit officer the sent ones of their unit, an applicant `own(qs)`, the others nothing."""
    if not active(user):
        return qs.none()
    # A draft is the applicant's own until it is sent: no unit, office or reader opens it.
    sent = qs.exclude(submitted_at__isnull=True)
    if user.role in APPLICATION_READERS:
        return sent
    if user.role == Role.UNIT_OFFICER:
        return sent.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    if user.role == Role.APPLICANT:
        return own(qs)
    return qs.none()


def visible_applications(user: User) -> QuerySet[Application]:
    """Applications the user may read. Experts reach theirs through review assignments."""
    return _visible(
        Application.objects.all(),
        user,
        lambda qs: qs.filter(Q(owner=user) | Q(collaborators=user)).distinct(),
    )


def visible_application_rows(user: User) -> QuerySet[ApplicationRow]:
    """The lists' rows (the read model) of the applications `visible_applications` gives the
    user, by the same rule on the columns the rows copy."""
    return _visible(
        ApplicationRow.objects.all(),
        user,
        lambda qs: qs.filter(application__in=visible_applications(user).values("pk")),
    )


# --- experts ----------------------------------------------------------------------------------


def expert_profiles(user: User) -> QuerySet[ExpertProfile]:
    """The user's expert profile, if the user is an active expert and the profile is in the
    pool (at most one: a user has one profile)."""
    if not has_role(user, {Role.EXPERT}):
        return ExpertProfile.objects.none()
    return ExpertProfile.objects.filter(user=user, is_active=True)


def expert_for(user: User) -> ExpertProfile | None:
    return expert_profiles(user).first()


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
    if not has_role(user, {Role.EXPERT}):
        return Assignment.objects.none()
    return (
        Assignment.objects.filter(
            expert__user=user,
            expert__is_active=True,
            is_active=True,
            round__status=ReviewRound.Status.OPEN,
        )
        .exclude(blocking_conflict())
        .exclude(sheet__status__in=["void"])
    )


def current_assignments_of(expert_id: int) -> QuerySet[Assignment]:
    """current_assignments() of the profile read through expert_profiles(): the same rows,
    without joining the profile again, and the expert's conflicts as one list of applications
    (cheaper for PostgreSQL to plan than a correlated subquery)."""
    conflicted = Conflict.objects.filter(expert_id=expert_id, decision__in=Conflict.BLOCKING)
    return (
        Assignment.objects.filter(
            expert_id=expert_id, is_active=True, round__status=ReviewRound.Status.OPEN
        )
        .exclude(application__in=conflicted.values("application_id"))
        .exclude(sheet__status__in=["void"])
    )


# --- a round's group leader -------------------------------------------------------------------


def leads_round(user: User, review_round: ReviewRound) -> bool:
    return has_role(user, {Role.EXPERT}) and (
        PanelMember.objects.filter(
            round=review_round, expert__user=user, expert__is_active=True, is_leader=True
        ).exists()
    )


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


def sealed_application_ids(user: User, review_round: ReviewRound) -> set[int]:
    """Applications of the round whose scores the user may see listed but not read: for a
    group leader, those on which their own sheet is not submitted yet. A leader sees who has
    submitted, but no score, total, comment or rank of such an application, so the panel's
    figures cannot lead their own scoring; once their sheet is in, as before. A sheet excused
    or withdrawn is no sheet of theirs to write, and the readers see everything."""
    if is_reader(user):
        return set()
    return set(
        ScoreSheet.objects.filter(
            assignment__round=review_round,
            assignment__expert__user=user,
            assignment__is_active=True,
            status=ScoreSheet.Status.DRAFT,
        ).values_list("assignment__application_id", flat=True)
    )
