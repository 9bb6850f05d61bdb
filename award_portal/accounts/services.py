"""Writes on accounts: an applicant's registration."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone

from award_portal.accounts.models import Role, User

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_login_id(value: str) -> str:
    value = (value or "").strip()
    compact = re.sub(r"[\s-]", "", value)
    if MOBILE_RE.match(compact.removeprefix("+86")):
        return compact.removeprefix("+86")
    return value.lower()


def login_id_kind(value: str) -> str | None:
    """ "email", "mobile" or None for something that is neither."""
    if MOBILE_RE.match(value):
        return "mobile"
    if EMAIL_RE.match(value) and len(value) <= 150:
        return "email"
    return None


@transaction.atomic
def register_applicant(
    *,
    login_id: str,
    password: str,
    full_name: str,
    applicant_kind: str,
    organization_name: str = "",
) -> User:
    """Create an applicant's account; the consent to the use of their data is recorded."""
    login_id = normalize_login_id(login_id)
    kind = login_id_kind(login_id)
    if kind is None:
        raise ValueError("login_id must be an email address or a mobile number")
    user = User(
        username=login_id,
        email=login_id if kind == "email" else "",
        phone=login_id if kind == "mobile" else "",
        full_name=full_name.strip(),
        organization_name=organization_name.strip(),
        applicant_kind=applicant_kind,
        role=Role.APPLICANT,
        data_consent_at=timezone.now(),
    )
    user.set_password(password)
    user.save()
    return user
