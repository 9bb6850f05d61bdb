"""Every write on conflicts of interest: comparing the pool with the applications, an expert's
general declaration and their statement when first opening an application, an applicant's
request, and the city office's decisions. A conflict that blocks takes the expert off the
application in every round not yet closed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Application, Edition, Status
from award_portal import access
from award_portal.accounts.models import User
from award_portal.workflow.engine import refusal, status_allows, transition
from review.errors import ReviewError, require_office, require_reason
from review.models import (
    Assignment,
    AvoidanceRequest,
    Conflict,
    ConflictDeclaration,
    ConflictKind,
    ExpertProfile,
    ReviewRound,
    ScoreSheet,
)

# Applications that still take part in the award, and so can be in conflict with an expert.
LIVE_STATUSES = (
    Status.ACCEPTED,
    Status.MATERIAL_REVIEW,
    Status.ONSITE_REVIEW,
    Status.DEFENSE,
    Status.DELIBERATION,
)


_SPACES = re.compile(r"[\s\u3000]+")


def _norm_name(value: str) -> str:
    value = _SPACES.sub("", value or "").replace("（", "(").replace("）", ")")
    return value.casefold()


def _application_keys(application: Application) -> tuple[set[str], set[str]]:
    """The names and codes that identify who applies (and, for a person, their employer)."""
    data = application.data if isinstance(application.data, dict) else {}
    names = {application.applicant_name, data.get("employer", ""), data.get("employer_name", "")}
    codes = {application.identifier, data.get("employer_credit_code", "")}
    return (
        {_norm_name(n) for n in names if isinstance(n, str) and n.strip()},
        {c.strip().upper() for c in codes if isinstance(c, str) and c.strip()},
    )


def _matches(name: str, code: str, keys: tuple[set[str], set[str]]) -> bool:
    names, codes = keys
    code = (code or "").strip().upper()
    return bool((code and code in codes) or (name and _norm_name(name) in names))


def _withdraw(*, expert: ExpertProfile, application: Application, actor: User | None, reason: str):
    """Take a conflicted expert off the application in every round not yet closed."""
    assignments = Assignment.objects.select_for_update().filter(
        expert=expert, application=application, is_active=True
    )
    for assignment in assignments.exclude(round__status=ReviewRound.Status.CLOSED):
        Assignment.objects.filter(pk=assignment.pk).update(is_active=False, withdrawn_reason=reason)
        sheet = ScoreSheet.objects.filter(assignment=assignment).first()
        if sheet is not None and status_allows(sheet, "void"):
            transition(sheet, "void", actor, reason=reason)  # a void sheet stays void


def _record_conflict(
    *,
    expert: ExpertProfile,
    application: Application,
    source: str,
    kind: str,
    note: str,
    actor: User | None,
    declaration: ConflictDeclaration | None = None,
    avoidance_request: AvoidanceRequest | None = None,
    decided: bool = False,
) -> tuple[Conflict, bool]:
    defaults = {
        "kind": kind,
        "note": note,
        "declaration": declaration,
        "avoidance_request": avoidance_request,
    }
    if decided:
        defaults.update(
            decision=Conflict.Decision.CONFIRMED,
            decision_reason=note,
            decided_by=actor,
            decided_at=timezone.now(),
        )
    conflict, created = Conflict.objects.get_or_create(
        expert=expert, application=application, source=source, defaults=defaults
    )
    if conflict.is_blocking:
        _withdraw(
            expert=expert,
            application=application,
            actor=actor,
            reason=_("回避：%(source)s") % {"source": conflict.get_source_display()},
        )
    return conflict, created


def detect_conflicts(
    *, edition: Edition, experts: Iterable[ExpertProfile] | None = None, actor: User | None = None
) -> int:
    """Compare the pool with the applications: same employer (by credit code or name) and the
    experts' general declarations. Idempotent: a pair found before is not recorded twice and a
    decision already taken is kept. Returns the number of new conflicts."""
    if experts is None:
        experts = ExpertProfile.objects.filter(editions__edition=edition, editions__is_active=True)
    experts = list(experts)
    applications = list(
        Application.objects.filter(edition=edition, status__in=LIVE_STATUSES).select_related(
            "category"
        )
    )
    declarations: dict[int, list[ConflictDeclaration]] = {}
    for declaration in ConflictDeclaration.objects.filter(expert__in=experts):
        declarations.setdefault(declaration.expert_id, []).append(declaration)
    created_count = 0
    with transaction.atomic():
        for application in applications:
            keys = _application_keys(application)
            for expert in experts:
                for found in _found_conflicts(expert, declarations.get(expert.pk, []), keys):
                    _conflict, created = _record_conflict(
                        expert=expert, application=application, actor=actor, **found
                    )
                    created_count += created
    return created_count


def _found_conflicts(
    expert: ExpertProfile,
    declarations: Iterable[ConflictDeclaration],
    keys: tuple[set[str], set[str]],
) -> Iterator[dict]:
    """What ties the expert to the applicant with these `keys`: the same employer, and each of
    the expert's declarations naming it (as `_record_conflict`'s source, kind, note and
    declaration)."""
    if _matches(expert.employer, expert.employer_credit_code, keys):
        yield {
            "source": Conflict.Source.AUTOMATIC,
            "kind": ConflictKind.EMPLOYER,
            "note": _("专家工作单位“%(employer)s”与申报方相同。") % {"employer": expert.employer},
        }
    for declaration in declarations:
        if _matches(declaration.organization_name, declaration.credit_code, keys):
            yield {
                "source": Conflict.Source.DECLARED,
                "kind": declaration.kind,
                "note": declaration.note,
                "declaration": declaration,
            }


def declare_conflict(
    *,
    expert: ExpertProfile,
    actor: User,
    kind: str,
    organization_name: str,
    credit_code: str = "",
    note: str,
) -> ConflictDeclaration:
    """An expert declares a relationship in general; it is matched against every edition whose
    pool they are in."""
    if actor.pk != expert.user_id:
        raise ReviewError(_("只能为本人申报回避事项。"))
    if kind not in ConflictKind.values:
        raise ReviewError(_("请选择回避类型。"))
    note = require_reason(note)
    declaration = ConflictDeclaration.objects.create(
        expert=expert,
        kind=kind,
        organization_name=organization_name.strip(),
        credit_code=credit_code.strip().upper(),
        note=note,
    )
    for edition in Edition.objects.filter(experts__expert=expert, experts__is_active=True):
        detect_conflicts(edition=edition, experts=[expert], actor=actor)
    return declaration


def attest_assignment(
    *, assignment: Assignment, actor: User, has_conflict: bool, kind: str = "", note: str = ""
) -> Conflict | None:
    """When an expert first opens an application they state whether they are in conflict.
    A declared conflict takes them off it at once; the city office then confirms it."""
    if actor.pk != assignment.expert.user_id:
        raise ReviewError(_("只能由被分配的专家本人确认。"))
    if not has_conflict:
        Assignment.objects.filter(pk=assignment.pk, attested_at__isnull=True).update(
            attested_at=timezone.now()
        )
        assignment.refresh_from_db(fields=["attested_at"])
        return None
    if kind not in ConflictKind.values:
        raise ReviewError(_("请选择回避类型。"))
    note = require_reason(note)
    with transaction.atomic():
        conflict, _created = _record_conflict(
            expert=assignment.expert,
            application=assignment.application,
            source=Conflict.Source.ON_OPEN,
            kind=kind,
            note=note,
            actor=actor,
        )
    return conflict


def request_avoidance(
    *,
    application: Application,
    actor: User,
    expert_name: str,
    expert_employer: str = "",
    reason: str,
) -> AvoidanceRequest:
    """The applicant asks that a named expert be kept away. A matching pool expert is kept
    away at once, until the city office decides."""
    if not access.may(actor, access.EDIT, access.AVOIDANCE, application):
        raise ReviewError(_("只有申报方可以申请回避。"))
    refused = refusal(application, "request_avoidance", actor)
    if refused is not None:
        raise ReviewError(refused.message)
    expert_name = expert_name.strip()
    if not expert_name:
        raise ReviewError(_("请填写申请回避的专家姓名。"))
    reason = require_reason(reason)
    candidates = ExpertProfile.objects.filter(name=expert_name)
    if expert_employer.strip():
        narrowed = [e for e in candidates if _norm_name(expert_employer) in _norm_name(e.employer)]
    else:
        narrowed = list(candidates)
    with transaction.atomic():
        request = AvoidanceRequest.objects.create(
            application=application,
            requested_by=actor,
            expert_name=expert_name,
            expert_employer=expert_employer.strip(),
            reason=reason,
            expert=narrowed[0] if len(narrowed) == 1 else None,
        )
        if request.expert is not None:
            _record_avoidance(request, actor=actor)
    return request


def _record_avoidance(request: AvoidanceRequest, *, actor: User) -> tuple[Conflict, bool]:
    """The conflict an applicant's avoidance request stands for, once its expert is known."""
    return _record_conflict(
        expert=request.expert,
        application=request.application,
        source=Conflict.Source.APPLICANT,
        kind=ConflictKind.OTHER,
        note=request.reason,
        actor=actor,
        avoidance_request=request,
    )


def match_avoidance_request(
    *, request: AvoidanceRequest, expert: ExpertProfile, actor: User
) -> Conflict:
    """The city office identifies the pool expert an applicant meant."""
    require_office(actor, access.CONFLICT)
    with transaction.atomic():
        AvoidanceRequest.objects.filter(pk=request.pk).update(expert=expert)
        request.expert = expert
        conflict, _created = _record_avoidance(request, actor=actor)
    return conflict


def record_office_conflict(
    *, expert: ExpertProfile, application: Application, actor: User, kind: str, note: str
) -> Conflict:
    require_office(actor, access.CONFLICT)
    note = require_reason(note)
    with transaction.atomic():
        conflict, _created = _record_conflict(
            expert=expert,
            application=application,
            source=Conflict.Source.OFFICE,
            kind=kind if kind in ConflictKind.values else ConflictKind.OTHER,
            note=note,
            actor=actor,
            decided=True,
        )
    return conflict


def decide_conflict(*, conflict: Conflict, actor: User, confirm: bool, reason: str) -> Conflict:
    """The city office confirms a conflict or overrides it, with its reasons on record.
    An override does not put the expert back on the application: that is a manual
    assignment, with its own reason."""
    require_office(actor, access.CONFLICT)
    reason = require_reason(reason)
    with transaction.atomic():
        locked = Conflict.objects.select_for_update().get(pk=conflict.pk)
        locked.decision = Conflict.Decision.CONFIRMED if confirm else Conflict.Decision.OVERRIDDEN
        locked.decision_reason = reason
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["decision", "decision_reason", "decided_by", "decided_at"])
        if confirm:
            _withdraw(
                expert=locked.expert,
                application=locked.application,
                actor=actor,
                reason=_("回避：%(source)s") % {"source": locked.get_source_display()},
            )
    return locked
