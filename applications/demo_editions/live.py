"""A 4th edition in progress, dated from today, for trying the stages that are open now.

It was announced five weeks ago, took applications from twenty days ago and is now in 初核推荐:
the recommending units have applications to pre-check before their deadline (about ten working
days away), one application went back to its applicant for a correction, and one applicant is
still filling a draft. Every step went through the services on the day it happened.

Working days come from the calendar only. Where a date falls in a year whose holiday schedule is
not known yet, the step that needs it is placed in a known year where that is sensible, and is
otherwise left out with a note: the city office enters the next year's schedule first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from applications.demo_editions import answers as demo_answers
from applications.demo_editions import on, past
from applications.intake import services as application_services
from applications.lifecycle import advance_edition
from applications.models import Application, Category, Edition, RecommendingUnit, Stage
from applications.precheck import services as precheck
from award_portal.accounts.models import User
from publicity import calendar
from review.models import ExpertProfile
from review.pool import services as review

EDITION_NUMBER = 4
EDITION_NAME = "第四届攀枝花市政府质量奖"
NOTICE_DAYS_AGO = 34
OPENED_DAYS_AGO = 20
DEADLINE_WORKDAYS = 10


@dataclass
class LiveEdition:
    edition: Edition | None = None
    submitted: bool = False  # the applicants could submit (the calendar knew their dates)
    notes: list[str] = field(default_factory=list)


def needs_story() -> bool:
    return not Edition.objects.filter(number=EDITION_NUMBER).exists()


def has_submissions() -> bool:
    """Whether the 4th edition's applicants got to submit (the reduced demo has drafts only)."""
    return Application.objects.filter(
        edition__number=EDITION_NUMBER, submitted_at__isnull=False
    ).exists()


# --- dates --------------------------------------------------------------------------------------


def recommendation_deadline(today: date, notes: list[str]) -> date:
    """About ten working days from today; two calendar weeks when the calendar cannot count."""
    try:
        return calendar.add_workdays(today + timedelta(days=1), DEADLINE_WORKDAYS)
    except calendar.CalendarDataMissing as exc:
        notes.append(
            f"推荐截止日期暂按两周后（{today + timedelta(days=14):%Y-%m-%d}）设置：{exc.message}"
        )
        return today + timedelta(days=14)


def internal_publicity(notice_day: date, opens: date, notes: list[str]) -> tuple[date, date] | None:
    """The applicants' internal publicity: held inside the call period, from the day after the
    notice to three days before submissions opened. When the calendar does not know those
    days' year, there is none and nobody can submit."""
    start, end = notice_day + timedelta(days=1), opens - timedelta(days=3)
    missing = calendar.missing_years(start, end)
    if not missing:
        return start, end
    notes.append(
        f"{missing[0]}年的法定节假日安排尚未录入，无法计算内部公示的工作日，第四届的演示申报只保存为"
        f"草稿（未提交、未退回）。请市质量强市办在“节假日安排”页面粘贴国务院办公厅通知录入"
        f"{missing[0]}年的安排后，再由申报账户提交。"
    )
    return None


def open_edition(
    office: User,
    *,
    period,
    title,
    text,
    notice_day,
    opens,
    deadline,
    plan,
    number: int = EDITION_NUMBER,
    name: str = EDITION_NAME,
    demo: bool = False,
) -> Edition:
    """The office opens the edition as it does on its pages: the form prefilled from the
    previous edition, the demo's dates, every default confirmed; saved as a draft, published.
    A `demo` edition is marked as one before it is published."""
    from applications.editions import selectors as edition_selectors
    from applications.editions import services as edition_services
    from applications.editions.forms import EditionForm

    initial = edition_selectors.initial_for_new_edition(
        edition_selectors.newest_edition(), today=notice_day
    )
    initial.update(
        number=number,
        name=name,
        period_label=period,
        notice_title=title,
        notice_text=text,
        notice_date=notice_day,
        applications_open=opens,
        recommendation_deadline=deadline,
        **{f"plan_{stage}": date.fromisoformat(day) for stage, day in plan.items()},
    )
    data = {}
    for name, value in initial.items():
        if isinstance(value, list):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    form = EditionForm(data=data)
    data.update({name: "on" for name in form.fields if name.startswith("confirm_")})
    form = EditionForm(data=data)
    if not form.is_valid():
        raise edition_services.EditionError(
            "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
        )
    draft = edition_services.save_edition_draft(actor=office, values=form.cleaned_data)
    if demo:
        draft.is_demo = True
        draft.save(update_fields=["is_demo"])
    edition_services.publish_edition(edition=draft, actor=office)
    return Edition.objects.get(pk=draft.pk)


def stage_plan(*, application_end: date, deadline: date) -> dict[str, str]:
    """The office's planned end of each of the eight stages."""
    plan = {Stage.APPLICATION: application_end, Stage.PRECHECK: deadline}
    day = deadline
    for stage, weeks in (
        (Stage.ACCEPTANCE, 3),
        (Stage.MATERIAL_REVIEW, 5),
        (Stage.ONSITE_REVIEW, 5),
        (Stage.DEFENSE, 3),
        (Stage.DELIBERATION, 5),
        (Stage.COMMENDATION, 4),
    ):
        day += timedelta(weeks=weeks)
        plan[stage] = day
    return {str(stage): value.isoformat() for stage, value in plan.items()}


# --- the notice ---------------------------------------------------------------------------------


def _chinese(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def notice(*, period: str, notice_day: date, opens: date, deadline: date) -> tuple[str, str]:
    """The 3rd edition's call notice, re-dated for the 4th and marked as demo data."""
    third = Edition.objects.filter(number=3).first()
    if third is not None:
        title, text = third.notice_title, third.notice_text
    else:
        source = (Path(settings.BASE_DIR) / "fixtures" / "notice-edition-3.txt").read_text(
            encoding="utf-8"
        )
        title, _, text = (part.strip() for part in source.partition("\n\n"))
    replacements = {
        "第三届": "第四届",
        "2022—2023年度": period,
        "2023年2月15日": _chinese(opens),
        "2023年3月15日": _chinese(deadline),
        "2022年12月29日": _chinese(notice_day),
    }
    for old, new in replacements.items():
        title, text = title.replace(old, new), text.replace(old, new)
    lead = (
        "【演示】本届评选为演示数据，用于试用平台各环节；日期按演示数据生成之日推算，"
        "不是真实的评选通知。"
    )
    return f"{title}（演示）", f"{lead}\n\n{text}"


# --- the story ----------------------------------------------------------------------------------


# Who files what with which unit: (category, unit, answers).
APPLICANTS = {
    "company": ("general", "东区", demo_answers.company_answers),
    "hospital": ("medical", "市卫生健康委员会", demo_answers.hospital_answers),
    "person": ("individual", "东区", demo_answers.person_answers),
    "school": ("education", "东区", demo_answers.school_answers),
    "clinic": ("medical", "市卫生健康委员会", demo_answers.clinic_answers),
}
# Who submits how many days before today (the hospital's goes back to it later).
SUBMITTED_DAYS_AGO = {"hospital": 12, "person": 8, "clinic": 6, "school": 5}


def play(*, experts: list[ExpertProfile], today: date | None = None) -> LiveEdition:
    today = today or timezone.localdate()
    result = LiveEdition()
    notes = result.notes
    office = User.objects.get(username="office")
    notice_day = today - timedelta(days=NOTICE_DAYS_AGO)
    opens = today - timedelta(days=OPENED_DAYS_AGO)
    application_end = today - timedelta(days=3)
    deadline = recommendation_deadline(today, notes)
    publicity = internal_publicity(notice_day, opens, notes)
    period = f"{today.year}—{today.year + 1}年度"
    title, text = notice(period=period, notice_day=notice_day, opens=opens, deadline=deadline)

    with on(notice_day):
        edition = open_edition(
            office,
            period=period,
            title=title,
            text=text,
            notice_day=notice_day,
            opens=opens,
            deadline=deadline,
            plan=stage_plan(application_end=application_end, deadline=deadline),
        )
    result.edition = edition

    # Five days before the opening, four applicants fill their forms and upload the materials.
    dates = publicity or (notice_day + timedelta(days=1), opens - timedelta(days=3))
    with on(opens - timedelta(days=5)):
        applications = {
            who: _draft(edition, who, dates, materials=True)
            for who in ("hospital", "person", "clinic", "school")
        }

    if publicity is not None:
        for who, days_ago in sorted(SUBMITTED_DAYS_AGO.items(), key=lambda item: -item[1]):
            with on(today - timedelta(days=days_ago), 10):
                application_services.submit_application(
                    application=applications[who], actor=User.objects.get(username=who)
                )
        with on(today - timedelta(days=4), 15):
            precheck.return_for_correction(
                application=applications["hospital"],
                actor=User.objects.get(username="weijian"),
                reason="请补充近三年床位使用情况的说明，并上传加盖公章的内部公示证明。",
                notes={
                    "bed_occupancy": "病床使用率超过90%，请说明近三年的变化和原因。",
                    "material:publicity_proof": "内部公示证明未加盖单位公章，请重新上传。",
                },
                field_labels={"bed_occupancy": "病床使用率"},
            )
        result.submitted = True

    # The company started its form on the last day of the application stage and has not
    # finished it: the answers so far, no materials yet.
    with on(application_end, 16):
        _draft(edition, "company", dates, materials=False)

    with on(today - timedelta(days=2)):
        advance_edition(edition=edition, actor=office)  # → 初核推荐
        # The office prepares the review early: last edition's experts join this pool.
        for expert in experts:
            review.add_to_pool(edition=edition, expert=expert, actor=office)

    if result.submitted:
        # 东区 has done the four checks of the school's application and received its paper
        # copy; recommending it is one click away. 吴国强's waits for the whole pre-check.
        with on(today - timedelta(days=1), 11):
            dongqu = User.objects.get(username="dongqu")
            past.pass_precheck(applications["school"], dongqu)
            precheck.record_paper_copy(
                application=applications["school"],
                actor=dongqu,
                received_on=timezone.localdate(),
            )
    edition.refresh_from_db()
    return result


def _draft(
    edition: Edition, who: str, publicity: tuple[date, date], *, materials: bool
) -> Application:
    """The applicant opens a draft and types the answers; with `materials`, uploads the four
    files too."""
    category, unit_name, answers = APPLICANTS[who]
    owner = User.objects.get(username=who)
    unit = RecommendingUnit.objects.get(name=unit_name)
    application = application_services.create_application(
        owner=owner, category=Category.objects.get(code=category), edition=edition
    )
    values = answers(unit.pk, publicity)
    if not materials:
        # Half-way through the form: the sections after the basic facts are still empty.
        values = {
            name: value
            for name, value in values.items()
            if not name.startswith(("criterion_", "revenue_", "profit_", "tax_", "rd_"))
        }
    application_services.save_draft(application=application, actor=owner, values=values)
    if materials:
        for kind, upload in demo_answers.materials():
            application_services.add_material(
                application=application, actor=owner, kind=kind, upload=upload
            )
    return application
