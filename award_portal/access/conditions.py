"""The object conditions of the rules: plain functions of (user, obj) -> bool.

Each is asked only when the rule's roles hold the user's role and an object is given; without
an object, `may` answers whether the user may do the action to some object of the kind.
"""

from __future__ import annotations

from award_portal.access import scopes


def sent(user, application) -> bool:
    """A draft is the applicant's own until it is sent."""
    return application.submitted_at is not None


def of_own_unit(user, application) -> bool:
    """Sent to the unit the officer acts for."""
    return bool(user.unit_id) and application.unit_id == user.unit_id and sent(user, application)


def own_application(user, application) -> bool:
    """The applicant owns the application or was invited to it."""
    if application.owner_id == user.pk:
        return True
    return application.collaborators.filter(pk=user.pk).exists()


def own_material(user, material) -> bool:
    return own_application(user, material.application)


def material_of_own_unit(user, material) -> bool:
    return of_own_unit(user, material.application)


def sent_material(user, material) -> bool:
    return sent(user, material.application)


def own_current_assignment(user, assignment) -> bool:
    """The expert's own assignment, active, in an open round, not conflicted."""
    return scopes.current_assignments(user).filter(pk=assignment.pk).exists()


def leads_the_round(user, review_round) -> bool:
    return scopes.leads_round(user, review_round)


def published(user, obj) -> bool:
    """An edition or a publicity window that is no longer a draft."""
    from publicity.models import PublicityWindow

    if isinstance(obj, PublicityWindow):
        return obj.status != PublicityWindow.Status.DRAFT
    return not obj.is_draft


def own_released_feedback(user, application) -> bool:
    """The applicant's own application, once the office released the review's feedback."""
    from review.models import ReviewSettings

    released = ReviewSettings.objects.filter(
        edition_id=application.edition_id, feedback_released_at__isnull=False
    ).exists()
    return released and own_application(user, application)


def awarded_or_revoked(user, application) -> bool:
    """A certificate is the office's record once issued, revoked or not."""
    from applications.models import Status

    return application.status in (Status.AWARDED, Status.REVOKED)


def own_standing_award(user, application) -> bool:
    """The winner's own certificate while the award stands."""
    from applications.models import Status

    return application.status == Status.AWARDED and own_application(user, application)


def with_attachment(user, decision) -> bool:
    return bool(decision.attachment)


# --- an on-site visit: the round and the application visited ----------------------------------


class Visit:
    """An on-site visit of `application_id` in `round`, recorded or not (an OnsiteVisit reads
    the same)."""

    def __init__(self, review_round, application_id: int):
        self.round = review_round
        self.application_id = application_id


def leads_the_visited_round(user, visit: Visit) -> bool:
    """The round's group leader, unless they are conflicted with the application visited."""
    return scopes.leads_round(user, visit.round) and (
        visit.application_id not in scopes.hidden_application_ids(user, visit.round)
    )
