"""Every write of stage 7 (审议公示): the proposed list, the leadership group's decision, the
proposed-winner publicity and its substitutions (递补), and the end of the stage.

Status moves go through applications.lifecycle.transition; each step also leaves a
DeliberationEvent, so the whole story of a place can be read back in order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.lifecycle import TransitionError, advance_edition
from applications.models import Application, Edition, EditionEvent, Stage, Status
from award_portal import access
from award_portal.accounts.models import ApplicantKind, User
from award_portal.workflow.engine import check, status_allows, transition
from publicity.errors import PublicityError
from publicity.models import Objection, PublicityWindow, WindowKind
from publicity.notice import chinese_date
from publicity.windows.services import create_window, publish_window
from review.deliberation import selectors
from review.deliberation.steps import (
    attachment_storage,
    locked_edition,
    move,
    not_future,
    record_event,
    require_stage,
    required,
)
from review.errors import ReviewError, require_office
from review.models import DeliberationEvent, LeadershipDecision, Proposal, ProposedList

# --- small helpers -------------------------------------------------------------------------------


def _kind_label(kind: str) -> str:
    return _("组织") if kind == ApplicantKind.ORGANIZATION else _("个人")


def _vacancy_note(vacancies: dict[str, int]) -> str:
    parts = [
        _("%(kind)s奖空缺%(n)d名") % {"kind": _kind_label(kind), "n": n}
        for kind, n in vacancies.items()
        if n
    ]
    return "；".join(parts) if parts else _("无空缺名额")


# --- the proposed list ---------------------------------------------------------------------------


def draft_proposed_list(
    *,
    edition: Edition,
    actor: User,
    summary: str,
    applications: Sequence[Application] | None = None,
    reason: str = "",
    ip: str | None = None,
) -> ProposedList:
    """Draft the list the leadership group will decide on, from the composite ranking.

    Without `applications`, the best eligible candidates of each kind fill the open places; a
    place stays vacant when too few candidates reach the minimum composite score (宁缺毋滥). A
    selection that differs from the ranking needs a reason. Once the first list was approved,
    a new list is a substitute list (递补名单) for the places freed since.
    """
    require_office(actor, access.DELIBERATION)
    summary = required(summary, _("请填写综合评审意见（综合评审报告的结论部分）。"))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = locked_edition(edition, Stage.DELIBERATION)
        if selectors.draft_list(locked) is not None:
            raise ReviewError(_("本届已有一份待领导小组审议的名单，请先记录审议结果。"))
        kind = (
            ProposedList.Kind.SUBSTITUTE
            if selectors.has_approved_original(locked)
            else ProposedList.Kind.ORIGINAL
        )
        ranking = selectors.composite_ranking(locked)
        places = selectors.open_places(locked)
        best = {k: selectors.candidates(ranking, k)[: places[k]] for k in selectors.KINDS}
        if applications is None:
            chosen = best
        else:
            wanted = {a.pk for a in applications}
            pool = {
                r.application.pk for k in selectors.KINDS for r in selectors.candidates(ranking, k)
            }
            outside = wanted - pool
            if outside:
                names = Application.objects.filter(pk__in=outside).values_list(
                    "applicant_name", flat=True
                )
                raise ReviewError(
                    _("以下申报不能提名（须处于审议中且综合得分不低于最低分）：%(names)s")
                    % {"names": "、".join(names)}
                )
            chosen = {
                k: [r for r in selectors.candidates(ranking, k) if r.application.pk in wanted]
                for k in selectors.KINDS
            }
            for k in selectors.KINDS:
                if len(chosen[k]) > places[k]:
                    raise ReviewError(
                        _("%(kind)s奖只有%(n)d个名额，提名超出名额。")
                        % {"kind": _kind_label(k), "n": places[k]}
                    )
            differs = any(
                [r.application.pk for r in chosen[k]] != [r.application.pk for r in best[k]]
                for k in selectors.KINDS
            )
            if differs and not reason:
                raise ReviewError(_("提名与综合得分排名不一致，请说明理由。"))
        if kind == ProposedList.Kind.SUBSTITUTE and not any(chosen.values()):
            raise ReviewError(_("没有可以递补的申报（须处于审议中且综合得分不低于最低分）。"))
        vacancies = {k: places[k] - len(chosen[k]) for k in selectors.KINDS}
        proposed_list = ProposedList.objects.create(
            edition=locked,
            kind=kind,
            summary=summary,
            reason=reason,
            organization_vacancies=vacancies[ApplicantKind.ORGANIZATION],
            individual_vacancies=vacancies[ApplicantKind.INDIVIDUAL],
            created_by=actor,
        )
        for k in selectors.KINDS:
            for row in chosen[k]:
                _propose(proposed_list=proposed_list, row=row, actor=actor, ip=ip)
        record_event(
            edition=locked,
            kind=DeliberationEvent.Kind.LIST_DRAFTED,
            actor=actor,
            proposed_list=proposed_list,
            note=_vacancy_note(vacancies) + (f"；{reason}" if reason else ""),
        )
    return proposed_list


def _propose(
    *,
    proposed_list: ProposedList,
    row: selectors.CompositeRow,
    actor: User,
    replaces: Proposal | None = None,
    ip: str | None = None,
) -> Proposal:
    move(
        application=row.application,
        to=Status.PROPOSED,
        actor=actor,
        reason=_("列入%(list)s：同类排名第%(rank)d，综合得分%(score)s。")
        % {
            "list": proposed_list.get_kind_display(),
            "rank": row.rank,
            "score": row.composite,
        },
        ip=ip,
    )
    return Proposal.objects.create(
        proposed_list=proposed_list,
        application=row.application,
        kind=row.kind,
        rank=row.rank,
        composite=row.composite,
        replaces=replaces,
    )


def record_leadership_decision(
    *,
    proposed_list: ProposedList,
    actor: User,
    approved: bool,
    meeting_date: date,
    document_number: str,
    opinion: str = "",
    attachment: UploadedFile | None = None,
    ip: str | None = None,
) -> LeadershipDecision:
    """Record the leadership group's approval or return of a list, with meeting date, document
    number and the minutes. Approval moves the list's applications to 审议通过; a return sends
    them back to deliberation and the office drafts again."""
    if not access.may(actor, access.DECIDE, access.PROPOSED_LIST):
        raise ReviewError(_("只有领导小组或市质量强市办可以记录领导小组的审议结果。"))
    document_number = required(document_number, _("请填写文号或会议纪要编号。"))
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ReviewError(_("退回名单须填写领导小组的审议意见。"))
    not_future(meeting_date, _("会议日期"))
    with attachment_storage() as store, transaction.atomic():
        locked = (
            ProposedList.objects.select_for_update(of=("self",))
            .select_related("edition")
            .get(pk=proposed_list.pk)
        )
        require_stage(locked.edition, Stage.DELIBERATION)
        check(locked, "approve" if approved else "return", actor, reason=opinion)
        outcomes = LeadershipDecision.Outcome
        outcome = outcomes.APPROVED if approved else outcomes.RETURNED
        decision = LeadershipDecision.objects.create(
            proposed_list=locked,
            outcome=outcome,
            meeting_date=meeting_date,
            document_number=document_number,
            opinion=opinion,
            **store(attachment),
            recorded_by=actor,
        )
        locked = transition(
            locked, "approve" if approved else "return", actor, reason=opinion, ip=ip
        )
        for proposal in locked.proposals.select_related("application").order_by("id"):
            if approved:
                move(
                    application=proposal.application,
                    to=Status.APPROVED,
                    actor=actor,
                    reason=_("领导小组审议通过（%(number)s，%(day)s）。")
                    % {"number": document_number, "day": chinese_date(meeting_date)},
                    ip=ip,
                )
            else:
                move(
                    application=proposal.application,
                    to=Status.DELIBERATION,
                    actor=actor,
                    reason=opinion,
                    ip=ip,
                )
        record_event(
            edition=locked.edition,
            kind=(
                DeliberationEvent.Kind.LIST_APPROVED
                if approved
                else DeliberationEvent.Kind.LIST_RETURNED
            ),
            actor=actor,
            proposed_list=locked,
            note=f"{document_number} {opinion}".strip(),
        )
    proposed_list.refresh_from_db()
    return decision


# --- publicity and substitution ------------------------------------------------------------------


def default_publicity_texts(proposed_list: ProposedList) -> dict[str, str]:
    edition = proposed_list.edition
    if proposed_list.kind == ProposedList.Kind.SUBSTITUTE:
        title = _("%(edition)s递补名单公示") % {"edition": edition.name}
        body = _(
            "拟获奖名单公示期间，经调查核实，有异议反映的情况属实，相关名额空缺。"
            "根据评选办法，按综合得分高低依次递补，经市质量强市工作领导小组审议通过，"
            "现将递补名单予以公示。"
        )
    else:
        title = _("%(edition)s拟表扬名单公示") % {"edition": edition.name}
        body = _(
            "根据评选工作安排，经自愿申报、初核推荐、审查受理、材料评审、现场评审、陈述答辩，"
            "市质量强市办形成综合评审报告和拟获奖建议名单，经市质量强市工作领导小组审议通过，"
            "现将拟表扬名单予以公示。"
        )
    return {"title": title, "body": body}


def publicize_list(
    *,
    proposed_list: ProposedList,
    actor: User,
    title: str,
    body: str,
    start_date: date,
    workdays: int = 5,
    document_number: str = "",
) -> PublicityWindow:
    """Publish the approved list in a publicity window (≥5 working days): the first list as
    拟表扬名单公示, a substitute list in its own 递补名单公示."""
    require_office(actor, access.DELIBERATION)
    title = required(title, _("请填写公示标题。"))
    body = required(body, _("请填写公示正文。"))
    try:
        with transaction.atomic():
            locked = (
                ProposedList.objects.select_for_update(of=("self",))
                .select_related("edition", "window")
                .get(pk=proposed_list.pk)
            )
            require_stage(locked.edition, Stage.DELIBERATION)
            check(locked, "publicize", actor)
            applications = [
                p.application
                for p in locked.proposals.select_related(
                    "application__category", "application__unit"
                ).order_by("kind", "rank")
                if p.application.status == Status.APPROVED
            ]
            if not applications:
                raise ReviewError(_("名单中没有可以公示的申报。"))
            kind = (
                WindowKind.SUBSTITUTE
                if locked.kind == ProposedList.Kind.SUBSTITUTE
                else WindowKind.PROPOSED
            )
            window = create_window(
                edition=locked.edition,
                kind=kind,
                title=title,
                body=body,
                start_date=start_date,
                workdays=workdays,
                applications=applications,
                actor=actor,
                document_number=document_number,
            )
            window = publish_window(window=window, actor=actor)
            locked.window = window
            locked.save(update_fields=["window"])
            record_event(
                edition=locked.edition,
                kind=DeliberationEvent.Kind.PUBLICIZED,
                actor=actor,
                proposed_list=locked,
                note=_("%(title)s：%(start)s至%(end)s")
                % {
                    "title": window.title,
                    "start": chinese_date(window.start_date),
                    "end": chinese_date(window.end_date),
                },
            )
    except PublicityError as exc:
        raise ReviewError(exc.message) from exc
    proposed_list.refresh_from_db()
    return window


def record_publicity_passed(*, window: PublicityWindow, actor: User | None) -> None:
    """The WINDOW_CLOSED step of a proposed or substitute list: the entries without an upheld
    objection passed their publicity. Statuses do not move here; the award does that."""
    proposed_list = ProposedList.objects.filter(window=window).first()
    if proposed_list is not None and proposed_list.publicity_passed_at is None:
        proposed_list.publicity_passed_at = timezone.now()
        proposed_list.save(update_fields=["publicity_passed_at"])
    for entry in window.entries.filter(objection_upheld=False).select_related("application"):
        record_event(
            edition=window.edition,
            kind=DeliberationEvent.Kind.PUBLICITY_PASSED,
            actor=actor,
            application=entry.application,
            proposed_list=proposed_list,
            note=window.title,
        )


def disqualify_and_substitute(*, objection: Objection, actor: User) -> Proposal | None:
    """The OBJECTION_UPHELD step of a proposed or substitute list: the entry is disqualified
    through the lifecycle, and its place goes to the next-highest eligible application of the
    same kind (递补), proposed on a substitute list for the leadership group and, once
    approved, publicized in its own window. The place stays vacant when nobody is left."""
    application = Application.objects.select_related("edition", "category").get(
        pk=objection.entry.application_id
    )
    if not status_allows(application, "disqualify"):  # no longer approved: no place to fill
        record_event(
            kind=DeliberationEvent.Kind.OBJECTION_UPHELD,
            actor=actor,
            application=application,
            note=_("异议 %(ref)s 成立；该申报当前状态为“%(status)s”，不涉及名额。")
            % {"ref": objection.reference, "status": application.get_status_display()},
        )
        return None
    vacated = selectors.latest_approved_proposal(application)
    move(
        application=application,
        to=Status.DISQUALIFIED,
        actor=actor,
        reason=_("公示期间异议成立（%(ref)s）：%(finding)s")
        % {"ref": objection.reference, "finding": objection.finding},
        extra={"objection": objection},
    )
    record_event(
        kind=DeliberationEvent.Kind.OBJECTION_UPHELD,
        actor=actor,
        application=application,
        proposed_list=vacated.proposed_list if vacated else None,
        note=_("异议 %(ref)s 成立，取消拟获奖资格。") % {"ref": objection.reference},
    )
    return substitute_for(application=application, vacated=vacated, actor=actor)


def substitute_for(
    *, application: Application, vacated: Proposal | None, actor: User
) -> Proposal | None:
    """Propose the next-highest eligible application of the same kind for the freed place."""
    edition = application.edition
    kind = application.category.kind
    row = selectors.next_substitute(edition, kind)
    if row is None or selectors.open_places(edition)[kind] == 0:
        record_event(
            kind=DeliberationEvent.Kind.PLACE_VACANT,
            actor=actor,
            application=application,
            note=_("没有综合得分达到最低分的其他申报，该%(kind)s奖名额空缺。")
            % {"kind": _kind_label(kind)},
        )
        return None
    proposed_list = selectors.draft_list(edition)
    if proposed_list is None:
        proposed_list = ProposedList.objects.create(
            edition=edition,
            kind=ProposedList.Kind.SUBSTITUTE,
            summary=_(
                "“%(name)s”在公示期间异议成立，取消拟获奖资格。按综合得分高低依次递补，"
                "提请领导小组审议。"
            )
            % {"name": application.applicant_name},
        )
    elif proposed_list.kind != ProposedList.Kind.SUBSTITUTE:
        raise ReviewError(_("本届还有一份待审议的拟获奖建议名单，不能递补。"))
    proposal = _propose(proposed_list=proposed_list, row=row, actor=actor, replaces=vacated)
    record_event(
        kind=DeliberationEvent.Kind.SUBSTITUTED,
        actor=actor,
        application=row.application,
        proposed_list=proposed_list,
        note=_("递补“%(old)s”的名额：同类排名第%(rank)d，综合得分%(score)s。")
        % {"old": application.applicant_name, "rank": row.rank, "score": row.composite},
    )
    return proposal


def conclude_deliberation(
    *, edition: Edition, actor: User, reason: str = "", ip: str | None = None
) -> EditionEvent:
    """End stage 7 once the list stands: the applications that got no place leave the award
    (through the lifecycle, with the reason) and the edition moves on to 表扬授奖."""
    require_office(actor, access.DELIBERATION)
    with transaction.atomic():
        locked = locked_edition(edition, Stage.DELIBERATION)
        problem = selectors.winners_publicized_problem(locked)
        if problem:
            raise ReviewError(problem)
        for application in Application.objects.filter(
            edition=locked, status=Status.DELIBERATION
        ).order_by("reference"):
            move(
                application=application,
                to=Status.ELIMINATED,
                actor=actor,
                reason=_("经综合评审，未列入拟获奖名单。"),
                ip=ip,
            )
        try:
            event = advance_edition(edition=locked, actor=actor, reason=reason)
        except TransitionError as exc:
            raise ReviewError(exc.message) from exc
        record_event(
            edition=locked,
            kind=DeliberationEvent.Kind.DELIBERATION_CONCLUDED,
            actor=actor,
            note=reason,
        )
    edition.refresh_from_db()
    return event
