"""Writes of stage 1 (自愿申报): drafts, materials, collaborators and the submission."""

from __future__ import annotations

import logging
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import lifecycle, outbox
from applications.editions.selectors import call_state, offered_categories
from applications.intake.forms import as_form_data, form_class_for
from applications.intake.materials import (
    MaterialRejected,
    check_upload,
    max_total_bytes,
    text_length,
)
from applications.intake.selectors import SINGLE_MATERIALS
from applications.models import (
    Application,
    ApplicationEvent,
    Category,
    Edition,
    Invitation,
    Material,
    MaterialKind,
    Stage,
    Status,
)
from award_portal import access
from award_portal.accounts.models import ApplicantKind, User
from award_portal.actions import Refusal
from award_portal.workflow.engine import check, project

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = getattr(settings, "AWARD_REFERENCE_PREFIX", "PZH")
MAX_EVIDENCE_FILES = 50
INVITATION_DAYS = 7
# The channel is fixed once a unit has seen the application: a returned one goes back to it.
LOCKED_WHEN_RETURNED = ("unit",)


class ApplicationError(Refusal):
    """A refused write; `message` is Chinese and is shown as is."""


def _ensure_applicant(application: Application, actor: User) -> None:
    if not access.may(actor, access.EDIT, access.APPLICATION, application):
        raise ApplicationError(_("您无权修改这份申报。"))


def _ensure_allowed(application: Application, act: str, actor: User) -> None:
    """The application's status allows the act (see applications.lifecycle.acts)."""
    try:
        check(application, act, actor)
    except lifecycle.TransitionError as refusal:
        raise ApplicationError(refusal.message) from None


def locked_fields(application: Application) -> tuple[str, ...]:
    return LOCKED_WHEN_RETURNED if application.status == Status.RETURNED else ()


# --- creating -----------------------------------------------------------------------------------


def _next_reference(edition: Edition) -> str:
    prefix = f"{REFERENCE_PREFIX}{edition.number}-{edition.applications_open.year}-"
    numbers = [
        int(ref.rsplit("-", 1)[1])
        for ref in Application.objects.filter(reference__startswith=prefix).values_list(
            "reference", flat=True
        )
        if ref.rsplit("-", 1)[1].isdigit()
    ]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def create_application(
    *, owner: User, category: Category, edition: Edition | None = None
) -> Application:
    """Open a new draft of `category` for `owner` in the current edition."""
    edition = edition or Edition.current()
    if edition is None:
        raise ApplicationError(_("当前没有正在进行的评选。"))
    if not access.may(owner, access.EDIT, access.APPLICATION):
        raise ApplicationError(_("只有申报账户可以填写申报。"))
    if edition.is_draft:
        raise ApplicationError(_("本届评选的征集通知尚未发布。"))
    if edition.stage != Stage.APPLICATION:
        raise ApplicationError(_("本届评选的申报阶段已经结束。"))
    call = call_state(edition)
    if not call.is_open:
        raise ApplicationError(call.message)
    if not offered_categories(edition).filter(pk=category.pk).exists():
        raise ApplicationError(_("本届评选不设“%(category)s”类别。") % {"category": category.name})
    if owner.applicant_kind and owner.applicant_kind != category.kind:
        raise ApplicationError(
            _("您注册的是“%(kind)s”账户，不能填写“%(category)s”申报表。")
            % {"kind": ApplicantKind(owner.applicant_kind).label, "category": category.name}
        )
    existing = (
        Application.objects.filter(owner=owner, edition=edition, category=category)
        .exclude(status=Status.WITHDRAWN)
        .first()
    )
    if existing is not None:
        raise ApplicationError(
            _("您在本届已有一份“%(category)s”申报（%(reference)s），请继续填写该申报。")
            % {"category": category.name, "reference": existing.reference}
        )
    initial = {}
    if category.kind == ApplicantKind.ORGANIZATION and owner.organization_name:
        initial["org_name"] = owner.organization_name
    for attempt in range(5):
        try:
            with transaction.atomic():
                # Serialize numbering per edition; the unique constraint is the last word.
                Edition.objects.select_for_update().filter(pk=edition.pk).first()
                application = Application.objects.create(
                    edition=edition,
                    category=category,
                    owner=owner,
                    reference=_next_reference(edition),
                    applicant_name=owner.organization_name
                    if category.kind == ApplicantKind.ORGANIZATION
                    else owner.full_name,
                    data=initial,
                )
                project(application)
                return application
        except IntegrityError:
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


# --- the draft ------------------------------------------------------------------------------------


def save_draft(*, application: Application, actor: User, values: dict) -> Application:
    """Keep what was typed, mistakes included; update the columns that can be read from it."""
    _ensure_applicant(application, actor)
    form_class = form_class_for(application.category)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _ensure_allowed(locked, "edit", actor)
        keep = locked_fields(locked)
        data = {name: value for name, value in values.items() if name not in keep}
        data.update({name: locked.data[name] for name in keep if name in locked.data})
        form = form_class(data=as_form_data(data), edition=application.edition)
        form.is_valid()  # lenient: only what was typed wrongly is left out
        cleaned = form.cleaned_data
        changes = {
            "data": data,
            "applicant_name": str(cleaned.get(form.name_field) or "")[:200],
            "identifier": str(cleaned.get(form.identifier_field) or "")[:18],
            "publicity_start": cleaned.get("publicity_start"),
            "publicity_end": cleaned.get("publicity_end"),
            "updated_at": timezone.now(),
        }
        if "unit" not in keep:
            unit = cleaned.get("unit")
            changes["unit_id"] = int(unit) if unit else None
        Application.objects.filter(pk=locked.pk).update(**changes)
        project(locked)
    for name, value in changes.items():
        setattr(application, name, value)  # setting unit_id drops a stale cached unit
    return application


# --- materials --------------------------------------------------------------------------------


def add_material(
    *, application: Application, actor: User, kind: str, upload: UploadedFile
) -> Material:
    """Check and store one file, or raise MaterialRejected and store nothing.

    Self-assessment reports, publicity proofs and recommendation opinions are single files:
    a new upload replaces the old one. Supporting evidence accumulates.
    """
    _ensure_applicant(application, actor)
    if kind not in MaterialKind.values:
        raise MaterialRejected(_("请选择材料类型。"))
    checked = check_upload(upload)
    length = (
        text_length(upload, checked.content_type) if kind == MaterialKind.SELF_ASSESSMENT else None
    )
    material = None
    try:
        with transaction.atomic():
            locked = Application.objects.select_for_update().get(pk=application.pk)
            try:
                _ensure_allowed(locked, "edit", actor)
            except ApplicationError as exc:
                raise MaterialRejected(exc.message) from exc
            existing = list(locked.materials.all())
            replaced = [m for m in existing if kind in SINGLE_MATERIALS and m.kind == kind]
            kept = [m for m in existing if m not in replaced]
            if any(m.kind == kind and m.sha256 == checked.sha256 for m in kept):
                raise MaterialRejected(
                    _("“%(name)s”与已上传的文件完全相同，无需重复上传。")
                    % {"name": checked.original_name}
                )
            if (
                kind == MaterialKind.EVIDENCE
                and sum(m.kind == kind for m in kept) >= MAX_EVIDENCE_FILES
            ):
                raise MaterialRejected(
                    _("证实性材料最多%(n)d个文件，请合并后上传。") % {"n": MAX_EVIDENCE_FILES}
                )
            used = sum(m.size for m in kept)
            if used + checked.size > max_total_bytes():
                raise MaterialRejected(
                    _(
                        "“%(name)s”上传后材料总大小将超过每份申报%(limit)dMB的上限"
                        "（已用%(used).1fMB），已拒收。"
                    )
                    % {
                        "name": checked.original_name,
                        "limit": settings.MATERIAL_MAX_TOTAL_MB,
                        "used": used / 1024 / 1024,
                    }
                )
            material = Material(
                application=locked,
                kind=kind,
                original_name=checked.original_name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                text_length=length,
                uploaded_by=actor,
            )
            upload.seek(0)
            material.file.save(f"{uuid.uuid4().hex}.{checked.extension}", upload, save=False)
            material.save()
            for old in replaced:
                _delete_material_row(old)
            Application.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
            project(locked)
    except BaseException:
        if material is not None and material.file.name:
            material.file.storage.delete(material.file.name)
        raise
    return material


def _delete_material_row(material: Material) -> None:
    name, storage = material.file.name, material.file.storage
    Material.objects.filter(pk=material.pk).delete()
    transaction.on_commit(lambda: storage.delete(name))


def remove_material(*, application: Application, actor: User, material: Material) -> None:
    _ensure_applicant(application, actor)
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        _ensure_allowed(locked, "edit", actor)
        if material.application_id != locked.pk:
            raise ApplicationError(_("该材料不属于这份申报。"))
        _delete_material_row(material)


# --- the submission ----------------------------------------------------------------------------


def submit_application(
    *, application: Application, actor: User, ip: str | None = None
) -> ApplicationEvent:
    """Submit a draft, or resubmit a returned application, through the lifecycle.

    The guards "application_complete" and "internal_publicity_done" (applications.guards)
    and the edition's window decide; a refusal raises lifecycle.TransitionError.
    """
    with transaction.atomic():
        event = lifecycle.transition(
            application=application, to=Status.SUBMITTED, actor=actor, ip=ip
        )
        if event.move == "resubmit":
            # Per-field notes belong to the round that returned it; the events keep them.
            Application.objects.filter(pk=application.pk).update(return_notes={})
            application.return_notes = {}
    return event


def set_return_notes(
    *, application: Application, actor: User, notes: dict[str, str]
) -> dict[str, str]:
    """Record the recommending unit's reasons next to the fields they concern.

    Call it together with the "return" move; keys that are not fields of the category's form
    are dropped. The notes are shown beside the fields until the application is resubmitted.
    """
    if not access.may(actor, access.ACT_ON, access.RECOMMENDATION, application):
        raise ApplicationError(_("只有所选推荐单位可以填写退回意见。"))
    fields = form_class_for(application.category)(edition=application.edition).fields
    cleaned = {
        name: text.strip()[:1000]
        for name, text in (notes or {}).items()
        if name in fields and text and text.strip()
    }
    Application.objects.filter(pk=application.pk).update(return_notes=cleaned)
    application.return_notes = cleaned
    return cleaned


# --- collaborators ----------------------------------------------------------------------------


def invite_collaborator(*, application: Application, inviter: User, email: str) -> Invitation:
    """Invite a colleague of the organization to edit the same application, by email."""
    if application.owner_id != inviter.pk:
        raise ApplicationError(_("只有申报账户的创建人可以邀请同事。"))
    if not application.is_organization:
        raise ApplicationError(_("个人申报不能邀请他人共同填写。"))
    _ensure_allowed(application, "invite", inviter)
    email = email.strip().lower()
    if email == (inviter.email or "").lower():
        raise ApplicationError(_("不能邀请自己。"))
    if application.collaborators.filter(email__iexact=email).exists():
        raise ApplicationError(_("该同事已经是本申报的协作者。"))
    now = timezone.now()
    with transaction.atomic():
        Invitation.objects.filter(
            application=application, email=email, accepted_at__isnull=True
        ).delete()
        invitation = Invitation.objects.create(
            application=application,
            email=email,
            token=secrets.token_urlsafe(32),
            invited_by=inviter,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
        url = settings.SITE_URL + reverse(
            "applications:accept_invitation", kwargs={"token": invitation.token}
        )
        outbox.queue_email(
            recipient=email,
            subject=_("邀请您共同填写%(name)s的质量奖申报")
            % {"name": application.applicant_name or application.reference},
            template="applications/email/invitation.txt",
            context={
                "inviter": inviter,
                "application": application,
                "invitation": invitation,
                "url": url,
                "days": INVITATION_DAYS,
            },
        )
    return invitation


def invitee_email_problem(*, invitation: Invitation, user: User) -> str | None:
    """Why this account's email does not let it accept the invitation, or None.

    An invitation goes to an address; whoever holds the link is not thereby the colleague.
    Only the account whose verified address is the invited one may accept it."""
    if not user.has_verified_email:
        return _(
            "请先验证您的邮箱再接受邀请：打开验证邮件中的链接，"
            "或在“我的账户 → 邮箱验证”页面重新发送验证邮件。"
        )
    if user.verified_email.lower() != invitation.email.lower():
        return _(
            "这份邀请发给了 %(invited)s，只有以该邮箱注册并验证的账户可以接受；"
            "您当前账户的邮箱是 %(own)s。请用受邀邮箱登录或注册，或请邀请人改邀您的邮箱。"
        ) % {"invited": invitation.email, "own": user.email}
    return None


def accept_invitation(*, token: str, user: User) -> Application:
    """Add the signed-in account to the invited application's collaborators."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update()
            .select_related("application")
            .filter(token=token)
            .first()
        )
        if invitation is None:
            raise ApplicationError(_("邀请链接无效，请向邀请人核实。"))
        application = invitation.application
        if invitation.accepted_at is not None:
            if invitation.accepted_by_id == user.pk:
                return application
            raise ApplicationError(_("该邀请已被使用。"))
        if invitation.expires_at < timezone.now():
            raise ApplicationError(_("邀请已过期，请联系邀请人重新发送。"))
        if not access.may(user, access.EDIT, access.APPLICATION):
            raise ApplicationError(_("只有申报账户可以接受邀请，请使用申报账户登录。"))
        if application.owner_id == user.pk:
            raise ApplicationError(_("您是这份申报的创建人，无需接受邀请。"))
        problem = invitee_email_problem(invitation=invitation, user=user)
        if problem:
            raise ApplicationError(problem)
        application.collaborators.add(user)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = user
        invitation.save(update_fields=["accepted_at", "accepted_by"])
    return application


def remove_collaborator(*, application: Application, actor: User, user: User) -> None:
    if application.owner_id != actor.pk:
        raise ApplicationError(_("只有申报账户的创建人可以移除协作者。"))
    application.collaborators.remove(user)
