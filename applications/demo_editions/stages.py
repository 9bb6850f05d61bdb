"""Five demo editions, each stopped at a later stage, so that every role has work open today.

One edition is in one stage at a time: the 4th edition (`live`) is in 初核推荐, so the stages
after it are tried in editions of their own, marked as demo editions (演示届次). Each runs the
same script as the 3rd edition (call, applications, pre-check, acceptance, three review rounds,
deliberation), through the same services, with its dates counted back from today so that its
last step happens today:

- 审查受理: the acceptance list is publicized and a member of the public has just objected;
- 材料评审 and 现场评审: the round is open, three experts have scored, expert1 and expert2 not yet;
- 审议（待审定）: the proposed list waits for the leadership group;
- 拟表扬公示: the proposed winners are publicized, open for objections.

They are published before the 4th edition, which therefore stays the current one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from applications.demo_editions import live, on, past
from applications.intake import services as application_services
from applications.models import Application, Edition, Stage
from applications.precheck import services as precheck
from award_portal.accounts.models import User
from publicity import calendar
from publicity.models import Objection, PublicityWindow
from publicity.tasks import close_ended_windows
from publicity.windows import services as windows
from review.deliberation import services as deliberation
from review.models import ExpertProfile, ProposedList, ReviewRound
from review.pool import services as review

# The experts the demo leaves a sheet for in the open rounds.
WAITING_EXPERTS = frozenset({"expert1", "expert2"})


@dataclass(frozen=True)
class Step:
    name: str
    gap: int  # calendar days after the step before it
    workday: bool = False  # a publicity window starts on this day: it must be a working day


STEPS = (
    Step("call", 0),
    Step("fill", 10),
    Step("submit", 10),
    Step("recommend", 3),
    Step("acceptance", 7, workday=True),
    Step("objection", 1),
    Step("objection_decided", 3),
    Step("material", 18),
    Step("material_scores", 5),
    Step("onsite", 4),
    Step("onsite_scores", 5),
    Step("defense", 4),
    Step("defense_scores", 2),
    Step("proposed", 4),
    Step("approved", 2),
    Step("publicity", 2, workday=True),
)


@dataclass(frozen=True)
class DemoStage:
    number: int
    label: str  # the edition's name says where it stopped
    last_step: str

    @property
    def name(self) -> str:
        return f"演示届次（{self.label}）"


STAGES = (
    DemoStage(91, "审查受理", "objection"),
    DemoStage(92, "材料评审", "material"),
    DemoStage(93, "现场评审", "onsite"),
    DemoStage(94, "审议待审定", "proposed"),
    DemoStage(95, "拟表扬公示", "publicity"),
)


def needs_story() -> bool:
    return not Edition.objects.filter(is_demo=True).exists()


def missing_year(today: date) -> int | None:
    """The first year the script's days (the longest one starts about four months back, and its
    last window runs a week or two on) fall in without holiday data, if any."""
    span = sum(step.gap for step in STEPS) + 14
    missing = calendar.missing_years(today - timedelta(days=span), today + timedelta(days=21))
    return missing[0] if missing else None


def schedule(last_step: str, today: date) -> dict[str, date]:
    """The day of every step up to `last_step`, which happens today (or, if it opens a window,
    on the last working day up to today); each earlier step keeps its gap to the next, moved
    back to a working day where it opens a window."""
    steps = STEPS[: [s.name for s in STEPS].index(last_step) + 1]
    days: dict[str, date] = {}
    day = today
    for position in range(len(steps) - 1, -1, -1):
        step = steps[position]
        if step.workday:
            while not calendar.is_workday(day):
                day -= timedelta(days=1)
        days[step.name] = day
        day -= timedelta(days=step.gap)
    return days


@dataclass
class Played:
    """What the script has made so far, for the steps after it."""

    edition: Edition | None = None
    applications: dict[str, Application] = field(default_factory=dict)
    window: PublicityWindow | None = None
    objection: Objection | None = None
    round: ReviewRound | None = None
    proposed: ProposedList | None = None


def play(stage: DemoStage, *, experts: list[ExpertProfile], today: date | None = None) -> Edition:
    """Run the script up to the stage's last step. Raises the services' own errors (and
    `CalendarDataMissing` when a date falls in a year without holiday data)."""
    today = today or timezone.localdate()
    days = schedule(stage.last_step, today)
    office = User.objects.get(username="office")
    played = Played()
    actions: dict[str, Callable[[], None]] = {
        "call": lambda: _call(stage, played, office, days),
        "fill": lambda: _fill(played, days),
        "submit": lambda: _submit(played),
        "recommend": lambda: _recommend(played),
        "acceptance": lambda: _acceptance(played, office),
        "objection": lambda: _object(played),
        "objection_decided": lambda: _decide_objection(played, office),
        "material": lambda: _next_round(played, office, experts, days, stage),
        "material_scores": lambda: _finish_round(played, office, experts),
        "onsite": lambda: _next_round(played, office, experts, days, stage),
        "onsite_scores": lambda: _finish_round(played, office, experts),
        "defense": lambda: _next_round(played, office, experts, days, stage),
        "defense_scores": lambda: _finish_round(played, office, experts),
        "proposed": lambda: _propose(played, office),
        "approved": lambda: _approve(played),
        "publicity": lambda: _publicize(played, office),
    }
    for name, day in sorted(days.items(), key=lambda item: item[1]):
        with on(day, 10):
            actions[name]()
    played.edition.refresh_from_db()
    return played.edition


# --- the steps ----------------------------------------------------------------------------------


def _call(stage: DemoStage, played: Played, office: User, days: dict[str, date]) -> None:
    notice_day = days["call"]
    opens = notice_day + timedelta(days=20)
    acceptance = notice_day + timedelta(days=30)
    deadline = acceptance - timedelta(days=1)
    period = f"{notice_day.year}—{notice_day.year + 1}年度"
    title, text = live.notice(period=period, notice_day=notice_day, opens=opens, deadline=deadline)
    plan = live.stage_plan(application_end=deadline, deadline=deadline)
    planned = {
        Stage.ACCEPTANCE: "material",
        Stage.MATERIAL_REVIEW: "onsite",
        Stage.ONSITE_REVIEW: "defense",
        Stage.DEFENSE: "proposed",
    }
    for key, step in planned.items():
        if step in days:  # the stages it closes are planned for the day they close
            plan[str(key)] = days[step].isoformat()
    played.edition = live.open_edition(
        office,
        period=period,
        title=title.replace("第四届", f"{stage.name}："),
        text=text,
        notice_day=notice_day,
        opens=opens,
        deadline=deadline,
        plan=plan,
        number=stage.number,
        name=stage.name,
        demo=True,
    )


def _fill(played: Played, days: dict[str, date]) -> None:
    notice_day = days["call"]
    publicity_dates = (notice_day + timedelta(days=1), notice_day + timedelta(days=17))
    played.applications = {
        entrant.owner: past.fill(played.edition, entrant, publicity_dates)
        for entrant in past.ENTRANTS
    }


def _submit(played: Played) -> None:
    for owner, application in played.applications.items():
        application_services.submit_application(
            application=application, actor=User.objects.get(username=owner)
        )


def _recommend(played: Played) -> None:
    officers = {"东区": "dongqu", "市卫生健康委员会": "weijian"}
    for entrant in past.ENTRANTS:
        officer = User.objects.get(username=officers[entrant.unit])
        past.precheck_and_recommend(played.applications[entrant.owner], officer)


def _acceptance(played: Played, office: User) -> None:
    edition = past.advance(played.edition, office)  # → 初核推荐
    edition = past.advance(edition, office)  # → 审查受理
    for application in played.applications.values():
        past.accept(application, office)
    window = precheck.draft_acceptance_list(edition=edition, actor=office)
    played.window = windows.publish_window(window=window, actor=office)
    played.edition = edition


def _object(played: Played) -> None:
    played.objection = past.object_to_school(played.window, played.applications["school"])


def _decide_objection(played: Played, office: User) -> None:
    past.dismiss_school_objection(played.objection, office)


def _next_round(
    played: Played,
    office: User,
    experts: list[ExpertProfile],
    days: dict[str, date],
    stage: DemoStage,
) -> None:
    """Close what the stage before left (the acceptance window overnight, or the last round),
    open the next stage and its round; where the demo stops here, three experts score."""
    edition = played.edition
    if edition.stage == Stage.ACCEPTANCE:
        with on(timezone.localdate(), 1):
            close_ended_windows()
        edition = past.advance(edition, office)  # → 材料评审
        for expert in experts:
            review.add_to_pool(edition=edition, expert=expert, actor=office)
        review.ensure_settings(edition=edition)
    else:
        past.close_round(played.round, office)
        edition = past.advance(edition, office)  # → 现场评审, 陈述答辩
    played.edition = edition
    played.round = past.open_round(
        edition, office, experts, seed=f"demo-{stage.number}-{edition.stage}"
    )
    if stage.last_step == _step_of(edition.stage):
        past.score_round(played.round, experts, played.applications, leave_to=WAITING_EXPERTS)


def _step_of(stage: str) -> str:
    return {
        Stage.MATERIAL_REVIEW: "material",
        Stage.ONSITE_REVIEW: "onsite",
        Stage.DEFENSE: "defense",
    }[stage]


def _finish_round(played: Played, office: User, experts: list[ExpertProfile]) -> None:
    played.round = ReviewRound.objects.get(pk=played.round.pk)
    past.score_round(played.round, experts, played.applications)


def _propose(played: Played, office: User) -> None:
    past.close_round(played.round, office)
    edition = past.advance(played.edition, office)  # → 审议公示
    played.edition = edition
    played.proposed = deliberation.draft_proposed_list(
        edition=edition,
        actor=office,
        summary="经材料评审、现场评审和陈述答辩，按综合得分排名，提出拟获奖建议名单；"
        "组织奖空缺1名，宁缺毋滥。",
    )


def _approve(played: Played) -> None:
    deliberation.record_leadership_decision(
        proposed_list=played.proposed,
        actor=User.objects.get(username="leader"),
        approved=True,
        meeting_date=timezone.localdate(),
        document_number=f"攀质强领〔{timezone.localdate().year}〕演示",
        opinion="同意拟获奖建议名单，按程序公示。",
    )


def _publicize(played: Played, office: User) -> None:
    deliberation.publicize_list(
        proposed_list=played.proposed,
        actor=office,
        start_date=timezone.localdate(),
        workdays=5,
        **deliberation.default_publicity_texts(played.proposed),
    )
