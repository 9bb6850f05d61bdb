"""Writes on the expert pool: enlisting an existing account, creating an expert's account,
importing an Excel list, and carrying over the pool of a past edition.

An account becomes an expert only if its role is expert: the role of an applicant, a unit
officer or any other account is never changed here, so nobody who applies can score.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import notifications
from applications.models import Edition, Notification
from award_portal import single_line
from award_portal.accounts.models import Role, User
from review import services as review_services
from review.conflicts.services import detect_conflicts
from review.errors import ReviewError, require_office
from review.models import EditionExpert, ExpertProfile
from review.pool.selectors import applying_accounts
from review.pool.workbook import SheetRow

logger = logging.getLogger(__name__)

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


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


def refusal_for(*, user: User, edition: Edition, applies: bool | None = None) -> str | None:
    """Why the account cannot be an expert of the edition, or None when it can."""
    if not user.is_active:
        return _("账户“%(name)s”已停用。") % {"name": user.display_name}
    if user.role != Role.EXPERT:
        return _("“%(name)s”是%(role)s账户，不能加入专家库：评审专家须使用评审专家账户。") % {
            "name": user.display_name,
            "role": user.get_role_display(),
        }
    if applies is None:
        applies = bool(applying_accounts(edition, [user]))
    if applies:
        return _("“%(name)s”在本届有申报，不能担任本届评审专家。") % {"name": user.display_name}
    return None


def _enlist(
    *,
    edition: Edition | None,
    user: User,
    actor: User | None,
    employer: str = "",
    title: str = "",
    specialty: str = "",
    phone: str = "",
    name: str = "",
) -> tuple[ExpertProfile, EditionExpert | None, str]:
    """Give the account an expert profile if it has none, and put it in the edition's pool."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        profile = ExpertProfile.objects.filter(user=user).first()
        if profile is None:
            employer = employer.strip() or user.organization_name.strip()
            if not employer:
                raise ReviewError(_("请填写“%(name)s”的工作单位。") % {"name": user.display_name})
            profile = ExpertProfile.objects.create(
                user=user,
                name=(name or user.full_name or user.username).strip()[:50],
                employer=employer[:200],
                title=title.strip()[:100],
                specialty=specialty.strip()[:100],
                phone=(phone or user.phone).strip()[:20],
                email=user.email,
            )
        elif not profile.is_active:
            profile.is_active = True
            profile.save(update_fields=["is_active"])
        if edition is None:
            return profile, None, ADDED
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
    return profile, membership, outcome


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
    gets one from the details given. Returns the membership and ADDED, RESTORED or ALREADY."""
    require_office(actor)
    reason = refusal_for(user=user, edition=edition)
    if reason:
        raise ReviewError(reason)
    phone = normalize_mobile(phone)
    if phone and not is_mobile(phone):
        raise ReviewError(_("手机号码格式不正确：应为以 1 开头的 11 位数字。"))
    _profile, membership, outcome = _enlist(
        edition=edition,
        user=user,
        actor=actor,
        employer=employer,
        title=title,
        specialty=specialty,
        phone=phone,
    )
    return membership, outcome


def ensure_expert_in_pool(
    *,
    user: User,
    edition: Edition | None,
    employer: str,
    title: str = "",
    specialty: str = "",
) -> ExpertProfile:
    """For setup scripts (the demo data): the expert account gets a profile and, when there is
    an edition, a place in its pool. Running it again changes nothing."""
    if user.role != Role.EXPERT:
        raise ReviewError(refusal_for(user=user, edition=edition) or "")
    profile, _membership, _outcome = _enlist(
        edition=edition,
        user=user,
        actor=None,
        employer=employer,
        title=title,
        specialty=specialty,
    )
    return profile


# --- a new account ------------------------------------------------------------------------------


def _invitation_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse(
        "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
    )


def _queue_invitation(user: User) -> bool:
    """Email the new expert a link to set their password (Django's password-reset link, valid
    for PASSWORD_RESET_TIMEOUT). Written to the outbox, sent after commit."""
    if not user.email:
        return False
    body = render_to_string(
        "review/email/expert_invitation.txt",
        {
            "user": user,
            "url": _invitation_link(user),
            "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
            "login_url": settings.SITE_URL + reverse("accounts:login"),
        },
    )
    notification = Notification.objects.create(
        recipient=user.email,
        subject=_("请设置您的市政府质量奖评审专家账户密码"),
        body=body,
    )
    notifications.send_after_commit([notification.pk])
    return True


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
    require_office(actor)
    taken = User.objects.filter(username__iexact=username).first() or _account_with_email(email)
    if taken is not None:
        raise ReviewError(
            _("账户“%(account)s”（%(name)s）已存在。如是同一人，请用“添加已有账户”把它加入专家库。")
            % {"account": taken.username, "name": taken.display_name}
        )
    with transaction.atomic():
        profile = review_services.register_expert(
            actor=actor,
            edition=edition,
            username=username,
            name=name,
            employer=employer,
            email=email,
            employer_credit_code=employer_credit_code,
            specialty=specialty,
            industry=industry,
            title=title,
            phone=phone,
        )
        invited = _queue_invitation(profile.user)
    return profile, invited


def resend_invitation(*, membership: EditionExpert, actor: User) -> None:
    """Send the password link again to an expert who has not set a password yet."""
    require_office(actor)
    user = membership.expert.user
    if user.has_usable_password():
        raise ReviewError(_("该专家已设置密码；忘记密码时可在登录页点“忘记密码”自行重置。"))
    if not user.is_active:
        raise ReviewError(_("该专家的账户已停用。"))
    with transaction.atomic():
        if not _queue_invitation(user):
            raise ReviewError(_("该专家的账户没有邮箱，无法发送设置密码的邮件。"))


# --- the Excel list ------------------------------------------------------------------------------

NEW, EXISTING, IN_POOL = "new", "existing", "in_pool"
OUTCOME_LABELS = {
    NEW: gettext_lazy("新建账户并加入"),
    EXISTING: gettext_lazy("已有账户，加入本届专家库"),
    IN_POOL: gettext_lazy("已在本届专家库，不变"),
}
LIMITS = {"name": 50, "employer": 200, "title": 100, "specialty": 100, "email": 150}
LIMIT_LABELS = {
    "name": gettext_lazy("姓名"),
    "employer": gettext_lazy("工作单位"),
    "title": gettext_lazy("职称"),
    "specialty": gettext_lazy("专业领域"),
    "email": gettext_lazy("邮箱"),
}


@dataclass
class PlannedRow:
    """A row of the list and what importing it will do; `errors` name why it cannot."""

    row: SheetRow
    phone: str = ""
    email: str = ""
    outcome: str = ""
    user: User | None = None
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def outcome_label(self) -> str:
        return str(OUTCOME_LABELS[self.outcome]) if self.outcome and self.ok else ""


@dataclass
class ImportPlan:
    rows: list[PlannedRow]

    @property
    def valid(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def bad_rows(self) -> list[PlannedRow]:
        return [r for r in self.rows if not r.ok]

    def count(self, outcome: str) -> int:
        return sum(1 for r in self.rows if r.ok and r.outcome == outcome)

    @property
    def new_count(self) -> int:
        return self.count(NEW)

    @property
    def existing_count(self) -> int:
        return self.count(EXISTING)

    @property
    def in_pool_count(self) -> int:
        return self.count(IN_POOL)


class ImportRefused(ReviewError):
    """The list has bad rows; `plan` says which and why. Nothing was saved."""

    def __init__(self, plan: ImportPlan):
        super().__init__(
            _("有 %(n)d 行有误，未导入任何专家，请修改后重新上传。") % {"n": len(plan.bad_rows)}
        )
        self.plan = plan


def _check_fields(planned: PlannedRow, seen_phones: dict, seen_emails: dict) -> None:
    row = planned.row
    if not row.name:
        planned.errors.append(_("缺少姓名"))
    for name, limit in LIMITS.items():
        if len(getattr(row, name)) > limit:
            planned.errors.append(
                _("%(field)s过长（不超过 %(n)d 字）") % {"field": LIMIT_LABELS[name], "n": limit}
            )
        # A cell typed with Alt+Enter holds a line break: one-line fields refuse it as forms do.
        invisible = single_line.problem(getattr(row, name), str(LIMIT_LABELS[name]))
        if invisible:
            planned.errors.append(invisible)
    if row.phone:
        planned.phone = normalize_mobile(row.phone)
        if not is_mobile(planned.phone):
            planned.errors.append(
                _("手机号码“%(value)s”格式不正确（应为以 1 开头的 11 位数字）")
                % {"value": row.phone}
            )
            planned.phone = ""
    if row.email:
        planned.email = row.email.strip().lower()
        if len(planned.email) <= LIMITS["email"] and not _is_email(planned.email):
            planned.errors.append(_("邮箱“%(value)s”格式不正确") % {"value": row.email})
            planned.email = ""
    if not row.phone and not row.email:
        planned.errors.append(_("手机和邮箱都没有填写，无法对应或建立登录账户"))
    for value, seen, label in (
        (planned.phone, seen_phones, _("手机")),
        (planned.email, seen_emails, _("邮箱")),
    ):
        if not value:
            continue
        if value in seen:
            planned.errors.append(
                _("与第 %(row)d 行的%(field)s重复") % {"row": seen[value], "field": label}
            )
        else:
            seen[value] = row.number


def _accounts_by_contact(phones: set[str], emails: set[str]) -> tuple[dict, dict]:
    """The accounts that use each mobile number and each email address, as a login name, a
    contact or an expert profile's contact."""
    by_phone: dict[str, set[int]] = {}
    by_email: dict[str, set[int]] = {}
    users: dict[int, User] = {}
    if not phones and not emails:
        return by_phone, by_email
    contacts = list(phones | emails)
    matched = (
        User.objects.annotate(email_lower=Lower("email"), username_lower=Lower("username"))
        .filter(Q(username_lower__in=contacts) | Q(phone__in=phones) | Q(email_lower__in=emails))
        .select_related("expert_profile")
    )
    profiles = (
        ExpertProfile.objects.annotate(email_lower=Lower("email"))
        .filter(Q(phone__in=phones) | Q(email_lower__in=emails))
        .select_related("user")
    )
    for user in matched:
        users[user.pk] = user
        for value in {user.username.lower(), user.phone}:
            if value in phones:
                by_phone.setdefault(value, set()).add(user.pk)
        for value in {user.username.lower(), user.email.lower()}:
            if value in emails:
                by_email.setdefault(value, set()).add(user.pk)
    for profile in profiles:
        users.setdefault(profile.user_id, profile.user)
        if profile.phone in phones:
            by_phone.setdefault(profile.phone, set()).add(profile.user_id)
        if profile.email.lower() in emails:
            by_email.setdefault(profile.email.lower(), set()).add(profile.user_id)
    resolve = {k: {users[i] for i in v} for k, v in by_phone.items()}
    return resolve, {k: {users[i] for i in v} for k, v in by_email.items()}


def plan_import(*, edition: Edition, rows: list[SheetRow]) -> ImportPlan:
    """What importing the rows would do, row by row, and every reason a row cannot be
    imported. Reads only."""
    planned = [PlannedRow(row=row) for row in rows]
    seen_phones: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    for p in planned:
        _check_fields(p, seen_phones, seen_emails)
    by_phone, by_email = _accounts_by_contact(set(seen_phones), set(seen_emails))
    seen_accounts: dict[int, int] = {}
    for p in planned:
        found = by_phone.get(p.phone, set()) | by_email.get(p.email, set())
        if len(found) > 1:
            p.errors.append(_("手机和邮箱分别属于不同的账户，请核对"))
        elif found:
            p.user = next(iter(found))
            if p.user.pk in seen_accounts:
                p.errors.append(
                    _("与第 %(row)d 行是同一个账户") % {"row": seen_accounts[p.user.pk]}
                )
            else:
                seen_accounts[p.user.pk] = p.row.number
    accounts = [p.user for p in planned if p.user is not None]
    applying = applying_accounts(edition, accounts)
    in_pool = set(
        EditionExpert.objects.filter(
            edition=edition, expert__user_id__in=[u.pk for u in accounts]
        ).values_list("expert__user_id", flat=True)
    )
    namesakes = set(
        ExpertProfile.objects.filter(name__in=[p.row.name for p in planned if p.row.name])
        .exclude(user_id__in=[u.pk for u in accounts])
        .values_list("name", flat=True)
    )
    for p in planned:
        user = p.user
        if user is None:
            p.outcome = NEW
            if not p.row.employer:
                p.errors.append(_("新建账户须填写工作单位"))
            if not p.email and p.row.phone and not p.row.email:
                p.errors.append(_("新建账户须填写邮箱（用于发送设置密码的邮件）"))
            if p.row.name in namesakes:
                p.notes.append(_("专家库中已有同名专家，请确认不是同一人"))
            continue
        reason = refusal_for(user=user, edition=edition, applies=user.pk in applying)
        if reason:
            p.errors.append(reason)
            continue
        profile = getattr(user, "expert_profile", None)
        known = {n for n in (user.full_name, profile.name if profile else "") if n}
        if p.row.name and known and p.row.name not in known:
            p.errors.append(
                _("手机或邮箱属于“%(name)s”的账户，与姓名不符") % {"name": "、".join(sorted(known))}
            )
            continue
        p.outcome = IN_POOL if user.pk in in_pool else EXISTING
        if profile is None and not (p.row.employer or user.organization_name):
            p.errors.append(_("该账户还没有专家档案，须填写工作单位"))
    return ImportPlan(rows=planned)


def _new_username(p: PlannedRow) -> str:
    return p.phone or p.email


@dataclass
class ImportResult:
    created: int = 0
    added: int = 0
    unchanged: int = 0
    invited: int = 0


def import_experts(*, edition: Edition, actor: User, rows: list[SheetRow]) -> ImportResult:
    """Save a whole list in one transaction, or nothing: the rows are checked again against
    the accounts as they are now, and any bad row refuses the whole list (ImportRefused)."""
    require_office(actor)
    result = ImportResult()
    enlisted: list[ExpertProfile] = []
    try:
        with transaction.atomic():
            plan = plan_import(edition=edition, rows=rows)
            if not plan.valid:
                raise ImportRefused(plan)
            for p in plan.rows:
                row = p.row
                if p.outcome == IN_POOL:
                    result.unchanged += 1
                    continue
                if p.outcome == NEW:
                    user = User(
                        username=_new_username(p),
                        email=p.email,
                        full_name=row.name,
                        phone=p.phone,
                        role=Role.EXPERT,
                        organization_name=row.employer,
                    )
                    user.set_unusable_password()
                    user.save()
                    result.created += 1
                else:
                    user = p.user
                    result.added += 1
                profile = ExpertProfile.objects.filter(user=user).first()
                if profile is None:
                    profile = ExpertProfile.objects.create(
                        user=user,
                        name=row.name,
                        employer=row.employer or user.organization_name,
                        title=row.title,
                        specialty=row.specialty,
                        phone=p.phone or user.phone,
                        email=p.email or user.email,
                    )
                elif not profile.is_active:
                    profile.is_active = True
                    profile.save(update_fields=["is_active"])
                EditionExpert.objects.create(edition=edition, expert=profile, added_by=actor)
                enlisted.append(profile)
                if p.outcome == NEW:
                    result.invited += _queue_invitation(user)
    except IntegrityError:
        # Someone saved one of these accounts at the same moment: nothing of the list was kept.
        raise ReviewError(_("名单中的账户刚被他人修改，未导入任何专家，请重新上传。")) from None
    if enlisted:
        detect_conflicts(edition=edition, experts=enlisted, actor=actor)
    return result


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
    require_office(actor)
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
            elif not (expert.is_active and expert.user.is_active) or (
                expert.user.role != Role.EXPERT
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
