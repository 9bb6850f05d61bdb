"""Every write of stage 8 (表扬授奖) and after: the city government's approval with the winners'
certificates, the commendation notice, a later revocation, and closing the edition.

Status moves go through applications.lifecycle.transition; each step also leaves a
DeliberationEvent, as the steps of stage 7 do.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from applications.lifecycle import TransitionError, advance_edition
from applications.lifecycle import transition as move_application
from applications.models import Application, Edition, Stage, Status
from award_portal import access
from award_portal.accounts.models import ApplicantKind, User
from award_portal.documents import glyphs
from publicity.notice import chinese_date
from review.awards import selectors
from review.deliberation import selectors as deliberation_selectors
from review.deliberation.steps import (
    attachment_storage,
    locked_edition,
    move,
    not_future,
    record_event,
    required,
)
from review.errors import ReviewError, require_office
from review.models import (
    Certificate,
    CommendationNotice,
    DeliberationEvent,
    EditionArchive,
    GovernmentApproval,
    Revocation,
)

KIND_CODES = {ApplicantKind.ORGANIZATION: "ZZ", ApplicantKind.INDIVIDUAL: "GR"}


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
    require_office(actor, access.AWARD)
    document_number = required(document_number, _("请填写市政府审定文件的文号。"))
    not_future(approved_on, _("审定日期"))
    with attachment_storage() as store, transaction.atomic():
        locked = locked_edition(edition, Stage.COMMENDATION)
        if GovernmentApproval.objects.filter(edition=locked).exists():
            raise ReviewError(_("市政府审定已经记录，不能重复记录。"))
        approval = GovernmentApproval.objects.create(
            edition=locked,
            document_number=document_number,
            approved_on=approved_on,
            note=(note or "").strip(),
            **store(attachment),
            recorded_by=actor,
        )
        record_event(
            edition=locked,
            kind=DeliberationEvent.Kind.GOVERNMENT_APPROVED,
            actor=actor,
            note=f"{document_number} {chinese_date(approved_on)}",
        )
        winners = list(selectors.approved_applications(locked))
        _ensure_certificates_drawable(locked, winners)
        ranking = deliberation_selectors.composite_ranking(locked)
        approved = {a.pk for a in winners}
        for kind in deliberation_selectors.KINDS:
            sequence = Certificate.objects.filter(application__edition=locked, kind=kind).count()
            for row in ranking.get(kind, []):
                if row.application.pk not in approved:
                    continue
                move(
                    application=row.application,
                    to=Status.AWARDED,
                    actor=actor,
                    reason=_("市政府审定（%(number)s），予以表扬。") % {"number": document_number},
                    ip=ip,
                )
                sequence += 1
                _issue_certificate(
                    application=row.application,
                    approval=approval,
                    number=_certificate_number(locked, kind, sequence),
                    actor=actor,
                )
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
    record_event(
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
    require_office(actor, access.AWARD)
    title = required(title, _("请填写表扬决定的标题。"))
    body = required(body, _("请填写表扬决定的正文。"))
    with transaction.atomic():
        locked = locked_edition(edition, Stage.COMMENDATION)
        approval = GovernmentApproval.objects.filter(edition=locked).first()
        if approval is None:
            raise ReviewError(_("请先记录市政府审定，再发布表扬决定。"))
        if CommendationNotice.objects.filter(edition=locked).exists():
            raise ReviewError(_("表扬决定已经发布。"))
        issued_on = issued_on or approval.approved_on
        not_future(issued_on, _("发文日期"))
        notice = CommendationNotice.objects.create(
            edition=locked,
            title=title,
            document_number=(document_number or "").strip() or approval.document_number,
            body=body,
            issued_on=issued_on,
            published_by=actor,
        )
        record_event(
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
    require_office(actor, access.AWARD)
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
    require_office(actor, access.AWARD)
    with transaction.atomic():
        locked = locked_edition(edition, Stage.COMMENDATION)
        statistics = selectors.edition_statistics(locked)
        try:
            advance_edition(edition=locked, actor=actor, reason=reason)
        except TransitionError as exc:
            raise ReviewError(exc.message) from exc
        archive = EditionArchive.objects.create(
            edition=locked, statistics=statistics, closed_by=actor
        )
        record_event(
            edition=locked, kind=DeliberationEvent.Kind.EDITION_CLOSED, actor=actor, note=reason
        )
    edition.refresh_from_db()
    return archive
