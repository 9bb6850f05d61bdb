"""Fixture data for the benchmark: one edition with `n` applications in every unit and category,
their pre-check and acceptance records, three review rounds, audit records, two publicity
windows and their objections.

This is fixture data, not a user's move: statuses, stages and audit records are written with
bulk inserts and queryset updates directly, never through the lifecycle service, so that a
province-sized edition (2,000 applications) is seeded in seconds and ten times that (200,000
score sheets, 50,000 audit records) in about a minute and a half. Every count grows with the
applications in the same proportion: one expert, 25 audit records and half an objection for
every ten applications. Nothing in the portal's apps may write so
(tests/lifecycle/test_single_writer.py scans them); the benchmark lives outside them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from applications.lifecycle.table import MOVES_BY_NAME
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
from applications.readmodel import rebuild_application_rows
from applications.reference_data import load_reference_data
from award_portal.accounts.models import ApplicantKind, Role, User
from award_portal.privacy.models import PrivacyConsent
from award_portal.privacy.notice import current_version
from benchmarks.records import (
    BATCH,
    CREDIT_CODE,
    ID_NUMBER,
    bulk_users,
    freeze_results,
    individual_data,
    known_calendar,
    organization_data,
    publicity_window,
    random_score,
)
from publicity import calendar
from publicity.models import Objection, PublicityWindow, WindowKind
from review.deliberation.composites import rebuild_composites
from review.models import (
    Assignment,
    Certificate,
    Conflict,
    ConflictKind,
    EditionExpert,
    ExpertProfile,
    PanelMember,
    ReviewRound,
    ReviewSettings,
    Rubric,
    ScoreSheet,
)
from review.rounds.totals import rebuild_round_totals

EXPERTS_PER_APPLICATION = 5


@dataclass(frozen=True)
class Scenario:
    """What the measurements need to know about the seeded edition."""

    applications: int
    edition_id: int
    draft_edition_id: int
    office_id: int
    unit_officer_id: int
    expert_user_id: int
    owner_id: int
    application_id: int
    unit_application_id: int
    assignment_id: int
    sheet_id: int
    rubric_id: int
    objection_id: int
    material_round_id: int
    open_round_id: int
    acceptance_window_id: int
    proposed_window_id: int
    certificate_id: int
    counts: dict[str, int]


@transaction.atomic
def seed(*, applications: int = 2000, seed: int = 2023) -> Scenario:
    """Seed an edition of `applications` applications (2,000: a province) into an empty
    database and return what the measurements need."""
    n = applications
    rng = random.Random(seed)
    now = timezone.now()
    today = timezone.localdate()
    load_reference_data()
    known_calendar(today)
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
    owners = bulk_users(
        "bench-applicant",
        n,
        role=Role.APPLICANT,
        data_consent_at=now,
        each=lambda i: {"applicant_kind": categories[i % len(categories)].kind},
    )
    # Each applicant agreed to the privacy notice when registering.
    PrivacyConsent.objects.bulk_create(
        [
            PrivacyConsent(
                user=owner,
                username=owner.username,
                version=current_version(),
                occasion=PrivacyConsent.Occasion.REGISTRATION,
                at=now,
            )
            for owner in owners
        ],
        batch_size=BATCH,
    )
    rows = []
    for i in range(n):
        category = categories[i % len(categories)]
        unit = units[(i // len(categories)) % len(units)]
        individual = category.kind == ApplicantKind.INDIVIDUAL
        name = f"申报人{i}" if individual else f"攀枝花测试企业{i}有限公司"
        data = (individual_data if individual else organization_data)(unit, name)
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
    apps = Application.objects.bulk_create(rows, batch_size=BATCH)

    def unit_officer(application: Application) -> User:
        return officer_of[application.unit_id]

    _one_each(
        PrecheckReview,
        apps,
        completeness_ok=True,
        authenticity_ok=True,
        accuracy_ok=True,
        legality_ok=True,
        opinion="经初核，申报材料完整、真实、准确、合法，同意推荐。",
        checked_by=unit_officer,
        checked_at=now - timedelta(days=290),
    )
    _one_each(PaperCopyReceipt, apps, received_on=date(2023, 3, 1), received_by=unit_officer)
    _one_each(
        Consultation,
        apps,
        phase=Consultation.Phase.PRECHECK,
        department="区市场监管局",
        consulted_on=date(2023, 3, 2),
        answer="无异议",
        recorded_by=unit_officer,
    )
    _one_each(
        AcceptanceReview,
        apps,
        qualification_ok=True,
        materials_ok=True,
        checked_by=office,
        checked_at=now - timedelta(days=280),
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
        owner, officer = owners[i], officer_of[a.unit_id]
        events += [
            _event(a, "submit", owner, Role.APPLICANT),
            _event(
                a,
                "recommend",
                officer,
                Role.UNIT_OFFICER,
                actor_unit=officer.unit.name,
                reason="同意推荐。",
            ),
        ]
        if i % 2 == 0:
            events.append(_event(a, "accept", office, Role.CITY_OFFICE))
    ApplicationEvent.objects.bulk_create(events, batch_size=BATCH)

    # --- experts and rounds -----------------------------------------------------------------
    n_experts = max(10, n // 10)
    expert_users = bulk_users("bench-expert", n_experts, role=Role.EXPERT)
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
        (Stage.MATERIAL_REVIEW, apps, ReviewRound.Status.CLOSED),
        (Stage.ONSITE_REVIEW, onsite, ReviewRound.Status.CLOSED),
        (Stage.DEFENSE, defense, ReviewRound.Status.OPEN),
    )
    rounds = []
    for stage, members, status in stages:
        review_round = ReviewRound.objects.create(
            edition=edition,
            stage=stage,
            status=status,
            due_date=today + timedelta(days=14)
            if status == ReviewRound.Status.OPEN
            else date(2023, 6, 30),
            organization_rubric=rubrics["organization"],
            team_rubric=rubrics["team"],
            individual_rubric=rubrics["individual"],
            checklist=rubrics.get("onsite_checklist"),
            report_summary="评审工作按规定程序完成。"
            if status == ReviewRound.Status.CLOSED
            else "",
            opened_at=now - timedelta(days=30),
            closed_at=now - timedelta(days=10) if status == ReviewRound.Status.CLOSED else None,
            closed_by=office if status == ReviewRound.Status.CLOSED else None,
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
            submitted = status == ReviewRound.Status.CLOSED or k % 10 != 0
            total = random_score(rng, rubric_points[rubric.pk]) if submitted else None
            sheets.append(
                ScoreSheet(
                    assignment=assignment,
                    rubric=rubric,
                    status=ScoreSheet.Status.SUBMITTED if submitted else ScoreSheet.Status.DRAFT,
                    total=total,
                    overall_comment="总体符合评价要求。",
                    submitted_at=now - timedelta(days=12) if submitted else None,
                )
            )
            if submitted:
                totals.setdefault(assignment.application_id, []).append(total)
        ScoreSheet.objects.bulk_create(sheets, batch_size=BATCH)
        if status == ReviewRound.Status.CLOSED:
            freeze_results(review_round, members, totals, rubric_points, office, now)

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
    acceptance = publicity_window(
        edition=edition,
        kind=WindowKind.ACCEPTANCE,
        title=f"{edition.name}申报受理名单公示",
        start=date(2023, 3, 20),
        status=PublicityWindow.Status.CLOSED,
        entries=apps,
        office=office,
    )
    proposed_window = publicity_window(
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

    draft = _next_edition_draft(edition)

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

    refresh_derived_tables()
    calendar.invalidate()
    open_round = rounds[2]
    return Scenario(
        applications=n,
        edition_id=edition.pk,
        draft_edition_id=draft.pk,
        office_id=office.pk,
        unit_officer_id=officer_of[units[0].pk].pk,
        expert_user_id=expert_users[1].pk,
        owner_id=defense[0].owner_id,
        application_id=defense[0].pk,
        unit_application_id=next(a.pk for a in apps if a.unit_id == units[0].pk),
        assignment_id=Assignment.objects.filter(round=open_round, expert__user=expert_users[1])
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        sheet_id=ScoreSheet.objects.filter(
            assignment__round=rounds[0], status=ScoreSheet.Status.SUBMITTED
        )
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
        rubric_id=rubrics["organization"].pk,
        objection_id=objections[0].pk,
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
                status=ScoreSheet.Status.SUBMITTED
            ).count(),
            "audit records": ApplicationEvent.objects.count(),
            "applications in deliberation": len(deliberation),
            "publicity windows": PublicityWindow.objects.count(),
            "objections": Objection.objects.count(),
        },
    )


def _one_each(model, applications: list[Application], **values) -> None:
    """Stores a `model` row with `values` for each of `applications`; a callable value is called
    with the application."""
    model.objects.bulk_create(
        [
            model(application=a, **{k: v(a) if callable(v) else v for k, v in values.items()})
            for a in applications
        ],
        batch_size=BATCH,
    )


def _event(
    application: Application, move: str, actor: User, role: str, **extra
) -> ApplicationEvent:
    """The audit record of `move` (a move of the lifecycle table, from its one status) on
    `application`, made by `actor` in `role`."""
    (from_status,) = MOVES_BY_NAME[move].sources
    return ApplicationEvent(
        application=application,
        move=move,
        from_status=from_status,
        to_status=MOVES_BY_NAME[move].target,
        actor=actor,
        actor_name=actor.full_name,
        actor_role=role,
        **extra,
    )


def _next_edition_draft(edition: Edition) -> Edition:
    """The next edition as the office starts it: a draft, not public, the current one's copy."""
    draft = Edition.objects.get(pk=edition.pk)
    draft.pk = None
    draft.number = edition.number + 1
    draft.name = f"{edition.name}（下一届草稿）"
    draft.is_current = False
    draft.is_draft = True
    draft.stage = Stage.APPLICATION
    draft.save()
    draft.categories.set(edition.categories.all())
    draft.units.set(edition.units.all())
    return draft


def refresh_derived_tables() -> None:
    """The tables the moves keep (the lists' read model, the round totals and experts'
    statistics, the stored composite ranking), written again from the rows the bulk inserts
    made, as the moves would have written them."""
    rebuild_application_rows()
    rebuild_round_totals()
    rebuild_composites()
