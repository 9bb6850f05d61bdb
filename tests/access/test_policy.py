"""The access policy's rules per kind, asked about real rows: unit scoping, drafts, conflicts,
a round leader's sealed scores, the draft edition, and the readers who change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from applications.models import Status
from award_portal import access
from award_portal.access.rules import RULES
from award_portal.accounts.models import Role
from review.models import Assignment, Conflict, ConflictKind, PanelMember
from tests.factories import ApplicationFactory, EditionFactory, UnitOfficerFactory, UserFactory
from tests.review.helpers import (
    attest,
    make_applications,
    make_pool,
    open_round,
    score_sheet,
    set_status,
)

pytestmark = pytest.mark.django_db

READERS = (Role.CITY_OFFICE, Role.SUPERVISOR, Role.ADMIN)


def sent(application):
    return set_status(application, Status.SUBMITTED)


# --- applications: unit, owner, draft ----------------------------------------------------------


def test_a_unit_officer_reads_and_prechecks_only_the_sent_applications_of_their_unit(edition):
    officer = UnitOfficerFactory()
    ours = sent(ApplicationFactory(edition=edition, unit=officer.unit))
    theirs = sent(ApplicationFactory(edition=edition))
    draft = ApplicationFactory(edition=edition, unit=officer.unit)

    assert set(access.visible(officer, access.APPLICATION)) == {ours}
    assert access.may(officer, access.ACT_ON, access.RECOMMENDATION, ours)
    assert not access.may(officer, access.ACT_ON, access.RECOMMENDATION, theirs)
    assert not access.may(officer, access.VIEW, access.APPLICATION, draft)
    with pytest.raises(Http404):
        access.get_for(officer, access.RECOMMENDATION, theirs.pk, access.ACT_ON)
    assert access.get_for(officer, access.RECOMMENDATION, ours.pk, access.ACT_ON) == ours


def test_a_draft_is_its_applicants_own_and_collaborators_edit_it(edition):
    owner, colleague, stranger = UserFactory(), UserFactory(), UserFactory()
    draft = ApplicationFactory(edition=edition, owner=owner)
    draft.collaborators.add(colleague)
    office = UserFactory(role=Role.CITY_OFFICE)

    for user in (owner, colleague):
        assert access.get_for(user, access.APPLICATION, draft.pk, access.EDIT) == draft
    for user in (stranger, office):
        with pytest.raises(Http404):
            access.get_for(user, access.APPLICATION, draft.pk)
    sent(draft)
    # The office reads it once sent, but editing it is the applicant's: hidden as before.
    assert access.get_for(office, access.APPLICATION, draft.pk) == draft
    with pytest.raises(Http404):
        access.get_for(office, access.APPLICATION, draft.pk, access.EDIT, hide=True)


# --- editions and publicity windows ----------------------------------------------------------


def test_a_draft_edition_is_the_offices_alone(edition):
    draft = EditionFactory(number=4, name="第四届", is_draft=True, is_current=False)
    office = UserFactory(role=Role.CITY_OFFICE)

    assert access.get_for(office, access.EDITION, draft.pk, access.MANAGE) == draft
    for user in (AnonymousUser(), UserFactory(role=Role.SUPERVISOR), UserFactory()):
        with pytest.raises(Http404):
            access.get_for(user, access.EDITION, draft.pk)
        assert access.get_for(user, access.EDITION, edition.pk) == edition
    assert set(access.visible(AnonymousUser(), access.EDITION)) == {edition}


# --- experts: conflicts, assignments, the round leader ------------------------------------


@pytest.fixture
def open_review(review_edition, office):
    """An open round of one organization, five experts on it, the first its group leader; the
    others have submitted their sheets, the leader's is a draft."""
    (application,) = make_applications(review_edition, organizations=1)
    make_pool(review_edition, 5)
    review_round = open_round(review_edition, office)
    leader = PanelMember.objects.get(round=review_round, is_leader=True).expert
    for assignment in Assignment.objects.filter(round=review_round):
        attest(assignment)
        if assignment.expert_id != leader.pk:
            score_sheet(assignment.sheet, assignment.expert.user, 0.7)
    return review_round, application, leader


def test_a_conflicted_expert_never_reaches_the_application(open_review):
    review_round, application, leader = open_review
    assignment = Assignment.objects.filter(round=review_round).exclude(expert=leader).first()
    expert = assignment.expert.user
    assert access.get_for(expert, access.ASSIGNMENT, assignment.pk, access.ACT_ON) == assignment

    Conflict.objects.create(
        expert=assignment.expert,
        application=application,
        source=Conflict.Source.DECLARED,
        kind=ConflictKind.EMPLOYER,
    )

    assert not access.may(expert, access.ACT_ON, access.ASSIGNMENT, assignment)
    assert assignment not in access.visible(expert, access.ASSIGNMENT)
    with pytest.raises(Http404):
        access.get_for(expert, access.ASSIGNMENT, assignment.pk, access.ACT_ON)
    other = Assignment.objects.exclude(expert=assignment.expert).first()
    with pytest.raises(Http404):  # nor anyone else's assignment
        access.get_for(expert, access.ASSIGNMENT, other.pk, access.ACT_ON)


def test_a_round_leader_reads_progress_but_no_score_before_their_own_sheet(open_review):
    review_round, application, leader = open_review
    member = Assignment.objects.filter(round=review_round).exclude(expert=leader).first()

    assert access.get_for(leader.user, access.ROUND_RESULTS, review_round.pk) == review_round
    assert access.sealed_application_ids(leader.user, review_round) == {application.pk}
    # An expert who does not lead the round, and the leadership group, read no round.
    for user in (member.expert.user, UserFactory(role=Role.LEADER)):
        with pytest.raises(Http404):
            access.get_for(user, access.ROUND_RESULTS, review_round.pk)
    # The leader's round is no round they run or whose sheets they read.
    with pytest.raises(Http404):
        access.get_for(leader.user, access.ROUND, review_round.pk, access.MANAGE)
    assert not access.may(leader.user, access.VIEW, access.SHEET)

    own = Assignment.objects.get(round=review_round, expert=leader)
    score_sheet(own.sheet, leader.user, 0.6)

    assert access.sealed_application_ids(leader.user, review_round) == set()
    for role in READERS:
        assert access.sealed_application_ids(UserFactory(role=role), review_round) == set()


def test_a_round_leader_reaches_no_visit_of_an_application_they_are_conflicted_with(open_review):
    review_round, application, leader = open_review
    visit = access.conditions.Visit(review_round, application.pk)
    assert access.may(leader.user, access.EDIT, access.VISIT, visit)

    Conflict.objects.create(
        expert=leader, application=application, source="declared", kind=ConflictKind.EMPLOYER
    )

    assert not access.may(leader.user, access.VIEW, access.VISIT, visit)
    assert access.hidden_application_ids(leader.user, review_round) == {application.pk}


# --- who changes nothing --------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_the_supervision_group_and_the_admin_read_everything_and_change_nothing(role, edition):
    user = UserFactory(role=role, is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN)
    office = UserFactory(role=Role.CITY_OFFICE)
    application = sent(ApplicationFactory(edition=edition))

    for kind, action in RULES:
        # Identity and mobile numbers are shown to them masked; the trails are the office's.
        office_only = (access.NOTIFICATION, access.PERSONAL_DATA, access.AUDIT_TRAIL)
        if action == access.VIEW and kind not in office_only:
            assert access.may(user, action, kind) or not access.may(office, action, kind), kind
        elif action != access.VIEW and kind != access.ADMINISTRATION:
            assert not access.may(user, action, kind), (kind, action)
    assert access.get_for(user, access.APPLICATION, application.pk) == application
    with pytest.raises(PermissionDenied):
        access.get_for(user, access.ACCEPTANCE, application.pk, access.MANAGE)
    assert access.may(user, access.MANAGE, access.ADMINISTRATION) == (role == Role.ADMIN)


def test_the_leadership_group_reads_applications_and_awards_and_decides_but_reads_no_round():
    roles = {
        (kind, action) for (kind, action) in RULES if Role.LEADER in access.roles_for(kind, action)
    }

    assert roles == {
        (access.APPLICATION, access.VIEW),
        (access.MATERIAL, access.VIEW),
        (access.RECOMMENDATION, access.VIEW),
        (access.ACCEPTANCE, access.VIEW),
        (access.PROGRESS, access.VIEW),
        (access.DELIBERATION, access.VIEW),
        (access.PROPOSED_LIST, access.VIEW),
        (access.PROPOSED_LIST, access.DECIDE),
        (access.DECISION, access.VIEW),
        (access.AWARD, access.VIEW),
        (access.CERTIFICATE, access.VIEW),
    }


def test_only_the_city_office_manages():
    managers = {
        access.roles_for(kind, action)
        for (kind, action) in RULES
        if action == access.MANAGE and kind != access.ADMINISTRATION
    }

    assert managers == {frozenset({Role.CITY_OFFICE})}


def test_a_kind_or_action_without_a_rule_is_an_error():
    with pytest.raises(LookupError):
        access.may(AnonymousUser(), access.MANAGE, access.EVIDENCE)
