"""Data for the load test, on top of `manage.py seed_demo`: applicants with drafts, unit
officers with queues, experts with assignments in an open review round (and their TOTP keys),
and a published publicity window. Writes the accounts to a JSON file for the locustfile.

Run by `./portal load` as `python -m tests.load.seed OUT.json`, on a freshly migrated database
with the reference data and the demo data loaded. Statuses are placed with queryset updates,
as test setup does; every other write goes through the services.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import django

# The simulated people, 200 by default (./portal load --users): 40 % applicants, 15 % unit
# officers, 15 % experts, each with an account of their own; the rest are the public.
USERS = int(os.environ.get("LOAD_USERS", "200"))
APPLICANTS = max(1, USERS * 40 // 100)
UNIT_OFFICERS = max(1, USERS * 15 // 100)
EXPERTS = max(5, USERS * 15 // 100)
SUBMITTED_PER_UNIT = 6
IN_REVIEW = 20
ON_PUBLICITY = 10
PASSWORD = "Load-Award-2023"


def seed() -> dict:
    from django.contrib.auth.hashers import make_password
    from django.db import transaction
    from django.utils import timezone
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from applications.intake import services as application_services
    from applications.models import Application, Category, Edition, RecommendingUnit, Stage, Status
    from applications.readmodel import refresh_application_rows
    from award_portal.accounts.models import ApplicantKind, Role, User
    from award_portal.privacy import consent
    from award_portal.privacy.models import PrivacyConsent
    from review.conflicts import services as conflict_services
    from review.models import Assignment, EditionExpert, ExpertProfile, ReviewSettings
    from review.rounds import services as review_services
    from tests.applications.helpers import valid_data
    from tests.publicity.factories import published_acceptance_window

    edition = Edition.current()
    general = Category.objects.get(code="general")
    units = list(RecommendingUnit.objects.filter(is_active=True).order_by("order", "id"))
    office = User.objects.get(username="office")

    # One hash for every account: each would cost a deliberate 1,000,000-round PBKDF2.
    password = make_password(PASSWORD)

    def user(username: str, role: str, **extra) -> User:
        return User.objects.create(
            username=username,
            email=f"{username}@load.example.cn",
            verified_email=f"{username}@load.example.cn",
            full_name=f"压测用户{username[-3:]}",
            role=role,
            password=password,
            **extra,
        )

    def application(number: int, unit, status: str) -> Application:
        row = Application.objects.create(
            edition=edition,
            category=general,
            owner=user(f"load-owner-{number:03d}", Role.APPLICANT, applicant_kind="organization"),
            unit=unit,
            reference=f"LOAD-{number:04d}",
            applicant_name=f"攀枝花压测企业{number:03d}有限公司",
            identifier=f"91510400MA{number:07d}X",
            data=valid_data("general", unit.pk),
        )
        Application.objects.filter(pk=row.pk).update(status=status, submitted_at=timezone.now())
        refresh_application_rows([row.pk])  # the lists' read model, as a seed keeps it
        row.refresh_from_db()
        return row

    accounts: dict = {"password": PASSWORD, "applicants": [], "officers": [], "experts": []}
    with transaction.atomic():
        # Applicants fill their drafts while the edition takes applications.
        # ... and before its submission deadline, whatever day the load test runs on.
        Edition.objects.filter(pk=edition.pk).update(
            stage=Stage.APPLICATION,
            stage_plan={},
            recommendation_deadline=max(
                edition.recommendation_deadline, timezone.localdate() + timedelta(days=30)
            ),
        )
        edition.refresh_from_db()
        for n in range(1, APPLICANTS + 1):
            owner = user(
                f"load-applicant-{n:03d}",
                Role.APPLICANT,
                applicant_kind=ApplicantKind.ORGANIZATION,
                organization_name=f"攀枝花压测申报企业{n:03d}有限公司",
            )
            consent.record_consent(user=owner, occasion=PrivacyConsent.Occasion.REGISTRATION)
            draft = application_services.create_application(
                owner=owner, category=general, edition=edition
            )
            unit = units[n % len(units)]
            application_services.save_draft(
                application=draft, actor=owner, values=valid_data("general", unit.pk)
            )
            accounts["applicants"].append(
                {
                    "username": owner.username,
                    "application": draft.pk,
                    "form": valid_data("general", unit.pk),
                }
            )

        number = 0
        for n in range(1, UNIT_OFFICERS + 1):
            unit = units[(n - 1) % len(units)]
            officer = user(f"load-officer-{n:03d}", Role.UNIT_OFFICER, unit=unit)
            reviews = []
            for _ in range(SUBMITTED_PER_UNIT):
                number += 1
                reviews.append(application(number, unit, Status.SUBMITTED).pk)
            accounts["officers"].append({"username": officer.username, "applications": reviews})

        # Experts score applications in an open material review round.
        for _ in range(IN_REVIEW):
            number += 1
            application(number, units[number % len(units)], Status.MATERIAL_REVIEW)
        for _ in range(ON_PUBLICITY):
            number += 1
            application(number, units[number % len(units)], Status.ACCEPTED)
        Edition.objects.filter(pk=edition.pk).update(stage=Stage.MATERIAL_REVIEW)
        edition.refresh_from_db()
        ReviewSettings.objects.update_or_create(
            edition=edition, defaults={"panel_size": EXPERTS, "experts_per_application": 5}
        )
        experts = []
        for n in range(1, EXPERTS + 1):
            expert_user = user(f"load-expert-{n:03d}", Role.EXPERT)
            profile = ExpertProfile.objects.create(
                user=expert_user,
                name=f"压测专家{n:03d}",
                employer=f"四川省质量研究院第{n}研究室",
                specialty="质量管理",
                industry="钒钛",
                title="教授级高级工程师",
            )
            EditionExpert.objects.create(edition=edition, expert=profile)
            device = TOTPDevice.objects.create(user=expert_user, name="load", confirmed=True)
            experts.append((expert_user, device))
        review_round = review_services.create_round(
            edition=edition,
            stage=Stage.MATERIAL_REVIEW,
            actor=office,
            due_date=timezone.localdate() + timedelta(days=14),
        )
        review_services.draw_panel(review_round=review_round, actor=office, seed="load-test")
        leader = review_round.members.order_by("expert_id").first().expert
        review_services.set_leader(review_round=review_round, expert=leader, actor=office)
        review_services.open_round(review_round=review_round, actor=office)
        in_review = list(Application.objects.filter(edition=edition, status=Status.MATERIAL_REVIEW))
        for index, (expert_user, device) in enumerate(experts):
            assignments = Assignment.objects.filter(
                round=review_round, expert__user=expert_user, is_active=True
            )
            if not assignments.exists():  # the draw left this one out: a sheet of their own
                review_services.assign(
                    review_round=review_round,
                    expert=ExpertProfile.objects.get(user=expert_user),
                    application=in_review[index % len(in_review)],
                    actor=office,
                    reason="压测：每位专家至少一份评分表",
                )
            for assignment in assignments:
                conflict_services.attest_assignment(
                    assignment=assignment, actor=expert_user, has_conflict=False
                )
            accounts["experts"].append(
                {
                    "username": expert_user.username,
                    "totp_key": device.key,
                    "assignments": [a.pk for a in assignments],
                }
            )

    # The public reads a published acceptance list (its notice PDF is rendered here).
    accepted = list(Application.objects.filter(reference__startswith="LOAD-", status="accepted"))
    window = published_acceptance_window(
        accepted,
        actor=office,
        title="第三届攀枝花市政府质量奖受理名单公示（压测）",
        body="经审查，下列申报符合条件，予以受理。现予公示。",
    )
    accounts["windows"] = [window.pk]
    return accounts


def main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "award_portal.settings")
    django.setup()
    accounts = seed()
    out = Path(argv[1] if len(argv) > 1 else "var/load/accounts.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(accounts, ensure_ascii=False, indent=2), encoding="utf-8")
    print(
        f"load data: {len(accounts['applicants'])} applicants, {len(accounts['officers'])} unit "
        f"officers, {len(accounts['experts'])} experts, {len(accounts['windows'])} window(s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
