"""Helpers of the deliberation tests. Statuses and stages are placed with queryset updates in
setup only (as tests/review/helpers does); every step under test goes through the services."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from applications.models import Application, Category, Edition, Stage, Status
from publicity.models import Objection, PublicityWindow
from publicity.objections import services as objections
from publicity.windows import services as windows
from review.awards import services as awards
from review.deliberation import services as deliberation
from review.deliberation.composites import refresh_composites
from review.models import ProposedList, ReviewRound, RoundResult
from tests.factories import ApplicationFactory, UserFactory
from tests.review.helpers import set_stage, set_status

STAGES = (Stage.MATERIAL_REVIEW, Stage.ONSITE_REVIEW, Stage.DEFENSE)
SUMMARY = "经综合评审，按综合得分排名提出拟获奖建议名单。"
# What a member of the public files against an entry of a publicity list.
OBJECTION = {
    "filer_name": "李四",
    "filer_identity": "510402198001011234",
    "phone": "13800000000",
    "email": "lisi@example.cn",
    "reasons": "该组织近三年内发生过质量安全事故，不符合评选条件。",
}


def closed_rounds(edition: Edition, office) -> dict[str, ReviewRound]:
    """The three review rounds of the edition, closed with their reports."""
    rounds = {}
    for stage in STAGES:
        rounds[stage], _created = ReviewRound.objects.get_or_create(
            edition=edition,
            stage=stage,
            defaults={
                "status": ReviewRound.Status.CLOSED,
                "due_date": date.today(),
                "report_summary": f"{Stage(stage).label}评审意见：……",
                "created_by": office,
                "closed_by": office,
                "closed_at": timezone.now(),
            },
        )
    return rounds


def candidate(
    edition: Edition,
    office,
    name: str,
    *,
    material,
    onsite,
    defense=None,
    individual: bool = False,
    status: str = Status.DELIBERATION,
) -> Application:
    """An application in deliberation with frozen results (得分率) of the closed rounds."""
    category = Category.objects.get(code="individual" if individual else "general")
    application = ApplicationFactory(
        edition=edition, category=category, owner=UserFactory(), applicant_name=name
    )
    set_status(application, status)
    rounds = closed_rounds(edition, office)
    for stage, percent in zip(STAGES, (material, onsite, defense), strict=True):
        if percent is None:
            continue
        value = Decimal(str(percent))
        RoundResult.objects.create(
            round=rounds[stage],
            application=application,
            sheet_count=5,
            mean=value,
            aggregate=value,
            max_points=Decimal(100),
            percent=value,
            rank=1,
        )
    refresh_composites([application.pk])  # as the rounds' close keeps it
    return application


def drafted(edition: Edition, office, **kwargs) -> ProposedList:
    """The office's proposed list with the usual summary (of every candidate unless
    `applications` says which)."""
    return deliberation.draft_proposed_list(
        edition=edition, actor=office, summary=SUMMARY, **kwargs
    )


def approve(proposed_list: ProposedList, leader, *, number: str = "攀质强领〔2023〕5号"):
    return deliberation.record_leadership_decision(
        proposed_list=proposed_list,
        actor=leader,
        approved=True,
        meeting_date=date.today(),
        document_number=number,
    )


def publicize(proposed_list: ProposedList, office) -> PublicityWindow:
    texts = deliberation.default_publicity_texts(proposed_list)
    return deliberation.publicize_list(
        proposed_list=proposed_list,
        actor=office,
        start_date=timezone.localdate(),
        workdays=5,
        **texts,
    )


def end_window(window: PublicityWindow, office) -> None:
    window.refresh_from_db()
    windows.close_window(
        window_id=window.pk, actor=office, today=window.end_date + timedelta(days=1)
    )


def concluded(edition: Edition, office, leader) -> ProposedList:
    """The proposed list drafted, approved and publicized without objection, and the
    deliberation concluded."""
    proposed = drafted(edition, office)
    approve(proposed, leader)
    end_window(publicize(proposed, office), office)
    deliberation.conclude_deliberation(edition=edition, actor=office)
    edition.refresh_from_db()
    return proposed


def government_approval(edition: Edition, office):
    """The city government's approval of the winners: they are awarded."""
    return awards.record_government_approval(
        edition=edition,
        actor=office,
        document_number="攀府函〔2023〕88号",
        approved_on=date.today(),
    )


def revoke(application: Application, office, *, reason: str, number="攀府函〔2024〕12号"):
    """The office records the city government's revocation of the award, decided today."""
    return awards.revoke_award(
        application=application,
        actor=office,
        reason=reason,
        document_number=number,
        decided_on=date.today(),
    )


def commend(edition: Edition, office):
    """The government's approval, then the commendation notice with its default texts."""
    government_approval(edition, office)
    texts = awards.default_commendation_texts(edition)
    return awards.publish_commendation(edition=edition, actor=office, **texts)


def uphold_objection(window: PublicityWindow, application: Application, office) -> Objection:
    entry = window.entries.get(application=application)
    objection = objections.file_objection(window=window, entry=entry, **OBJECTION)
    return objections.decide_objection(
        objection=objection,
        actor=office,
        upheld=True,
        finding="经调查核实，该组织2022年发生一般质量安全事故，不符合评选条件。",
    )


def in_stage(edition: Edition, stage: str) -> Edition:
    return set_stage(edition, stage)


__all__ = ["set_stage", "set_status"]
