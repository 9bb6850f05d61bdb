"""Reads of an expert's work: the dashboard of their current assignments and the rounds whose
group they lead, and the panel's other sheets once their own is submitted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import FilteredRelation, Q, QuerySet

from award_portal.access import current_assignments_of, expert_profiles
from award_portal.accounts.models import User
from review.models import SHEET_STATUS_LABELS, STAGE_LABELS, ReviewRound, ScoreSheet, choice_label
from review.rounds.selectors import active_sheets


@dataclass(slots=True)
class DashboardRow:
    """One of an expert's current assignments, as the dashboard lists it."""

    pk: int
    stage: str
    edition: str
    due_date: date
    reference: str
    applicant_name: str
    category: str
    status: str  # the sheet's status; "" without a sheet
    status_label: str
    url: str = ""  # the assignment's page, set by the view


def expert_dashboard_rows(expert_id: int) -> list[DashboardRow]:
    """The expert's current assignments (access.current_assignments), earliest due
    date first: only the columns the dashboard shows, in one query."""
    rows = (
        current_assignments_of(expert_id)
        .order_by("round__due_date", "application__reference")
        .values_list(
            "pk",
            "round__stage",
            "round__edition__name",
            "round__due_date",
            "application__reference",
            "application__applicant_name",
            "application__category__name",
            "sheet__status",
        )
    )
    # Each label is translated once, not once a row.
    stages = {value: str(label) for value, label in STAGE_LABELS.items()}
    statuses = {value: str(label) for value, label in SHEET_STATUS_LABELS.items()}
    return [
        DashboardRow(
            pk=pk,
            stage=stages.get(stage, stage),
            edition=edition,
            due_date=due_date,
            reference=reference,
            applicant_name=applicant_name,
            category=category,
            status=status or "",
            status_label=statuses.get(status, status) if status else "",
        )
        for pk, stage, edition, due_date, reference, applicant_name, category, status in rows
    ]


@dataclass(frozen=True, slots=True)
class LedRound:
    pk: int
    label: str  # as str(ReviewRound)

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class DashboardExpert:
    pk: int
    name: str
    led_rounds: list[LedRound]  # the open rounds whose group the expert leads


def dashboard_expert(user: User) -> DashboardExpert | None:
    """access.expert_for(user), with the open rounds whose group the expert leads
    (in the rounds' order), in one query: a row per panel the expert sits on."""
    rows = (
        expert_profiles(user)
        .annotate(
            led=FilteredRelation(
                "panels__round",
                condition=Q(panels__is_leader=True, panels__round__status=ReviewRound.Status.OPEN),
            )
        )
        .order_by("led__edition", "led__created_at")
        .values_list("pk", "name", "led__id", "led__edition__name", "led__stage")
    )
    expert = None
    for pk, name, round_id, edition, stage in rows:
        if expert is None:
            expert = DashboardExpert(pk=pk, name=name, led_rounds=[])
        if round_id is not None:
            label = f"{edition} · {choice_label(STAGE_LABELS, stage)}"
            expert.led_rounds.append(LedRound(pk=round_id, label=label))
    return expert


def other_submitted_sheets(sheet: ScoreSheet) -> QuerySet[ScoreSheet]:
    """The panel's other submitted sheets on the same application (shown only after one's own
    sheet is submitted; the view checks that)."""
    assignment = sheet.assignment
    return (
        active_sheets(assignment.round)
        .filter(
            assignment__application_id=assignment.application_id,
            status=ScoreSheet.Status.SUBMITTED,
        )
        .exclude(pk=sheet.pk)
        .select_related("assignment__expert")
        .order_by("assignment__expert__name")
    )
