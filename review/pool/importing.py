"""The Excel list of experts: what importing it would do, row by row, and importing it whole or
not at all. New accounts get no password: their experts are emailed a link to set one."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import Edition
from award_portal import access, single_line
from award_portal.accounts.models import User
from review.conflicts.services import detect_conflicts
from review.errors import ReviewError, require_office
from review.models import EditionExpert, ExpertProfile
from review.pool.selectors import applying_accounts
from review.pool.services import (
    is_mobile,
    new_expert_account,
    normalize_mobile,
    queue_invitation,
    refusal_for,
)
from review.pool.workbook import SheetRow


def _is_email(value: str) -> bool:
    try:
        validate_email(value)
    except ValidationError:
        return False
    return True


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
    require_office(actor, access.EXPERT_PROFILE)
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
                    user = new_expert_account(
                        username=_new_username(p),
                        email=p.email,
                        name=row.name,
                        phone=p.phone,
                        employer=row.employer,
                    )
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
                    result.invited += queue_invitation(user)
    except IntegrityError:
        # Someone saved one of these accounts at the same moment: nothing of the list was kept.
        raise ReviewError(_("名单中的账户刚被他人修改，未导入任何专家，请重新上传。")) from None
    if enlisted:
        detect_conflicts(edition=edition, experts=enlisted, actor=actor)
    return result
