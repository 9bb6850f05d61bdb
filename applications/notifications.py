"""Emails about moves: who hears of a move, what the email says, and how one row of the
outbox (applications/outbox.py) is sent. Each row is claimed by a move of its own before the
mail goes out, so it is sent at most once; its states change only through the engine.
"""

from __future__ import annotations

import contextlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.lifecycle.rules import STAGE_OF_STATUS
from applications.models import (
    Application,
    ApplicationEvent,
    EmailTemplate,
    Notification,
    Stage,
)
from award_portal import single_line
from award_portal.accounts.models import Role, User
from award_portal.workflow.engine import Move, MoveContext, Workflow, transition

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
# The failed emails the office's progress page lists, newest first.
FAILED_SHOWN = 50

# Moves whose email uses another template key than the move's own name.
TEMPLATE_KEY = {"resubmit": "submit", "withdraw_acceptance": "not_accept"}


def recipients_for(notify: str, application: Application) -> list[str]:
    if notify == "applicant":
        people = [application.owner, *application.collaborators.all()]
        return sorted({p.email for p in people if p.email})
    if notify == "unit":
        unit = application.unit
        if unit is None:
            return []
        officers = User.objects.filter(unit=unit, role=Role.UNIT_OFFICER, is_active=True)
        emails = {u.email for u in officers if u.email}
        if unit.email:
            emails.add(unit.email)
        return sorted(emails)
    if notify == "office":
        office = User.objects.filter(role=Role.CITY_OFFICE, is_active=True).exclude(email="")
        return sorted(office.values_list("email", flat=True))
    return []


def render_message(key: str, event: ApplicationEvent, application: Application):
    template = EmailTemplate.objects.filter(key=key).first()
    if template is None:
        return None
    stage = STAGE_OF_STATUS.get(event.from_status, application.edition.stage)
    context = Context(
        {
            "application": application.applicant_name or application.reference,
            "reference": application.reference,
            "status": event.get_to_status_display(),
            "reason": event.reason,
            "edition": application.edition.name,
            "stage": Stage(stage).label if stage else "",
            "url": settings.SITE_URL
            + reverse("applications:timeline", kwargs={"pk": application.pk}),
        },
        autoescape=False,
    )
    subject = Template(template.subject).render(context).strip().replace("\n", " ")
    return subject[:200], Template(template.body).render(context)


class NotificationError(Exception):
    """A refused action on the outbox; `message` is Chinese and is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def send_notification(notification_id: int) -> bool:
    """Send one pending email. Returns True when this call sent it.

    The row is claimed first (a move of its own, committed before the mail goes out), so a
    second worker or the beat job finds it taken and leaves it."""
    try:
        notification = transition(Notification(pk=notification_id), "claim", None)
    except (NotificationError, Notification.DoesNotExist):
        return False
    try:
        # The subject is built from what people typed (an organization's name): a line break
        # in it would make the mail library refuse the message (BadHeaderError) on every try.
        send_mail(
            single_line.flatten(notification.subject),
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient],
        )
    except Exception as exc:  # SMTP errors of every kind: keep the row for a retry
        transition(notification, "fail", None, error=str(exc))
        logger.warning("sending notification %s failed: %s", notification_id, exc)
        return False
    transition(notification, "deliver", None)
    return True


def pending_notification_ids(*, older_than_seconds: int = 60) -> list[int]:
    """Emails the broker may have lost: pending or failed for a while."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    # A worker that died between claiming a row and sending it leaves it "sending"; after a
    # generous wait it is retried (the only case where an email could go out twice).
    stuck_cutoff = timezone.now() - timedelta(minutes=15)
    stuck = Notification.objects.filter(
        status=Notification.Status.SENDING, claimed_at__lt=stuck_cutoff
    ).only("pk")
    for notification in stuck:
        with contextlib.suppress(NotificationError):  # sent or released meanwhile
            transition(notification, "release", None)
    return list(
        Notification.objects.filter(
            status__in=[Notification.Status.PENDING, Notification.Status.FAILED],
            attempts__lt=MAX_ATTEMPTS,
            created_at__lt=cutoff,
        ).values_list("pk", flat=True)[:500]
    )


# --- failed emails, for the city office ---------------------------------------------------------


def failed_notifications() -> list[Notification]:
    """The emails whose last try failed, newest first, at most FAILED_SHOWN + 1 of them (the
    page says when there are more). Those under MAX_ATTEMPTS are still retried by the beat
    job; the others wait for the office."""
    return list(
        Notification.objects.filter(status=Notification.Status.FAILED)
        .only("recipient", "subject", "attempts", "last_error", "created_at")
        .order_by("-created_at", "-id")[: FAILED_SHOWN + 1]
    )


# --- the outbox row's statuses -------------------------------------------------------------------

Status = Notification.Status


def _under_max_attempts(notification: Notification, _ctx: MoveContext) -> str | None:
    if notification.attempts >= MAX_ATTEMPTS:
        return _("这封邮件已尝试发送 %(n)d 次。") % {"n": notification.attempts}
    return None


def _claimed(notification: Notification, _ctx: MoveContext) -> dict:
    return {"attempts": notification.attempts + 1, "claimed_at": timezone.now()}


def _failed(_notification: Notification, ctx: MoveContext) -> dict:
    return {"last_error": str(ctx.data.get("error", ""))[:1000]}


def _released(_notification: Notification, _ctx: MoveContext) -> dict:
    return {"last_error": "worker stopped while sending"}


def _requeued(_notification: Notification, _ctx: MoveContext) -> dict:
    return {"attempts": 0, "claimed_at": None}


def _delivered(_notification: Notification, _ctx: MoveContext) -> dict:
    return {"sent_at": timezone.now(), "last_error": ""}


def _after_sending(name: str, label, target: str, stamp) -> Move:
    """How the sending of a claimed email ended, as the system records it."""
    return Move(name, label, (Status.SENDING,), target, system=True, stamp=stamp)


OUTBOX = Workflow(
    kind="notification",
    label=gettext_lazy("邮件"),
    model=Notification,
    moves=(
        Move(
            "claim",
            gettext_lazy("开始发送"),
            (Status.PENDING, Status.FAILED),
            Status.SENDING,
            system=True,
            guards=(_under_max_attempts,),
            stamp=_claimed,
        ),
        _after_sending("deliver", gettext_lazy("已发送"), Status.SENT, _delivered),
        _after_sending("fail", gettext_lazy("发送失败"), Status.FAILED, _failed),
        _after_sending("release", gettext_lazy("发送中断，待重试"), Status.FAILED, _released),
        Move(
            "resend",
            gettext_lazy("重新发送"),
            (Status.FAILED,),
            Status.PENDING,
            frozenset({Role.CITY_OFFICE}),
            stamp=_requeued,
            refused=gettext_lazy("这封邮件已不在发送失败的邮件中（可能已重新发送），请刷新页面。"),
        ),
    ),
    error=NotificationError,
    refused_role=gettext_lazy("只有市质量强市办可以重新发送邮件。"),
)
