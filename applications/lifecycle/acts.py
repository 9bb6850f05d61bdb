"""What an application's status allows besides its moves, written once, as data.

An act keeps the status: the applicant edits the form, the unit records its pre-check, the
office re-checks eligibility or consults the city departments. Each names the statuses it is
open in and the refusal outside them; the services ask `award_portal.workflow.engine.check`
before they write, so the rule lives here and nowhere else.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from applications.lifecycle.rules import (
    APPLICANT,
    OFFICE,
    REVIEW_STATUSES,
    TERMINAL_STATUSES,
    UNIT,
)
from applications.models import Status
from award_portal.workflow.engine import Move, act

IN_ACCEPTANCE = (Status.RECOMMENDED, Status.ACCEPTED)

ACTS: tuple[Move, ...] = (
    act(
        "edit",
        gettext_lazy("修改申报"),
        (Status.DRAFT, Status.RETURNED),
        APPLICANT,
        refused=gettext_lazy("申报当前为“%(status)s”状态，不能修改。"),
    ),
    act(
        "invite",
        gettext_lazy("邀请同事共同填写"),
        tuple(s for s in Status.values if s not in TERMINAL_STATUSES),
        APPLICANT,
        refused=gettext_lazy("这份申报已结束，不能再邀请同事。"),
    ),
    act(
        "request_avoidance",
        gettext_lazy("申请专家回避"),
        (Status.RECOMMENDED, Status.ACCEPTED, *REVIEW_STATUSES),
        APPLICANT,
        refused=gettext_lazy("当前阶段不能申请专家回避。"),
    ),
    act(
        "record_precheck",
        gettext_lazy("登记初核记录"),
        (Status.SUBMITTED,),
        UNIT,
        refused=gettext_lazy("该申报当前状态为“%(status)s”，只有待初核的申报可以登记初核记录。"),
    ),
    act(
        "check_acceptance",
        gettext_lazy("受理复核"),
        (Status.RECOMMENDED,),
        OFFICE,
        refused=gettext_lazy("该申报当前状态为“%(status)s”，只有已推荐的申报可以复核。"),
    ),
    act(
        "consult_departments",
        gettext_lazy("征求市级有关部门意见"),
        IN_ACCEPTANCE,
        OFFICE,
        refused=gettext_lazy("该申报当前状态为“%(status)s”，不能登记受理环节的征求意见。"),
    ),
    act(
        "resolve_department_objection",
        gettext_lazy("登记异议处理情况"),
        IN_ACCEPTANCE,
        OFFICE,
        refused=gettext_lazy("该申报当前状态为“%(status)s”，不能登记异议处理情况。"),
    ),
)
