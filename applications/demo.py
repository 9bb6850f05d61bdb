"""Demo users and applications for trying the portal out. Running it twice creates nothing twice."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications.models import Application, Category, Edition, RecommendingUnit
from award_portal.accounts.models import ApplicantKind, Role, User
from award_portal.accounts.security import second_factor_mandatory
from review.pool.services import ensure_expert_in_pool

DEMO_PASSWORD = "Demo-Award-2023"
# The demo's staff accounts share one authenticator key, printed with the logins, so a tester can
# add it to any TOTP app (or run `manage.py demo_codes`). Real accounts enrol their own device.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str
    unit: str = ""
    organization: str = ""
    kind: str = ""


DEMO_USERS = (
    DemoUser("admin", "系统管理员", Role.ADMIN),
    DemoUser("office", "李建", Role.CITY_OFFICE, organization="市质量强市办"),
    DemoUser("dongqu", "王芳", Role.UNIT_OFFICER, unit="东区"),
    DemoUser("weijian", "赵磊", Role.UNIT_OFFICER, unit="市卫生健康委员会"),
    DemoUser("expert1", "陈志堃", Role.EXPERT, organization="四川省质量协会"),
    DemoUser("expert2", "刘喆", Role.EXPERT, organization="攀枝花学院"),
    DemoUser("supervisor", "周敏", Role.SUPERVISOR, organization="市纪委监委驻市场监管局纪检组"),
    DemoUser("leader", "孙镕", Role.LEADER, organization="市质量强市工作领导小组"),
    DemoUser(
        "company",
        "张犇",
        Role.APPLICANT,
        organization="攀枝花钒钛新材料有限公司",
        kind=ApplicantKind.ORGANIZATION,
    ),
    DemoUser(
        "hospital",
        "黄霞",
        Role.APPLICANT,
        organization="攀枝花市中心医院",
        kind=ApplicantKind.ORGANIZATION,
    ),
    DemoUser(
        "person", "吴国强", Role.APPLICANT, organization="攀钢集团", kind=ApplicantKind.INDIVIDUAL
    ),
)

DEMO_APPLICATIONS = (
    ("company", "general", "东区", "攀枝花钒钛新材料有限公司"),
    ("hospital", "medical", "市卫生健康委员会", "攀枝花市中心医院"),
    ("person", "individual", "东区", "吴国强"),
)


@transaction.atomic
def seed_demo() -> list[tuple[DemoUser, bool]]:
    """Create the demo users and their draft applications; return (user, created) pairs."""
    results = []
    for spec in DEMO_USERS:
        unit = RecommendingUnit.objects.get(name=spec.unit) if spec.unit else None
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "role": spec.role,
                "unit": unit,
                "organization_name": spec.organization,
                "applicant_kind": spec.kind,
                "email": f"{spec.username}@demo.pzh.gov.cn",
                "is_staff": spec.role == Role.ADMIN,
                "is_superuser": spec.role == Role.ADMIN,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if second_factor_mandatory(user):
            TOTPDevice.objects.get_or_create(
                user=user, name="demo", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
        results.append((spec, created))

    edition = Edition.current()
    if edition is not None:
        for number, (username, category, unit, name) in enumerate(DEMO_APPLICATIONS, start=1):
            Application.objects.get_or_create(
                reference=f"DEMO-{edition.number}-{number:03d}",
                defaults={
                    "edition": edition,
                    "category": Category.objects.get(code=category),
                    "owner": User.objects.get(username=username),
                    "unit": RecommendingUnit.objects.get(name=unit),
                    "applicant_name": name,
                },
            )
    for spec in DEMO_USERS:
        if spec.role == Role.EXPERT:
            user = User.objects.get(username=spec.username)
            ensure_expert_in_pool(user=user, edition=edition, employer=spec.organization)
    return results


def demo_totp_secret() -> str:
    """The demo key in the base32 form authenticator apps ask for."""
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY)).decode()


def current_demo_code() -> str:
    from django_otp.oath import totp

    return f"{totp(bytes.fromhex(DEMO_TOTP_KEY)):06d}"
