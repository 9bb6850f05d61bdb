"""Fixture data for the benchmark: one edition with `n` applications in every unit and category,
their pre-check and acceptance records, three review rounds, audit records, two publicity
windows and their objections.

This is fixture data, not a user's move: statuses, stages and audit records are written with
bulk inserts and queryset updates directly, never through the lifecycle service, so that a
province-sized edition is seeded in well under a minute. Nothing else in the portal may do so
(tests/lifecycle/test_single_writer.py allows this module by name).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from applications.models import (
    AcceptanceReview,
    Application,
    ApplicationEvent,
    Category,
    Consultation,
    Edition,
    Material,
    MaterialKind,
    PaperCopyReceipt,
    PrecheckReview,
    RecommendingUnit,
    Stage,
    Status,
)
from applications.reference_data import load_reference_data
from award_portal.accounts.models import ApplicantKind, Role, User
from publicity import calendar
from publicity.models import (
    CalendarOverride,
    Objection,
    PublicityEntry,
    PublicityWindow,
    WindowEvent,
    WindowKind,
)
from review.models import (
    AdvancementDecision,
    Assignment,
    Certificate,
    Conflict,
    ConflictKind,
    EditionExpert,
    ExpertProfile,
    PanelMember,
    ReviewRound,
    ReviewSettings,
    RoundResult,
    Rubric,
    ScoreSheet,
)

BATCH = 2000
EXPERTS_PER_APPLICATION = 5
CREDIT_CODE = "91510400MA62A3B4C6"
ID_NUMBER = "11010519491231002X"


@dataclass(frozen=True)
class Scenario:
    """What the measurements need to know about the seeded edition."""

    applications: int
    edition_id: int
    office_id: int
    unit_officer_id: int
    expert_user_id: int
    owner_id: int
    application_id: int
    material_round_id: int
    open_round_id: int
    acceptance_window_id: int
    proposed_window_id: int
    certificate_id: int
    counts: dict[str, int]


def _organization_data(unit: RecommendingUnit, name: str) -> dict:
    start = date(2023, 1, 9)
    return {
        "unit": str(unit.pk),
        "publicity_start": start.isoformat(),
        "publicity_end": (start + timedelta(days=14)).isoformat(),
        "is_branch_body": "no",
        "org_name": name,
        "credit_code": CREDIT_CODE,
        "legal_representative": "王堃",
        "top_manager": "李喆",
        "established": "2008-05-12",
        "district": "东区",
        "address": "攀枝花市东区炳草岗大街1号",
        "postal_code": "617000",
        "ownership": "private",
        "employees": "356",
        "contact_name": "张犇",
        "contact_title": "质量部部长",
        "contact_mobile": "13881234567",
        "contact_phone": "0812-3343090",
        "contact_email": "quality@example.cn",
        "certifications": ["qms", "ems"],
        "honours": "2022年 四川省质量标杆",
        "profile": "公司主要从事钒钛新材料研发与生产。" * 5,
        "quality_practice": "推行“精工”质量管理模式。" * 5,
        "has_accidents": "no",
        "has_major_complaints": "no",
        "has_violations": "no",
        "has_bad_credit": "no",
        "sector": "manufacturing",
        "industry": "C",
        "main_products": "钒钛合金",
        "revenue_1": "1200.5",
        "revenue_2": "1350",
        "revenue_3": "1500",
        **{f"criterion_{n}": "yes" for n in range(1, 8)},
    }


def _individual_data(unit: RecommendingUnit, name: str) -> dict:
    start = date(2023, 1, 9)
    return {
        "unit": str(unit.pk),
        "publicity_start": start.isoformat(),
        "publicity_end": (start + timedelta(days=14)).isoformat(),
        "name": name,
        "id_number": ID_NUMBER,
        "gender": "female",
        "education": "master",
        "quality_years": "25",
        "employer": "攀枝花钒钛精工有限公司",
        "employer_credit_code": CREDIT_CODE,
        "district": "东区",
        "post": "质量总监",
        "title": "正高级工程师",
        "mobile": "13881234567",
        "achievements": "主持建立全面质量管理体系。" * 5,
        "is_top_manager": "no",
        **{f"criterion_{n}": "yes" for n in range(1, 5)},
        "criterion_5": "na",
    }


def _users(prefix: str, n: int, **fields) -> list[User]:
    password = make_password(None)  # unusable: the benchmark signs in with force_login
    users = User.objects.bulk_create(
        [
            User(
                username=f"{prefix}{i:05d}",
                email=f"{prefix}{i:05d}@bench.example.cn",
                verified_email=f"{prefix}{i:05d}@bench.example.cn",
                full_name=f"{prefix}{i}",
                password=password,
                **fields,
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    return users


def _score(rng: random.Random, max_points: Decimal) -> Decimal:
    return (max_points * Decimal(rng.randint(5500, 9200)) / 10000).quantize(Decimal("0.01"))


@transaction.atomic
def seed(*, applications: int = 2000, seed: int = 2023) -> Scenario:
    """Seed an edition of `applications` applications (2,000: a province) into an empty
    database and return what the measurements need."""
    n = applications
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    load_reference_data()
    _known_calendar(today)
    edition = Edition.objects.get(is_current=True)
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.DEFENSE)
    units = list(RecommendingUnit.objects.order_by("order", "id"))
    categories = list(Category.objects.order_by("order", "id"))
    rubrics = {r.applies_to: r for r in Rubric.objects.filter(version=1)}
    rubric_points = {
        r.pk: sum((item.points for item in r.items.all()), Decimal(0)) for r in rubrics.values()
    }

    office = User.objects.create(
        username="bench-office", full_name="市质量强市办", role=Role.CITY_OFFICE
    )
    User.objects.create(username="bench-supervisor", full_name="监督组", role=Role.SUPERVISOR)
    officers = User.objects.bulk_create(
        [
            User(
                username=f"bench-unit{i:02d}",
                full_name=f"{unit.name}经办人",
                role=Role.UNIT_OFFICER,
                unit=unit,
                password=make_password(None),
            )
            for i, unit in enumerate(units)
        ]
    )
    officer_of = {officer.unit_id: officer for officer in officers}

    # --- applications and their records of stages 1–3 ---------------------------------------
    owners = _users("bench-applicant", n, role=Role.APPLICANT)
    rows = []
    for i in range(n):
        category = categories[i % len(categories)]
        unit = units[(i // len(categories)) % len(units)]
        individual = category.kind == ApplicantKind.INDIVIDUAL
        name = f"申报人{i}" if individual else f"攀枝花测试企业{i}有限公司"
        data = (_individual_data if individual else _organization_data)(unit, name)
        owners[i].applicant_kind = category.kind
        rows.append(
            Application(
                edition=edition,
                category=category,
                owner=owners[i],
                unit=unit,
                reference=f"PZH3-{i + 1:05d}",
                applicant_name=name,
                identifier=ID_NUMBER if individual else CREDIT_CODE,
                status=Status.ACCEPTED,
                data=data,
                publicity_start=date(2023, 1, 9),
                publicity_end=date(2023, 1, 23),
                submitted_at=now - timedelta(days=300, minutes=i),
            )
        )
    User.objects.bulk_update(owners, ["applicant_kind"], batch_size=BATCH)
    apps = Application.objects.bulk_create(rows, batch_size=BATCH)

    PrecheckReview.objects.bulk_create(
        [
            PrecheckReview(
                application=a,
                completeness_ok=True,
                authenticity_ok=True,
                accuracy_ok=True,
                legality_ok=True,
                opinion="经初核，申报材料完整、真实、准确、合法，同意推荐。",
                checked_by=officer_of[a.unit_id],
                checked_at=now - timedelta(days=290),
            )
            for a in apps
        ],
        batch_size=BATCH,
    )
    PaperCopyReceipt.objects.bulk_create(
        [
            PaperCopyReceipt(
                application=a, received_on=date(2023, 3, 1), received_by=officer_of[a.unit_id]
            )
            for a in apps
        ],
        batch_size=BATCH,
    )
    Consultation.objects.bulk_create(
        [
            Consultation(
                application=a,
                phase=Consultation.Phase.PRECHECK,
                department="区市场监管局",
                consulted_on=date(2023, 3, 2),
                answer="无异议",
                recorded_by=officer_of[a.unit_id],
            )
            for a in apps
        ],
        batch_size=BATCH,
    )
    AcceptanceReview.objects.bulk_create(
        [
            AcceptanceReview(
                application=a,
                qualification_ok=True,
                materials_ok=True,
                checked_by=office,
                checked_at=now - timedelta(days=280),
            )
            for a in apps
        ],
        batch_size=BATCH,
    )
    Material.objects.bulk_create(
        [
            Material(
                application=a,
                kind=kind,
                file=f"materials/{a.pk}/{kind}.pdf",
                original_name=f"{kind}.pdf",
                content_type="application/pdf",
                size=200_000,
                sha256="0" * 64,
                uploaded_by=a.owner,
            )
            for a in apps
            for kind in (
                MaterialKind.SELF_ASSESSMENT,
                MaterialKind.EVIDENCE,
                MaterialKind.PUBLICITY_PROOF,
                MaterialKind.RECOMMENDATION,
            )
        ],
        batch_size=BATCH,
    )
    # Audit records: 2.5 per application (submitted, recommended; half of them accepted).
    events = []
    for i, a in enumerate(apps):
        owner = owners[i]
        officer = officer_of[a.unit_id]
        events.append(
            ApplicationEvent(
                application=a,
                move="submit",
                from_status=Status.DRAFT,
                to_status=Status.SUBMITTED,
                actor=owner,
                actor_name=owner.full_name,
                actor_role=Role.APPLICANT,
            )
        )
        events.append(
            ApplicationEvent(
                application=a,
                move="recommend",
                from_status=Status.SUBMITTED,
                to_status=Status.RECOMMENDED,
                actor=officer,
                actor_name=officer.full_name,
                actor_role=Role.UNIT_OFFICER,
                actor_unit=officer.unit.name,
                reason="同意推荐。",
            )
        )
        if i % 2 == 0:
            events.append(
                ApplicationEvent(
                    application=a,
                    move="accept",
                    from_status=Status.RECOMMENDED,
                    to_status=Status.ACCEPTED,
                    actor=office,
                    actor_name=office.full_name,
                    actor_role=Role.CITY_OFFICE,
                )
            )
    ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)

    # --- experts and rounds -----------------------------------------------------------------
    n_experts = max(10, n // 10)
    expert_users = _users("bench-expert", n_experts, role=Role.EXPERT)
    experts = ExpertProfile.objects.bulk_create(
        [
            ExpertProfile(
                user=u,
                name=f"专家{i:03d}",
                employer=f"四川省质量协会{i % 20}",
                specialty="质量管理",
            )
            for i, u in enumerate(expert_users)
        ]
    )
    EditionExpert.objects.bulk_create(
        [EditionExpert(edition=edition, expert=e, added_by=office) for e in experts]
    )
    ReviewSettings.objects.create(edition=edition)

    organization = [a for a in apps if a.category.kind == ApplicantKind.ORGANIZATION]
    individuals = [a for a in apps if a.category.kind == ApplicantKind.INDIVIDUAL]
    defense = [a for k, a in enumerate(organization) if k % 2 == 0]
    onsite = defense + individuals
    stages = (
        (Stage.MATERIAL_REVIEW, apps, ReviewRound.State.CLOSED),
        (Stage.ONSITE_REVIEW, onsite, ReviewRound.State.CLOSED),
        (Stage.DEFENSE, defense, ReviewRound.State.OPEN),
    )
    rounds = []
    for stage, members, state in stages:
        review_round = ReviewRound.objects.create(
            edition=edition,
            stage=stage,
            state=state,
            due_date=today + timedelta(days=14)
            if state == ReviewRound.State.OPEN
            else date(2023, 6, 30),
            organization_rubric=rubrics["organization"],
            team_rubric=rubrics["team"],
            individual_rubric=rubrics["individual"],
            checklist=rubrics.get("onsite_checklist"),
            report_summary="评审工作按规定程序完成。" if state == ReviewRound.State.CLOSED else "",
            opened_at=now - timedelta(days=30),
            closed_at=now - timedelta(days=10) if state == ReviewRound.State.CLOSED else None,
            closed_by=office if state == ReviewRound.State.CLOSED else None,
            created_by=office,
        )
        rounds.append(review_round)
        PanelMember.objects.bulk_create(
            [
                PanelMember(
                    round=review_round, expert=e, is_leader=(j == 0), source=PanelMember.Source.DRAW
                )
                for j, e in enumerate(experts)
            ]
        )
        assignments = []
        for k, a in enumerate(members):
            for j in range(EXPERTS_PER_APPLICATION):
                expert = experts[(k * EXPERTS_PER_APPLICATION + j) % n_experts]
                assignments.append(
                    Assignment(
                        round=review_round,
                        expert=expert,
                        application=a,
                        source=PanelMember.Source.DRAW,
                        attested_at=now,
                    )
                )
        assignments = Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        sheets = []
        totals: dict[int, list[Decimal]] = {}
        for k, assignment in enumerate(assignments):
            rubric = review_round.rubric_for(assignment.application)
            submitted = state == ReviewRound.State.CLOSED or k % 10 != 0
            total = _score(rng, rubric_points[rubric.pk]) if submitted else None
            sheets.append(
                ScoreSheet(
                    assignment=assignment,
                    rubric=rubric,
                    state=ScoreSheet.State.SUBMITTED if submitted else ScoreSheet.State.DRAFT,
                    total=total,
                    overall_comment="总体符合评价要求。",
                    submitted_at=now - timedelta(days=12) if submitted else None,
                )
            )
            if submitted:
                totals.setdefault(assignment.application_id, []).append(total)
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        if state == ReviewRound.State.CLOSED:
            _freeze_results(review_round, members, totals, rubric_points, office, now)

    # --- statuses after the rounds ------------------------------------------------------------
    eliminated_material = [a.pk for k, a in enumerate(organization) if k % 2 == 1]
    eliminated_onsite = [a.pk for k, a in enumerate(individuals) if k % 2 == 1]
    proposed = [a.pk for k, a in enumerate(individuals) if k % 2 == 0][:8]
    deliberation = [a.pk for k, a in enumerate(individuals) if k % 2 == 0][8:]
    Application.objects.filter(pk__in=[a.pk for a in defense]).update(status=Status.DEFENSE)
    Application.objects.filter(pk__in=eliminated_material).update(
        status=Status.ELIMINATED, eliminated_stage=Stage.MATERIAL_REVIEW
    )
    Application.objects.filter(pk__in=eliminated_onsite).update(
        status=Status.ELIMINATED, eliminated_stage=Stage.ONSITE_REVIEW
    )
    Application.objects.filter(pk__in=deliberation).update(status=Status.DELIBERATION)
    Application.objects.filter(pk__in=proposed).update(status=Status.PROPOSED)

    # Conflicts: one declared conflict per expert, with an application of the open round.
    Conflict.objects.bulk_create(
        [
            Conflict(
                expert=e,
                application=defense[(j * 7) % len(defense)],
                source=Conflict.Source.DECLARED,
                kind=ConflictKind.CONSULTING,
                note="近三年提供过咨询服务。",
                decision=Conflict.Decision.CONFIRMED,
                decision_reason="经核实，予以回避。",
                decided_by=office,
                decided_at=now,
            )
            for j, e in enumerate(experts)
        ]
    )

    # --- publicity --------------------------------------------------------------------------
    acceptance = _window(
        edition=edition,
        kind=WindowKind.ACCEPTANCE,
        title=f"{edition.name}申报受理名单公示",
        start=date(2023, 3, 20),
        status=PublicityWindow.Status.CLOSED,
        entries=apps,
        office=office,
    )
    proposed_window = _window(
        edition=edition,
        kind=WindowKind.PROPOSED,
        title=f"{edition.name}拟表扬名单公示",
        start=today,
        status=PublicityWindow.Status.PUBLISHED,
        entries=list(
            Application.objects.filter(pk__in=proposed).select_related("category", "unit")
        ),
        office=office,
    )
    n_objections = max(2, n // 20)
    acceptance_entries = list(acceptance.entries.order_by("position"))
    proposed_entries = list(proposed_window.entries.order_by("position"))
    objections = []
    for k in range(n_objections):
        closed = k % 5 != 0  # four in five against the closed acceptance list, decided
        window = acceptance if closed else proposed_window
        entries = acceptance_entries if closed else proposed_entries
        objections.append(
            Objection(
                reference=f"YY-BENCH-{k:05d}",
                window=window,
                entry=entries[(k * 13) % len(entries)],
                filer_name="张三",
                filer_identity=ID_NUMBER,
                phone="13800000000",
                reasons="申报材料中的获奖情况与事实不符。",
                status=Objection.Status.DISMISSED if closed else Objection.Status.RECEIVED,
                finding="经核实，异议不成立。" if closed else "",
                decided_by=office if closed else None,
                decided_at=now if closed else None,
            )
        )
    Objection.objects.bulk_create(objections, batch_size=BATCH)

    # One certificate, as issued to a winner, with a rare character in the name.
    winner = Application.objects.select_related("category").get(pk=proposed[0])
    certificate = Certificate.objects.create(
        application=winner,
        number=f"PZH-{edition.number}-G-001",
        holder_name="攀枝花钒钛堃喆犇镕精工有限公司",
        award_name=edition.name,
        category_name=winner.category.name,
        kind=winner.category.kind,
        issued_on=today,
        issuer="攀枝花市人民政府",
        document_number="攀府函〔2023〕88号",
    )

    calendar.invalidate()
    return Scenario(
        applications=n,
        edition_id=edition.pk,
        office_id=office.pk,
        unit_officer_id=officer_of[units[0].pk].pk,
        expert_user_id=expert_users[1].pk,
        owner_id=defense[0].owner_id,
        application_id=defense[0].pk,
        material_round_id=rounds[0].pk,
        open_round_id=rounds[2].pk,
        acceptance_window_id=acceptance.pk,
        proposed_window_id=proposed_window.pk,
        certificate_id=certificate.pk,
        counts={
            "applications": n,
            "experts": n_experts,
            "score sheets": ScoreSheet.objects.count(),
            "submitted score sheets": ScoreSheet.objects.filter(
                state=ScoreSheet.State.SUBMITTED
            ).count(),
            "audit records": ApplicationEvent.objects.count(),
            "publicity windows": PublicityWindow.objects.count(),
            "objections": Objection.objects.count(),
        },
    )


def _known_calendar(today: date) -> None:
    """The open window runs from today: make sure the calendar knows this year and the next,
    past the years the holiday library covers (fixture data, not the State Council's)."""
    for year in (today.year, today.year + 1):
        if not calendar.year_is_known(year):
            CalendarOverride.objects.create(
                day=date(year, 1, 1),
                kind=CalendarOverride.Kind.HOLIDAY,
                name="元旦",
                source="基准测试数据",
            )
    calendar.invalidate()


def _freeze_results(review_round, members, totals, rubric_points, office, now) -> None:
    """The round's frozen results and its applied advancement decisions."""
    rows = []
    for a in members:
        scores = sorted(totals[a.pk])
        trimmed = scores[1:-1] if len(scores) > 2 else scores
        mean = (sum(scores) / len(scores)).quantize(Decimal("0.01"))
        aggregate = (sum(trimmed) / len(trimmed)).quantize(Decimal("0.01"))
        max_points = rubric_points[review_round.rubric_for(a).pk]
        rows.append(
            RoundResult(
                round=review_round,
                application=a,
                sheet_count=len(scores),
                mean=mean,
                aggregate=aggregate,
                max_points=max_points,
                percent=(aggregate * 100 / max_points).quantize(Decimal("0.01")),
                rank=0,
            )
        )
    for kind in (ApplicantKind.ORGANIZATION, ApplicantKind.INDIVIDUAL):
        ranked = sorted(
            (r for r in rows if r.application.category.kind == kind), key=lambda r: -r.percent
        )
        for position, row in enumerate(ranked, start=1):
            row.rank = position
    RoundResult.objects.bulk_create(rows, batch_size=BATCH)
    AdvancementDecision.objects.bulk_create(
        [
            AdvancementDecision(
                round=review_round,
                application=a,
                advances=True,
                method=AdvancementDecision.Method.THRESHOLD,
                reason="达到晋级分数线。",
                decided_by=office,
                applied_at=now,
            )
            for a in members
        ],
        batch_size=BATCH,
    )


def _window(*, edition, kind, title, start, status, entries, office) -> PublicityWindow:
    window = PublicityWindow.objects.create(
        edition=edition,
        kind=kind,
        title=title,
        body="根据评选工作安排，现将名单予以公示。公示期内，如有异议，请以书面形式实名提出。",
        document_number="攀质强办〔2023〕1号",
        start_date=start,
        workdays=5,
        end_date=calendar.add_workdays(start, 5),
        status=status,
        created_by=office,
        published_by=office,
        published_at=timezone.now(),
        closed_at=timezone.now() if status == PublicityWindow.Status.CLOSED else None,
    )
    PublicityEntry.objects.bulk_create(
        [
            PublicityEntry(
                window=window,
                application=a,
                position=position,
                display_name=a.applicant_name,
                category_name=a.category.name,
                unit_name=a.unit.name if a.unit else "",
            )
            for position, a in enumerate(entries, start=1)
        ],
        batch_size=BATCH,
    )
    WindowEvent.objects.bulk_create([WindowEvent(window=window, kind=WindowEvent.Kind.PUBLISHED)])
    return window
