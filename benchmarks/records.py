"""The rows the benchmark's seed writes in bulk: form answers, users, scores, a round's frozen
results, publicity windows, and a calendar that knows the years the open window needs.

Fixture data, not a user's move: statuses are written directly (see benchmarks.seed)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from applications.demo_editions import answers
from applications.models import RecommendingUnit
from award_portal.accounts.models import ApplicantKind, User
from publicity import calendar
from publicity.models import CalendarOverride, PublicityEntry, PublicityWindow, WindowEvent
from review.models import AdvancementDecision, RoundResult

BATCH = 2000
EXPERTS_PER_APPLICATION = 5
CREDIT_CODE = "91510400MA62A3B4C6"
ID_NUMBER = "11010519491231002X"


PUBLICITY = (date(2023, 1, 9), date(2023, 1, 23))  # the units' internal publicity


def _recommended_through(unit: RecommendingUnit) -> dict:
    """The answers every form starts with: the recommending unit and the internal publicity."""
    start, end = PUBLICITY
    return {
        "unit": str(unit.pk),
        "publicity_start": start.isoformat(),
        "publicity_end": end.isoformat(),
    }


def organization_data(unit: RecommendingUnit, name: str) -> dict:
    return {
        **answers.organization_answers(
            unit_pk=unit.pk,
            publicity=PUBLICITY,
            name=name,
            code=CREDIT_CODE,
            contact="张犇",
            email="quality@example.cn",
        ),
        "profile": "公司主要从事钒钛新材料研发与生产。" * 5,
        "quality_practice": "推行“精工”质量管理模式。" * 5,
        "sector": "manufacturing",
        "industry": "C",
        "main_products": "钒钛合金",
        "revenue_1": "1200.5",
        "revenue_2": "1350",
        "revenue_3": "1500",
    }


def individual_data(unit: RecommendingUnit, name: str) -> dict:
    return {
        **_recommended_through(unit),
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


def bulk_users(prefix: str, n: int, *, each=None, **fields) -> list[User]:
    """`n` users with `fields`, and with what `each(i)` returns for the i-th."""
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
                **(each(i) if each else {}),
            )
            for i in range(n)
        ],
        batch_size=BATCH,
    )
    return users


def random_score(rng: random.Random, max_points: Decimal) -> Decimal:
    return (max_points * Decimal(rng.randint(5500, 9200)) / 10000).quantize(Decimal("0.01"))


def known_calendar(today: date) -> None:
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


def freeze_results(review_round, members, totals, rubric_points, office, now) -> None:
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


def publicity_window(*, edition, kind, title, start, status, entries, office) -> PublicityWindow:
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
