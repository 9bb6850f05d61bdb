"""The one way a view reaches review objects.

A conflicted expert (pending or confirmed conflict) never reaches the application: not the
assignment, not its sheet, not the round's results. What a user may not know exists is a 404.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404, HttpRequest

from applications.editions.working import working_edition
from applications.models import Application
from award_portal.accounts.models import Role, User
from review.models import (
    Assignment,
    Conflict,
    ExpertProfile,
    PanelMember,
    ReviewRound,
    Rubric,
    ScoreSheet,
)

OFFICE_ROLES = frozenset({Role.CITY_OFFICE})
READER_ROLES = frozenset({Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN})


def is_office(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in OFFICE_ROLES


def is_reader(user: User) -> bool:
    return user.is_authenticated and user.is_active and user.role in READER_ROLES


def expert_profiles(user: User) -> QuerySet[ExpertProfile]:
    """The user's expert profile, if the user is an active expert and the profile is in the
    pool (at most one: a user has one profile)."""
    if not user.is_authenticated or user.role != Role.EXPERT or not user.is_active:
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


def current_assignments_of(expert_id: int) -> QuerySet[Assignment]:
    """current_assignments() of the profile read through expert_profiles(): the same rows,
    without joining the profile again, and the expert's conflicts as one list of applications
    (cheaper for PostgreSQL to plan than a correlated subquery)."""
    conflicted = Conflict.objects.filter(expert_id=expert_id, decision__in=Conflict.BLOCKING)
    return (
        Assignment.objects.filter(
            expert_id=expert_id, is_active=True, round__state=ReviewRound.State.OPEN
        )
        .exclude(application__in=conflicted.values("application_id"))
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
    `view`: also the round's group leader (progress and results, without their conflicts).
    The edition's review settings come with it (most round pages show them)."""
    try:
        review_round = ReviewRound.objects.select_related(
            "edition", "edition__review_settings"
        ).get(pk=pk)
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
            state=ScoreSheet.State.DRAFT,
        ).values_list("assignment__application_id", flat=True)
    )


def get_rubric_for(user: User, pk: int) -> Rubric:
    if not is_reader(user):
        raise Http404
    try:
        return Rubric.objects.get(pk=pk)
    except (Rubric.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


# --- deliberation and award ------------------------------------------------------------------

DELIBERATION_READERS = READER_ROLES | {Role.LEADER}


def is_deliberation_reader(user: User) -> bool:
    """City office, supervision group, admin and the leadership group read deliberation."""
    return user.is_authenticated and user.is_active and user.role in DELIBERATION_READERS


def may_decide_for_leadership(user: User) -> bool:
    """The leadership group's decisions are recorded by a leader or by the city office."""
    return user.is_authenticated and user.is_active and user.role in {Role.CITY_OFFICE, Role.LEADER}


def get_deliberation_edition_for(
    request: HttpRequest, pk: int | None = None, *, action: str = "view"
):
    """`view`: readers of deliberation; `manage`: the city office (403 for other readers).
    Without `pk`: the edition the reader works on (查看届次), the current one by default."""
    from applications.models import Edition

    user = request.user
    if not is_deliberation_reader(user):
        raise Http404
    if action == "manage" and not is_office(user):
        raise PermissionDenied
    if pk is None:
        edition = working_edition(request)
        if edition is None:
            raise Http404
        return edition
    try:
        return Edition.objects.get(pk=pk)
    except (Edition.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_proposed_list_for(user: User, pk: int, *, action: str = "view"):
    """`view`: readers; `decide`: office or leader; `manage`: office."""
    from review.models import ProposedList

    if not is_deliberation_reader(user):
        raise Http404
    if action == "manage" and not is_office(user):
        raise PermissionDenied
    if action == "decide" and not may_decide_for_leadership(user):
        raise PermissionDenied
    try:
        return ProposedList.objects.select_related("edition").get(pk=pk)
    except (ProposedList.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_decision_attachment_for(user: User, pk: int):
    from review.models import LeadershipDecision

    if not is_deliberation_reader(user):
        raise Http404
    try:
        decision = LeadershipDecision.objects.get(pk=pk)
    except (LeadershipDecision.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    if not decision.attachment:
        raise Http404
    return decision


def certificate_for_application(user: User, application: Application):
    """The certificate of an awarded application, if this user may download it: the winner
    (owner or collaborator) while the award stands, the office and readers always."""
    from applications.models import Status
    from applications.permissions import visible_applications
    from review.models import Certificate

    if application.status not in (Status.AWARDED, Status.REVOKED):
        return None
    if not is_deliberation_reader(user):
        if application.status != Status.AWARDED or user.role != Role.APPLICANT:
            return None
        if not visible_applications(user).filter(pk=application.pk).exists():
            return None
    return Certificate.objects.filter(application=application).first()


def get_certificate_for(user: User, pk: int):
    """A certificate by its application's id, through `certificate_for_application`, or 404."""
    from applications.permissions import get_application_for

    application = get_application_for(user, pk)
    certificate = certificate_for_application(user, application)
    if certificate is None:
        raise Http404
    return certificate
