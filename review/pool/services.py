"""Writes on the expert pool and the edition's review settings: enlisting an existing account,
creating an expert's account, and carrying over the pool of a past edition (the Excel list is
review.pool.importing).

An account becomes an expert only if its role is expert: the role of an applicant, a unit
officer or any other account is never changed here, so nobody who applies can score.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from applications import outbox
from applications.models import Edition
from award_portal import access
from award_portal.accounts.models import Role, User
from review.conflicts.services import detect_conflicts
from review.deliberation.composites import refresh_edition_composites
from review.errors import ReviewError, require_office
from review.models import EditionExpert, ExpertProfile, ReviewSettings
from review.pool.selectors import applying_accounts

logger = logging.getLogger(__name__)


# --- the edition's review settings ---------------------------------------------------------------


def ensure_settings(*, edition: Edition) -> ReviewSettings:
    settings_obj, _created = ReviewSettings.objects.get_or_create(edition=edition)
    return settings_obj


def update_settings(*, edition: Edition, actor: User, changes: Mapping) -> ReviewSettings:
    """Change the edition's review settings (a validated form's cleaned data)."""
    require_office(actor, access.EXPERT_PROFILE)
    with transaction.atomic():
        settings_obj = ReviewSettings.objects.select_for_update().get(
            pk=ensure_settings(edition=edition).pk
        )
        for name, value in changes.items():
            setattr(settings_obj, name, value)
        org = (
            settings_obj.material_weight_organization
            + settings_obj.onsite_weight_organization
            + settings_obj.defense_weight_organization
        )
        ind = settings_obj.material_weight_individual + settings_obj.onsite_weight_individual
        if org != 100 or ind != 100:
            raise ReviewError(_("组织与个人的各阶段权重之和都必须为 100%。"))
        settings_obj.save()
        # The stored composite scores follow the weights.
        refresh_edition_composites(edition)
    return settings_obj


# --- the expert pool -----------------------------------------------------------------------------


def add_to_pool(*, edition: Edition, expert: ExpertProfile, actor: User) -> EditionExpert:
    require_office(actor, access.EXPERT_PROFILE)
    membership, created = EditionExpert.objects.get_or_create(
        edition=edition, expert=expert, defaults={"added_by": actor}
    )
    if not created and not membership.is_active:
        EditionExpert.objects.filter(pk=membership.pk).update(is_active=True)
        membership.is_active = True
    detect_conflicts(edition=edition, experts=[expert])
    return membership


def remove_from_pool(*, membership: EditionExpert, actor: User) -> None:
    """Take an expert out of future draws; panels already formed are changed by hand."""
    require_office(actor, access.EXPERT_PROFILE)
    EditionExpert.objects.filter(pk=membership.pk).update(is_active=False)


# --- enlisting an account ------------------------------------------------------------------------

MOBILE_RE = re.compile(r"^1\d{10}$")
_MOBILE_NOISE = re.compile(r"[\s\-\u3000]+")

# What happened to an account offered to the pool.
ADDED = "added"
RESTORED = "restored"  # was in the pool, taken out of the draws, and now back
ALREADY = "already"


def normalize_mobile(value: str) -> str:
    value = _MOBILE_NOISE.sub("", value or "")
    return value.removeprefix("+86") if len(value) == 14 else value


def is_mobile(value: str) -> bool:
    return bool(MOBILE_RE.match(value))


def refusal_for(*, user: User, edition: Edition, applies: bool | None = None) -> str | None:
    """Why the account cannot be an expert of the edition, or None when it can."""
    if not user.is_active:
        return _("账户“%(name)s”已停用。") % {"name": user.display_name}
    if not access.may(user, access.ACT_ON, access.ASSIGNMENT):
        return _("“%(name)s”是%(role)s账户，不能加入专家库：评审专家须使用评审专家账户。") % {
            "name": user.display_name,
            "role": user.get_role_display(),
        }
    if applies is None:
        applies = bool(applying_accounts(edition, [user]))
    if applies:
        return _("“%(name)s”在本届有申报，不能担任本届评审专家。") % {"name": user.display_name}
    return None


def enlist_account(
    *,
    edition: Edition,
    actor: User,
    user: User,
    employer: str = "",
    title: str = "",
    specialty: str = "",
    phone: str = "",
) -> tuple[EditionExpert, str]:
    """Add an existing expert account to the edition's pool; one without an expert profile
    gets one from the details given (an inactive profile is made active again). Returns the
    membership and ADDED, RESTORED or ALREADY."""
    require_office(actor, access.EXPERT_PROFILE)
    reason = refusal_for(user=user, edition=edition)
    if reason:
        raise ReviewError(reason)
    phone = normalize_mobile(phone)
    if phone and not is_mobile(phone):
        raise ReviewError(_("手机号码格式不正确：应为以 1 开头的 11 位数字。"))
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        profile = ExpertProfile.objects.filter(user=user).first()
        if profile is None:
            employer = employer.strip() or user.organization_name.strip()
            if not employer:
                raise ReviewError(_("请填写“%(name)s”的工作单位。") % {"name": user.display_name})
            profile = ExpertProfile.objects.create(
                user=user,
                name=(user.full_name or user.username).strip()[:50],
                employer=employer[:200],
                title=title.strip()[:100],
                specialty=specialty.strip()[:100],
                phone=(phone or user.phone).strip()[:20],
                email=user.email,
            )
        elif not profile.is_active:
            profile.is_active = True
            profile.save(update_fields=["is_active"])
        membership, created = EditionExpert.objects.get_or_create(
            edition=edition, expert=profile, defaults={"added_by": actor}
        )
        outcome = ADDED if created else ALREADY
        if not created and not membership.is_active:
            EditionExpert.objects.filter(pk=membership.pk).update(is_active=True)
            membership.is_active = True
            outcome = RESTORED
    if outcome != ALREADY:
        detect_conflicts(edition=edition, experts=[profile], actor=actor)
    return membership, outcome


# --- a new account ------------------------------------------------------------------------------


def _invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )


def queue_invitation(user: User) -> bool:
    """Email the new expert a link to set their password (Django's password-reset link, valid
    for PASSWORD_RESET_TIMEOUT). Written to the outbox, sent after commit."""
    queued = outbox.email_account(
        user,
        subject=_("请设置您的市政府质量奖评审专家账户密码"),
        template="review/email/expert_invitation.txt",
        context={
            "url": _invitation_link(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "login_url": settings.SITE_URL + reverse("accounts:login"),
        },
    )
    return queued is not None


def new_expert_account(*, username: str, email: str, name: str, phone: str, employer: str) -> User:
    """An expert's account without a password: the expert sets one from the emailed link."""
    user = User(
        username=username,
        email=email,
        full_name=name,
        phone=phone,
        role=Role.EXPERT,
        organization_name=employer,
    )
    user.set_unusable_password()
    user.save()
    return user


def _account_with_email(email: str) -> User | None:
    if not email:
        return None
    return User.objects.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()


def create_expert_account(
    *,
    edition: Edition,
    actor: User,
    username: str,
    name: str,
    employer: str,
    email: str,
    employer_credit_code: str = "",
    specialty: str = "",
    industry: str = "",
    title: str = "",
    phone: str = "",
) -> tuple[ExpertProfile, bool]:
    """A new expert account (without a password), its profile and its place in the pool; the
    expert is emailed a link to set the password. Returns the profile and whether the email
    was queued. Experts sign in with a second factor, which they set up at the first sign-in."""
    require_office(actor, access.EXPERT_PROFILE)
    taken = User.objects.filter(username__iexact=username).first() or _account_with_email(email)
    if taken is not None:
        raise ReviewError(
            _("账户“%(account)s”（%(name)s）已存在。如是同一人，请用“添加已有账户”把它加入专家库。")
            % {"account": taken.username, "name": taken.display_name}
        )
    with transaction.atomic():
        user = new_expert_account(
            username=username, email=email, name=name, phone=phone, employer=employer
        )
        profile = ExpertProfile.objects.create(
            user=user,
            name=name,
            employer=employer,
            employer_credit_code=employer_credit_code.strip().upper(),
            specialty=specialty,
            industry=industry,
            title=title,
            phone=phone,
            email=email,
        )
        add_to_pool(edition=edition, expert=profile, actor=actor)
        invited = queue_invitation(profile.user)
    return profile, invited


def resend_invitation(*, membership: EditionExpert, actor: User) -> None:
    """Send the password link again to an expert who has not set a password yet."""
    require_office(actor, access.EXPERT_PROFILE)
    user = membership.expert.user
    if user.has_usable_password():
        raise ReviewError(_("该专家已设置密码；忘记密码时可在登录页点“忘记密码”自行重置。"))
    if not user.is_active:
        raise ReviewError(_("该专家的账户已停用。"))
    with transaction.atomic():
        if not queue_invitation(user):
            raise ReviewError(_("该专家的账户没有邮箱，无法发送设置密码的邮件。"))


# --- the pool of a past edition -----------------------------------------------------------------


@dataclass
class ReuseResult:
    added: int = 0
    already: int = 0
    inactive: int = 0
    refused: int = 0


def reuse_pool(*, edition: Edition, source: Edition, actor: User) -> ReuseResult:
    """Add the experts of a past edition's pool who are still active to this edition's pool,
    skipping those already in it (also those taken out of this edition's draws)."""
    require_office(actor, access.EXPERT_PROFILE)
    if source.pk == edition.pk or source.number >= edition.number:
        raise ReviewError(_("只能沿用往届的专家库。"))
    result = ReuseResult()
    with transaction.atomic():
        present = set(
            EditionExpert.objects.select_for_update()
            .filter(edition=edition)
            .values_list("expert_id", flat=True)
        )
        candidates = []
        for membership in EditionExpert.objects.filter(edition=source).select_related(
            "expert__user"
        ):
            expert = membership.expert
            if expert.pk in present:
                result.already += 1
            elif not expert.is_active or not access.may(
                expert.user, access.ACT_ON, access.ASSIGNMENT
            ):
                result.inactive += 1
            else:
                candidates.append(expert)
        applying = applying_accounts(edition, [e.user for e in candidates])
        added = [e for e in candidates if e.user_id not in applying]
        result.refused = len(candidates) - len(added)
        try:
            EditionExpert.objects.bulk_create(
                EditionExpert(edition=edition, expert=e, added_by=actor) for e in added
            )
        except IntegrityError:
            raise ReviewError(_("专家库刚被他人修改，请重试。")) from None
        result.added = len(added)
    if added:
        detect_conflicts(edition=edition, experts=added, actor=actor)
    return result
