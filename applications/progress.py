"""Where an edition stands in its eight stages, and where an application stands in them.

The office's progress page, the applicant's dashboard and the application page read the same
steps: the stage, its planned closing date, done / current / upcoming. The office also sees what
still blocks closing the current stage, each blocker with the page that resolves it, and whether
closing it now is early (before its planned date or the date the call notice sets for it), in
which case the engine asks for a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.urls import reverse
from django.utils.translation import gettext as _

from applications import lifecycle
from applications.models import Application, Edition, Stage, Status
from applications.stage_dates import early_close

STAGE_ORDER = lifecycle.STAGE_ORDER
# The eight stages people see; CLOSED is where an edition rests afterwards.
SHOWN_STAGES: tuple[str, ...] = STAGE_ORDER[:-1]

# The page where the office resolves what keeps each stage open.
WORK_PAGE: dict[str, str] = {
    Stage.APPLICATION: "applications:office_list",
    Stage.PRECHECK: "applications:office_list",
    Stage.ACCEPTANCE: "applications:office_acceptance_list",
    Stage.MATERIAL_REVIEW: "review:round_list",
    Stage.ONSITE_REVIEW: "review:round_list",
    Stage.DEFENSE: "review:round_list",
    Stage.DELIBERATION: "review:deliberation",
    Stage.COMMENDATION: "review:deliberation",
}


@dataclass(frozen=True)
class Step:
    value: str
    label: str
    state: str  # "done", "current", "upcoming", or "skipped" (not for this applicant)
    planned: date | None


@dataclass(frozen=True)
class Blocker:
    message: str
    url: str


@dataclass(frozen=True)
class EditionProgress:
    edition: Edition
    steps: list[Step]
    blockers: list[Blocker]
    next_label: str | None
    early: str | None  # why closing the stage today needs a reason, or None


def steps(edition: Edition) -> list[Step]:
    current = STAGE_ORDER.index(edition.stage)
    return [
        Step(
            value=stage,
            label=str(Stage(stage).label),
            state="done" if i < current else "current" if i == current else "upcoming",
            planned=edition.planned_end(stage),
        )
        for i, stage in enumerate(SHOWN_STAGES)
    ]


def edition_progress(edition: Edition, today: date | None = None) -> EditionProgress:
    url = reverse(WORK_PAGE[edition.stage]) if edition.stage in WORK_PAGE else ""
    blockers = [Blocker(message, url) for message in lifecycle.stage_blockers(edition)]
    following = lifecycle.next_stage(edition)
    return EditionProgress(
        edition=edition,
        steps=steps(edition),
        blockers=blockers,
        next_label=str(Stage(following).label) if following else None,
        early=early_close(edition, today) if following else None,
    )


# --- the applicant's view ---------------------------------------------------------------------

# The stage an application is in (or stopped at) by its status.
STAGE_OF_STATUS: dict[str, str] = {
    Status.DRAFT: Stage.APPLICATION,
    Status.RETURNED: Stage.PRECHECK,
    Status.SUBMITTED: Stage.PRECHECK,
    Status.RECOMMENDED: Stage.ACCEPTANCE,
    Status.NOT_RECOMMENDED: Stage.PRECHECK,
    Status.ACCEPTED: Stage.ACCEPTANCE,
    Status.NOT_ACCEPTED: Stage.ACCEPTANCE,
    Status.MATERIAL_REVIEW: Stage.MATERIAL_REVIEW,
    Status.ONSITE_REVIEW: Stage.ONSITE_REVIEW,
    Status.DEFENSE: Stage.DEFENSE,
    Status.DELIBERATION: Stage.DELIBERATION,
    Status.PROPOSED: Stage.DELIBERATION,
    Status.DISQUALIFIED: Stage.DELIBERATION,
    Status.APPROVED: Stage.DELIBERATION,
    Status.AWARDED: Stage.COMMENDATION,
    Status.REVOKED: Stage.COMMENDATION,
    Status.WITHDRAWN: Stage.APPLICATION,
}

STOPPED = lifecycle.TERMINAL_STATUSES  # the statuses an application leaves the award in


def _what_next(application: Application) -> str:
    """What happens next to the application, in plain words."""
    status = application.status
    texts = {
        Status.DRAFT: _(
            "填写申报表、上传材料并提交后，由推荐单位进行初核；初核通过的，由推荐单位推荐到"
            "市质量强市办。"
        ),
        Status.SUBMITTED: _(
            "推荐单位正在初核您的申报（完整性、真实性、准确性、合法性），通过后推荐到"
            "市质量强市办；需要修改的会退回给您。"
        ),
        Status.RETURNED: _("请按推荐单位的意见修改后重新提交，推荐单位再次初核。"),
        Status.RECOMMENDED: _(
            "市质量强市办将复核申报资格和资料，受理名单在网上公示不少于5个工作日。"
        ),
        Status.ACCEPTED: _("已受理。受理名单公示期满后进入材料评审，由评审专家依据申报材料评分。"),
        Status.MATERIAL_REVIEW: _(
            "专家正在评审申报材料；入围的进入现场评审，评审组将与您联系安排现场时间。"
        ),
        Status.ONSITE_REVIEW: _("评审组将到现场核实并评分；组织入围后进入陈述答辩，个人进入审议。"),
        Status.DEFENSE: _(
            "请做好陈述答辩准备（主要负责人陈述并回答专家提问），答辩后进入综合审议。"
        ),
        Status.DELIBERATION: _("市质量强市办汇总各阶段得分，提出拟获奖建议名单报领导小组审议。"),
        Status.PROPOSED: _("已列入拟获奖建议名单，领导小组审议通过后在网上公示不少于5个工作日。"),
        Status.APPROVED: _("领导小组已审议通过；公示期满无异议的，报市政府审定后表扬授奖。"),
        Status.AWARDED: _("已获奖。获奖证书可在申报详情页下载。"),
    }
    if status in texts:
        return texts[status]
    if application.status == Status.ELIMINATED and application.eliminated_stage:
        return _("本届评选在“%(stage)s”阶段止步，感谢参与。") % {
            "stage": Stage(application.eliminated_stage).label
        }
    return _("本届评选流程已结束：%(status)s。") % {"status": Status(status).label}


@dataclass(frozen=True)
class ApplicationProgress:
    steps: list[Step]
    stopped: bool
    what_next: str


def application_progress(application: Application) -> ApplicationProgress:
    """The eight stages with where the application stands and what happens next."""
    status = application.status
    if status == Status.ELIMINATED:
        here = application.eliminated_stage or Stage.MATERIAL_REVIEW
    else:
        here = STAGE_OF_STATUS.get(status, Stage.APPLICATION)
    position = STAGE_ORDER.index(here)
    finished = status == Status.AWARDED
    edition = application.edition
    # 陈述答辩 is for organizations only.
    skipped = set() if application.category.is_organization else {Stage.DEFENSE}

    def state(i: int, stage: str) -> str:
        if stage in skipped:
            return "skipped"
        if i < position or (finished and i == position):
            return "done"
        return "current" if i == position else "upcoming"

    return ApplicationProgress(
        steps=[
            Step(
                value=stage,
                label=str(Stage(stage).label),
                state=state(i, stage),
                planned=edition.planned_end(stage),
            )
            for i, stage in enumerate(SHOWN_STAGES)
        ],
        stopped=status in STOPPED or status == Status.ELIMINATED,
        what_next=_what_next(application),
    )
