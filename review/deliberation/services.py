"""Every write of stages 7 and 8 (审议公示, 表扬授奖): the proposed list, the leadership group's
decision, the proposed-winner publicity and its substitutions (递补), the city government's
approval, certificates, the commendation notice, revocations and closing the edition.

Status moves go through applications.lifecycle.transition; each step also leaves a
DeliberationEvent, so the whole story of a place can be read back in order.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.lifecycle import TransitionError, advance_edition
from applications.lifecycle import transition as move_application
from applications.models import Application, Edition, EditionEvent, Stage, Status
from award_portal import glyphs
from award_portal.accounts.models import ApplicantKind, User
from award_portal.workflow.engine import transition
from publicity.models import Objection, PublicityWindow, WindowKind
from publicity.notice import chinese_date
from publicity.services import PublicityError, create_window, inspect_evidence, publish_window
from review.deliberation import selectors
from review.errors import ReviewError, require_office
from review.models import (
    Certificate,
    CommendationNotice,
    DeliberationEvent,
    EditionArchive,
    GovernmentApproval,
    LeadershipDecision,
    Proposal,
    ProposedList,
    Revocation,
)
from review.permissions import may_decide_for_leadership

KIND_CODES = {ApplicantKind.ORGANIZATION: "ZZ", ApplicantKind.INDIVIDUAL: "GR"}


# --- small helpers -------------------------------------------------------------------------------


def _require_stage(edition: Edition, stage: str) -> None:
    if edition.stage == Stage.CLOSED:
        raise ReviewError(_("本届评选已结束归档，不能再修改。"))
    if edition.stage != stage:
        raise ReviewError(
            _("本届评选当前处于“%(current)s”阶段，此操作属于“%(stage)s”阶段。")
            % {"current": Stage(edition.stage).label, "stage": Stage(stage).label}
        )


def _required(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ReviewError(message)
    return value


def _not_future(day: date, label: str) -> None:
    if day > timezone.localdate():
        raise ReviewError(_("%(label)s不能晚于今天。") % {"label": label})


def _event(
    *,
    edition: Edition,
    kind: str,
    actor: User | None,
    note: str = "",
    application: Application | None = None,
    proposed_list: ProposedList | None = None,
) -> DeliberationEvent:
    return DeliberationEvent.objects.create(
        edition=edition,
        kind=kind,
        actor=actor,
        note=note,
        application=application,
        proposed_list=proposed_list,
    )


def _move(*, application: Application, to: str, actor: User, reason: str, **kwargs) -> None:
    try:
        move_application(application=application, to=to, actor=actor, reason=reason, **kwargs)
    except TransitionError as exc:
        raise ReviewError(
            _("“%(name)s”：%(message)s")
            % {"name": application.applicant_name or application.reference, "message": exc.message}
        ) from exc


def _store_attachment(upload: UploadedFile | None) -> tuple[str, str]:
    """Check a scanned document by its content (PDF, JPG or PNG) and store it under a
    server-generated name. Returns (stored name, original name), or two blanks."""
    if upload is None:
        return "", ""
    try:
        checked = inspect_evidence(upload)
    except PublicityError as exc:
        raise ReviewError(exc.message) from exc
    stored = default_storage.save(
        f"review/decisions/{uuid.uuid4().hex}.{checked.extension}", checked.upload
    )
    return stored, (upload.name or "")[:200]


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
    require_office(actor)
    summary = _required(summary, _("请填写综合评审意见（综合评审报告的结论部分）。"))
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        _require_stage(locked, Stage.DELIBERATION)
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
        _event(
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
    _move(
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
    if not may_decide_for_leadership(actor):
        raise ReviewError(_("只有领导小组或市质量强市办可以记录领导小组的审议结果。"))
    document_number = _required(document_number, _("请填写文号或会议纪要编号。"))
    opinion = (opinion or "").strip()
    if not approved and not opinion:
        raise ReviewError(_("退回名单须填写领导小组的审议意见。"))
    _not_future(meeting_date, _("会议日期"))
    stored = ""
    try:
        with transaction.atomic():
            locked = (
                ProposedList.objects.select_for_update(of=("self",))
                .select_related("edition")
                .get(pk=proposed_list.pk)
            )
            _require_stage(locked.edition, Stage.DELIBERATION)
            if locked.state != ProposedList.State.DRAFT:
                raise ReviewError(
                    _("该名单已有审议结果（%(state)s），不能重复记录。")
                    % {"state": locked.get_state_display()}
                )
            stored, original_name = _store_attachment(attachment)
            outcomes = LeadershipDecision.Outcome
            outcome = outcomes.APPROVED if approved else outcomes.RETURNED
            decision = LeadershipDecision.objects.create(
                proposed_list=locked,
                outcome=outcome,
                meeting_date=meeting_date,
                document_number=document_number,
                opinion=opinion,
                attachment=stored,
                attachment_name=original_name,
                recorded_by=actor,
            )
            locked = transition(
                locked, "approve" if approved else "return", actor, reason=opinion, ip=ip
            )
            for proposal in locked.proposals.select_related("application").order_by("id"):
                if approved:
                    _move(
                        application=proposal.application,
                        to=Status.APPROVED,
                        actor=actor,
                        reason=_("领导小组审议通过（%(number)s，%(day)s）。")
                        % {"number": document_number, "day": chinese_date(meeting_date)},
                        ip=ip,
                    )
                else:
                    _move(
                        application=proposal.application,
                        to=Status.DELIBERATION,
                        actor=actor,
                        reason=opinion,
                        ip=ip,
                    )
            _event(
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
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
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
    require_office(actor)
    title = _required(title, _("请填写公示标题。"))
    body = _required(body, _("请填写公示正文。"))
    try:
        with transaction.atomic():
            locked = (
                ProposedList.objects.select_for_update(of=("self",))
                .select_related("edition", "window")
                .get(pk=proposed_list.pk)
            )
            _require_stage(locked.edition, Stage.DELIBERATION)
            if locked.state != ProposedList.State.APPROVED:
                raise ReviewError(_("只有经领导小组审议通过的名单才能公示。"))
            window = locked.window
            if window is not None and window.status != PublicityWindow.Status.WITHDRAWN:
                raise ReviewError(_("该名单已经公示。"))
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
            _event(
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
        _event(
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
    edition = application.edition
    if application.status != Status.APPROVED:
        _event(
            edition=edition,
            kind=DeliberationEvent.Kind.OBJECTION_UPHELD,
            actor=actor,
            application=application,
            note=_("异议 %(ref)s 成立；该申报当前状态为“%(status)s”，不涉及名额。")
            % {"ref": objection.reference, "status": application.get_status_display()},
        )
        return None
    vacated = selectors.latest_approved_proposal(application)
    _move(
        application=application,
        to=Status.DISQUALIFIED,
        actor=actor,
        reason=_("公示期间异议成立（%(ref)s）：%(finding)s")
        % {"ref": objection.reference, "finding": objection.finding},
        extra={"objection": objection},
    )
    _event(
        edition=edition,
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
        _event(
            edition=edition,
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
    _event(
        edition=edition,
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
    require_office(actor)
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        _require_stage(locked, Stage.DELIBERATION)
        problem = selectors.winners_publicized_problem(locked)
        if problem:
            raise ReviewError(problem)
        for application in Application.objects.filter(
            edition=locked, status=Status.DELIBERATION
        ).order_by("reference"):
            _move(
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
        _event(
            edition=locked,
            kind=DeliberationEvent.Kind.DELIBERATION_CONCLUDED,
            actor=actor,
            note=reason,
        )
    edition.refresh_from_db()
    return event


# --- award ---------------------------------------------------------------------------------------


def _certificate_number(edition: Edition, kind: str, sequence: int) -> str:
    prefix = settings.CERTIFICATE_NUMBER_PREFIX
    return f"{prefix}-{edition.number:02d}-{KIND_CODES[kind]}{sequence:03d}"


def record_government_approval(
    *,
    edition: Edition,
    actor: User,
    document_number: str,
    approved_on: date,
    note: str = "",
    attachment: UploadedFile | None = None,
    ip: str | None = None,
) -> GovernmentApproval:
    """Record the city government's approval of the winners (document number, date): every
    approved winner is awarded through the lifecycle and gets a certificate number."""
    require_office(actor)
    document_number = _required(document_number, _("请填写市政府审定文件的文号。"))
    _not_future(approved_on, _("审定日期"))
    stored = ""
    try:
        with transaction.atomic():
            locked = Edition.objects.select_for_update().get(pk=edition.pk)
            _require_stage(locked, Stage.COMMENDATION)
            if GovernmentApproval.objects.filter(edition=locked).exists():
                raise ReviewError(_("市政府审定已经记录，不能重复记录。"))
            stored, original_name = _store_attachment(attachment)
            approval = GovernmentApproval.objects.create(
                edition=locked,
                document_number=document_number,
                approved_on=approved_on,
                note=(note or "").strip(),
                attachment=stored,
                attachment_name=original_name,
                recorded_by=actor,
            )
            _event(
                edition=locked,
                kind=DeliberationEvent.Kind.GOVERNMENT_APPROVED,
                actor=actor,
                note=f"{document_number} {chinese_date(approved_on)}",
            )
            winners = list(selectors.approved_applications(locked))
            _ensure_certificates_drawable(locked, winners)
            ranking = selectors.composite_ranking(locked)
            approved = {a.pk for a in winners}
            for kind in selectors.KINDS:
                sequence = Certificate.objects.filter(
                    application__edition=locked, kind=kind
                ).count()
                for row in ranking.get(kind, []):
                    if row.application.pk not in approved:
                        continue
                    _move(
                        application=row.application,
                        to=Status.AWARDED,
                        actor=actor,
                        reason=_("市政府审定（%(number)s），予以表扬。")
                        % {"number": document_number},
                        ip=ip,
                    )
                    sequence += 1
                    _issue_certificate(
                        application=row.application,
                        approval=approval,
                        number=_certificate_number(locked, kind, sequence),
                        actor=actor,
                    )
    except BaseException:
        if stored:
            default_storage.delete(stored)
        raise
    return approval


def _ensure_certificates_drawable(edition: Edition, winners: Sequence[Application]) -> None:
    """Refuse to issue certificates whose text has a character no installed font draws: a
    name would come out with a box or a gap on the one document a winner keeps."""
    texts = [(_("奖项名称"), edition.name), (_("颁发机关"), settings.AWARD_GOVERNMENT)]
    texts += [
        (
            _("%(ref)s“%(name)s”") % {"ref": a.reference, "name": a.applicant_name},
            a.applicant_name or a.reference,
        )
        for a in winners
    ]
    found = glyphs.problems(texts)
    if found:
        raise ReviewError(
            _(
                "证书内容中有系统已安装的字体均无法显示的字符，证书会缺字，不能颁发："
                "%(problems)s。请核实获奖名称的写法（生僻字须使用标准字符），或由系统管理员"
                "安装包含该字的字体后再记录市政府审定。"
            )
            % {"problems": "；".join(found)}
        )


def _issue_certificate(
    *, application: Application, approval: GovernmentApproval, number: str, actor: User
) -> Certificate:
    certificate = Certificate.objects.create(
        application=application,
        number=number,
        holder_name=application.applicant_name or application.reference,
        award_name=application.edition.name,
        category_name=application.category.name,
        kind=application.category.kind,
        issued_on=approval.approved_on,
        issuer=settings.AWARD_GOVERNMENT,
        document_number=approval.document_number,
    )
    _event(
        edition=application.edition,
        kind=DeliberationEvent.Kind.CERTIFICATE_ISSUED,
        actor=actor,
        application=application,
        note=number,
    )
    return certificate


def default_commendation_texts(edition: Edition) -> dict[str, str]:
    return {
        "title": _("%(government)s关于表扬%(edition)s获奖组织和个人的决定")
        % {"government": settings.AWARD_GOVERNMENT, "edition": edition.name},
        "body": _(
            "为深入实施质量强市战略，激励全市广大组织和个人争创一流质量，经自愿申报、初核推荐、"
            "审查受理、材料评审、现场评审、陈述答辩、审议公示等程序，市政府决定，对下列组织和"
            "个人予以表扬，并颁发证书和奖牌。\n希望受到表扬的组织和个人珍惜荣誉、再接再厉，"
            "充分发挥示范引领作用。"
        ),
    }


def publish_commendation(
    *,
    edition: Edition,
    actor: User,
    title: str,
    body: str,
    document_number: str = "",
    issued_on: date | None = None,
) -> CommendationNotice:
    """Publish the commendation decision (表扬决定) on the public site."""
    require_office(actor)
    title = _required(title, _("请填写表扬决定的标题。"))
    body = _required(body, _("请填写表扬决定的正文。"))
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        _require_stage(locked, Stage.COMMENDATION)
        approval = GovernmentApproval.objects.filter(edition=locked).first()
        if approval is None:
            raise ReviewError(_("请先记录市政府审定，再发布表扬决定。"))
        if CommendationNotice.objects.filter(edition=locked).exists():
            raise ReviewError(_("表扬决定已经发布。"))
        issued_on = issued_on or approval.approved_on
        _not_future(issued_on, _("发文日期"))
        notice = CommendationNotice.objects.create(
            edition=locked,
            title=title,
            document_number=(document_number or "").strip() or approval.document_number,
            body=body,
            issued_on=issued_on,
            published_by=actor,
        )
        _event(
            edition=locked,
            kind=DeliberationEvent.Kind.NOTICE_PUBLISHED,
            actor=actor,
            note=f"{notice.document_number} {notice.title}",
        )
    return notice


def revoke_award(
    *,
    application: Application,
    actor: User,
    reason: str,
    document_number: str,
    decided_on: date,
    ip: str | None = None,
) -> Revocation:
    """Revoke an award later (动态管理): the lifecycle's `revoke` move, whose effect records
    the revocation beside the certificate (see guards.record_revocation), exactly as the
    move's button on the application's pages does; nothing is deleted."""
    require_office(actor)
    try:
        move_application(
            application=application,
            to=Status.REVOKED,
            actor=actor,
            reason=reason,
            ip=ip,
            data={"document_number": document_number, "decided_on": decided_on},
        )
    except TransitionError as exc:
        raise ReviewError(exc.message) from exc
    return Revocation.objects.get(application=application)


def close_edition(*, edition: Edition, actor: User, reason: str = "") -> EditionArchive:
    """Close the edition after the commendation: it becomes a read-only archive with its
    statistics as they stand now."""
    require_office(actor)
    with transaction.atomic():
        locked = Edition.objects.select_for_update().get(pk=edition.pk)
        _require_stage(locked, Stage.COMMENDATION)
        statistics = selectors.edition_statistics(locked)
        try:
            advance_edition(edition=locked, actor=actor, reason=reason)
        except TransitionError as exc:
            raise ReviewError(exc.message) from exc
        archive = EditionArchive.objects.create(
            edition=locked, statistics=statistics, closed_by=actor
        )
        _event(edition=locked, kind=DeliberationEvent.Kind.EDITION_CLOSED, actor=actor, note=reason)
    edition.refresh_from_db()
    return archive
